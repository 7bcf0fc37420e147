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

import copy
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from knowledge.model import Situations

from . import regexcache
from .literals import LiteralFinder, Prefiltered, _smallest, could_match, either_of, required_literals
from .normalize import Normalized, count_cjk, fold, normalize
from .regexcache import compile as re_compile

_ALMOST_ZH = re_compile("差点|差一点|差啲|差些|险些")  # "almost": what follows in the clause did not happen
# The log-in details themselves (登入名同密碼) are what was given, not a log-in of one's own (登入).
_LOGIN_DATA = re_compile("登[录入](?:名|资料|信息|密码)")
_BILL_AFTER_ZH = re_compile(r".{0,3}?(?:账单|帐单|[电水话学]费|管理费|保费|卡费|房租|房贷|车贷|信用卡)")
# A yes-no question opening right before a phrase: 是不是给人呃了, 会不会被骗了 (asked, not told).
_ASKING_ZH = re_compile(r"(?:是不是|是否|会不会|有没有|系咪|是咪)\W{0,2}$")
# (the writer or a relative of theirs: 我, 我妈, 阿媽 "俾咗個OTP個假警察")
_MINE = re_compile(
    r"(?:我|我(?:妈|爸|老公|老婆|爷爷|奶奶|外婆|外公|阿嫲|阿嬷)|阿[妈爸嫲嬷爷婆公])"
    r"(?:已经|已|刚刚|刚才|刚|都|就|也)?$"
)
# "把卡号给了个假警察", "将资料给了对方": with 把/将 the thing given comes first, the taker after.
_DISPOSAL = re_compile(r"^[^他她方]{0,10}?[把将]")
# A comma or colon between digits is part of a figure ("2,000", "10:30"), not a clause break.
_CLAUSE = re_compile(
    r"[。！？!?；;\n，：]+|(?<!\d)[,:]+|[,:]+(?!\d)|\.(?:\s|$)|\s(?:but|and then|then|so(?!\s+called))\s"  # (so-called)
    # Chinese run on without a comma: 了 then someone new doing something ("告诉那个客服了那个客服还在电话里",
    # "过了他仲同我讲紧电话"), not 了 then whom it went to ("转了他5000").
    r"|(?<=了)(?=(?:我|他|她|对方|骗子|客服|那个|这个|阿)[\u4e00-\u9fff]{0,4}?"
    r"(?:现在|还|仍|仲|一直|也|都|已经|同|跟|和|的电话|在线|在电话|不让))"
)
# "told me to…", "gave us…": done to the person; "sent you…", "…to your account": a message to its reader.
_TO_ME = re_compile(r"\s+(?:me|us|you|u|ya)\b(?!\s+(?:and|,))|(?:\s+\S+){0,4}?\s+to\s+(?:you|u|ur|your)\b")
_DIGIT = re_compile(r"\d{2,}|\d(?:\.\d+)?\s?(?:k|grand|lakh)\b")
_EN_WINDOW = re_compile(r"^(?:\W*[\w'£$€¥₹.,]+){0,12}")
_HAN = re_compile(r"[\u4e00-\u9fff]")
# Words that may stand before a clause-opening verb: "already sent", "just paid", "stupidly gave".
_ADVERBS = (
    "already|just|also|then|actually|stupidly|accidentally|foolishly|literally|finally|so|ok|okay|and|yes|yeah"
    "|oh|no|well|sadly|unfortunately|i|we|have|had|ve|also|even|basically|kinda|like|omg"
)
_PARTICLES = " \t啊呀吧呢啦嘛哦喔呃阿啦咧嗎吗㗎架喎嘞喇嘅~…?？!！.,，、"


def _trailing(words, en: bool) -> re.Pattern | None:
    """A pattern for pleas at the end of a clause, one or several ("怎么办啊 求助")."""
    alt = _alternation(words)
    if not alt:
        return None
    core = rf"(?<![a-z'])(?:{alt})(?![a-z'])" if en else rf"(?:{alt})"
    tail = re.escape(_PARTICLES)
    return regexcache.compile(rf"(?:(?:{core})[{tail}]*)+$")


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
    ongoing: tuple[str, ...] = ()  # "computer", "paying", "meeting", "video", "call": strongest first
    who: str = ""  # the relative who gave it, as written ("my dad", "我媽"), when the writer tells of them
    line_who: str = ""  # the relative or friend still on the line, as written ("my nan", 阿媽): reach them first

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
            "who": self.who,
            "line_who": self.line_who,
            "quotes": [{"text": q.text, "start": q.start, "end": q.end, "what": q.what} for q in self.quotes],
        }


# Verbs of a bare yes to what was asked, and what each can confirm (None: whatever was asked).
_EN_CONFIRM_VERBS: dict[str, tuple[str, ...] | None] = {
    "did": None, "complied": None, "went ahead": None, "do": None, "follow": None, "followed": None,
    "gave": ("money", "code", "card"), "give": ("money", "code", "card"), "given": ("money", "code", "card"),
    "told": ("code", "card"), "read out": ("code", "card"),
    "tell": ("code", "card"), "read": ("code", "card"), "sent": ("money", "code", "card"),
    "send": ("money", "code", "card"), "shared": ("code", "card", "remote"), "share": ("code", "card", "remote"),
    "paid": ("money",), "pay": ("money",), "transferred": ("money",), "transfer": ("money",),
    "typed": ("code", "card"), "entered": ("code", "card"), "key in": ("code", "card"),
    "installed": ("remote",), "install": ("remote",), "downloaded": ("remote",), "download": ("remote",),
    "bought": ("money",), "buy": ("money",),
}  # fmt: skip
_EN_PLAIN = {"give", "tell", "send", "share", "pay", "transfer", "key in", "install", "download", "do", "follow", "buy"}
_EN_ASKED = re_compile(r"(?<![a-z])(?:asked|ask|asks|asking|told|tell|telling|wanted|wants|want|instructed|requested|"
                       r"demanded|made|got|said to|say to)(?![a-z])")  # fmt: skip
# An obligation told, with the giving verb right after it ("said I must pay the tax", "need pay 35
# dollar", "have to buy the cards"); "you must be really put off" is no ask.
_EN_OBLIGED = re_compile(r"(?<![a-z])(?:must|need|needs|needed|have to|has to|had to|required to|requires|"
                         r"supposed to)\s+(?:to\s+)?(?:[a-z]+\s+)?(?:pay|transfer|send|give|buy|share|install|"
                         r"download|key|enter|type|read|tell|deposit|wire|move|top up|settle|clear)"
                         r"(?![a-z])")  # fmt: skip


# The ask told by its giving verb: "texted me to pay a fee", "wanted my mum to transfer", "said pay the
# redelivery fee by link", "saying I owe customs fees".
_EN_GIVING = r"(?:pay|transfer|send|give|buy|share|install|download|key in|enter|type|read|deposit|wire|top up|settle)"
_EN_ASKED_TO = re_compile(
    rf"(?<![a-z])(?:me|him|her|us|them|my\s+[a-z]+)\s+to\s+{_EN_GIVING}(?![a-z])"
    rf"|(?<![a-z])(?:said|says|saying|texted|messaged|wrote)\s+(?:that\s+)?(?:i|we|you)?\s*"
    rf"(?:should|must|need to|needed to|have to|had to)?\s*{_EN_GIVING}(?![a-z])"
    r"|(?<![a-z])(?:i|we|she|he|they|you)\s+(?:still\s+)?(?:owe|owed)(?![a-z])"
)


_EN_GIVING_ASKED = re_compile(
    rf"(?<![a-z]){_EN_GIVING}(?![a-z])|(?<![a-z])(?:otp|code|pin|password|card details|gift cards?|anydesk|teamviewer"
    r"|payment|transfer|fee|money|cash)(?![a-z])"
)


# An ask of a relative or friend by its giving verb ("wanted my mum to transfer", "told her to buy"):
# after it, "she already did" is their yes.
_EN_ASKED_THIRD = re_compile(rf"(?<![a-z])(?:my\s+[a-z]+(?:\s+[a-z]+)?|her|him)\s+to\s+{_EN_GIVING}(?![a-z])")


def _asked_en(text: str) -> bool:
    """Whether an English clause asks something of the person: an ask word, an obligation with its
    verb, or someone told to do it ("texted me to pay", "said pay the fee by link", "saying I owe")."""
    return any(p.search(text) is not None for p in (_EN_ASKED, _EN_OBLIGED, _EN_ASKED_TO))


# 我转了, 我爸就给了, 阿妈过了 (过咗), 照做了: a bare yes, after 叫我转账 / 要验证码 / 问我攞验证码.
_ZH_CONFIRM = re_compile(
    r"^(?:我的?(?:妈|爸|老公|老婆|爷爷|奶奶|外婆|外公|阿嫲|阿嬷|阿妈|阿爸|老豆|儿子|女儿|家人|同事|朋友|邻居|老板|室友)?"
    r"|阿妈|阿爸|阿嫲|阿嬷|(?P<pron>他|她|佢))?"
    r"(?:也|就|都|真的|已经|还是|便|立刻|马上|刚刚|刚|只好|结果)*"
    r"(?:(?:跟|和|同|向|对)(?:他|她|对方|他们))?"  # (跟他说了: to whom, before the verb)
    r"(?P<act>照做|照办|照着做|做|转账|汇款|过数|转|汇|过|给|付|交|念|读|报|说|讲|发|输入|输|填|下载|装|安装)"
    # (报给他了, 念给他听了, 讲了给他听 "told it to him": to whom, before or after 了)
    r"(?:(?:给|到)(?:他|她|对方|他们)(?:听|看)?)?(?:了|完了?)"
    # (我装了之后他就…, 我念完他就掛了: done, then)
    r"(?:钱|款|数|它|(?:给|到)(?:他|她|对方|他们)(?:听|看)?|过去|出去)?[…。.\s]*"
    r"(?:(?:[两二三四五六七八九十几]|好几|\d+)(?:次|笔|趟|回)了?)?"  # (我转了两次, 过了三笔: counted, not an amount)
    r"(?:(?:之后|以后|后|完|他|她|对方|跟住|跟着|然后|接着|就|再).*)?$"
)
_ZH_ANY = ("照做", "照办", "照着做", "做")
# Confirming verbs whose kind the folded knowledge no longer shows: Cantonese 過咗 (过了) pays money
# over, but 過數 itself folds to 转账 (variants.yml), so no act or `alone` entry starts with 过.
_ZH_ONLY = {"过": "money"}
_ZH_ASKED = re_compile(r"叫|让|要|问|逼|催|教|吩咐|攞|请")
_ZH_TO_WRITER = re_compile(r"(?:给|到|俾|转|还|退|汇)我(?!妈|爸|们|哋|老|儿|女|家)")


def _confirmed(c: _Compiled, asked: str, said: str, raw: str, zh: bool) -> list[str]:
    """Kinds given by a bare yes (`said`: "我转了", "which I did") to what the clause before asked
    for (`asked`: "他叫我转账", "they asked for the code from the text")."""
    out: list[str] = []
    if zh:
        m = _ZH_CONFIRM.match(said.strip().rstrip(_PARTICLES))
        if m is None or not _ZH_ASKED.search(asked):
            return out
        if m.group("pron") and not re.search(rf"(?:{_ZH_ASKED.pattern}){m.group('pron')}", asked):
            return out  # 他/她/佢 says yes only to what was asked of them (叫佢俾…，佢俾咗), not the caller's own act
        if m.group("pron") and _ZH_TO_WRITER.search(asked):
            return out  # 我叫他转给我，他转了: money that came to the writer
        act = m.group("act")
        for kind in c.situations.given:
            acts = kind.by_lang["zh"]
            fits = (
                act in _ZH_ANY
                or act in acts.acts
                or any(a.startswith(act) for a in acts.alone)
                or _ZH_ONLY.get(act) == kind.id
            )
            plain = c.not_objects["zh"].sub("", asked)
            if fits and (_has(acts.alone, asked) or _object_in(acts.objects, plain, False)):
                out.append(kind.id)
        return out
    if c.en_confirm is None:
        return out
    m = c.en_confirm.match(said.rstrip())  # (its plea blanked; `raw` keeps the same offsets)
    if m is None and c.en_confirm_bare is not None:
        m = c.en_confirm_bare.match(said.rstrip())
        if m is not None and not (c.en_done and c.en_done.search(said, 0, m.end("rest"))):
            m = None  # "paid" alone, with no subject and no done marker, is not told as done
    if m is None and _EN_ASKED_THIRD.search(asked):
        m = c.en_confirm_third.match(said.rstrip())
    if m is not None and len(said[: m.end("rest")].strip()) > _YES_LONGEST:
        m = None  # a bare yes is short ("which my mum did", "and i gave it")
    if m is None or not _asked_en(asked) or (c.en_negation and c.en_negation.search(said, 0, m.end("rest"))):
        return out  # (what follows the yes, "… and he won't let me hang up", is another matter)
    verb = m.group("verb")
    if (
        verb in _EN_PLAIN
        and not (c.en_done and c.en_done.search(raw, m.end("verb")))
        and not _LOR_YES.search(raw, m.end("verb"))
        and not (c.en_done and c.en_done.search(said, 0, m.start("verb")))
    ):
        return out  # "and i give" is not yet done; "and i give liao" is
    if _EN_CONFIRM_VERBS.get(verb) is None and not _EN_GIVING_ASKED.search(asked.rsplit("，", 1)[-1]):
        return out  # "told me to ring the number on the back of my card. I did": a check, nothing given
    for kind in c.situations.given:
        allowed = _EN_CONFIRM_VERBS.get(verb)
        acts = kind.by_lang["en"]
        named = _object_in(acts.objects, _window(c, _EN_FULL.match(asked), "en"), en=True) or any(
            re.search(rf"(?<![a-z]){re.escape(a)}(?![a-z])", asked) for a in (*acts.base, *acts.alone) if a
        )
        if named and (allowed is None or kind.id in allowed):
            out.append(kind.id)
    return out


_EN_FULL = re_compile(r"^.*$", re.S)
# Singapore narrative, after what was asked: "(then) i give him lor" is a resigned yes, told as done.
_LOR_YES = re_compile(r"(?<![a-z])lor(?![a-z])")
_YES_LONGEST = 48
# Where one clause holds both ("the guy asked for the code and i gave it"): split before the yes.
_EN_YES_SPLIT = re_compile(r"\s(?:and|so|which)\s(?=\S+(?:\s+\S+){0,3}\s*$)")


def _clauses(text: str, breaks: tuple[int, ...] = ()) -> list[tuple[int, int]]:
    """Clause spans: at punctuation, at the run-ons of `_CLAUSE`, and at `breaks` (positions of the
    folded text where the original had a space between two Chinese characters)."""
    out, start = [], 0
    cuts = [(m.start(), m.end()) for m in _CLAUSE.finditer(text)]
    if breaks:
        cuts = sorted({*cuts, *((b, b) for b in breaks)})
    for s, e in cuts:
        if s < start:
            continue
        if s > start:
            out.append((start, s))
        start = e
    if start < len(text):
        out.append((start, len(text)))
    return out


_SPACED = re_compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def _spaced_breaks(norm: Normalized) -> tuple[int, ...]:
    """Where the original put white space between two Chinese characters (voice-to-text's only clause
    mark, "我爸把錢轉過去了 要打165嗎"): the folding drops it, so clauses would run together."""
    if not _SPACED.search(norm.original):
        return ()
    spaced = {m.start() for m in _SPACED.finditer(norm.original)}
    index = norm.index
    return tuple(
        i
        for i in range(1, len(index))
        if index[i] - index[i - 1] > 1 and any(index[i - 1] < p < index[i] for p in spaced)
    )


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
    # Longest first; ties by the words themselves, so the expression is the same in every process
    # (and read back from nlu/regexcache.py: a set's order changes with each process's hash seed).
    return "|".join(re.escape(w) for w in sorted({w for w in words if w}, key=lambda w: (-len(w), w)))


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
# She or he, when the text is a helper's account of the person on the line ("she transferred…").
_HELPED_PRONOUNS_EN = (
    *("she", "he", "she's", "he's", "she has", "he has", "she had", "he had", "shes", "hes", "she'd", "he'd"),
)
# A request for help about someone else ("what should he do", "how do i help her"): no news report.
_HELP_ABOUT_EN = re_compile(
    r"(?<![a-z])(?:wh?at (?:should|can|do|does|must) (?:he|she)|how (?:can|do|should) (?:i|we) help (?:him|her)"
    r"|help (?:him|her)|is (?:he|she) (?:scammed|safe)|can (?:he|she) get)(?![a-z])"
)
_HELP_ABOUT_ZH = re_compile(r"(?:他|她)(?:该|应该|要)?怎么办|帮帮?(?:他|她)|(?:他|她)(?:能|还能)追回")
_OPENS_WITH_HE_EN = re_compile(
    r"^\W*(?:he|she)(?:'s|\s+has|\s+had)?\s+(?:\w+\s+){0,2}?"
    r"(?:already|just|has|had|sent|paid|gave|transferred|told|shared|installed)\b"
)


# In a helper's account, someone between the person named and the verb is who did it.
_OTHER_AGENT = re_compile(
    r"(?<![a-z])(?:scammers?|fraudsters?|they|someone|somebody"
    r"|the (?:caller|officer|guy|man|woman|agent|bank))(?![a-z])"
)


def _helped(c: _Compiled, folded: str, report: bool | None = None) -> bool:
    """A helper's account of the person being helped now, not a report of someone else's story: a
    subject naming the person on the line (来电人称…, "the caller", "the lady on the line"), a text
    opening with she/he saying it, or a request for help about them; and no news or police report's
    marks (警方, 据了解, a date, "police said", "was arrested", "last month")."""
    if c.report.search(folded) if report is None else report:
        return False
    if _HAN.search(folded):
        return bool((c.helped_zh and c.helped_zh.search(folded)) or _HELP_ABOUT_ZH.search(folded))
    # (opening with "he has sent…" tells of him only when it names whom it went to: "…to them already")
    start = _OPENS_WITH_HE_EN.search(folded)
    opens = start is not None and (_to_them_en(c, folded[start.end() :]) or _TAKER.search(folded, start.end()))
    return bool(c.helped_en.search(folded) or _HELP_ABOUT_EN.search(folded) or opens)


_SPEAKER = re_compile(r"我|本人|俺|咱|(?<![a-z'])(?:i|i'm|im|i've|ive|my|me|we|our|us)(?![a-z'])")
_FIRST_PERSON_ZH = re_compile(r"我|本人|俺|咱")


def given_to_someone(situations: Situations, folded: str) -> bool:
    """Whether a folded account says to whom something went ("sent it to the man who rang", 转给对方,
    a gift card, a "safe account"): the situation markers' `to_them`, and whoever made the contact."""
    c = _compiled(situations)
    return bool(c.en_to_them and c.en_to_them.search(folded)) or _has(c.zh.get("to_them", ()), folded)


def in_own_voice(folded: str, situations: Situations | None = None) -> bool:
    """False for a Chinese text with no 我 anywhere: an advert or a notice in a company's voice; a
    helper's account of the person on the line (来电人称…, 求助人说…) is theirs, given `situations`."""
    if count_cjk(folded) <= len(folded) // 4 or _FIRST_PERSON_ZH.search(folded) is not None:
        return True
    return situations is not None and _helped(_compiled(situations), folded)


class _Compiled:
    """The situation lists compiled once: one pattern finds every giving verb of every kind."""

    def __init__(self, situations: Situations):
        self.situations = situations
        self.helper = False  # the view for a helper's account (helper_view)
        zh, en = situations.markers["zh"], situations.markers["en"]
        self.zh = zh
        self.en = en
        self.zh_act_kinds: dict[str, list] = {}
        for kind in situations.given:
            for act in kind.by_lang["zh"].acts:
                self.zh_act_kinds.setdefault(act, []).append(kind)
        self.zh_acts = regexcache.compile(_alternation(self.zh_act_kinds)) if self.zh_act_kinds else None
        # "他就付款了", "对方已经转了": a verb right after someone else ("按他说的转了" is still mine).
        third = _alternation(zh["third_person"])
        self.third_person = (
            regexcache.compile(rf"(?:{third})(?:就|也|都|又|还|已经|已|先|再|立刻|马上)?$")
            if third
            else regexcache.compile("$^")
        )
        self.not_acts = regexcache.compile(_alternation(zh["not_acts"])) if zh["not_acts"] else None
        them = _alternation([*en.get("to_them", ()), *_CALLER_WORDS])
        self.en_to_them = regexcache.compile(rf"(?<![a-z])(?:{them})(?![a-z])") if them else None
        # "my elderly neighbour", "my 80 year old mum": a relative with a word or two before it.
        relatives = sorted({w[3:] for w in en["subject"] if w.startswith("my ")}, key=lambda w: (-len(w), w))
        described = (
            rf"my(?:\s+[a-z0-9'-]+){{1,2}}\s+(?:{'|'.join(re.escape(r) for r in relatives)})" if relatives else ""
        )
        subj = "|".join(x for x in (_alternation(en["subject"]), described) if x)
        neg = _alternation(en["negation"])
        self.en_negation = regexcache.compile(rf"(?<![a-z'])(?:{neg})(?![a-z])") if neg else None
        done = _alternation(en.get("done", ()))
        self.en_done = regexcache.compile(rf"(?<![a-z'])(?:{done})(?![a-z'])") if done else None
        self._en_patterns(subj)
        # A helper's account of the person on the line ("the caller says she transferred…", 来电人称
        # 已转账…): the same reading, with that person (and she/he after it) as the subject.
        helped = _alternation([*en.get("helped", ()), *_HELPED_PRONOUNS_EN])
        self.helped_subj = "|".join(x for x in (subj, helped) if x)
        self.helped_en = regexcache.compile(rf"(?<![a-z'])(?:{_alternation(en.get('helped', ()))})(?![a-z'])")
        self.helped_zh = (
            regexcache.compile(
                rf"(?:{_alternation(zh.get('helped', ()))})(?:{_alternation(zh.get('says', ()))})"
                rf"|^\W*(?:他|她)(?:{_alternation(zh.get('says', ()))})"
            )
            if zh.get("helped") and zh.get("says")
            else None
        )
        # (Chinese words need no word boundary: one plain alternation, searched first)
        zh_report = _alternation(zh.get("report", ()))
        en_report = _alternation(en.get("report", ()))
        self.report = _prefiltered(
            "|".join(
                x
                for x in (zh_report, r"\d{1,2}月\d{1,2}日|(?:19|20)\d\d年", en_report and rf"\b(?:{en_report})\b")
                if x
            )
        )

        self.not_objects = {
            lang: regexcache.compile(_alternation(situations.markers[lang].get("not_objects", ())) or "$^")
            for lang in ("zh", "en")
        }
        # Each kind's phrases as one pattern (one search per clause instead of dozens); each ongoing
        # mode's phrases with the words every match must contain, so most are never searched.
        self.phrases = {
            (kind.id, lang): rx
            for kind in situations.given
            for lang in ("zh", "en")
            if (rx := _combined(kind.by_lang[lang].phrases))
        }
        modes = situations.ongoing or (("call", situations.on_call),)
        self.ongoing = [(mode, tuple((p.required, p.pattern) for p in phrases)) for mode, phrases in modes]
        # Every word those phrases require, found in one pass over a message (instead of one substring
        # search per word of each of ~160 phrases).
        self.ongoing_words = LiteralFinder(w for _, ps in self.ongoing for req, _ in ps for g in req for w in g)
        # (zh: only money to oneself or one's family — 在淘宝被骗了五千 is a loss, 过了三千给屋企人 is not)
        self.routine = {
            "en": en["purchase"],
            "zh": tuple(w for w in zh["purchase"] if w.startswith(("给", "自己"))),
        }
        self._kin_patterns(zh, en)
        self.pleas = {
            "zh": _trailing(zh.get("pleas", ()), en=False),
            "en": _trailing(en.get("pleas", ()), en=True),
        }

    def _en_patterns(self, subj: str) -> None:
        """The English patterns that hold a subject: a finished act, a plain form with a done marker, a yes."""
        en = self.en
        done = _alternation(en.get("done", ()))

        def yes_of(subject: str) -> re.Pattern:
            """A bare yes with this subject: "…which I did", "and my dad transfer liao", "she already did"."""
            return regexcache.compile(
                rf"^\W*(?:and|so|which|then)?\s*(?:{subject})\s+(?:(?:also|already|just|then|actually|really|have|has|had)\s+)*"
                rf"(?P<verb>{_alternation(_EN_CONFIRM_VERBS)})"
                rf"(?P<rest>(?:\s+(?:it|them|him|her|that|so|too|as well|over|"
                rf"out|to them|to him|to her|to the caller|to the guy|to the man|{done}|lor|lah|leh|sia|one"
                rf"|this morning|this afternoon|today|last night|yesterday|earlier|at the bank|at the branch))*)\W*"
                rf"(?:\s(?:and|but|so|then)\s.*)?$"
            )

        self.en_confirm = yes_of(subj) if subj else None
        # Without a subject, as Singapore, Malaysian and Indian English (and a hurried text) drop it:
        # "bought 3 cards already", "paid already lor", "already gave the otp" — only with a done marker.
        self.en_confirm_bare = (
            regexcache.compile(
                rf"^\W*(?:and|so|then)?\s*(?:(?:also|already|just|then|actually|really|{done})\s+)*"
                rf"(?P<verb>{_alternation(_EN_CONFIRM_VERBS)})(?P<obj>(?:\s+[a-z0-9$£€₹.,']+){{0,3}}?)"
                rf"(?P<rest>(?:\s+(?:it|them|that|so|too|as well|over|{done}|lor|lah|leh|sia|one))*)\W*"
                rf"(?:\s(?:and|but|so|then)\s.*)?$"
            )
            if done
            else None
        )
        # "They wanted my mum to transfer it. She already did": he, she or they say yes to what was asked
        # of a relative or friend (read only after such an ask: `_EN_ASKED_THIRD`).
        self.en_confirm_third = yes_of("she|he|they")
        self.en_subject = regexcache.compile(rf"(?<![a-z'])(?:{subj})(?![a-z'])") if subj else None
        self.en_kind: dict[str, re.Pattern] = {}
        for kind in self.situations.given:
            acts = kind.by_lang["en"]
            alt = _alternation([*acts.acts, *acts.alone])
            if subj and alt:
                # "I took out a loan and sent it": after "and" the same subject goes on; a clause may
                # also open with the verb itself, after a few adverbs ("just sent them £450").
                self.en_kind[kind.id] = _prefiltered(
                    rf"(?:(?<![a-z'])(?:{subj}|and)(?![a-z])((?:\s+[a-z']+){{0,3}}?)\s+|^\W*((?:{_ADVERBS})\s+){{0,3}})"
                    rf"({alt})(?![a-z])",
                    needs=_one_of([*acts.acts, *acts.alone]),  # (every match holds one of the verbs, as written)
                )
        # Plain verb forms, read only with a done marker: "i already transfer 5k to him liao".
        self.en_base: dict[str, re.Pattern] = {}
        for kind in self.situations.given:
            alt = _alternation(kind.by_lang["en"].base)
            if subj and alt and done:
                self.en_base[kind.id] = _prefiltered(
                    rf"(?:(?<![a-z'])(?:{subj})(?![a-z])((?:\s+[a-z']+){{0,3}}?)\s+|^\W*((?:{_ADVERBS}|{done})\s+){{0,3}})"
                    rf"({alt})(?![a-z'])",
                    needs=_one_of(kind.by_lang["en"].base),
                )

    def _kin_patterns(self, zh: dict, en: dict) -> None:
        """A relative as the subject (我妈, "my dad"), and the words for paying in progress and its gate."""
        she_zh, he_zh = _alternation(zh.get("kin_she", ())), _alternation(zh.get("kin_he", ()))
        self.kin_zh = (
            regexcache.compile(rf"(?:^|(?<=[，。！？!?；;,\s]))(?:结果|后来|然后|今天|刚才|刚刚)?(?:我的?)?"
                       rf"(?:(?P<she>{she_zh})|(?P<he>{he_zh}))")
            if she_zh and he_zh
            else None
        )  # fmt: skip
        # Money to the writer's own family (给我女儿, 汇给我妈): theirs, not a loss.
        self.family_zh = regexcache.compile(rf"给我的?(?:{she_zh}|{he_zh})") if she_zh and he_zh else None
        she_en, he_en = _alternation(en.get("kin_she", ())), _alternation(en.get("kin_he", ()))
        self.kin_en = (
            # (\W{0,4}, not \W*: from every mark of a run of 4,000 dots, \W* read to its end: 0.4 s)
            # (a greeting or address first is no subject: "sir my father…", "hi, my mum…", "pls help my dad…")
            _prefiltered(rf"(?:^|(?<=[.,;!?])|(?<=[.,;!?]\s)|(?<=\band\s))\W{{0,4}}"
                       rf"(?:(?:sir|madam|ma'?am|mam|hi|hello|hey|please|pls|plz|help|urgent|dear|bro|bhai|ji)[\s,.!:]{{1,3}}){{0,2}}"
                       rf"(?:so\s+|then\s+)?my\s+"
                       rf"(?:[a-z'-]+\s+){{0,2}}?(?:(?P<she>{she_en})|(?P<he>{he_en}))(?![a-z])")
            if she_en and he_en
            else None
        )  # fmt: skip
        # A relative or friend named (for whoever is still on the line): the gendered kin and `kin_any`.
        any_zh = _alternation([*zh.get("kin_she", ()), *zh.get("kin_he", ()), *zh.get("kin_any", ())])
        any_en = _alternation([*en.get("kin_she", ()), *en.get("kin_he", ()), *en.get("kin_any", ())])
        self.kin_who = (
            re.compile(rf"(?P<w>(?<![小空])(?:我的?|我个|我们)?(?:{any_zh}))|(?P<en>(?<![a-z])my\s+(?:[a-z'-]+\s+){{0,2}}?"
                       rf"(?:{any_en})(?![a-z]))")
            if any_zh and any_en
            else None
        )  # fmt: skip
        self.words = {
            lang: {k: _word_rx(self.situations.markers[lang].get(k, ()), lang == "en") for k in _GATES}
            for lang in ("zh", "en")
        }

    def helper_view(self) -> _Compiled:
        """This reading for a helper's account: the person helped (she, he, the caller) is the subject,
        so 她/他 before a verb is no longer someone else, nor is 事主 once named as the one on the line."""
        view = getattr(self, "_helper", None)
        if view is None:
            view = copy.copy(self)
            view.helper = True
            view._en_patterns(self.helped_subj)
            zh = dict(self.zh)
            helped = set(zh.get("helped", ()))
            zh["others"] = tuple(w for w in zh["others"] if w not in helped)
            zh["request"] = tuple(w for w in zh["request"] if not w.startswith(("他", "她")))
            view.zh = zh
            third = _alternation(w for w in zh["third_person"] if w not in ("他", "她"))
            view.third_person = regexcache.compile(rf"(?:{third})(?:就|也|都|又|还|已经|已|先|再|立刻|马上)?$")
            self._helper = view
        return view


_GATES = ("past", "own_use", "guided", "errand")


def _word_rx(words, en: bool) -> re.Pattern | None:
    """One pattern for a marker list (English words whole)."""
    alt = _alternation(words)
    if not alt:
        return None
    return regexcache.compile(rf"(?<![a-z'])(?:{alt})(?![a-z])" if en else alt)


def _said(c: _Compiled, key: str, lang: str, text: str) -> bool:
    rx = c.words[lang].get(key)
    return rx is not None and rx.search(text) is not None


# The pronoun that opens a clause or follows the relative's "says" (我妈说她…, 阿爸话佢…): the relative.
_KIN_PRONOUN_ZH = re_compile(
    r"(?:(?:^|(?<=[，。！？!?；;,\s]))(?:结果|后来|然后|今天|刚才|刚刚|说|原来)?|(?<=说|讲|话)|(?<=告诉我)|(?<=跟我说))"
    r"(?P<p>[他她])(?!们)"
)
_KIN_PRONOUN_EN = re_compile(r"(?<![a-z'])(?P<p>he|she)(?P<tail>'s|'d)?(?![a-z'])")
_EN_PADDED = {"he": "i ", "she": "i  ", "he's": "i've", "she's": "i've ", "he'd": "i'd ", "she'd": "i'd  "}


def _resolve_kin(c: _Compiled, folded: str, original: Normalized) -> tuple[str, tuple[int, int] | None, set[int]]:
    """`folded` with she/he replaced by "I" (same length) where it points back to the relative the
    writer named as the subject ("my dad got a call… he already read them the code", 我媽說她剛剛轉
    過去了, 阿爸話佢…): the act is theirs, not the caller's. Gender must agree (她 / "she" for a
    mother; Cantonese 佢, folded to 他, for anyone); a clause where the same pronoun's object form
    receives something ("he sent him the code") is the caller's doing and is left alone.
    Also returns where the relative is named (their span in `folded`) and where pronouns were replaced."""
    if c.helper:
        return folded, None, set()
    out = list(folded)
    subs: set[int] = set()
    kin = None
    if c.kin_zh is not None and _HAN.search(folded):
        kin = c.kin_zh.search(folded)
        if kin is not None:
            for m in _KIN_PRONOUN_ZH.finditer(folded, kin.end()):
                p = m.start("p")
                ungendered = original.original[original.index[p]] == "佢"
                if ungendered or (m.group("p") == "她") == bool(kin.group("she")):
                    out[p] = "我"
                    subs.add(p)
    elif c.kin_en is not None:
        kin = c.kin_en.search(folded)
        if kin is not None:
            want = "she" if kin.group("she") else "he"
            obj = "her" if want == "she" else "him"
            for m in _KIN_PRONOUN_EN.finditer(folded, kin.end()):
                if m.group("p") != want:
                    continue
                end = _CLAUSE.search(folded, m.end())
                rest = folded[m.end() : end.start() if end else len(folded)][:24]
                if re.match(
                    rf"\W*(?:[a-z']+\s+)?(?:gave|sent|told|asked|paid|texted|emailed|showed|rang|called)\s+{obj}\b",
                    rest,
                ):
                    continue  # "he sent him a code": the caller's act, to the relative
                word = m.group()
                out[m.start() : m.end()] = _EN_PADDED.get(word, word)
                subs.add(m.start())
    span = None
    if kin is not None:
        who = kin.group("she") or kin.group("he")
        span = (folded.rfind("my", kin.start(), kin.start("she") if kin.group("she") else kin.start("he")), kin.end())
        if _HAN.search(folded):
            span = (
                kin.start() + len(re.match(r"(?:结果|后来|然后|今天|刚才|刚刚)?", folded[kin.start() :]).group()),
                kin.end(),
            )
        span = span if span[0] >= 0 and who else None
    return "".join(out), span, subs


_OWN = re_compile(r"自己的|(?<![a-z])(?:own)(?![a-z])")
_REFUSED_ZH = re_compile(r"(?:没有|没|不|不会|不要|冇|唔)(?:有)?(?:要)?(?:去|转|汇|付|买|过数|听)")
_REFUSED_EN = re_compile(
    r"(?<![a-z'])(?:not|never|won't|wont|isn't|refused to|refuses to)\s+"
    r"(?:going|go|pay|paying|send|sending|transfer|transferring)\b"
)
_RECENT_PAST_ZH = ("昨天", "前天", "上周", "上星期", "上礼拜", "当时", "那时", "那次", "上次")
_NOT_NOW_ZH = re_compile("没|不|别|差点|差一点|差啲|险些|拒绝|冇|唔")


def _paying_ok(c: _Compiled, folded: str, hit: re.Match) -> bool:
    """A `paying` hit counts when someone directs it (`guided`) or it is a relative the writer tells of,
    it is not the person's own errand (`errand`), not past, and its clause is not negated or "almost"."""
    zh = _HAN.search(hit.group()) is not None
    lang = "zh" if zh else "en"
    kin = c.kin_zh if zh else c.kin_en
    relative = kin is not None and kin.search(folded) is not None and not _OWN.search(folded)
    directed = _said(c, "guided", lang, folded) or relative  # (a relative's own money: 取她自己的养老金)
    if not directed or _said(c, "errand", lang, folded) or _said(c, "past", lang, folded):
        return False  # (a relative paying now, told by a worried writer, needs no one named directing it)
    if zh and _has(_RECENT_PAST_ZH, folded):
        return False
    if zh and _CALL_PASSED_ZH.match(folded, hit.end() - 1):
        return False  # 說要轉給警察 / 转接到公安: the call put through to the "police", not money moved
    start = max((e for _, e in _clauses(folded[: hit.start()])), default=0)
    before = folded[start : hit.start()]
    if (_REFUSED_ZH if zh else _REFUSED_EN).search(folded, hit.end()):
        return False  # "客服叫我現在去ATM，我沒有要去", "…, I'm not going": told to, and refused
    if zh:
        # (您 in the clause: a shop's or a platform's message to its customer, not someone at the ATM)
        return _NOT_NOW_ZH.search(before) is None and "您" not in folded[start : hit.end() + 12]
    if _WAS_ABOUT.search(folded, max(0, hit.start() - 24), hit.start() + 6):
        return False  # "I was about to send it, then I hung up": over, nothing to stop
    return not ((c.en_negation and c.en_negation.search(before)) or re.search(r"\b(?:if|should|whether)\b", before))


# 转 that passes the call on (转给警察, 转接, 转到公安局), not money: folded text, at the 转.
_CALL_PASSED_ZH = re_compile(
    r"转(?:接|线)|转(?:给|到|去|俾)(?:了)?(?:一个|个|位)?"
    r"(?:警察|警方|公安|警官|民警|派出所|公安局|检察|法院|刑警|专员|主管|上级|同事|客服|人工)"
)
_WAS_ABOUT = re_compile(r"(?<![a-z'])(?:was|were|had been)\s+(?:\w+\s+)?(?:about|going|getting ready|on the verge)\b")


def _prefiltered(source: str, flags: int = 0, needs: tuple[tuple[str, ...], ...] | None = None) -> Prefiltered:
    """A pattern searched (or iterated) only in a clause or text holding the literals every match needs:
    most of these are long alternations that start with a look-behind, tried at every place otherwise.
    (`needs`: known already, from the words or phrases it is made of; reading them costs ~3 ms a pattern.)"""
    return Prefiltered(source, flags, needs)


def _one_of(words) -> tuple[tuple[str, ...], ...]:
    """What a pattern ending in an alternation of these plain words (escaped) needs: one of them."""
    return (_smallest({w for w in words if w}),)


def _combined(phrases) -> Prefiltered | None:
    """Several compiled phrases as one alternation (they share their flags)."""
    if not phrases:
        return None
    flags = {p.flags for p in phrases}
    if len(flags) != 1:  # (never in the shipped lists; kept correct should a flag differ)
        return _prefiltered("|".join(f"(?{_inline(p.flags)}:{p.source})" for p in phrases))
    # (each phrase's required literals travel with the cached knowledge: one of each phrase's strongest;
    # a phrase whose words are all single characters, 过了钱, is read for those: 了 is still rarer than none)
    needs = either_of(p.required or required_literals(p.source, p.flags, min_length=1) for p in phrases)
    return _prefiltered("|".join(f"(?:{p.source})" for p in phrases), flags.pop(), needs)


def _inline(flags: int) -> str:
    return "".join(ch for flag, ch in ((re.I, "i"), (re.S, "s"), (re.M, "m"), (re.X, "x")) if flags & flag) or "-i"


_COMPILED: dict[int, _Compiled] = {}


def _compiled(situations: Situations) -> _Compiled:
    c = _COMPILED.get(id(situations))
    if c is None or c.situations is not situations:
        c = _COMPILED[id(situations)] = _Compiled(situations)
    return c


def prepare(situations: Situations) -> None:
    """Build the reader's patterns now, both views (a warm start: `detect` builds them on first use)."""
    _compiled(situations).helper_view()


def _someone_else(c: _Compiled, before: str) -> bool:
    """A verb right after someone else ("他说了", "对方转了"), not after whom it went to ("给那个客服念了",
    "跟对方说了": after 给/跟/向… the third person is the receiver)."""
    hit = c.third_person.search(before)
    if hit is None:
        return False
    lead = re.sub(
        r"(?:那个|这个|个|那位|这位)?(?:冒充|假|自称)?(?:line上的|line上|网上的)?$", "", before[: hit.start()]
    )
    return not lead.endswith(_COVERBS)


_TO_HEAR = re_compile(r"给[^，,]{1,8}?(?:听|看)\W*$")
_OUTCOME = re_compile(r"^\W*(?:结果|后来|最后|然后)")
_TO_ME_AMOUNT = re_compile(r"[\d一两二三四五六七八九十几半百千万]|钱|笔|的?账户|的?户口|卡")
_COVERBS = ("给", "跟", "向", "对", "帮", "替", "和", "同", "与")
_PERSON_AFTER = re_compile(
    r"了?(?:个|一个|那个)?(?:假|冒充|自称)?(?:客服|警察|骗子|人|职员|公安|银行|男|女|他|她|对方)"
)


# Where it went, between a done marker and the verb: 向对方提供的安全账户, 往他的帐户里, 到骗子卡上.
_DESTINATION = re_compile(r"[向往到进入][^，。！？\s]{1,14}?(?:账户|帐户|户口|户头|账号|卡)(?:里面|里|上|中|内)?$")
# How and where, between a done marker and the verb: 已按對方指示在銀行櫃檯轉帳, 已经照他说的在手机上转了.
_MANNER = re_compile(
    r"(?:按照|按|照着|照|依照|听)[^，。！？]{0,10}?(?:指示|说的|讲的|要求|吩咐|的话|步骤|提示)"
    r"|在[^，。！？]{0,8}?(?:柜台|atm|网点|银行|柜员机|提款机|手机上|网银|app|超商|便利店)(?:上|里|度)?"
)
# Done before the verb: went and did it ("去ATM操作完转了", "去超商缴了"): not a plan.
_FINISHED_STEP = re_compile(r"[完好]|了")


# Intent far back in the clause still rules the verb ("正准备按客服说的在借呗借钱转过去": about to borrow
# and send, 过去 only says where it goes), unless something finished or an outcome comes between.
_INTENT_ZH = re_compile(r"(?:准备|打算|正要|正打算|想要|准备要|预备|就要|快要|马上要|正想)(?![好了完])")
_SINCE_INTENT = re_compile(r"了|完|结果|后来|还是|最后|然后|已经|刚")


def _planned(future: tuple[str, ...], near: str, after: str, before: str = "") -> bool:
    """A future word before the verb ("准备转", "要去转"), unless what followed 去 is finished: went and
    did it ("去ATM操作完转了", "去超商缴了3万": a step done after it, or 了 right after the verb).
    `before`: the whole clause before the verb, for an intent said further back."""
    done = after[:1] in ("了", "完", "过", "掉")
    intent = None
    for m in _INTENT_ZH.finditer(before):
        intent = m  # (the last intent before the verb)
    finished = after.startswith(("了", "完", "掉", "过了", "过去了", "出去了"))  # (not 转过去: where it goes)
    if intent is not None and not finished and not _SINCE_INTENT.search(before, intent.end()):
        return True
    for f in future:
        i = near.rfind(f)
        if i >= 0 and not (f == "去" and (done or _FINISHED_STEP.search(near, i + 1))):
            return True
    return False


_IF_ZH = re_compile(r"假如|如果|要是|万一|假设|假使|若是|倘若")
# A payment the bank stopped before it left (被攔下, "the bank blocked the transfer"). Not "it failed" or
# "didn't go through": that is what callers say to get a second transfer (转账失败，再转一次).
_STOPPED_ZH = re_compile(r"被(?:银行)?(?:拦下|拦截|拦住|截住|止付)|(?:银行)?拦下来了")
_STOPPED_EN = re_compile(
    r"(?<![a-z])(?:payment|transfer|wire|transaction|money|it)\s+(?:was|were|got|has been|had been)\s+"
    r"(?:stopped|blocked|intercepted|held|reversed)(?:\s+by\s+(?:the|my|her|his)\s+bank)?"
    r"|(?:stopped|blocked|held|intercepted)\s+(?:the|a|my|that|this|her|his)\s+(?:payment|transfer|wire|transaction)"
)
# The same, said in the clause after the payment ("…, but the transfer was blocked", "，但被銀行攔截了").
_STOPPED_BUT = re_compile(
    r"(?:but|however)\s+(?:the|my|her|his|that|this)?\s*(?:payment|transfer|wire|transaction|bank)\s+"
    r"(?:was\s+|got\s+|has been\s+)?(?:blocked|stopped|held|reversed|intercepted)"
    r"|(?:但|可是|不过|但是)(?:是)?(?:被)?(?:银行)?(?:拦截|拦下|拦住)了?"
)
# Long over, told as such: "last year I was scammed out of…", "back in 2019", "years ago".
_LONG_AGO_EN = re_compile(
    r"(?<![a-z])(?:last year|years ago|year ago|years back|months ago|back in (?:19|20)\d\d|in (?:19|20)\d\d"
    r"|a few years back|a while back|long time ago)(?![a-z])"
)


# Opening an app or entering it (not installing one), and the words for any app (程序 reads 进程 normalised).
_OPENING_ZH = frozenset({"开", "打开", "点开", "进", "进入", "登录", "登入"})
_APP_WORDS_ZH = frozenset({"app", "软件", "程序", "进程", "应用"})
_DIRECTED_ZH = re.compile(
    r"指导|指示|引导|让我|叫我|要我|教我|让她|让他|叫她|叫他|按照|照着|跟着|按他|照他|按对方|照对方"
)


def _zh_given(c: _Compiled, clause: str) -> dict[str, tuple[int, int]]:
    """Finished giving acts in one Chinese clause: {kind id: span of the verb}."""
    m = c.zh
    found: dict[str, tuple[int, int]] = {}
    if c.zh_acts is None or _has(m["question"], clause):
        return found
    if "您" in clause or "你" in clause or ("我们" in clause and "我" not in clause.replace("我们", "")):
        return found  # a message to someone or in a company's voice, not the person's own account
    family = c.family_zh is not None and c.family_zh.search(clause) is not None  # 匯給我女兒當生活費
    purchase = (_has(m["purchase"], clause) or family) and not _has(m["to_them"], clause)
    if _said(c, "past", "zh", clause):
        return found  # 前年被騙過三萬: long over, nothing to stop now
    own_use = _said(c, "own_use", "zh", clause) and not _has(m["to_them"], clause)  # 在官方App輸入驗證碼登入
    excluded = [(x.start(), x.end()) for x in c.not_acts.finditer(clause)] if c.not_acts else []
    # (the spans are apart and ascending: the one that can hold a place is the last starting at or before it)
    excluded_starts = [a for a, _ in excluded]
    theirs = -99  # where the last act someone else did ends
    for hit in c.zh_acts.finditer(clause):
        s, e = hit.start(), hit.end()
        if (
            (k := bisect_right(excluded_starts, s))
            and s < excluded[k - 1][1]
            and not _MINE.search(clause[:s])
            and not _DISPOSAL.search(clause[:s])
            and not (hit.group() == "给" and _PERSON_AFTER.match(clause, e))  # 给了个客服: to a person
        ):
            continue  # "给了个网址" is someone giving me something; "我给了个验证码他" is mine
        before, after = clause[:s], clause[e:]
        near = before[-4:]
        # "已" far back ("已用500MB…") says nothing about this verb; where it went, said between
        # (已向对方提供的安全账户转账), is not far back.
        before_near = _MANNER.sub("", _DESTINATION.sub("", before))[-10:]
        if _IF_ZH.search(before):
            continue  # 假如转了钱给他还能追回吗: a question about what might be, as "if" in English
        if any(near.endswith(n) or n in near[-3:] for n in m["negation"]) or _ALMOST_ZH.search(before):
            continue  # (差点 anywhere before it in the clause: 我差点就把钱转了 did not happen)
        # "退来" is money coming in; "领出来交给他" (took it out, then handed it over) is not
        settled = before.endswith(("出来", "起来", "下来"))
        # "转了我500" is to me; "汇款了我阿嬷现在…" is a new sentence run on without a comma.
        run_on = after.startswith("了我") and not _TO_ME_AMOUNT.match(after, 2)
        inward = any(after.startswith(w) for w in m["inward"] if not (run_on and w == "了我")) or any(
            before.endswith(w) for w in m["inward"] if not (settled and w == "来")
        )
        inward = inward or (hit.group().endswith(("给", "告诉")) and after.startswith("我"))  # 给我…, 告诉我: to me
        if (
            inward
            or _planned(m["future"], before[-8:], after, before)
            or any(after.startswith(w) for w in m["not_after"])
        ):
            continue
        if _someone_else(c, before) or _has(m["others"], before):
            if after[:1] in ("了", "过"):
                theirs = e  # (and the 给 that closes their finished act: 对方转了钱给她 is theirs too)
            continue  # "他说了…", "对方转了…", "郑女士下载了…": someone else's act
        if hit.group() == "给" and 0 <= s - theirs <= 6:
            continue
        done_after = any(d in after[:4] for d in m["done_after"])
        # "把验证码告诉冒充公安的人了": with 把, the 了 closes the clause after the receiver.
        done_after = done_after or ("把" in before and after.rstrip(_PARTICLES).endswith("了"))  # (…了啦)
        # "把OTP講給他聽": with 把, handed to them to hear or see is told as done, as is a clause
        # opening with 結果 / 後來 (how it ended: 結果我爸把驗證碼傳給那個客服).
        done_after = done_after or ("把" in before and _TO_HEAR.match(after) is not None)
        done_before = any(d in before_near for d in m["done_before"]) or ("把" in before and _OUTCOME.match(before))
        # 已经把信用卡卡号跟背面三码给对方: with 把, the done word before it rules the verb after the thing
        done_before = done_before or any(d in before.split("把", 1)[0][-4:] for d in ("已经", "早就", "都已经"))
        # 短信码我念给自称警察的人了: handed to someone, the clause closing on 了
        done_after = done_after or (
            after.startswith("给") and after.rstrip(_PARTICLES).endswith("了") and len(after) <= 14
        )
        if _has(m["request"], before) and not done_after:
            continue  # "他让我转账": asked, not done
        if not (done_after or done_before):
            continue
        for kind in c.zh_act_kinds[hit.group()]:
            if kind.id in found or (kind.id == "money" and purchase):
                continue  # "我上周在淘宝付了款" is the original order, not money sent to a scammer
            if kind.id == "code" and own_use:
                continue
            acts = kind.by_lang["zh"]
            objects = acts.objects
            plain = c.not_objects["zh"].sub("", clause)
            if kind.id == "remote":
                # A mini-program is never remote-control software, and opening an app (打开顺丰官方App) is
                # using it, the official channel: opened, only a screen share, a meeting or a remote tool counts.
                plain = plain.replace("小程序", "").replace("小进程", "")  # (程序 reads 进程 once normalised)
                if hit.group() in _OPENING_ZH and not _DIRECTED_ZH.search(clause):  # (他指导我打开…: theirs)
                    objects = tuple(o for o in objects if o not in _APP_WORDS_ZH)
            if hit.group() in acts.alone or _object_in(objects, plain, en=False):
                found[kind.id] = (s, e)
    return found


def _phrase_given(c: _Compiled, clause: str, lang: str, found: dict[str, tuple[int, int]]) -> None:
    """Whole finished acts written as phrases (`phrases` of a kind), not negated just before."""
    negation = c.zh["negation"] if lang == "zh" else ()
    purchase: bool | None = None
    for kind in c.situations.given:
        rx = c.phrases.get((kind.id, lang))
        if kind.id in found or rx is None:
            continue
        for hit in rx.finditer(clause):
            if kind.id == "money":
                if purchase is None:
                    m = c.zh if lang == "zh" else c.en
                    to_them = _has(m["to_them"], clause) if lang == "zh" else _to_them_en(c, clause)
                    family = lang == "zh" and c.family_zh is not None and c.family_zh.search(clause) is not None
                    purchase = (_has(c.routine[lang], clause) or family) and not to_them
                if purchase:
                    break
            before = clause[max(0, hit.start() - 16) : hit.start()]
            if lang == "en" and (
                (c.en_negation and c.en_negation.search(before))
                or re.search(r"\b(if|should|to|possible|whether|could|might|maybe|perhaps)\s", before)
                or _READER.search(before)
            ):
                continue  # "I never made a payment", "should I do a transfer", "you got $5 charged"
            if lang == "zh" and _ALMOST_ZH.search(clause, 0, hit.start()):
                continue  # 我差啲就過咗數: almost, so not
            if lang == "zh" and kind.id == "money" and _BILL_AFTER_ZH.match(clause, hit.end()):
                continue  # 繳了兩筆帳單: the person's own bills
            if lang == "zh" and _ASKING_ZH.search(clause, 0, hit.start()):
                continue  # 係咪俾人呃咗 ("was I scammed?"): a question after the account, not a loss told
            if lang == "zh" and kind.id == "money" and "给我" in clause[hit.end() : hit.end() + 10]:
                continue  # 過咗五千蚊俾我交租: to the writer, not away from them
            if kind.id in ("code", "card") and _said(c, "own_use", lang, _LOGIN_DATA.sub("", clause)):
                continue  # "typed my card number in the official app myself": the person's own use
            if hit and not any(clause[: hit.start()].endswith(n) for n in negation):
                found[kind.id] = (hit.start(), hit.end())
                break


def _en_given(c: _Compiled, clause: str, raw: str = "") -> dict[str, tuple[int, int]]:
    """Finished giving acts in one English clause with a first-person subject: {kind id: span}.
    `raw`: the clause as written, its plea not blanked (a done marker may sit in it: "… liao how")."""
    raw = raw or clause
    found: dict[str, tuple[int, int]] = {}
    if c.en_subject is None:
        return found
    purchase = _has(c.en["purchase"], clause) and not _to_them_en(c, clause)
    for kind in c.situations.given:
        rx = c.en_kind.get(kind.id)
        if rx is None or (kind.id == "money" and purchase):
            continue
        if kind.id in ("code", "card") and _said(c, "own_use", "en", clause) and not _to_them_en(c, clause):
            continue  # "typed my card number in the official app myself": the person's own use
        acts = kind.by_lang["en"]
        for hit in rx.finditer(clause):
            if _IF_EN.search(clause, 0, hit.start()):
                break  # "if i already transferred, can get back or not?": a question about what might be
            between = hit.group(1) or ""
            if (c.en_negation and c.en_negation.search(between)) or re.search(r"\b(to|will|would|should)\b", between):
                continue
            if c.helper and _OTHER_AGENT.search(between):
                continue  # "the caller says the scammer sent her…": the scammer's act, not hers
            if _TO_ME.match(clause, hit.end()):
                continue  # done to the person, or a message written to its reader
            if hit.group(3) in ("told", "tell", "said") and _INSTRUCTED_EN.match(clause, hit.end()):
                continue  # "the caller told my dad to buy cards": an instruction given, not a thing given
            if (
                _AND_GOES_ON.match(hit.group())
                and not c.en_subject.search(hit.group(1) or "")  # ("… and I paid": someone new says what was done)
                and _ASK_BY_VERB.search(clause, 0, hit.start())
            ):
                continue  # "said my dad should buy cards and read him the pins": the ask goes on, nothing done
            window = _EN_WINDOW.match(clause[hit.end() :])
            if hit.group(3) in ("told", "tell", "said") and window and _ASK_BY_VERB.search(window.group()):
                continue  # "said my dad should buy vouchers and tell him the codes": what was said is an ask
            if (
                hit.group(3) in acts.alone
                or _object_in(acts.objects, _window(c, window, "en"), en=True)
                or _fronted(c, acts.objects, clause, hit.start())
            ):
                found[kind.id] = (hit.start(), hit.end())
                break
    _en_base_given(c, clause, raw, purchase, found)
    return found


# Verbs that say money by themselves, given whom it went to ("already transfer liao to him, RM 2,000").
_MONEY_ONLY_EN = {"transfer", "paynow", "paylah", "duitnow", "wire", "bank in", "e-transfer", "zelle", "venmo"}
_MONEY_ONLY_EN.add("cash in")
# Him or them right after the verb ("i paynow him already lah"), her only when no noun follows ("her friend").
_PRONOUN_TAKER = re_compile(
    r"\s+(?:him|them)(?![a-z'])|\s+her(?=\s*(?:$|[,.!?]|already|liao|lah|lor|leh|le\b|\d|s\$|rm\b|\$|sgd|myr))"
)


def _fronted(c: _Compiled, objects: tuple[str, ...], clause: str, start: int) -> bool:
    """The object said before the subject and verb, as Singapore and Indian English front it ("OTP I have
    shared only", "RM 2,000 I send to him already"): a few words opening the clause, not negated."""
    head = clause[:start]
    if not head.strip() or len(head.split()) > 4 or (c.en_negation and c.en_negation.search(head)):
        return False
    return _object_in(objects, c.not_objects["en"].sub(lambda m: " " * len(m.group()), head), en=True)


# "… and <verb>" going on from the clause's own subject; an ask or obligation told by its giving verb
# ("needs to get gift cards", "should buy", "told my dad to buy") rules what follows "and".
_AND_GOES_ON = re_compile(r"\W*and(?![a-z])")
_ASK_BY_VERB = re_compile(
    r"(?<![a-z])(?:must|need|needs|have to|has to|should|required to|supposed to|told to|asked to|wants? \S+ to)"
    r"\s+(?:to\s+)?(?:[a-z]+\s+)?(?:pay|transfer|send|give|buy|get|purchase|share|install|download|withdraw|hand|read|tell|wire)"
    r"(?![a-z])"
    rf"|(?<![a-z])(?:me|him|her|us|them|my\s+[a-z]+)\s+to\s+(?:{_EN_GIVING}|get|purchase|withdraw|hand)(?![a-z])"
)
# Someone told to do something ("told my dad to buy Google Play cards", "told her to read out the code").
_INSTRUCTED_EN = re_compile(
    r"\s+(?:[a-z']+\s+){1,3}?to\s+(?:buy|get|pay|send|transfer|move|wire|give|share|read|tell|install|download|"
    r"purchase|withdraw|take|hand|go|key|enter|type|put|open|click|call|ring|keep|stay|scratch|log)(?![a-z])"
)
_IF_EN = re_compile(r"(?<![a-z'])(?:if|suppose|supposing|in case|what if|whether)(?![a-z'])")
_HER_THING = re_compile(r"\s+(?:own|[a-z]+\s+bill|bill|phone|electricity|rent|order|recharge)")


def _to_them_en(c: _Compiled, clause: str) -> bool:
    """Whom it went to, in English; "her" before a noun is a possessive ("her electricity bill")."""
    for hit in c.en_to_them.finditer(clause) if c.en_to_them else ():
        if hit.group() != "her" or not _HER_THING.match(clause, hit.end()):
            return True
    return False


def _window(c: _Compiled, window: re.Match | None, lang: str) -> str:
    """The words after a verb, with things that are not what a scam takes blanked (a delivery code)."""
    text = window.group() if window else ""
    return c.not_objects[lang].sub(lambda m: " " * len(m.group()), text)


_PLANNED = re_compile(r"\b(?:to|will|would|should|can|must|if|gonna|going)\b")
_READER = re_compile(r"(?<![a-z])(?:you|u|ya|your|ur)\W*$")
_THEN_LOR = re_compile(r"^\W*(?:and\s+)?then\b.*\blor\b")
# Whom the money went to, in a plain-form clause: "to that 'bank officer'", "pay the courier guy".
_TAKER = re_compile(
    r"\bto\s+(?!me\b|us\b|you\b|u\b|my\b|myself\b|our\b|ur\b|your\b)[a-z']"
    r"|(?<![a-z])(?:officer|guy|man|lady|agent|courier|caller|scammer|uncle|auntie|aunty|police|inspector)(?![a-z])"
)


def _en_base_given(c: _Compiled, clause: str, raw: str, purchase: bool, found: dict[str, tuple[int, int]]) -> None:
    """Plain verb forms said as done ("i already transfer 5k to him liao", "then i give him the code
    lor", "i done transfer"): a done marker before the verb or after it in the clause as written
    (`raw`, before its plea was blanked), not negated or planned, with the kind's object after it;
    money also needs whom it went to ("him", "the caller") so that "i pay for dinner already" is not."""
    if c.en_done is None or not (c.en_done.search(raw) or _THEN_LOR.search(raw)):
        return  # (no done marker anywhere in the clause: no plain verb in it is done)
    for kind in c.situations.given:
        rx = c.en_base.get(kind.id)
        if rx is None or kind.id in found or (kind.id == "money" and purchase):
            continue
        acts = kind.by_lang["en"]
        for hit in rx.finditer(clause):
            if _IF_EN.search(clause, 0, hit.start()):
                break
            between = (hit.group(1) or "") + " " + (hit.group(2) or "")
            if (c.en_negation and c.en_negation.search(between)) or _PLANNED.search(between):
                continue
            if _TO_ME.match(clause, hit.end()):
                continue
            after = clause[hit.end() :]
            if c.en_negation and c.en_negation.search(after[:12]):
                continue
            told = _THEN_LOR.search(raw) is not None  # Singapore narrative: "then i give him the code lor"
            if not (told or c.en_done.search(between) or c.en_done.search(raw, hit.end())):
                continue
            window = _window(c, _EN_WINDOW.match(after), "en")
            if not (
                _object_in(acts.objects, window, en=True)
                or _fronted(c, acts.objects, clause, hit.start())
                or (
                    kind.id == "money"
                    and hit.group(3) in _MONEY_ONLY_EN
                    and (_TAKER.search(after) or _PRONOUN_TAKER.match(after))
                    and not _has(c.en["purchase"], clause)  # ("paynow her friend for dinner already")
                )
            ):
                continue
            if kind.id == "money" and not (c.en_to_them and c.en_to_them.search(clause)) and not _TAKER.search(after):
                continue
            found[kind.id] = (hit.start(), hit.end())
            break


_clause_memo = dict  # (tests put a memo that keeps nothing here: the reading clause by clause, the reference)


# The last readings made, by text (with the situations they were read with): within one message the
# analyzer, the chat engine and its report each read the same words (the message, the account), and a
# reading is immutable, so the second reader gets the first one's. A few dozen short texts, in memory
# only; None reads every time (tests compare the two).
_RECENT: dict[str, tuple[Situations, Situation]] | None = {}
_RECENT_MAX = 32


def detect(situations: Situations | None, text: str) -> Situation:
    """Read what has already happened from one message (or account)."""
    if situations is None or not text.strip():
        return Situation()
    recent = _RECENT
    if recent is None:
        return _read(situations, text)
    hit = recent.get(text)
    if hit is not None and hit[0] is situations:
        return hit[1]
    found = _read(situations, text)
    recent.pop(text, None)  # (kept as the newest)
    recent[text] = (situations, found)
    while len(recent) > _RECENT_MAX:
        try:
            del recent[next(iter(recent))]  # the oldest (each step atomic: threads share the memo)
        except (KeyError, StopIteration, RuntimeError):
            break
    return found


def _read(situations: Situations, text: str) -> Situation:
    norm: Normalized = normalize(text)
    folded = norm.text.replace("著", "着")  # 連著, 開著: Taiwan's 着 (same length, offsets kept)
    quotes: list[Quote] = []
    given: list[str] = []

    def quote(s: int, e: int, what: str) -> None:
        a, b = norm.span(s, e)
        quotes.append(Quote(norm.original[a:b], a, b, what))

    c = _compiled(situations)
    # A news or police report with nobody speaking for themselves (no 我, no "I"/"my") is someone
    # else's past: "据了解，被害人已汇款3万", "police said the woman sent $5,000": nothing given now.
    report = c.report.search(folded) is not None
    story = report and not _SPEAKER.search(folded)
    if _helped(c, folded, report):
        c = c.helper_view()
        if c.helped_zh:  # (来电人称 / 她说 is the frame, not part of what she did: blanked, offsets kept)
            folded = c.helped_zh.sub(lambda m: " " * len(m.group()), folded)
    before = ""  # the two clauses before, for a bare yes to what they asked ("他叫我转账，我转了")
    told, kin, subs = _resolve_kin(c, folded, norm)  # (she/he pointing back to the relative named: "I")
    by_kin = False  # a thing given in a clause told of the relative (named there, or by pronoun)
    last: tuple[int, str] = (0, "")  # the clause before: where it starts, its words
    # What a clause gives by its own words alone, by the clause: a text pasted again and again (a flood,
    # a forward repeated) reads each distinct clause once.
    read: dict[tuple[str, str], dict[str, tuple[int, int]]] = _clause_memo()
    for cs, ce in _clauses(told, _spaced_breaks(norm)):
        if not _WORDY.search(told, cs, ce):
            continue  # digits and marks alone ("1,2,3,…") tell nothing: no verb, no subject
        clause = _blank_pleas(c, told[cs:ce])
        zh = _HAN.search(clause) is not None
        if story:
            found = {}
        elif (done := read.get((clause, told[cs:ce]))) is not None:
            found = dict(done)
        else:
            found = _zh_given(c, clause) if zh else _en_given(c, clause, told[cs:ce])
            _phrase_given(c, clause, "zh" if zh else "en", found)
            read[clause, told[cs:ce]] = dict(found)
        if found and not zh and _LONG_AGO_EN.search(clause):
            found = {}  # "last year I was scammed out of $300": long over, nothing to stop now
        if "money" in found and (_STOPPED_ZH if zh else _STOPPED_EN).search(clause):
            del found["money"]  # 轉給陌生人的5萬被攔下了, "the transfer was blocked": it never left
        if not found and not story:
            asked, said, raw = before, clause, told[cs:ce]
            if split := _yes_split(c, clause, zh):
                asked, said, raw = clause[: split[0]], clause[split[1] :], told[cs + split[1] : ce]
            for kind_id in _confirmed(c, asked, said, raw.rstrip(), zh):
                found[kind_id] = (cs, ce)
        span = (cs, ce)
        if (
            "money" not in found
            and not story
            and zh
            and (_cards_sent(c, last[1], clause) or _cash_handed(last[1], clause))
        ):
            found["money"] = span = (last[0], ce)  # 買了三萬的點數卡，拍照傳給他了: the cards went to them
        before = f"{before.rsplit('，', 1)[-1]}，{clause}" if before else clause  # (收到个密码，他叫我读…)
        last = (cs, clause)
        if found and kin is not None and (cs <= kin[0] < ce or any(cs <= p < ce for p in subs)):
            by_kin = True
        for kind_id in found:
            if kind_id not in given:
                given.append(kind_id)
                quote(*(span if kind_id == "money" else (cs, ce)), kind_id)
    if "money" in given and (stop := _STOPPED_BUT.search(told)) is not None:
        at = next(q.start for q in quotes if q.what == "money")
        if norm.span(stop.start(), stop.end())[0] > at:  # "sent £500 but the transfer was blocked": it never left
            given.remove("money")
            quotes = [q for q in quotes if q.what != "money"]
    if "money" not in given and not story and (cards := _gift_cards_sent(c, told)) is not None:
        given.append("money")  # "bought $300 in google play cards and sent him the codes": the money went
        quote(*cards, "money")
    ongoing: list[str] = []
    line_at: int | None = None  # where a line still open is told (in `folded`)
    has = c.ongoing_words.find(folded).contains
    for mode, phrases in c.ongoing:
        for required, rx in phrases:
            if not could_match(required, has):
                continue  # a word every match needs is missing: no search
            hit = rx.search(folded)
            if hit and mode == "paying" and not _paying_ok(c, folded, hit):
                continue
            if hit and mode in ("call", "video") and _own_line(folded, hit):
                continue  # "on the phone with my mum right now": the writer's own call, not the caller's
            if hit:
                if mode != "paying" and line_at is None:
                    line_at = hit.start()
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
    who = ""
    if by_kin and kin is not None:
        a, b = norm.span(*kin)
        who = norm.original[a:b]
    line_who = ""
    if line_at is not None and (span := _on_line_kin(c, folded, norm, line_at)) is not None:
        line_who = norm.original[span[0] : span[1]]  # "my nan is still on the phone with them": she is
    return Situation(tuple(sorted(given, key=order.index)), bool(ongoing), tuple(quotes), tuple(ongoing), who, line_who)


def _on_line_kin(c: _Compiled, folded: str, norm: Normalized, pos: int) -> tuple[int, int] | None:
    """Where the relative or friend who is still on the line is named (their span in the original),
    when the account is of them ("my nan is still on the phone with them", 我妈还在跟对方打电话,
    阿媽仲同佢講緊電話, "they told my dad not to hang up"), not of the writer ("I'm still on the line").
    Read in the clause that holds the open line and the one before it."""
    rx = c.kin_who
    if rx is None:
        return None
    spans = _clauses(folded)
    at = next((n for n, (s, e) in enumerate(spans) if s <= pos < e), None)
    if at is None:
        return None
    lo = spans[max(0, at - 1)][0]
    hi = spans[at][1]
    # (from the relative named last before it in the clause: "I sent them £500 and my mum is still on…")
    named = [m for m in rx.finditer(folded, spans[at][0], pos) if m.end() <= pos]
    here = folded[named[-1].end() if named else spans[at][0] : pos]
    if _HAN.search(here):
        kin_at = {m.start() for m in rx.finditer(here) if m.group("w")}
        writer = any(m.start() not in kin_at for m in _WRITER_ZH.finditer(here))
    else:
        writer = _WRITER_EN.search(here) is not None
    if writer:
        return None  # "I'm still on the phone with him, my mum is next to me": the writer's own call
    m = rx.search(folded, lo, hi)
    if m is None:
        return None
    g = "w" if m.group("w") else "en"
    return norm.span(m.start(g), m.end(g))


# The one on the line is the writer's own: "on the phone with my sister", "talking to my mum right now",
# "my daughter is talking to me right now" (not "with my bank": that line may be the spoofed one).
_WITH_OWN_EN = re_compile(r"(?<![a-z])(?:with|to)\s+(?:my|our)\s+(?!bank|card|account|credit|phone|number)[a-z'-]+")
_OWN_TO_ME_EN = re_compile(
    r"(?<![a-z])(?:my|our)\s+[a-z'-]+\s+(?:is|are|'s)\s+(?:still\s+)?(?:talking|speaking|on the phone)\s+"
    r"(?:to|with)\s+(?:me|us)(?![a-z])"
)


def _own_line(folded: str, hit: re.Match) -> bool:
    """Whether an open line found at `hit` is the writer's talk with their own people."""
    return bool(
        _WITH_OWN_EN.search(folded, hit.start(), hit.end() + 24)
        or _OWN_TO_ME_EN.search(folded, max(0, hit.start() - 30), hit.end() + 4)
    )


# The writer as the subject before the open line ("i'm still on…", 我还在…), not "my" or 我妈.
_WRITER_ZH = re_compile(r"我(?!的|个)")
_WRITER_EN = re_compile(r"(?<![a-z'])(?:i|i'm|im|i've|we|we're)(?![a-z'])")


_WORDY = re_compile(r"[a-z\u4e00-\u9fff]")
# Cards bought at their word, then their numbers sent: Taiwan's 遊戲點數 / 點數卡, gift cards. Bought
# alone is a purchase (买了 is in `purchase`); the next clause sending them to the caller makes it a loss.
_CARDS_BOUGHT = re_compile(
    r"买了[^，]{0,12}?(?:点卡|礼品卡|购物卡|储值卡|充值卡|卡密|点数|礼物卡|google play|apple|itunes|steam)"
)
_CARDS_SENT = re_compile(
    r"(?:传|发|给|报|念|拍)(?:给)?(?:他|她|对方|冒充|那个|个|客服|骗子|假)[^，]{0,8}?[了过完]"
    r"|(?:传|发|报|念|拍)了给(?:他|她|对方|那个|个|客服|骗子|假)"  # (send咗俾佢: 发了给他)
    r"|(?:传|发|报|念|拍|给)(?:过去|出去|了过去|了出去)了?"  # (序號都傳過去了: sent over)
)


_GIFT_WORDS = ("card", "voucher", "itunes", "google play", "razer", "vanilla")
_GIFT_BOUGHT_EN = re_compile(
    r"(?<![a-z'])(?P<verb>bought|purchased|got|picked up|loaded|buy|went to buy|go buy|purchase)"
    r"\s(?:[^.!?\n]{0,40}?\s)?"
    r"(?:gift ?cards?|google play|apple ?(?:gift )?cards?|itunes|steam ?cards?|vouchers?|ebay cards?"
    r"|amazon cards?|razer gold|sephora cards?|target cards?|vanilla)"
)
_GIFT_SENT_EN = re_compile(
    r"(?<![a-z'])(?P<verb>sent|read|gave|texted|messaged|whatsapped|told|scratched|photographed|snapped|shared|forwarded"
    r"|emailed|send|give|share|tell)"
    r"\s(?:[a-z' ]{0,30}?\s)?"
    r"(?:the |their |all the |them the )?(?:codes?|numbers|pins?|cards|card numbers|photos?|pictures?)(?![a-z])"
)


_GIFT_PLAIN = {"buy", "went to buy", "go buy", "purchase", "send", "give", "share", "tell"}


def _gift_cards_sent(c: _Compiled, told: str) -> tuple[int, int] | None:
    """Gift cards bought at their word, then their codes sent or read out (English): the money went.
    Bought alone is a purchase; sent alone is a code. Told by the writer or a relative, not negated,
    not "if"; returns the span from the buying to the sending."""
    if _HAN.search(told) or not any(w in told for w in _GIFT_WORDS):
        return None  # (a literal test first: most messages name no gift card at all)
    bought = _GIFT_BOUGHT_EN.search(told)
    if bought is None:
        return None
    sent = _GIFT_SENT_EN.search(told, bought.end())
    if sent is None or sent.start() - bought.end() > 120:
        return None
    before = told[max(0, bought.start() - 30) : bought.start()]
    between = told[bought.start() : sent.end()]
    if _IF_EN.search(before) or (c.en_negation and c.en_negation.search(f"{before} {between}")):
        return None
    plain = bought.group("verb") in _GIFT_PLAIN or sent.group("verb") in _GIFT_PLAIN
    if plain and not (c.en_done and c.en_done.search(told, sent.start(), sent.end() + 30)):
        return None  # "buy the cards and send him the codes" is an instruction; "…already" is done
    if c.en_subject is None or not c.en_subject.search(told[max(0, bought.start() - 40) : bought.start() + 1]):
        return None  # (whoever bought them: "i've bought", "my dad went and bought")
    return bought.start(), sent.end()


# Cash taken out (取了三萬現金, 領了二十萬), then, in the next clause, handed to whoever came for it.
_CASH_OUT = re_compile(r"(?:取|领|提|拎|拿)(?:了|出了)[^，]{0,12}?(?:现金|钱|\d|万|千|蚊|块|元)")
_CASH_HANDED = re_compile(
    r"(?:交|递|拿)(?:了)?给(?:了)?(?:他|她|对方|那个|那位|来|上门|派来|快递|骗子|假|冒充|收钱|他们)"
)


def _cash_handed(last: str, clause: str) -> bool:
    """The clause before took cash out, this one handed it over, done (了 or 已经), not negated or asked."""
    if not last or not _CASH_OUT.search(last) or (hit := _CASH_HANDED.search(clause)) is None:
        return False
    if not ("了" in clause[hit.start() :] or any(d in clause[: hit.start()] for d in ("已经", "都", "刚"))):
        return False
    both = f"{last}，{clause}"
    return not any(n in both for n in ("没", "不", "差点", "差一点", "冇", "未", "叫我", "让我", "要我"))


def _cards_sent(c: _Compiled, last: str, clause: str) -> bool:
    """The clause before bought scam currency (点卡, 礼品卡), this one sent it to them, both done."""
    if not last or not _CARDS_BOUGHT.search(last) or not _CARDS_SENT.search(clause):
        # (or both in one clause: 買了兩萬的遊戲點數序號也傳過去了, said without a comma)
        bought = _CARDS_BOUGHT.search(clause)
        if bought is None or not _CARDS_SENT.search(clause, bought.end()):
            return False
        last = ""
    return not any(n in f"{last}，{clause}" for n in ("没", "不", "差点", "差一点", "冇", "未", "叫我", "让我", "要我"))


def _yes_split(c: _Compiled, clause: str, zh: bool) -> tuple[int, int] | None:
    """Where a bare yes starts inside one clause ("… and i gave it", "要验证码我就给了", voice-to-text
    "ask him transfer 5k  my dad transfer liao"): (end of the ask, start of the yes), or None."""
    if not (_ZH_ASKED.search(clause) if zh else _asked_en(clause)):
        return None  # nothing asked in it: no yes to split off
    if zh:
        for m in _ZH_WHO.finditer(clause):
            if m.start() and _ZH_CONFIRM.match(clause[m.start() :].strip().rstrip(_PARTICLES)):
                return m.start(), m.start()
        return None
    if c.en_confirm is None:
        return None
    # (voice-to-text has no comma: any subject may start the yes, which must run to the clause's end)
    starts = [m.start() for m in re.finditer(r"\s(?:and|so|which|then)\s", clause)]
    starts += [m.start() for m in c.en_subject.finditer(clause)] if c.en_subject else []
    for start in sorted(starts):
        if _SUBORDINATE.search(clause[:start]):
            continue  # "… when i did", "if this was something i had done": not a yes
        if _asked_en(clause[:start]) and c.en_confirm.match(clause[start:].rstrip()):
            return start, start
    return None


_SUBORDINATE = re_compile(
    r"(?<![a-z])(?:when|whenever|if|once|until|till|before|after|that|something|what|whether|unless|as soon as)\W*$"
)


_ZH_WHO = re_compile(r"我|阿妈|阿爸|阿嫲|阿嬷")


_CONTROL = re_compile(
    r"anydesk|teamviewer|todesk|向日葵|远程|远端|quick ?support|quick assist|ultraviewer|rustdesk|remote"
)
_MEETING = re_compile(r"share|sharing|zoom|teams|meet(?:ing)?\b|会议|共享|分享|屏幕|开会")
_STILL = re_compile(r"(?<![a-z])(still|right now|currently)(?![a-z])|还在|还开着|还连着|没关|仍在|仲在|仲|而家|紧")


def _still(folded: str) -> bool:
    return _STILL.search(folded) is not None
