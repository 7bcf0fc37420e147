"""Where the person is right now: already gave something (money, a loan, a code…), still on the call.

Pure over knowledge/situations.yml. "Already gave" is read by structure, one clause at a time: a
giving verb from the kind's `acts`, finished (a done marker before or after it), not negated, not
only requested or planned, with one of the kind's `objects` in the clause (or an `alone` verb
that says what was given by itself). English also needs a first-person subject before the verb.
The result quotes the person's own words, like the analyzer's evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.model import ActSet, Situations

from .normalize import Normalized, normalize

_CLAUSE = re.compile(r"[。！？!?；;\n,，：:]+|\.(?:\s|$)|\s(?:but|and then|then|so)\s")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Quote:
    """The person's own words that told us something about their situation."""

    text: str
    start: int
    end: int
    what: str  # a GivenKind id, or "on_call"


@dataclass(frozen=True)
class Situation:
    """What has already happened and whether the caller is still on the line."""

    given: tuple[str, ...] = ()  # GivenKind ids, in knowledge order
    on_call: bool = False
    quotes: tuple[Quote, ...] = field(default=())

    @property
    def urgent(self) -> bool:
        """True when the reply must start with emergency steps or "hang up"."""
        return self.on_call or bool(self.given)


def _clauses(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _CLAUSE.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _has(words: tuple[str, ...], text: str) -> bool:
    return any(w and w in text for w in words)


def _object_in(objects: tuple[str, ...], text: str, en: bool) -> bool:
    for o in objects:
        if o == "#":
            if _DIGIT.search(text):
                return True
        elif en and o[:1].isalpha():
            if re.search(rf"(?<![a-z]){re.escape(o)}", text):
                return True
        elif o in text:
            return True
    return False


def _zh_given(kind_id: str, acts: ActSet, m: dict, clause: str) -> tuple[int, int] | None:
    """The span of a finished giving act of this kind in one Chinese clause, if there is one."""
    if _has(m["question"], clause):
        return None
    purchase = _has(m["purchase"], clause) and not _has(m["to_them"], clause)
    if kind_id == "money" and purchase:
        return None  # "我上周在淘宝付了款" is the original order, not money sent to a scammer
    excluded = [(x.start(), x.end()) for w in m["not_acts"] if w for x in re.finditer(re.escape(w), clause)]
    for act in sorted(acts.acts, key=len, reverse=True):
        for hit in re.finditer(re.escape(act), clause):
            s, e = hit.start(), hit.end()
            if any(a <= s < b for a, b in excluded):
                continue
            before, after = clause[:s], clause[e:]
            near = before[-4:]
            if any(near.endswith(n) or n in near[-3:] for n in m["negation"]):
                continue
            inward = any(after.startswith(w) for w in m["inward"]) or any(before.endswith(w) for w in m["inward"])
            if inward or any(before.endswith(f) for f in m["future"]):
                continue
            if any(before.rstrip("把").endswith(p) for p in m["third_person"]):
                continue  # "他说了…", "对方转了…": their act, not the person's
            done_after = any(d in after[:4] for d in m["done_after"])
            done_before = any(d in before for d in m["done_before"])
            if _has(m["request"], before) and not done_after:
                continue  # "他让我转账": asked, not done
            if not (done_after or done_before):
                continue
            if act in acts.alone or _object_in(acts.objects, clause, en=False):
                return s, e
    return None


def _en_given(acts: ActSet, m: dict, clause: str, money: bool) -> tuple[int, int] | None:
    """The span of a finished giving act of this kind in one English clause, if there is one."""
    subj = "|".join(re.escape(w) for w in sorted(m["subject"], key=len, reverse=True))
    neg = "|".join(re.escape(w) for w in sorted(m["negation"], key=len, reverse=True))
    if money and _has(m["purchase"], clause) and not _has(m["to_them"], clause):
        return None
    if not re.search(rf"(?<![a-z'])(?:{subj})(?![a-z'])", clause):
        return None
    subj += "|and"  # "I took out a loan and sent it": the same subject goes on
    for act in sorted({*acts.acts, *acts.alone}, key=len, reverse=True):
        rx = re.compile(rf"(?<![a-z'])(?:{subj})(?![a-z])((?:\s+[a-z']+){{0,3}}?)\s+{re.escape(act)}(?![a-z])")
        for hit in rx.finditer(clause):
            between = hit.group(1)
            if re.search(rf"(?<![a-z'])(?:{neg})(?![a-z])", between) or re.search(
                r"\b(to|will|would|should)\b", between
            ):
                continue
            rest = clause[hit.end() :]
            if act in acts.alone or _object_in(acts.objects, rest, en=True):
                return hit.start(), hit.end()
    return None


def detect(situations: Situations | None, text: str) -> Situation:
    """Read what has already happened from one message (or account)."""
    if situations is None or not text.strip():
        return Situation()
    norm: Normalized = normalize(text)
    folded = norm.text
    quotes: list[Quote] = []
    given: list[str] = []

    def quote(s: int, e: int, what: str) -> None:
        a, b = norm.span(s, e)
        quotes.append(Quote(norm.original[a:b], a, b, what))

    for cs, ce in _clauses(folded):
        clause = folded[cs:ce]
        en = not re.search(r"[\u4e00-\u9fff]", clause)
        for kind in situations.given:
            if kind.id in given:
                continue
            if en:
                span = _en_given(kind.by_lang["en"], situations.markers["en"], clause, kind.id == "money")
            else:
                span = _zh_given(kind.id, kind.by_lang["zh"], situations.markers["zh"], clause)
            if span:
                given.append(kind.id)
                quote(cs, ce, kind.id)
    on_call = False
    for phrase in situations.on_call:
        hit = phrase.pattern.search(folded)
        if hit:
            on_call = True
            quote(hit.start(), hit.end(), "on_call")
            break
    order = [k.id for k in situations.given]
    return Situation(tuple(sorted(given, key=order.index)), on_call, tuple(quotes))
