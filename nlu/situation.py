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

from knowledge.model import Situations

from .normalize import Normalized, normalize

_CLAUSE = re.compile(r"[。！？!?；;\n,，：:]+|\.(?:\s|$)|\s(?:but|and then|then|so)\s")
_DIGIT = re.compile(r"\d{2,}")
_EN_WINDOW = re.compile(r"^(?:\W*[\w'£$€¥.,]+){0,6}")
_HAN = re.compile(r"[\u4e00-\u9fff]")


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


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted({w for w in words if w}, key=len, reverse=True))


class _Compiled:
    """The situation lists compiled once: one pattern finds every giving verb of every kind."""

    def __init__(self, situations: Situations):
        self.situations = situations
        zh, en = situations.markers["zh"], situations.markers["en"]
        self.zh = zh
        self.en = en
        self.zh_act_kinds: dict[str, list] = {}
        for kind in situations.given:
            for act in kind.by_lang["zh"].acts:
                self.zh_act_kinds.setdefault(act, []).append(kind)
        self.zh_acts = re.compile(_alternation(self.zh_act_kinds)) if self.zh_act_kinds else None
        # "他就付款了", "对方已经转了": a verb right after someone else ("按他说的转了" is still mine).
        third = _alternation(zh["third_person"])
        self.third_person = (
            re.compile(rf"(?:{third})(?:就|也|都|又|还|已经|已|先|再|立刻|马上)?$") if third else re.compile("$^")
        )
        self.not_acts = re.compile(_alternation(zh["not_acts"])) if zh["not_acts"] else None
        subj = _alternation(en["subject"])
        neg = _alternation(en["negation"])
        self.en_subject = re.compile(rf"(?<![a-z'])(?:{subj})(?![a-z'])") if subj else None
        self.en_negation = re.compile(rf"(?<![a-z'])(?:{neg})(?![a-z])") if neg else None
        self.en_kind: dict[str, re.Pattern] = {}
        for kind in situations.given:
            acts = kind.by_lang["en"]
            alt = _alternation([*acts.acts, *acts.alone])
            if subj and alt:
                # "I took out a loan and sent it": after "and" the same subject goes on.
                self.en_kind[kind.id] = re.compile(
                    rf"(?<![a-z'])(?:{subj}|and)(?![a-z])((?:\s+[a-z']+){{0,3}}?)\s+({alt})(?![a-z])"
                )


_COMPILED: dict[int, _Compiled] = {}


def _compiled(situations: Situations) -> _Compiled:
    c = _COMPILED.get(id(situations))
    if c is None or c.situations is not situations:
        c = _COMPILED[id(situations)] = _Compiled(situations)
    return c


def _zh_given(c: _Compiled, clause: str) -> dict[str, tuple[int, int]]:
    """Finished giving acts in one Chinese clause: {kind id: span of the verb}."""
    m = c.zh
    found: dict[str, tuple[int, int]] = {}
    if c.zh_acts is None or _has(m["question"], clause):
        return found
    if "您" in clause or "你" in clause or ("我们" in clause and "我" not in clause.replace("我们", "")):
        return found  # a message to someone or in a company's voice, not the person's own account
    purchase = _has(m["purchase"], clause) and not _has(m["to_them"], clause)
    excluded = [(x.start(), x.end()) for x in c.not_acts.finditer(clause)] if c.not_acts else []
    for hit in c.zh_acts.finditer(clause):
        s, e = hit.start(), hit.end()
        if any(a <= s < b for a, b in excluded):
            continue
        before, after = clause[:s], clause[e:]
        near = before[-4:]
        before_near = before[-10:]  # "已" far back ("已用500MB…") says nothing about this verb
        if any(near.endswith(n) or n in near[-3:] for n in m["negation"]):
            continue
        inward = any(after.startswith(w) for w in m["inward"]) or any(before.endswith(w) for w in m["inward"])
        if inward or any(f in before[-8:] for f in m["future"]) or any(after.startswith(w) for w in m["not_after"]):
            continue
        if c.third_person.search(before) or _has(m["others"], before):
            continue  # "他说了…", "对方转了…", "郑女士下载了…": someone else's act
        done_after = any(d in after[:4] for d in m["done_after"])
        done_before = any(d in before_near for d in m["done_before"])
        if _has(m["request"], before) and not done_after:
            continue  # "他让我转账": asked, not done
        if not (done_after or done_before):
            continue
        for kind in c.zh_act_kinds[hit.group()]:
            if kind.id in found or (kind.id == "money" and purchase):
                continue  # "我上周在淘宝付了款" is the original order, not money sent to a scammer
            acts = kind.by_lang["zh"]
            if hit.group() in acts.alone or _object_in(acts.objects, clause, en=False):
                found[kind.id] = (s, e)
    return found


def _en_given(c: _Compiled, clause: str) -> dict[str, tuple[int, int]]:
    """Finished giving acts in one English clause with a first-person subject: {kind id: span}."""
    found: dict[str, tuple[int, int]] = {}
    if c.en_subject is None or not c.en_subject.search(clause):
        return found
    purchase = _has(c.en["purchase"], clause) and not _has(c.en["to_them"], clause)
    for kind in c.situations.given:
        rx = c.en_kind.get(kind.id)
        if rx is None or (kind.id == "money" and purchase):
            continue
        acts = kind.by_lang["en"]
        for hit in rx.finditer(clause):
            between = hit.group(1)
            if (c.en_negation and c.en_negation.search(between)) or re.search(r"\b(to|will|would|should)\b", between):
                continue
            window = _EN_WINDOW.match(clause[hit.end() :])
            if hit.group(2) in acts.alone or _object_in(acts.objects, window.group() if window else "", en=True):
                found[kind.id] = (hit.start(), hit.end())
                break
    return found


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

    c = _compiled(situations)
    for cs, ce in _clauses(folded):
        clause = folded[cs:ce]
        found = _zh_given(c, clause) if _HAN.search(clause) else _en_given(c, clause)
        for kind_id in found:
            if kind_id not in given:
                given.append(kind_id)
                quote(cs, ce, kind_id)
    on_call = False
    for phrase in situations.on_call:
        hit = phrase.pattern.search(folded)
        if hit:
            on_call = True
            quote(hit.start(), hit.end(), "on_call")
            break
    order = [k.id for k in situations.given]
    return Situation(tuple(sorted(given, key=order.index)), on_call, tuple(quotes))
