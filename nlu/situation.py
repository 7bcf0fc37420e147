"""Where the person is right now: already gave something (money, a loan, a code…), still on the call.

The public entry point is `detect(situations, text) -> Situation` (the chat, `callcheck check` and
the operator console all call it); `Situation.action` names the one thing to do first.

Pure over knowledge/situations.yml. "Already gave" is read by structure, one clause at a time: a
giving verb from the kind's `acts`, finished (a done marker before or after it), not negated, not
only requested or planned, with one of the kind's `objects` in the clause (or an `alone` verb
that says what was given by itself). English also needs a first-person subject (I, a relative) before
the verb, or the verb opening the clause ("sent them £450"). A plea or question after it (怎么办,
點算, "what do I do now") is blanked first: asking for help never cancels what was said.
The result quotes the person's own words, like the analyzer's evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.model import Situations

from .normalize import Normalized, count_cjk, fold, normalize

_MINE = re.compile(r"我(?:已经|已|刚刚|刚才|刚|都|就|也)?$")
# A comma or colon between digits is part of a figure ("2,000", "10:30"), not a clause break.
_CLAUSE = re.compile(r"[。！？!?；;\n，：]+|(?<!\d)[,:]+|[,:]+(?!\d)|\.(?:\s|$)|\s(?:but|and then|then|so)\s")
# "told me to…", "gave us…": done to the person; "sent you…", "…to your account": a message to its reader.
_TO_ME = re.compile(r"\s+(?:me|us|you|u|ya)\b(?!\s+(?:and|,))|(?:\s+\S+){0,4}?\s+to\s+(?:you|u|ur|your)\b")
_DIGIT = re.compile(r"\d{2,}|\d(?:\.\d+)?\s?(?:k|grand|lakh)\b")
_EN_WINDOW = re.compile(r"^(?:\W*[\w'£$€¥₹.,]+){0,12}")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Words that may stand before a clause-opening verb: "already sent", "just paid", "stupidly gave".
_ADVERBS = (
    "already|just|also|then|actually|stupidly|accidentally|foolishly|literally|finally|so|ok|okay|and|yes|yeah"
    "|oh|no|well|sadly|unfortunately|i|we|have|had|ve|also|even|basically|kinda|like|omg"
)
_PARTICLES = " \t啊呀吧呢啦嘛哦喔呃阿啦咧嗎吗~…?？!！.,，、"


def _trailing(words, en: bool) -> re.Pattern | None:
    """A pattern for pleas at the end of a clause, one or several ("怎么办啊 求助")."""
    alt = _alternation(words)
    if not alt:
        return None
    core = rf"(?<![a-z'])(?:{alt})(?![a-z'])" if en else rf"(?:{alt})"
    tail = re.escape(_PARTICLES)
    return re.compile(rf"(?:(?:{core})[{tail}]*)+$")


def _blank_pleas(c: _Compiled, clause: str) -> str:
    """The clause with the plea or question at its end turned into spaces (offsets unchanged)."""
    rx = c.pleas["zh" if _HAN.search(clause) else "en"]
    m = rx.search(clause) if rx else None
    if not m or m.start() == 0:
        return clause
    return clause[: m.start()] + " " * (m.end() - m.start())


@dataclass(frozen=True)
class Quote:
    """The person's own words that told us something about their situation."""

    text: str
    start: int
    end: int
    what: str  # a GivenKind id, or "on_call"


@dataclass(frozen=True)
class Situation:
    """What has already happened and what is still open (a call, a video call, remote access, a meeting)."""

    given: tuple[str, ...] = ()  # GivenKind ids, in knowledge order
    on_call: bool = False  # something is still open: any ongoing mode
    quotes: tuple[Quote, ...] = field(default=())
    ongoing: tuple[str, ...] = ()  # "computer", "meeting", "video", "call": strongest first

    @property
    def urgent(self) -> bool:
        """True when the reply must start with emergency steps or "hang up"."""
        return self.on_call or bool(self.given)

    @property
    def action(self) -> str | None:
        """The one thing to do first: an ongoing mode, else "given" (stop the loss), else None."""
        if self.ongoing:
            return self.ongoing[0]
        if self.on_call:
            return "call"
        return "given" if self.given else None

    def to_dict(self) -> dict:
        """For JSON front ends: what was given, what is still open, the first action, the quotes."""
        return {
            "urgent": self.urgent,
            "action": self.action,
            "given": list(self.given),
            "ongoing": list(self.ongoing),
            "quotes": [{"text": q.text, "start": q.start, "end": q.end, "what": q.what} for q in self.quotes],
        }


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


# Who the person gave it to when the account names no organisation: whoever rang or wrote.
_CALLER_WORDS = (
    "caller",
    "who rang",
    "who called",
    "who phoned",
    "on the phone",
    "the man",
    "the woman",
    "the lady",
    "the guy",
)
_FIRST_PERSON_ZH = re.compile(r"我|本人|俺|咱")


def given_to_someone(situations: Situations, folded: str) -> bool:
    """Whether a folded account says to whom something went ("sent it to the man who rang", 转给对方,
    a gift card, a "safe account"): the situation markers' `to_them`, and whoever made the contact."""
    c = _compiled(situations)
    return bool(c.en_to_them and c.en_to_them.search(folded)) or _has(c.zh.get("to_them", ()), folded)


def in_own_voice(folded: str) -> bool:
    """False for a Chinese text with no 我 anywhere: an advert or a notice in a company's voice."""
    return count_cjk(folded) <= len(folded) // 4 or _FIRST_PERSON_ZH.search(folded) is not None


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
        them = _alternation([*en.get("to_them", ()), *_CALLER_WORDS])
        self.en_to_them = re.compile(rf"(?<![a-z])(?:{them})(?![a-z])") if them else None
        # "my elderly neighbour", "my 80 year old mum": a relative with a word or two before it.
        relatives = sorted({w[3:] for w in en["subject"] if w.startswith("my ")}, key=len, reverse=True)
        described = (
            rf"my(?:\s+[a-z0-9'-]+){{1,2}}\s+(?:{'|'.join(re.escape(r) for r in relatives)})" if relatives else ""
        )
        subj = "|".join(x for x in (_alternation(en["subject"]), described) if x)
        neg = _alternation(en["negation"])
        self.en_subject = re.compile(rf"(?<![a-z'])(?:{subj})(?![a-z'])") if subj else None
        self.en_negation = re.compile(rf"(?<![a-z'])(?:{neg})(?![a-z])") if neg else None
        self.en_kind: dict[str, re.Pattern] = {}
        for kind in situations.given:
            acts = kind.by_lang["en"]
            alt = _alternation([*acts.acts, *acts.alone])
            if subj and alt:
                # "I took out a loan and sent it": after "and" the same subject goes on; a clause may
                # also open with the verb itself, after a few adverbs ("just sent them £450").
                self.en_kind[kind.id] = re.compile(
                    rf"(?:(?<![a-z'])(?:{subj}|and)(?![a-z])((?:\s+[a-z']+){{0,3}}?)\s+|^\W*((?:{_ADVERBS})\s+){{0,3}})"
                    rf"({alt})(?![a-z])"
                )
        self.pleas = {
            "zh": _trailing(zh.get("pleas", ()), en=False),
            "en": _trailing(en.get("pleas", ()), en=True),
        }
        # Each kind's whole-act phrases per language (on first use of the language), and each ongoing
        # mode's phrases, compiled once: every clause of every message is searched with them.
        self._phrases: dict[str, list] = {}
        modes = situations.ongoing or (("call", situations.on_call),)
        self.ongoing = [(mode, [p.pattern for p in phrases]) for mode, phrases in modes]

    def phrases(self, lang: str) -> list:
        """[(kind, its compiled phrases in `lang`)] for every kind, in order."""
        found = self._phrases.get(lang)
        if found is None:
            given = self.situations.given
            found = self._phrases[lang] = [(k, [p.pattern for p in k.by_lang[lang].phrases]) for k in given]
        return found


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
        if any(a <= s < b for a, b in excluded) and not _MINE.search(clause[:s]):
            continue  # "给了个网址" is someone giving me something; "我给了个验证码他" is mine
        before, after = clause[:s], clause[e:]
        near = before[-4:]
        before_near = before[-10:]  # "已" far back ("已用500MB…") says nothing about this verb
        if any(near.endswith(n) or n in near[-3:] for n in m["negation"]):
            continue
        # "退来" is money coming in; "领出来交给他" (took it out, then handed it over) is not
        settled = before.endswith(("出来", "起来", "下来"))
        inward = any(after.startswith(w) for w in m["inward"]) or any(
            before.endswith(w) for w in m["inward"] if not (settled and w == "来")
        )
        inward = inward or (hit.group().endswith("给") and after.startswith("我"))  # 给我…: to me
        if inward or any(f in before[-8:] for f in m["future"]) or any(after.startswith(w) for w in m["not_after"]):
            continue
        if c.third_person.search(before) or _has(m["others"], before):
            continue  # "他说了…", "对方转了…", "郑女士下载了…": someone else's act
        done_after = any(d in after[:4] for d in m["done_after"])
        # "把验证码告诉冒充公安的人了": with 把, the 了 closes the clause after the receiver.
        done_after = done_after or ("把" in before and after.rstrip().endswith("了"))
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


def _phrase_given(c: _Compiled, clause: str, lang: str, found: dict[str, tuple[int, int]]) -> None:
    """Whole finished acts written as phrases (`phrases` of a kind), not negated just before."""
    negation = c.zh["negation"] if lang == "zh" else ()
    for kind, patterns in c.phrases(lang):
        if kind.id in found:
            continue
        for pattern in patterns:
            hit = pattern.search(clause)
            if hit is None:
                continue
            before = clause[max(0, hit.start() - 16) : hit.start()]
            if lang == "en" and (
                (c.en_negation and c.en_negation.search(before)) or re.search(r"\b(if|should|to)\s", before)
            ):
                continue  # "I never made a payment", "should I do a transfer"
            if hit and not any(clause[: hit.start()].endswith(n) for n in negation):
                found[kind.id] = (hit.start(), hit.end())
                break


def _en_given(c: _Compiled, clause: str) -> dict[str, tuple[int, int]]:
    """Finished giving acts in one English clause with a first-person subject: {kind id: span}."""
    found: dict[str, tuple[int, int]] = {}
    if c.en_subject is None:
        return found
    purchase = _has(c.en["purchase"], clause) and not _has(c.en["to_them"], clause)
    for kind in c.situations.given:
        rx = c.en_kind.get(kind.id)
        if rx is None or (kind.id == "money" and purchase):
            continue
        acts = kind.by_lang["en"]
        for hit in rx.finditer(clause):
            between = hit.group(1) or ""
            if (c.en_negation and c.en_negation.search(between)) or re.search(r"\b(to|will|would|should)\b", between):
                continue
            if _TO_ME.match(clause, hit.end()):
                continue  # done to the person, or a message written to its reader
            window = _EN_WINDOW.match(clause[hit.end() :])
            if hit.group(3) in acts.alone or _object_in(acts.objects, window.group() if window else "", en=True):
                found[kind.id] = (hit.start(), hit.end())
                break
    return found


def detect(situations: Situations | None, text: str) -> Situation:
    """Read what has already happened from one message (or account)."""
    if situations is None or not text.strip():
        return Situation()
    norm: Normalized = normalize(text)
    folded = norm.text.replace("著", "着")  # 連著, 開著: Taiwan's 着 (same length, offsets kept)
    quotes: list[Quote] = []
    given: list[str] = []

    def quote(s: int, e: int, what: str) -> None:
        a, b = norm.span(s, e)
        quotes.append(Quote(norm.original[a:b], a, b, what))

    c = _compiled(situations)
    for cs, ce in _clauses(folded):
        if not _WORDY.search(folded, cs, ce):
            continue  # digits and marks alone ("1,2,3,…") tell nothing: no verb, no subject
        clause = _blank_pleas(c, folded[cs:ce])
        zh = _HAN.search(clause) is not None
        found = _zh_given(c, clause) if zh else _en_given(c, clause)
        _phrase_given(c, clause, "zh" if zh else "en", found)
        for kind_id in found:
            if kind_id not in given:
                given.append(kind_id)
                quote(cs, ce, kind_id)
    ongoing: list[str] = []
    for mode, patterns in c.ongoing:
        for pattern in patterns:
            hit = pattern.search(folded)
            if hit:
                ongoing.append(mode)
                quote(hit.start(), hit.end(), "on_call" if mode == "call" else mode)
                break
    if "remote" in given and "computer" not in ongoing and (ongoing or _still(folded)):
        # "I installed AnyDesk … he's still on the line": hanging up does not end remote control,
        # cutting the computer off does. A meeting app's screen share is ended in the app instead.
        remote = next(q.text for q in quotes if q.what == "remote")
        remote = fold(remote)
        mode = "meeting" if _MEETING.search(remote) and not _CONTROL.search(remote) else "computer"
        if mode not in ongoing:
            ongoing.insert(0, mode)
        elif mode == "meeting":
            ongoing.insert(0, ongoing.pop(ongoing.index("meeting")))
    order = [k.id for k in situations.given]
    return Situation(tuple(sorted(given, key=order.index)), bool(ongoing), tuple(quotes), tuple(ongoing))


_WORDY = re.compile(r"[a-z\u4e00-\u9fff]")
_CONTROL = re.compile(
    r"anydesk|teamviewer|todesk|向日葵|远程|远端|quick ?support|quick assist|ultraviewer|rustdesk|remote"
)
_MEETING = re.compile(r"share|sharing|zoom|teams|meet(?:ing)?\b|会议|共享|分享|屏幕|开会")
_STILL = re.compile(r"(?<![a-z])(still|right now|currently)(?![a-z])|还在|还开着|还连着|没关|仍在|仲在|仲|而家|紧")


def _still(folded: str) -> bool:
    return _STILL.search(folded) is not None
