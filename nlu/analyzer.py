"""The embedded analyzer: text in, Analysis out. Pure over a loaded knowledge base.

Scoring in one paragraph: every matched indicator (not negated) is evidence with a weight and a
kind. A script's score is a noisy-OR over its stages (strongest indicator per stage, with a
little credit for more), plus half-weight credit from red flags typical of it. The overall risk
is a noisy-OR over all evidence, damped when nothing is *asked* of the person (no demand) and
when the text reads as a warning rather than a request. "scam" needs a demand genuine service
never makes (or a decisive indicator such as 卡单/安全账户) on top of a high risk. When the rules
stay just below the warning line, the wording model (nlu/wording.py) may raise the verdict to
"suspicious" — never to "scam" — under the conditions in `_wording_evidence`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from knowledge.model import Indicator, KnowledgeBase, L10n

from .cues import analyzer_cue
from .entities import AliasIndex, Mention, app_index, find_links, find_money, find_phones, org_index
from .links import LinkChecker
from .literals import Found, LiteralFinder, Prefiltered, could_match
from .normalize import Normalized, count_cjk, normalize
from .own import is_own, own_spans
from .regexcache import compile as re_compile
from .situation import detect, given_to_someone, in_own_voice
from .sms_model import SmsModel, shipped_sms_model
from .spelling import correct as read_names
from .telling import cue_literals, how_told
from .windows import Near
from .wording import WordingModel, shipped_model

if TYPE_CHECKING:
    from knowledge.phrases import CompiledPhrase

MAX_CHARS = 20_000  # the whole of any realistic forward; longer texts: this prefix, and the report says so first
MAX_EVIDENCE_PER_INDICATOR = 3
DECISIVE = 0.85
SCAM_AT = 0.75
SUSPICIOUS_AT = 0.5
TOLD_AS_IMPOSTOR = "red_flag.told_as_impostor"
AUTOMATED_CALL = "red_flag.automated_call"  # a robocall: an impostor's usual opening, a bank's genuine alert too
GENUINE_HANDLING = "red_flag.genuine_handling"
DENIES_RELATIONSHIP = "red_flag.denies_relationship"
# A contact that matches a genuine process (official/processes.yml) keeps at most this risk.
GENUINE_RISK = 0.2
CALL_BACK = "red_flag.asks_call_back"
# Asks to ring a number: on-channel when the number is the official one, or when the person rang the
# organisation through a channel they chose themselves (the number on the card, its own site).
_CALL_BACKS = frozenset({CALL_BACK, "order_anomaly.en_call_to_cancel"})
# Genuine-process phrases that tell the person checked through their own channel.
_SELF_CHECKED = frozenset({"genuine.verified_independently"})
SELF_CHECK_PROCESS = "verified_independently"
# Genuine-process phrases that tell the contact's own question ("asked whether I had made the purchase"), not a
# check of the person's: they may match that process, but do not hold back the impostor or strong-demand rules.
_NOT_A_CHECK = frozenset({"genuine.fraud_check_call"})
# Asks to open or pay through a link: on-channel when every link given is the organisation's own site
# ("pay online at ups.com/mybill"), as a call-back is when the number is the official one.
_LINK_ASKS = frozenset({"red_flag.asks_open_link", "phishing_link.en_pay_or_act_now", "phishing_link.en_link_sent"})
_BAD_LINKS = frozenset({"lookalike", "brand_in_domain", "shortener", "raw_ip"})  # never an organisation's own
BAD_LINK_WEIGHT = 0.45  # link evidence at least this: a lookalike or brand-in-domain link, not merely unknown
LOOKALIKE_WEIGHT = 0.6  # link evidence at least this: a look-alike or brand-in-domain address (not a shortener)
STRONG_DEMAND = 0.45  # a code (0.6), a transfer (0.55), a card or password, remote access; not a link mentioned (0.2)
# Mitigating lines scammers copy from genuine messages ("we will never ask for your password", "reply STOP").
_COPYABLE = frozenset({"red_flag.warning_not_request", "red_flag.opt_out_line"})
# Off-channel demands that carry their own pretext: a company's fee asked over the phone, through a
# link a caller sends, or to a person's own payee. The fee is the "why"; with a company's name or a
# claimed role, the structure is whole without a separate hook.
_FEE_OFF_CHANNEL = frozenset({"red_flag.payment_by_call", "red_flag.fee_to_person"})
# The wording model is asked only when the rules found something (risk at least this, from an
# indicator that genuine adverts do not use as well) but stayed below the warning line.
WORDING_MIN_RISK = 0.2
# The wording model learnt how scammers address their target; a person *telling* us about a call
# ("对方说…", "我接到一个电话") narrates instead, and the model cannot judge narration.
_NARRATION = analyzer_cue("narration_zh")  # knowledge/cues.yml
# Someone telling of one contact they had, in English ("they called me", "I got a text").
_NARRATION_EN = analyzer_cue("narration_en")  # knowledge/cues.yml
# A suspicion voiced just before an impostor word ("I thought it was a scam call", "我以为是骗子"): the
# person feared a scam, the account does not say the contact was fake (read back to the sentence start).
_SUSPICION = (analyzer_cue("suspicion_en"), analyzer_cue("suspicion_zh"))  # knowledge/cues.yml
SUSPICION_READ = 60  # characters read before the impostor word
# The person rang the organisation themselves (not back on a number they were given): a code or identity
# check asked in that call is not an unsolicited contact's demand.
_SELF_INITIATED = (analyzer_cue("self_initiated_en"), analyzer_cue("self_initiated_zh"))  # knowledge/cues.yml
# The person installed the app from the official store themselves: "install an app" is then no demand.
_OWN_STORE = analyzer_cue("own_store")  # knowledge/cues.yml
# The app asked for is the anti-fraud authority's own (国家反诈中心, Scameter, ScamShield), with no link, QR code or
# file for it: no "install an app" demand, and an ask that points to an official channel (see `_own_channel`).
_ANTIFRAUD_APP = analyzer_cue("official_antifraud_app")  # knowledge/cues.yml
_APP_SOURCE = re_compile(r"链接|连结|网址|二维码|扫码|安装包|apk|\blinks?\b|\bqr\b|\bfile\b|https?://|www\.")
# The person acted through a channel they chose themselves (the company's app or site they opened, an address
# they typed, the counter or their own branch, the number on their card, a confirmation in the bank's own app),
# unless a caller told them to use it (`own_channel_instructed`, read just before): see `_own_channel`.
_OWN_CHANNEL = (analyzer_cue("own_channel_en"), analyzer_cue("own_channel_zh"))  # knowledge/cues.yml
# ...or saw the matter inside the organisation's own app or site (an in-app notice, a fee paid in its app).
_OFFICIAL_VIEW = (analyzer_cue("official_view_en"), analyzer_cue("official_view_zh"))  # knowledge/cues.yml
# What the contact asked happens at the organisation's own counter ("go to your branch to check", a notice card:
# pay and collect at the post office): an ask of the contact's, yet no channel of a caller's (see `_own_channel`).
# And a check of the person's own in the organisation's app or site that found the same ("上官网也看到同样的税款").
_POINTS_TO_OFFICIAL = (analyzer_cue("official_counter_ask"), analyzer_cue("official_same"))  # knowledge/cues.yml
# Words just before such a cue that make it a supposition or a proposal, not what happened ("通常银行都是让我去网点",
# "比如通过官方App通知我", "if they asked me to go to the branch"): a scam call's transcript is full of them.
_SUPPOSED = re_compile(
    r"(通常|一般|往往|比如|例如|譬如|如果|要是|假如|或者|坚持|能不能|可不可以|是不是|应该|应当|不如|建议你|建议您)[^。!?;\n]{0,12}$"
    r"|\b(usually|normally|typically|generally|should|would|could|if|whether|unless|instead of|rather than)\b"
    r"[^.!?;]{0,40}$"
)
_OWN_CHANNEL_INSTRUCTED = analyzer_cue("own_channel_instructed")  # knowledge/cues.yml
# Money paid TO the other party ("I paid 2600 to him from my banking app", 我用手机银行转了2600给他): whichever
# app sent it, it is money gone, never a check through one's own channel (see `_own_channel`, `_paid_to_contact`).
_PAID_TO_CONTACT = analyzer_cue("paid_to_contact")  # knowledge/cues.yml
FEE_TO_PERSON = "red_flag.fee_to_person"
# A payment of the person's own to someone they know or against a bill's reference ("I sent my mum the rent"):
# with no contact, pretext or instruction told, the transfer it names is nobody's demand (see `_own_payment`).
_OWN_PAYMENT = (analyzer_cue("own_payment_en"), analyzer_cue("own_payment_zh"))  # knowledge/cues.yml
ASKS_TRANSFER = "red_flag.asks_transfer"
# The account itself says the contact asked for nothing risky ("they never asked for my PIN", 全程没要验证码).
_NOTHING_ASKED = (analyzer_cue("nothing_asked_en"), analyzer_cue("nothing_asked_zh"))  # knowledge/cues.yml
OWN_CHANNEL_READ = 60  # characters read before an own-channel cue for an instruction
# The person reported a case to the police themselves ("我上周去派出所报案", "I reported my stolen bike to the
# police"): told before the pretext, the police contact that follows is their own case (see `_own_channel`).
_SELF_REPORTED = (analyzer_cue("self_reported_en"), analyzer_cue("self_reported_zh"))  # knowledge/cues.yml
# A hotline operator's own note prefix at a line's start ("来电人说：", "據來電者稱，", "Caller says"): the
# operator's words, blanked before anything is read, so they are never a contact's claim (`_without_notes`).
_OPERATOR_NOTE = analyzer_cue("operator_note")  # knowledge/cues.yml
_FIRST_PERSON_ANY = re_compile(r"[我俺咱]|(?<![a-z'])(?:i|i'm|im|i've|me|my|mine|we|our|us)(?![a-z'])")
INSTALL_APP = "red_flag.asks_install_app"
# What the person says they already gave, read as the demand it answered (`_ask_done`): kinds of
# knowledge/situations.yml `given` -> the red flag of that demand. (Money is not here: paying a bill,
# a duty or a shop is what people do every day.)
_DONE_AS_DEMAND = {"code": "red_flag.asks_code", "card": "red_flag.asks_card_or_password", "remote": INSTALL_APP}
# Remote access done: an app installed, a screen shared, access given (not software merely opened).
_INSTALLED = re_compile(
    r"下载|安装|装|共享|屏幕|远程|遥距|权限|install|download|shar|remote|access|control|anydesk|teamviewer"
)
# A call "transferred to the police" (the courier-to-police hand-over), and the person ringing the police
# themselves: a transfer told after that is the real police's own switchboard, no hand-over.
HANDED_TO_POLICE = "red_flag.handed_to_police"
_CALLED_POLICE = analyzer_cue("called_police_self")  # knowledge/cues.yml
# A code asked in person by the driver at the door to hand over a parcel (a delivery code): no caller's demand.
_HANDOVER_CODE = analyzer_cue("handover_code_en")  # knowledge/cues.yml
# A company's fee asked in a call: a call in the account and a link that came from the contact
# (red_flag.payment_by_call, derived when its phrases, bound to one sentence, did not see it whole).
_CALL_RECEIVED = analyzer_cue("call_received")  # knowledge/cues.yml
_LINK_FROM_CONTACT = analyzer_cue("link_from_contact")  # knowledge/cues.yml
PAYMENT_BY_CALL = "red_flag.payment_by_call"
# A line or a supply to be cut for a bill said to be unpaid (phishing_link.yml): the bill is the fee.
SERVICE_CUTOFF = "phishing_link.service_cutoff"
ASKS_FEE = "red_flag.asks_fee"
ASKS_CODE = "red_flag.asks_code"
_REMOTE_CONTACT = analyzer_cue("remote_contact_en")  # knowledge/cues.yml: by phone, text or chat
# The contact presents itself as a company, an official or an office, named on file or not ("one
# delivery executive", "自称…门市人员", a message signed 【…】 or "Dear customer"): the structure's "who"
# for a demand no genuine service makes (`_verdict`), in every language and script.
_CLAIMED_ROLE = (analyzer_cue("claimed_role_en"), analyzer_cue("claimed_role_zh"))  # knowledge/cues.yml
# Impostor words that name scammers in general, not this contact ("scammers often…", 诈骗分子).
_GENERIC_IMPOSTOR = re_compile(r"(scammers|fraudsters|con artists|crooks|诈骗分子)")
# A demand phrase whose own first words deny it or only ask about it ("told me never to share the code").
_DEMAND_DENIED = analyzer_cue("demand_denied_en")  # knowledge/cues.yml
_DEMAND_DENIED_MATCH = _DEMAND_DENIED.regex.match  # (anchored at the match's start: no prefilter)
# ...and it only knows how a caller speaks *to* someone: text that never says 你/您 is not that.
_ADDRESSES_READER = re_compile(r"[你您]")
_SENTENCE_STOP = re_compile(r"[。！？!?;；\n]|\.(?:\s|$)")
# The English SMS model (nlu/sms_model.py) judges messages as received, so it is asked only about
# English text that tells no story (incident cues other than the message's own "click here"), is no
# warning and no genuine notice shape below; it can raise no_scam_signs to suspicious (never to
# scam). A message aimed at the reader says "you" (asked at SMS_MODEL_AT), or carries a link to open
# (SMS_LINK_AT) or a phone number to ring (SMS_NUMBER_AT). Measured on dev_en.jsonl with the rules
# (held-out sources; see the issue-9-sms note): adding the link and number branches took scam recall
# on Smishtank 0.59 -> 0.73 and Super 0.78 -> 0.84 for +0.0004 ham false flags on Super.
SMS_MODEL_AT = 0.7
SMS_LINK_AT = 0.5
SMS_NUMBER_AT = 0.95
# When the rules saw part of a script (a lure, a demand) but not enough to warn, and the message
# carries a link, a model that leans the same way is enough (+0.03 Smishtank, +0.01 Super recall,
# no ham false flags added on Super / Mendeley / UCI).
SMS_HINTED_LINK_AT = 0.2
SMS_HINT_WEIGHT = 0.3
_SMS_HINT_KINDS = frozenset({"hook", "demand", "contact", "pressure"})
_ADDRESSES_READER_EN = re_compile(r"\b(you|your|yours|u|ur)\b")
_SMS_LINK = re_compile(
    r"https?:|www\.|(?<![a-z0-9-])[a-z0-9-]+\.(com|net|org|info|co|me|ly|io|xyz|top|app|site|online|link|in|uk|us)\b"
)
# A link with a path (a domain, "/", more) is something to open, even sent alone.
_SMS_LINK_PATH = re_compile(r"[a-z0-9-]\.[a-z]{2,12}/\w")
_SMS_NUMBER = re_compile(r"(?<!\d)\d(?:[ -]?\d){6}")
_SMS_EMAIL = re_compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*")
SMS_MIN_WORDS = 5  # a bare address, number or link alone is no message to judge
# Without "you", a text that speaks of others ("the customer then gets an SMS from …") explains.
_SMS_THIRD_PERSON = analyzer_cue("sms_third_person")  # knowledge/cues.yml
# Genuine notice shapes the licensed training data never showed the model: a bank transaction
# alert (an amount and a balance), an operator's USSD code.
_SMS_ALERT = analyzer_cue("sms_alert")  # knowledge/cues.yml
_SMS_USSD = analyzer_cue("sms_ussd")  # knowledge/cues.yml
# A mobile operator's own notices: a top-up confirmation, a short code that is free to call.
_SMS_OPERATOR = analyzer_cue("sms_operator")  # knowledge/cues.yml
# Incident cues that are the message itself speaking ("click here", "call now", "Dear Mr Lee") or a
# date a notice names ("your bill for last month"), not a story.
_SMS_MESSAGE_CUE = analyzer_cue("sms_message_cue")  # knowledge/cues.yml
# "Reply STOP to opt out" marks marketing, and smishers copy it: it does not keep the model away.
_SMS_NOT_MITIGATING = frozenset({"red_flag.opt_out_line"})
SMS_EXPLAIN = L10n(
    "措辞与已知的英文诈骗短信高度相似（统计模型的判断，仅作提醒）",
    "the wording closely resembles known scam text messages (a statistical match, a warning only)",
)
WORDING_EXPLAIN = L10n(
    "措辞和已知诈骗话术高度相似（统计模型的判断，仅作提醒）",
    "the wording closely resembles known scam scripts (a statistical match, a warning only)",
)

# A negation shortly before a match ("客服不会要求您提供验证码", "we will never ask for your code").
_NEG_ZH = re_compile(
    r"(不要|请勿|切勿|勿|不会|绝不|从不|从来不|不需要|无需|不用|严禁|别|不得|不能|不可|并不|没有|没|无|不收|免收)"
    r"[^，。！？,.!?\n]{0,4}$"
)
_QUESTION_ZH = re_compile(r"(能不能|可不可以|是不是|要不要|会不会|有没有|行不行|好不好|愿不愿意|方不方便)")
# (prefiltered: most windows hold none of its words, and a try at every place of 56 characters costs ~8 µs)
_NEG_EN = Prefiltered(
    r"\b(never|don't|do not|won't|will not|not|no need to|doesn't|does not|didn't|did not)\s+(\w+\s+){0,3}$"
    # "zero processing fees", "no customs fee", "without any fee": a quantity of none right before it
    # (not "customer care no XXXX call now": "no" as a number's label has the number between)
    r"|\b(zero|no|without|without any|free of|waived)\s+$"
    # "told me never to share a code or transfer money": a negation carries over "or"
    r"|\b(never|don't|do not|not|won't|will not)\b[^.!?,;:]{0,40}\bor\s+$"
)
# A demand phrase whose last words are negated inside it: 叫我不要给验证码，不要转账 (the match runs from
# 叫我 to 转账; the 不要 right before the demand word denies it). Only at the match's very end.
_NEG_INSIDE_ZH = re_compile(r"(不要|别|勿|切勿|不可以|不能|不得|不准|不好|千万别)[^,，。；;!?！？]{0,4}$")
# Every negation `_negated` reads in Chinese starts with one of these characters (the first of each word of
# `_NEG_ZH`, and 不/无 of its own endings): eight characters before a match without any negate nothing in Chinese.
_NEG_ZH_CHAR = re_compile(r"[不请切勿绝从无严别没并免]")


_LATIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _matches_at(pattern: re.Pattern, text: str, positions: list[int]):
    """Matches of `pattern` starting at the sorted `positions`, left to right, none overlapping."""
    last = -1
    for pos in positions:
        if pos >= last and (m := pattern.match(text, pos)):
            last = m.end()
            yield m


@dataclass(frozen=True)
class Evidence:
    """A quoted span of the user's text that matched an indicator."""

    text: str
    start: int
    end: int
    indicator: str
    stage: str
    kind: str
    weight: float
    explain: L10n

    def to_dict(self) -> dict:
        """The JSON shape of `analyze` output."""
        return {"text": self.text, "start": self.start, "end": self.end, "indicator": self.indicator}


_new = object.__new__


def _commonness(literals) -> float:
    """How often a text is expected to hold one of `literals`: a guess from their lengths (a Chinese character
    counts as two Latin letters, a space as a third of one). Only where `match` looks first depends on it."""
    return sum(
        3.0 ** -sum(2.0 if "\u3400" <= c <= "\u9fff" else 0.3 if c == " " else 1.0 for c in lit) for lit in literals
    )


def _evidence(text: str, start: int, end: int, fields: dict) -> Evidence:
    """`Evidence(text, start, end, **fields)` (`fields`: an indicator's indicator, stage, kind, weight and
    explain, in that order), built without the frozen dataclass's `__init__` (eight `object.__setattr__`
    calls, ~4 µs; the analyzer makes dozens per text). Equal to, and indistinguishable from, the one
    `__init__` makes."""
    ev = _new(Evidence)
    d = ev.__dict__
    d["text"] = text
    d["start"] = start
    d["end"] = end
    d.update(fields)
    return ev


@dataclass(frozen=True)
class ScriptMatch:
    """One scam script the account matches, with its score and evidence."""

    id: str
    score: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Analysis:
    """Everything the analyzer concluded about one account."""

    text_length: int
    analysed_length: int
    lang: str
    verdict: str
    risk: float
    org: Mention | None
    scripts: tuple[ScriptMatch, ...]
    red_flags: tuple[Evidence, ...]
    entities: dict[str, list[Mention]]
    notes: tuple[str, ...] = ()
    numbers: tuple[dict, ...] = field(default=())
    told: str = "other"  # "warning" when the text advises the public about scams (nlu/telling.py)
    genuine: str | None = None  # verdict "matches_genuine": the id of the genuine process it matches
    situation: dict | None = None  # what was already given / is still open, where a front end asks (API)

    @property
    def truncated(self) -> bool:
        """True when only a prefix of the text was analysed."""
        return self.analysed_length < self.text_length

    def to_dict(self, id: str | None = None) -> dict:
        """The JSON line printed by `callcheck analyze`."""
        out: dict = {} if id is None else {"id": id}
        out.update(
            {
                "verdict": self.verdict,
                "risk": round(self.risk, 3),
                "lang": self.lang,
                "told": self.told,
                "org": self.org.id if self.org else None,
                "scripts": [
                    {"id": s.id, "score": round(s.score, 3), "evidence": [e.to_dict() for e in s.evidence]}
                    for s in self.scripts
                ],
                "red_flags": [{"id": e.indicator.split(".", 1)[1], **e.to_dict()} for e in self.red_flags],
                "entities": {k: [m.to_dict() for m in v] for k, v in self.entities.items()},
            }
        )
        if self.genuine:
            out["genuine_process"] = self.genuine
        if self.numbers:
            out["numbers"] = list(self.numbers)
        if self.truncated:
            out["truncated"] = {"analysed": self.analysed_length, "length": self.text_length}
        if self.notes:
            out["notes"] = list(self.notes)
        if self.situation is not None:
            out["situation"] = self.situation
        return out


def detect_language(text: str) -> str:
    """'zh', 'en' or 'mixed', comparing Chinese characters with Latin words."""
    cjk = count_cjk(text)
    words = len(re.findall(r"[a-z]{2,}", text.lower()))
    if cjk and words and min(cjk, words) / max(cjk, words) >= 0.2:
        return "mixed"
    return "en" if words > cjk else "zh"


NumberLookup = Callable[[list[Mention], str | None], list[dict]]


_HAN_RE = re_compile(r"[\u3400-\u9fff]")
_MAINLAND_MOBILE = re_compile(r"1[3-9]\d{9}")
# A run of digits written without a country code ("0412 345 678", "(212) 555-0143"), not after "+".
TROUBLE_READ = 2000  # characters of a long text read for "already gave / still connected" (start and end)
MAX_UNKNOWN_COUNTRY_RUNS = 6  # numbers read under every region in one text; more: read where the analyzer is


def trouble_window(text: str) -> str:
    """The part of a text read for "already gave / still connected": all of it, or a long text's
    start and end. What happened is said there ("…he is still on the line, what now?"); a long
    forwarded text in the middle tells nothing of it, and reading it all costs."""
    if len(text) <= TROUBLE_READ:
        return text
    return f"{text[: TROUBLE_READ * 3 // 5]}\n{text[-(TROUBLE_READ * 2 // 5) :]}"


def _number_windows(text: str, margin: int = 16) -> str:
    """`text` with everything but its numbers long enough to need a country (and `margin` characters
    each side) blanked: every position kept."""
    out = [" "] * len(text)
    for m in _NATIONAL_RUNS.finditer(text):
        if len(re.sub(r"\D", "", m.group(0))) < 7:
            continue  # short numbers and amounts are read once, where the analyzer is
        s, e = max(0, m.start() - margin), min(len(text), m.end() + margin)
        out[s:e] = text[s:e]
    return "".join(out)


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` holding [start, end): from the last sentence end before it to the next after."""
    before = max((m.end() for m in _SENTENCE_STOP.finditer(text, 0, start)), default=0)
    after = _SENTENCE_STOP.search(text, end)
    return text[before : after.start() if after else len(text)]


def _without_notes(norm: Normalized) -> Normalized:
    """`norm` with a hotline operator's note prefixes ("来电人说：", "Caller says") blanked, every position kept:
    the operator's own words are no part of the contact they write down (`operator_note` in knowledge/cues.yml)."""
    text = norm.text
    if _OPERATOR_NOTE.search(text) is None:  # (a literal prefilter: most texts hold none of its words)
        return norm

    def blank(m: re.Match) -> str:
        lead = "\n" if m.group(0).startswith("\n") else ""
        return lead + " " * (m.end() - m.start() - len(lead))

    blanked = _OPERATOR_NOTE.sub(blank, text)
    original = list(norm.original)
    for i, ch in enumerate(blanked):
        if ch != text[i]:  # the original's characters under the note, blanked too (the situation reader reads it)
            s, e = norm.span(i, i + 1)
            original[s:e] = " " * (e - s)
    return Normalized(blanked, norm.index, "".join(original))


_NATIONAL_RUN = re_compile(r"(?<![+\d])(?!00)\(?\d[\d\s().\-]{5,18}\d")
_NATIONAL_RUNS = Near(_NATIONAL_RUN, r"\d+", lead=1, gap=18, reach=1)  # read only around digits (nlu/windows.py)


class Analyzer:
    """Compiled once from a KnowledgeBase; `analyze(text)` does no I/O."""

    def __init__(
        self,
        kb: KnowledgeBase,
        region: str = "CN",
        number_lookup: NumberLookup | None = None,
        wording: WordingModel | str | None = "default",
        sms: SmsModel | str | None = "default",
    ):
        """`wording`: the model consulted on borderline accounts; "default" loads the shipped one."""
        self.kb = kb
        self._wording = wording  # "default": the shipped model, loaded when a borderline account first needs it
        self._sms = sms  # "default": the shipped English model, loaded on the first English text
        self.region = region
        # Words that place an English text in one region (a place, a service, a payment rail, a
        # currency code; never a bare "$"): its numbers written without a country code are read as
        # that region's ("call 020 3868 1234" beside "Barclays" is London, not +86 20).
        self._number_clues: list[tuple[str, str]] = sorted(
            (
                (w.lower(), r.id)
                for r in kb.regions.values()
                if r.id != region
                for w in (*r.places, *r.currencies)
                if w and not _HAN_RE.search(w) and w.lower() not in ("$", "dollars", "rs")
            ),
            key=lambda c: -len(c[0]),
        )
        self._clue_ranks: dict[str, list[int]] = {}  # clue word -> its places in _number_clues
        for rank, (word, _) in enumerate(self._number_clues):
            self._clue_ranks.setdefault(word, []).append(rank)
        self.number_lookup = number_lookup
        home = kb.regions.get(region)
        # An English text with no place clue is read in the analyzer's region only where English is
        # written (a deployment for the UK); mainland China's numbers are not a guess for it.
        self._home_english = (
            home is None or "en" in home.default_for or any(lang.startswith("en") for lang in home.languages)
        )
        self.indicators: list[Indicator] = [i for i in kb.indicators() if i.patterns]
        self.link_indicator = next((i for i in kb.indicators() if i.detector == "link_check"), None)
        # A messenger's chat link (wa.me, t.me…) sent by someone claiming a company: "the agent moved
        # you to WhatsApp". From anyone else (a friend's group invite) it is only described.
        self._cs_offplatform = next((i for i in kb.indicators() if i.id == "red_flag.cs_offplatform"), None)
        self._payment_by_call_flag = next((i for i in kb.indicators() if i.id == PAYMENT_BY_CALL), None)
        self._paid_flags = {i.id: i for i in kb.indicators() if i.id in (ASKS_TRANSFER, FEE_TO_PERSON)}
        # The real processes a fee asked in a call is outside of (an import duty bill, a COD order): their
        # own phrases name the fee too ("import tax"), whoever asked for it.
        self._fee_processes = frozenset(p.indicator.id for p in kb.processes if PAYMENT_BY_CALL in p.never_asks)
        # Genuine processes (official/processes.yml) match like indicators, with kind "genuine".
        self.processes = {p.indicator.id: p for p in kb.processes}
        self.indicators += [p.indicator for p in kb.processes if p.indicator.patterns]
        self._scam_demands = frozenset(d for d in kb.scam_demands if not d.endswith(".*"))
        self._scam_demand_owners = frozenset(d[:-2] for d in kb.scam_demands if d.endswith(".*"))
        # Off-channel demands: an action asked through a channel the organisation does not use (a
        # number or link the message supplies, a chat app, a QR code, an app to install).
        self._ad_like = {i.id for i in kb.indicators() if i.common_in_ads}
        # Usual in genuine adverts too ("click the link", 点击链接): not enough for the structure alone.
        self._link_id = self.link_indicator.id if self.link_indicator else ""
        self._off_channel = frozenset(i for i in kb.off_channel if i not in self._ad_like) | (
            {self._link_id} if self._link_id else set()
        )
        # Every official number on file (digits only): a call-back to one of them is not off-channel.
        self._official_numbers = frozenset(
            d for o in kb.organisations.values() for h in o.hotlines if len(d := re.sub(r"\D", "", h.number)) >= 3
        )
        # Every phrase as one row, in indicator order then phrase order (the order evidence is
        # found in): its indicator's number, the indicator, the phrase and the literals it requires.
        self._rows: list[tuple[int, Indicator, CompiledPhrase, tuple[tuple[str, ...], ...]]] = []
        self._by_trigger: dict[str, list[int]] = {}  # trigger -> rows of the phrases it starts
        self._untriggered: list[int] = []
        for i, ind in enumerate(self.indicators):
            for phrase in ind.patterns:
                row = len(self._rows)
                self._rows.append((i, ind, phrase, phrase.required))
                if phrase.triggers is None:
                    self._untriggered.append(row)
                for t in phrase.triggers or ():
                    self._by_trigger.setdefault(t, []).append(row)
        # Each row as `match` reads it: what its literals need (the groups of one literal as one set, tested
        # against the text's literals in C), its triggers, and which per-match checks its indicator asks for.
        self._plans: list[tuple] = []
        fields: dict[int, dict] = {}  # by indicator number: the evidence's fields its indicator gives
        for ind_no, ind, phrase, required in self._rows:
            own = fields.get(ind_no)
            if own is None:
                own = fields[ind_no] = {
                    "indicator": ind.id,
                    "stage": ind.stage,
                    "kind": ind.kind,
                    "weight": ind.weight,
                    "explain": ind.explain,
                }
            demand = ind.negatable and ind.kind == "demand"
            self._plans.append(
                (
                    ind_no,
                    phrase,
                    frozenset(g[0] for g in required if len(g) == 1),
                    tuple(frozenset(g) for g in required if len(g) > 1),
                    None if phrase.triggers is None else tuple(dict.fromkeys(phrase.triggers)),
                    ind.negatable,
                    demand,
                    ind.kind == "pressure",
                    own,
                )
            )
        # Which rows a text's literals make worth testing: each row is filed under the rarest of what it needs (one of
        # its triggers, a literal it requires, or one of a group of them; rarity guessed from length and script), so
        # a row whose trigger is a common word ("you", 您) is looked at only in a text that also holds its rarer word.
        self._by_key: dict[str, list[int]] = {}
        for row, plan in enumerate(self._plans):
            triggers = plan[4]
            if triggers is None:
                continue
            key = min([triggers, *((s,) for s in sorted(plan[2])), *(sorted(g) for g in plan[3])], key=_commonness)
            for literal in key:
                self._by_key.setdefault(literal, []).append(row)
        self._key_literals = frozenset(self._by_key)
        self._flag_scripts = {i.id: i.scripts for i in kb.red_flags}
        self.orgs: AliasIndex = org_index(kb)
        self.apps: AliasIndex = app_index(kb)
        # One pass over a text finds every trigger, every literal a phrase requires (read from the
        # expressions, kept in the cached knowledge) and every organisation's and app's name.
        required = {lit for *_, groups in self._rows for group in groups for lit in group}
        self.literals = LiteralFinder(
            [
                *self._by_trigger,
                *required,
                *self.orgs.keys,
                *self.apps.keys,
                *(w for w, _ in self._number_clues),
                *cue_literals(),  # the warning and incident cues' (nlu/telling.py)
            ]
        )
        self.links = LinkChecker(kb)

    # -- matching -------------------------------------------------------------------------
    def _negated(self, text: str, start: int) -> bool:
        before = text[max(0, start - 24) : start]
        if before.endswith(("不", "不需", "无需")):  # "不要给陌生人转账", "不需要我转账": the match began inside it
            return True
        if _NEG_EN.search(text[max(0, start - 56) : start]):
            return True
        # "能不能帮我付" / "是不是要转账" are questions, not negations.
        return bool(_NEG_ZH.search(_QUESTION_ZH.sub("", before[-8:])[-6:]))

    def _negation_reader(self, text: str) -> Callable[[int], bool]:
        """`_negated(text, start)` for one text, each place read once: the English expression only in a text that
        holds one of its words, the Chinese ones only where a negation's first character is among the eight
        characters before the match."""
        english = could_match(_NEG_EN._needs, text.__contains__)
        zh_char = _NEG_ZH_CHAR.search
        seen: dict[int, bool] = {}

        def negated(start: int) -> bool:
            known = seen.get(start)
            if known is not None:
                return known
            lo = start - 8 if start > 8 else 0
            if zh_char(text, lo, start) is not None:
                before = text[lo:start]
                out = before.endswith(("不", "不需", "无需")) or bool(_NEG_ZH.search(_QUESTION_ZH.sub("", before)[-6:]))
            else:
                out = False
            if not out and english:
                out = _NEG_EN.search(text[max(0, start - 56) : start]) is not None
            seen[start] = out
            return out

        return negated

    def match(self, norm: Normalized, found: Found | None = None) -> list[Evidence]:
        """Every non-negated indicator match, as evidence quoting the original text.

        A phrase is tried only where one of its literal triggers occurs, and only when the text
        holds the literals its expression requires (both found in one pass, `self.literals`), so
        the cost grows with what the text contains, not with the size of the knowledge base.
        """
        text = norm.text
        found = found or self.literals.find(text)
        where = found.where
        present = where.keys()
        # The phrases (rows) the literal each is filed under occurs for, and those tried everywhere.
        by_key = self._by_key
        rows: set[int] = set(self._untriggered)
        for literal in self._key_literals.intersection(where):  # (not `keys & frozenset`: that reads every key)
            rows.update(by_key[literal])
        plans = self._plans
        index, original = norm.index, norm.original
        out: list[Evidence] = []
        count = [0] * len(self.indicators)
        at_word: dict[str, list[int]] = {}  # a Latin trigger's places at a word start
        negated: Callable[[int], bool] | None = None
        for row in sorted(rows):
            ind_no, phrase, singles, groups, triggers, negatable, demand, pressure, fields = plans[row]
            if count[ind_no] >= MAX_EVIDENCE_PER_INDICATOR:
                continue
            # "your … account suspended": "your" occurs, "suspended" nowhere. (Every literal a
            # phrase requires is among the finder's, so a literal absent from `where` is absent.)
            if singles and not present >= singles:
                continue
            if groups and True in map(present.isdisjoint, groups):
                continue
            if triggers is None:
                matches = phrase.pattern.finditer(text)
            else:
                lists = []
                for trig in triggers:
                    places = where.get(trig)
                    if places is None:
                        continue
                    if trig[0] in _LATIN:
                        # A phrase that starts with a Latin word matches only at a word start.
                        kept = at_word.get(trig)
                        if kept is None:
                            kept = at_word[trig] = [p for p in places if p == 0 or text[p - 1] not in _LATIN]
                        places = kept
                    if places:
                        lists.append(places)
                if not lists:
                    continue
                matches = _matches_at(
                    phrase.pattern, text, lists[0] if len(lists) == 1 else sorted(set().union(*lists))
                )
            # Lazily: an indicator stops at MAX_EVIDENCE_PER_INDICATOR, so a phrase repeated all
            # through a long text is tried only until then, not at every place it occurs.
            for m in matches:
                start, end = m.span()
                if end == start:
                    continue
                if negatable:
                    if negated is None:
                        negated = self._negation_reader(text)
                    if negated(start):
                        continue
                    if demand:
                        said = m.group(0)
                        if _NEG_INSIDE_ZH.search(said):
                            continue  # 叫我不要给验证码，不要转账: the demand itself is denied
                        if _DEMAND_DENIED_MATCH(said):
                            continue  # "told me never to share the code", "asked whether I had received a code"
                if pressure and _QUESTION_ZH.search(text, max(0, start - 6), start):
                    continue  # "会不会影响征信？" is the person asking, not a threat
                s, e = index[start], index[end - 1] + 1
                out.append(_evidence(original[s:e], s, e, fields))
                count[ind_no] += 1
                if count[ind_no] >= MAX_EVIDENCE_PER_INDICATOR:
                    break
        return out

    def _link_evidence(self, links: list[Mention], claimed: str | None) -> tuple[list[Mention], list[Evidence]]:
        checked: list[Mention] = []
        evidence: list[Evidence] = []
        ind = self.link_indicator
        for link in links:
            verdict = self.links.check(link.id)
            status = verdict.status
            if status == "unknown" and claimed and self.kb.organisations[claimed].all_domains:
                status = "not_official_for_claimed"
            elif status == "messenger_chat" and claimed:  # no look-alike site: "support" moving you to a chat
                flag = self._cs_offplatform
                if flag is not None:
                    evidence.append(
                        Evidence(
                            link.text, link.start, link.end, flag.id, flag.stage, flag.kind, flag.weight, flag.explain
                        )
                    )
            checked.append(
                Mention(
                    link.text,
                    link.start,
                    link.end,
                    id=link.id,
                    kind=status,
                    detail={"org": verdict.org or claimed or ""},
                )
            )
            weight = {
                "lookalike": 1.0,
                "brand_in_domain": 0.9,
                "raw_ip": 0.7,
                "shortener": 0.45,
                "not_official_for_claimed": 0.5,
            }.get(status)
            if ind and weight:
                evidence.append(
                    Evidence(
                        link.text,
                        link.start,
                        link.end,
                        ind.id,
                        ind.stage,
                        ind.kind,
                        round(ind.weight * weight, 3),
                        ind.explain,
                    )
                )
        return checked, evidence

    # -- the whole analysis ---------------------------------------------------------------
    def _number_region(self, folded: str, region: str | None = None, found: Found | None = None) -> str | None:
        """The region national numbers are read in: the analyzer's own (or `region`, where the person
        is), unless a text with no Chinese names a place, service or currency of another region (the
        longest clue wins). None: an English text with no clue, no region given, and an analyzer whose
        region does not write English: the country is unknown (never silently mainland China)."""
        if _HAN_RE.search(folded):
            return region or self.region
        found = found or self.literals.find(folded)
        where = found.where
        clues = self._number_clues
        ranks = self._clue_ranks
        # The clues the text holds, in the order of `_number_clues` (the longest first).
        for rank in sorted(r for word in where if (rs := ranks.get(word)) for r in rs):
            word, clue = clues[rank]
            at = where[word]
            if not (word.isascii() and word[0].isalnum()):  # a sign (£, ₹, a$): anywhere
                return clue
            # "ato" is not "potato"; "s$30" is a sign before its amount (no word end needed after "$")
            n, end = len(folded), len(word)
            if any(
                (p == 0 or folded[p - 1] not in _LATIN)
                and (not word[-1].isalnum() or p + end == n or folded[p + end] not in _LATIN)
                for p in at
            ):
                return clue
        if region:
            return region
        return self.region if self._home_english else None

    def _phones_any_region(self, norm: Normalized) -> list[Mention]:
        """Numbers of a text whose country nothing tells: read under every region; a number with one
        reading keeps it, one with several has no id and lists them (`detail["readings"]`)."""
        long_runs = sum(len(re.sub(r"\D", "", m.group(0))) >= 7 for m in _NATIONAL_RUNS.finditer(norm.text))
        if not long_runs or long_runs > MAX_UNKNOWN_COUNTRY_RUNS:
            # No number long enough to need a country (amounts, codes, short service numbers), or a
            # list or table of them (nobody asks about dozens of numbers from one call): one pass.
            return find_phones(norm, self.region)
        # The matcher runs once per region, so it reads only the number-like runs and a little around
        # them (the rest blanked, every position kept): 4,000 characters of prose cost one pass, not 11.
        masked = Normalized(_number_windows(norm.text), norm.index, norm.original)
        every = [m for r in self.kb.regions if r != self.region for m in find_phones(masked, r)]
        found = sorted([*find_phones(norm, self.region), *every], key=lambda m: (m.start, -(m.end - m.start)))
        out: list[Mention] = []
        cluster: list[Mention] = []
        for m in [*found, None]:
            if m is not None and cluster and m.start < max(c.end for c in cluster):
                cluster.append(m)
                continue
            if cluster:
                ids = list(dict.fromkeys(c.id for c in cluster if c.id))
                first = cluster[0]
                if _MAINLAND_MOBILE.fullmatch(first.text) and any(i.startswith("+86") for i in ids):
                    # 11 digits from 13–19 in one run is how mainland mobiles are written (a US number
                    # with its leading 1 is written 1-701-…): the writing itself places it.
                    ids = [i for i in ids if i.startswith("+86")]
                    first = next(c for c in cluster if c.id == ids[0])
                if len(ids) <= 1:
                    out.append(first)
                else:
                    detail = {"region": "", "readings": ids}
                    out.append(Mention(first.text, first.start, first.end, id="", kind="unknown", detail=detail))
            cluster = [m] if m is not None else []
        return out

    def analyze(self, text: str, region: str | None = None) -> Analysis:
        """Analyse one account or forwarded message; `region`: where the person is, when known (the
        chat's /region), for numbers written without a country code."""
        if not isinstance(text, str):
            text = str(text)
        length = len(text)
        body = text[:MAX_CHARS]
        notes: list[str] = []
        if length > MAX_CHARS:
            notes.append("truncated")
        # an operator's note prefixes blanked; "amzon custmer servise" read as the names meant (nlu/spelling.py)
        norm = read_names(_without_notes(normalize(body)))
        lang = detect_language(norm.text)
        if not norm.text.strip():
            return Analysis(
                length,
                len(body),
                lang,
                "no_scam_signs",
                0.0,
                None,
                (),
                (),
                {"phones": [], "links": [], "money": [], "orgs": [], "apps": []},
                tuple([*notes, "empty"]),
            )
        found = self.literals.find(norm.text)
        orgs = self.orgs.find(norm, found)
        apps = self.apps.find(norm, found)
        number_region = self._number_region(norm.text, region, found)
        phones = find_phones(norm, number_region) if number_region else self._phones_any_region(norm)
        money = find_money(norm)
        evidence = self.match(norm, found)
        evidence = [e for e in evidence if not (e.indicator == TOLD_AS_IMPOSTOR and self._only_suspected(norm, e))]
        # (each cue is read only when the evidence it would drop is there: a long text pays for no search)
        if any(e.indicator == INSTALL_APP for e in evidence) and (
            _OWN_STORE.search(norm.text) or self._antifraud_app(norm.text, evidence)
        ):
            evidence = [e for e in evidence if e.indicator != INSTALL_APP]
        if any(e.indicator == HANDED_TO_POLICE for e in evidence) and (rang := _CALLED_POLICE.search(norm.text)):
            after = norm.index[rang.start()]
            evidence = [e for e in evidence if not (e.indicator == HANDED_TO_POLICE and e.start > after)]
        if (
            any(e.indicator == ASKS_CODE for e in evidence)
            and _HANDOVER_CODE.search(norm.text)
            and not _REMOTE_CONTACT.search(norm.text)
        ):
            evidence = [e for e in evidence if e.indicator != ASKS_CODE]
        self_initiated = any(p.search(norm.text) for p in _SELF_INITIATED)
        if (paid_by_call := self._payment_by_call(norm, evidence, self_initiated)) is not None:
            evidence.append(paid_by_call)
        if (paid_to := self._paid_to_contact(norm, evidence, orgs)) is not None:
            evidence.append(paid_to)
        genuine_ev = [e for e in evidence if e.kind == "genuine"]
        if genuine_ev:
            evidence = [e for e in evidence if e.kind != "genuine"]
            # "someone claiming to be from Chase called… I called Chase myself and it was really them": a
            # check of the person's own told after the impostor word is the account's finding; it wins.
            checked_at = max((e.start for e in genuine_ev if e.indicator in _SELF_CHECKED), default=-1)
            evidence = [e for e in evidence if not (e.indicator == TOLD_AS_IMPOSTOR and e.start < checked_at)]
        claimed = self._claimed_org(orgs, evidence)
        found_links = find_links(norm)
        links, link_ev = self._link_evidence(found_links, claimed.id if claimed else None)
        scripts = self._score_scripts([*evidence, *link_ev])
        number_org = claimed
        if scripts and claimed is not None:
            lender = self._lender_for_loan_script(scripts[0].id, orgs, claimed)
            if lender.id != claimed.id:
                # Links and numbers are checked against whom to verify with: the lender, not the shop.
                # The scripts are scored again only if the links now weigh differently. A lender with
                # no hotline on file (JD Finance: accounts only in its app) leaves nothing to compare a
                # number with, so numbers are then still compared with the shop whose name was used.
                shop, claimed = claimed, lender
                number_org = lender if self._has_hotline(lender.id) else shop
                links, lender_ev = self._link_evidence(found_links, claimed.id)
                if lender_ev != link_ev:
                    link_ev = lender_ev
                    scripts = self._score_scripts([*evidence, *link_ev])
        evidence.extend(link_ev)
        if any(e.indicator in _CALL_BACKS for e in evidence):
            if (phones and all(self._is_official(p) for p in phones)) or any(
                e.indicator in _SELF_CHECKED for e in genuine_ev
            ):
                # "call us on 95588"; "I didn't ring the number in the text, I rang the one on my card":
                # the number rung is the official one, or one the person found themselves: on-channel.
                evidence = [e for e in evidence if e.indicator not in _CALL_BACKS]
            else:
                # "请致电官方客服", "call them back on the number on your card": on-channel where it is said.
                evidence = [e for e in evidence if not (e.indicator in _CALL_BACKS and self._on_channel(norm, e))]
        if links and all(
            m.kind == "official" and (claimed is None or m.detail.get("org") == claimed.id) for m in links
        ):
            evidence = [e for e in evidence if e.indicator not in _LINK_ASKS]
        numbers: list[dict] = []
        if self.number_lookup and phones:
            # The person's own number ("我叫…，手机…", "my mobile is …") is not the contact's: not looked
            # up against the company claimed ("uses a personal mobile"), not reported as the fraudster's.
            own = own_spans(body)
            theirs = [p for p in phones if not is_own(own, p.start, p.end)]
            numbers = self.number_lookup(theirs, number_org.id if number_org else None) if theirs else []
        telling = how_told(norm.text, lang, found.contains)
        # The structure's "who": an organisation named in one contact told or received (not a
        # description of how a service works for its customers).
        narrated = bool(_NARRATION.search(norm.text) or _NARRATION_EN.search(norm.text))
        named = claimed is not None and narrated
        # (a claimed role counts only beside a demand no genuine service makes or one asked off-channel:
        # without one, no search)
        role_claimed = any(
            self._is_scam_demand(e.indicator) or e.indicator in self._off_channel or e.indicator in _FEE_OFF_CHANNEL
            for e in evidence
        ) and any(p.search(norm.text) for p in _CLAIMED_ROLE)

        def judge(role: bool) -> tuple[float, str]:
            return self._verdict(
                evidence,
                numbers,
                named=named,
                off_channel=self._off_channel,
                org_named=claimed is not None,
                narrated=narrated,
                checked=frozenset(e.indicator for e in genuine_ev if e.indicator not in _NOT_A_CHECK),
                self_initiated=self_initiated,
                role_claimed=role,
            )

        risk, verdict = judge(role_claimed)
        if (
            verdict != "scam"
            and not self_initiated
            and not genuine_ev  # a real process or a check of the person's own told: their acts are theirs
            and (done := self._ask_done(norm.original, evidence, claimed, orgs))
        ):
            # The ask told as done ("I keyed in my card and the OTP", "佢哋叫佢裝咗個App", "already sent the
            # codes"): the demand is there in its result, whatever the words of the asking were. (Read in the
            # text with an operator's note prefix blanked, every position kept.)
            evidence.append(done)
            risk, verdict = judge(role_claimed or any(p.search(norm.text) for p in _CLAIMED_ROLE))
        red = tuple(e for e in evidence if e.indicator.startswith("red_flag.") and e.kind != "mitigating")
        if verdict == "no_scam_signs" and (wording := self._wording_evidence(norm, lang, risk, evidence)):
            risk, verdict = max(risk, SUSPICIOUS_AT), "suspicious"
            red = (*red, wording)
        entities = {"phones": phones, "links": links, "money": money, "orgs": orgs, "apps": apps}
        if (
            verdict == "no_scam_signs"
            and telling.kind != "warning"
            and not any(e.kind == "mitigating" for e in evidence)
            and (
                # Someone's account of one contact they already tell was fake ("a scam text from
                # SingPost", "自称客服…摆明的骗局")...
                (any(e.indicator in (TOLD_AS_IMPOSTOR, AUTOMATED_CALL) for e in evidence) and telling.incident_cues)
                # ...or a contact in a brand's name about something they never had or ordered ("no
                # FedEx parcels expected", "I don't even have Norton"): at least suspicious, even when
                # the story stops at the opening because they hung up.
                or (claimed is not None and any(e.indicator == DENIES_RELATIONSHIP for e in evidence))
            )
        ):
            risk, verdict = max(risk, SUSPICIOUS_AT), "suspicious"
        # Written-out addresses only: a bare "gov.uk" or "GOV.UK/penalty" in a text is often the lure itself;
        # a bare address of the very organisation the message names ("UPS: pay at ups.com/mybill") counts.
        official_links = bool(links) and all(
            m.kind == "official"
            and (
                m.text.lower().startswith(("http://", "https://", "www."))
                or (claimed is not None and m.detail.get("org") == claimed.id)
            )
            for m in links
        )
        if (
            verdict == "no_scam_signs"
            and not official_links  # every link is the company's own site: the SMS wording proves nothing
            and (sms := self._sms_evidence(norm, lang, telling, evidence))
        ):
            risk, verdict = max(risk, SUSPICIOUS_AT), "suspicious"
            red = (*red, sms)
        process = None
        if genuine_ev and telling.kind != "warning":
            process = self._genuine_process(genuine_ev, orgs, evidence, links)
            if process is not None:
                # A contact that matches how the organisation really does it and asks nothing outside it.
                risk, verdict = min(risk, GENUINE_RISK), "matches_genuine"
            elif self._outside_demand(evidence, links, strong=True) and not (
                self_initiated and not any(m.kind in _BAD_LINKS for m in links)
            ):
                # The real process used as cover for a demand the organisation never makes (a code, a
                # transfer, remote access, a lookalike link): a scam. A lesser demand outside it (a number
                # to ring): suspicious. A link that is merely not on file only withholds the genuine outcome.
                # (A code asked in a call the person made to the organisation themselves keeps the rules' verdict.)
                risk, verdict = max(risk, SCAM_AT + 0.05), "scam"
            elif verdict == "no_scam_signs" and self._outside_demand(evidence, []):
                risk, verdict = max(risk, SUSPICIOUS_AT), "suspicious"
        if (
            process is None
            and self_initiated
            and phones
            and all(self._is_official(p) for p in phones)
            and telling.kind != "warning"
            and not self._outside_demand(evidence, links)
            and not any(e.indicator == TOLD_AS_IMPOSTOR or e.weight >= DECISIVE for e in evidence)
        ):
            # The person rang the official number themselves ("我自己打了95188", "I rang 0345 … myself") and
            # nothing outside the real process was asked: a check through a channel of their own.
            process = SELF_CHECK_PROCESS
            risk, verdict = min(risk, GENUINE_RISK), "matches_genuine"
        own_channel = (
            process is None
            and verdict != "warning"
            and telling.kind != "warning"
            and self._own_channel(norm, evidence, links, numbers)
        )
        if own_channel and verdict in ("scam", "suspicious"):
            # The person paid, checked or answered through a channel they chose themselves and nothing outside
            # the real process was asked (no code, no transfer to an account someone named, no remote access, no
            # link but the organisation's own): the vocabulary a scam shares (a duty, a fraud alert, a refund, a
            # renewal) is not one, and a payment made that way is not a loss.
            # (nothing flagged: the verdict stays as it is, the person only told something they did)
            if claimed is not None or genuine_ev:
                process = SELF_CHECK_PROCESS
                risk, verdict = min(risk, GENUINE_RISK), "matches_genuine"
            else:
                risk, verdict = min(risk, GENUINE_RISK), "no_scam_signs"
        own_payment = (
            verdict in ("scam", "suspicious")
            and telling.kind != "warning"
            and claimed is None
            and not narrated
            and self._own_payment(norm, evidence, links)
        )
        if own_payment:
            # Who asked for it: nobody. The person tells a transfer of their own to family, a landlord or a bill's
            # reference, and no contact, pretext, pressure or instruction is told: not a demand, not a loss.
            risk, verdict = min(risk, GENUINE_RISK), "no_scam_signs"
        if (
            verdict == "no_scam_signs"
            and not own_channel
            and not own_payment
            and telling.kind != "warning"
            and self._trouble_told(norm.original, body, scripts or red or claimed)
        ):
            # The person says they already gave money, a code, card details or access, or are still
            # on the call or connected: whatever the wording around it, this is not "no signs". The
            # reply's first line is the emergency step; the verdict agrees with it.
            risk, verdict = max(risk, SUSPICIOUS_AT), "suspicious"
            notes.append("in_trouble")
        if telling.kind == "warning" and (verdict != "no_scam_signs" or scripts):
            # Advice about a scam is not a scam attempt: say what it warns about instead.
            verdict = "warning"
        return Analysis(
            length,
            len(body),
            lang,
            verdict,
            risk,
            claimed,
            tuple(scripts),
            red,
            entities,
            tuple(notes),
            tuple(numbers),
            telling.kind,
            process,
        )

    def _paid_to_contact(self, norm, evidence: list[Evidence], orgs: list[Mention]) -> Evidence | None:
        """Money the person says they paid to the other party (`paid_to_contact`: "I sent 2600 to him from my
        banking app", 用网银转了2600给他) in an account that names a contact (an organisation, or a script's
        phrases): the transfer no genuine process takes. A company's fee paid that way is
        red_flag.fee_to_person (couriers collect in their own app, site or counter), any other payment
        red_flag.asks_transfer. Not when either is already found; the quote is the payment."""
        if any(e.indicator in self._paid_flags for e in evidence) or len(self._paid_flags) < 2:
            return None
        if not (
            any(self.kb.organisations[m.id].category != "anti_fraud" for m in orgs)
            or any(e.kind not in ("genuine", "mitigating") and e.indicator[:9] != "red_flag." for e in evidence)
        ):
            return None
        paid = _PAID_TO_CONTACT.search(norm.text)
        if paid is None:
            return None
        fee = any(
            (e.kind == "demand" and (e.indicator == ASKS_FEE or e.indicator.split(".", 1)[0] == "fake_cod"))
            or e.indicator in self._fee_processes
            for e in evidence
        )
        ind = self._paid_flags[FEE_TO_PERSON if fee else ASKS_TRANSFER]
        s, e = norm.span(paid.start(), paid.end())
        return Evidence(norm.original[s:e], s, e, ind.id, ind.stage, ind.kind, ind.weight, ind.explain)

    def _payment_by_call(self, norm, evidence: list[Evidence], self_initiated: bool) -> Evidence | None:
        """A company's fee asked in a call, told across sentences ("DHL called my mum about the duty …
        then they whatsapped her a payment link"): a call received, a fee (red_flag.asks_fee, the
        courier script's own fee, or a phrase of a fee process such as an import duty bill) and a link
        that came from the contact. Not when the person rang the company themselves, nor when the red
        flag's own phrases already found it. The quote is the link's arrival."""
        if self._payment_by_call_flag is None or any(e.indicator == PAYMENT_BY_CALL for e in evidence):
            return None
        if not any(
            (e.kind == "demand" and (e.indicator == ASKS_FEE or e.indicator.split(".", 1)[0] == "fake_cod"))
            or e.indicator in self._fee_processes
            or e.indicator == SERVICE_CUTOFF  # the bill said to be unpaid is the company's fee
            for e in evidence
        ):
            return None
        text = norm.text
        link = _LINK_FROM_CONTACT.search(text)
        if link is None or self_initiated or not _CALL_RECEIVED.search(text):
            return None
        ind = self._payment_by_call_flag
        s, e = norm.span(link.start(), link.end())
        return Evidence(norm.original[s:e], s, e, ind.id, ind.stage, ind.kind, ind.weight, ind.explain)

    def _own_channel(
        self, norm: Normalized, evidence: list[Evidence], links: list[Mention], numbers: list[dict]
    ) -> bool:
        """Whether the person acted through a channel they chose themselves (`own_channel_en` / `_zh`, not one a
        caller told them to use) and the account holds nothing outside a real process: no demand genuine service
        never makes (a code, a transfer, card details, remote access, a call-back to a number given), no link that
        is not the organisation's own, no impostor told, no decisive sign, no number confirmed by reporters."""
        # (what the evidence already rules out is asked first: reading the text for an own channel is the cost)
        if (
            any(m.kind != "official" for m in links)
            or self._outside_demand(evidence, links)
            or any(e.indicator in (TOLD_AS_IMPOSTOR, DENIES_RELATIONSHIP) for e in evidence)
            or any(e.weight >= DECISIVE and e.kind in ("demand", "hook") for e in evidence)
            or any(e.indicator in self._scam_demands and e.kind == "hook" for e in evidence)
            or any((n.get("reports") or {}).get("status") == "confirmed" for n in numbers)
        ):
            return False
        text = norm.text
        for pattern in _OWN_CHANNEL:
            for m in pattern.finditer(text):
                if not (
                    _ADDRESSES_READER.search(m.group(0))  # "在你们官网上缴了": the caller's channel, told to "you"
                    or _OWN_CHANNEL_INSTRUCTED.search(text[max(0, m.start() - OWN_CHANNEL_READ) : m.start()])
                    # the own channel is for checking and contacting: paying the other side through it
                    # ("I paid 2600 to him from my banking app") is money sent to them, not a check
                    or _PAID_TO_CONTACT.search(_sentence_around(text, m.start(), m.end()))
                ):
                    return True
        if self._official_pointer(text, evidence):
            return True
        # "They never asked for a code" alone is also how a scam is told as convincing: it counts only with an
        # outcome of the real process told (the card stopped, a new card sent: `genuine_handling`).
        return (
            any(p.search(text) for p in _NOTHING_ASKED) and any(e.indicator == GENUINE_HANDLING for e in evidence)
        ) or self._reported_first(norm, evidence)

    def _official_pointer(self, text: str, evidence: list[Evidence]) -> bool:
        """Whether the person tells the matter seen in the organisation's own app or site (`official_view_en` /
        `_zh`, not as a caller's instruction), found the same there (`official_same`), or the contact only pointed
        to the organisation's own counter (`official_counter_ask`) or the anti-fraud authority's own app — told as
        what happened, not supposed or proposed, and in the person's own account: a text that speaks to "you"
        (你/您: a message, a call's transcript) is the contact talking, whatever channel it names."""
        if _ADDRESSES_READER.search(text) or _LINK_FROM_CONTACT.search(text):
            return False  # (a link that came from the contact: the channel is not only the organisation's own)

        def told(m: re.Match) -> bool:
            return not _SUPPOSED.search(text[max(0, m.start() - OWN_CHANNEL_READ) : m.start()])

        for pattern in _OFFICIAL_VIEW:
            for m in pattern.finditer(text):
                if told(m) and not _OWN_CHANNEL_INSTRUCTED.search(
                    text[max(0, m.start() - OWN_CHANNEL_READ) : m.start()]
                ):
                    return True
        if any(told(m) for p in _POINTS_TO_OFFICIAL for m in p.finditer(text)):
            return True
        return self._antifraud_app(text, evidence)

    @staticmethod
    def _antifraud_app(text: str, evidence: list[Evidence]) -> bool:
        """Whether the app the account names to install is the anti-fraud authority's own, with no link, QR code or
        file for it told (a caller's "anti-fraud app" sent as a link or package is how remote-access tools arrive),
        no pretext told beside it (a "customer service" adding it to a frozen-account story) and no "you" addressed."""
        return (
            bool(_ANTIFRAUD_APP.search(text))
            and not _APP_SOURCE.search(text)
            and not _ADDRESSES_READER.search(text)
            and not any(e.kind == "hook" and e.weight >= 0.4 for e in evidence)
        )

    def _reported_first(self, norm: Normalized, evidence: list[Evidence]) -> bool:
        """Whether the person tells a police report of their own (`self_reported_en` / `_zh`) before every pretext
        found ("我上周报案说车被偷了，今天派出所来电说已经立案…") and nothing at all is asked of them: the contact
        follows up the case they started. A report told after the pretext ("…then I reported it") is not this, nor
        is any demand, a fee included (a "recovery" caller's fee is how the next scam starts)."""
        if any(e.kind == "demand" for e in evidence):
            return False
        hooks = [bisect_left(norm.index, e.start) for e in evidence if e.kind == "hook"]
        first = min(hooks, default=len(norm.text))
        return any((m := p.search(norm.text, 0, first)) is not None and m.end() <= first for p in _SELF_REPORTED)

    def _own_payment(self, norm: Normalized, evidence: list[Evidence], links: list[Mention]) -> bool:
        """Whether the only thing flagged is a transfer the person tells as their own (`own_payment_en`, not one a
        caller told them to make): no contact, pretext, pressure or other demand, no link, no impostor."""
        text = norm.text
        if not any(
            not _OWN_CHANNEL_INSTRUCTED.search(text[max(0, m.start() - OWN_CHANNEL_READ) : m.start()])
            for pattern in _OWN_PAYMENT
            for m in pattern.finditer(text)
        ):
            return False
        return (
            not links
            and any(e.indicator == ASKS_TRANSFER for e in evidence)
            and all(
                e.indicator == ASKS_TRANSFER or e.kind in ("mitigating", "context") or e.weight < 0.3
                for e in evidence
                if e.kind != "genuine"
            )
            and not any(
                _OWN_CHANNEL_INSTRUCTED.search(text[: bisect_left(norm.index, e.start)][-OWN_CHANNEL_READ:])
                for e in evidence
                if e.indicator == ASKS_TRANSFER
            )
            and not any(e.weight >= DECISIVE for e in evidence)
        )

    def _trouble_told(self, blanked: str, body: str, contact: object) -> bool:
        """`_in_trouble` of the text without the operator's note prefixes; and, when that text has no
        first person, of the text as written: "来电人称她刚刚把钱转给了对方" is the operator telling of
        the caller, and only the note says who "she" is."""
        if self._in_trouble(blanked, contact):
            return True
        return blanked != body and not _FIRST_PERSON_ANY.search(blanked.lower()) and self._in_trouble(body, contact)

    def _ask_done(self, body: str, evidence: list[Evidence], claimed, orgs: list[Mention]) -> Evidence | None:
        """What a contact's demand no genuine service makes (a code, card details, remote access) is told
        as already done by the person (the situation reader's `given`, in the person's own voice), in an
        account that has its "who" (a company named or a contact claimed) and its "why" or its asking (a
        pretext, a contact told, a demand told apart from the act): evidence for that demand, quoting the
        first thing given. None otherwise (the situation is read only when the account has a who)."""
        best: Counter = Counter()
        for e in evidence:
            best[e.kind] = max(best[e.kind], e.weight)
        who = claimed is not None or best["contact"] >= 0.3
        if not who or best["mitigating"] > 0 or not (best["hook"] >= 0.4 or best["contact"] >= 0.3 or best["demand"]):
            return None
        situations = getattr(self.kb, "situations", None)
        if situations is None:
            return None
        text = trouble_window(body)
        situation = detect(situations, text)
        kinds_done = [k for k in situation.given if k in _DONE_AS_DEMAND]
        if (
            any(self.kb.organisations[m.id].category == "anti_fraud" for m in orgs)
            or self._antifraud_app(normalize(body).text, evidence)
            or not any(q.what == "remote" and _INSTALLED.search(normalize(q.text).text) for q in situation.quotes)
        ):
            # Remote access is an app installed or a screen shared, not software merely opened ("我先打开了软件");
            # and the police's own anti-fraud app, installed with an officer's help (named as an organisation or
            # told as the `official_antifraud_app` cue, 防騙視伏 / Scameter included), is no such demand.
            kinds_done = [k for k in kinds_done if k != "remote"]
        if not kinds_done or not in_own_voice(normalize(text).text, situations):
            return None
        # The asking must be told apart from the act: a demand found in the very words that tell what the
        # person did ("I typed my card number at checkout") is the act itself, not a contact's asking.
        acts = [(at, at + len(q.text)) for q in situation.quotes if q.text and (at := body.find(q.text)) >= 0]
        asked = any(
            e.kind == "demand" and e.weight >= 0.25 and not any(e.start < qe and qs < e.end for qs, qe in acts)
            for e in evidence
        )
        if not (best["hook"] >= 0.4 or best["contact"] >= 0.3 or asked):
            return None
        ind = next((i for i in self.kb.red_flags if i.id == _DONE_AS_DEMAND[kinds_done[0]]), None)
        if ind is None:
            return None
        quote = next((q for q in situation.quotes if q.what in kinds_done), None)
        start = body.find(quote.text) if quote and quote.text else -1
        start, end = (start, start + len(quote.text)) if quote and start >= 0 else (0, 0)
        return Evidence(
            body[start:end], start, end, ind.id, ind.stage, "demand", max(ind.weight, STRONG_DEMAND), ind.explain
        )

    def _in_trouble(self, text: str, contact: object) -> bool:
        """Whether the person is still connected to someone (a call, a video, remote access, a shared
        screen), or already gave something in an account that names a contact (`contact`: a script's
        evidence, a red flag or an organisation). A friend's "I sent you 425" is not that."""
        situations = getattr(self.kb, "situations", None)
        if situations is None:
            return False
        text = trouble_window(text)
        situation = detect(situations, text)
        if situation.ongoing:
            return True
        if not situation.given:
            return False
        folded = normalize(text).text  # the fold detect() made: cached
        if not in_own_voice(folded, situations):
            return False
        return bool(contact) or given_to_someone(situations, folded)

    @property
    def wording(self) -> WordingModel | None:
        """The Chinese wording model, loaded on first use (~0.1 s: not paid by every process start)."""
        if self._wording == "default":
            self._wording = shipped_model()
        return self._wording  # type: ignore[return-value]

    @wording.setter
    def wording(self, model: WordingModel | None) -> None:
        self._wording = model

    @property
    def sms(self) -> SmsModel | None:
        """The English SMS model, loaded on first use (None when absent or damaged)."""
        if self._sms == "default":
            self._sms = shipped_sms_model()
        return self._sms  # type: ignore[return-value]

    def _sms_evidence(self, norm: Normalized, lang: str, telling, evidence: list[Evidence]) -> Evidence | None:
        """Evidence that an English message reads like scam SMS, when the rules found no scam."""
        text = norm.text
        if (
            lang != "en"
            or telling.kind == "warning"
            or any(e.kind == "mitigating" and e.indicator not in _SMS_NOT_MITIGATING for e in evidence)
            or self.sms is None
            or _SMS_ALERT.search(text)
            or _SMS_USSD.search(text)
            or _SMS_OPERATOR.search(text)
            or any(not _SMS_MESSAGE_CUE.match(c) for c in telling.incident_cues)
        ):
            return None
        no_email = _SMS_EMAIL.sub(" ", text)
        link = bool(_SMS_LINK_PATH.search(no_email) or _SMS_LINK.search(no_email))
        hinted = any(e.kind in _SMS_HINT_KINDS and e.weight >= SMS_HINT_WEIGHT for e in evidence)
        if _ADDRESSES_READER_EN.search(text):
            at = SMS_MODEL_AT
        elif _SMS_THIRD_PERSON.search(text):
            return None
        elif _SMS_LINK_PATH.search(no_email):
            at = SMS_LINK_AT
        elif len(text.split()) < SMS_MIN_WORDS:
            return None
        elif link:
            at = SMS_LINK_AT
        elif _SMS_NUMBER.search(text):
            at = SMS_NUMBER_AT
        else:
            return None
        if link and hinted:
            at = min(at, SMS_HINTED_LINK_AT)
        if self.sms.probability(text) < at:
            return None
        span = self.sms.strongest_sentence(text, at) or (0, len(text))
        s, e = norm.span(*span)
        return Evidence(norm.original[s:e], s, e, "red_flag.sms_wording", "wording", "hook", 0.3, SMS_EXPLAIN)

    def _wording_evidence(self, norm: Normalized, lang: str, risk: float, evidence: list[Evidence]) -> Evidence | None:
        """Evidence that the wording reads like a scam script, when the rules were borderline."""
        if (
            lang == "en"
            or risk < WORDING_MIN_RISK
            or any(e.kind == "mitigating" for e in evidence)
            or all(e.indicator in self._ad_like for e in evidence)
            or _NARRATION.search(norm.text)
            or not _ADDRESSES_READER.search(norm.text)
            or self.wording is None  # (loaded here, when first needed)
            or not self.wording.scam_like(norm.text)
        ):
            return None
        span = self.wording.strongest_sentence(norm.text) or (0, len(norm.text))
        s, e = norm.span(*span)
        return Evidence(norm.original[s:e], s, e, "red_flag.scam_wording", "wording", "hook", 0.3, WORDING_EXPLAIN)

    def _genuine_process(
        self, genuine_ev: list[Evidence], orgs: list[Mention], evidence: list[Evidence], links: list[Mention]
    ) -> str | None:
        """The genuine process the contact matches, when it makes no demand outside it (else None)."""
        ids = {e.indicator for e in evidence}
        if (
            any(m.kind != "official" for m in links)  # any link that is not the organisation's own
            or self._outside_demand(evidence, links)
            or any(e.indicator in self._scam_demands and e.kind == "hook" for e in evidence)  # 被骗了: money lost
            or any(e.weight >= DECISIVE and e.kind in ("demand", "hook") for e in evidence)
            or (TOLD_AS_IMPOSTOR in ids and GENUINE_HANDLING not in ids)  # the account itself calls it fake
        ):
            return None
        named = {m.id for m in orgs}
        categories = {self.kb.organisations[m].category for m in named}
        candidates = [
            self.processes[e.indicator]
            for e in sorted(genuine_ev, key=lambda x: x.start)
            if not (self.processes[e.indicator].never_asks and ids & set(self.processes[e.indicator].never_asks))
        ]  # (a process whose never_asks is among the demands is no candidate)
        if not named and candidates:
            # No organisation named ("the postman left a card", "a courier's text"): the process's own
            # phrases and the absence of any demand outside it carry the match; the one most said wins,
            # and on a tie one that is not tied to named organisations. A process that names whom it is
            # for needs two of its phrases then: one alone ("received a letter saying") proves little.
            said = Counter(e.indicator for e in genuine_ev)
            best = max(candidates, key=lambda p: (said[p.indicator.id], not p.orgs and not p.categories))
            if (not best.orgs and not best.categories) or said[best.indicator.id] >= 2:
                return best.id
            return None
        for p in candidates:
            if (not p.orgs and not p.categories) or named & set(p.orgs) or categories & set(p.categories):
                return p.id
        return None

    def _outside_demand(self, evidence: list[Evidence], links: list[Mention], strong: bool = False) -> bool:
        """A link that is not the organisation's own, or a demand no genuine process makes (`strong`:
        one that is a scam whoever asks — a code, a transfer, remote access — not a link only mentioned)."""
        least = STRONG_DEMAND if strong else 0.0
        bad = _BAD_LINKS if strong else _BAD_LINKS | {"not_official_for_claimed"}
        return any(m.kind in bad for m in links) or any(
            self._is_scam_demand(e.indicator) and e.kind == "demand" and e.weight >= least for e in evidence
        )

    def _is_scam_demand(self, indicator: str) -> bool:
        """A demand no genuine process makes (official/processes.yml `scam_demands`)."""
        return indicator in self._scam_demands or indicator.split(".", 1)[0] in self._scam_demand_owners

    def _lender_for_loan_script(self, script_id: str, orgs: list[Mention], claimed: Mention) -> Mention:
        """In a loan script the lender named (京东金条 → JD Finance) is whom to verify with, not the shop."""
        if script_id != "credit_loan" and self.kb.scripts[script_id].family != "loan_credit":
            return claimed
        lenders = [m for m in orgs if self.kb.organisations[m.id].category in ("finance", "payment", "bank")]
        return lenders[0] if lenders and self.kb.organisations[claimed.id].category == "ecommerce" else claimed

    def _has_hotline(self, org_id: str) -> bool:
        """Whether the organisation has a hotline on file that a number can be compared with."""
        return any(h.usable for h in self.kb.organisations[org_id].hotlines)

    def _claimed_org(self, orgs: list[Mention], evidence: list[Evidence]) -> Mention | None:
        """The organisation the caller claimed to be: the mention nearest a contact claim."""
        candidates = [m for m in orgs if self.kb.organisations[m.id].category != "anti_fraud"]
        if not candidates:
            return None
        contacts = [e for e in evidence if e.kind == "contact"]
        if contacts:
            return min(candidates, key=lambda m: min(abs(m.start - e.start) for e in contacts))
        return candidates[0]

    def _score_scripts(self, evidence: list[Evidence]) -> list[ScriptMatch]:
        """Score every script with evidence: a noisy-OR over its stages, plus its typical red flags."""
        by_script: dict[str, list[Evidence]] = {}
        flags: dict[str, float] = {}
        for e in evidence:
            owner = e.indicator.split(".", 1)[0]
            if owner == "red_flag":
                flags[e.indicator] = max(flags.get(e.indicator, 0.0), e.weight)
            else:
                by_script.setdefault(owner, []).append(e)
        # Red flags typical of a script (a code for credential theft, a loan for the loan trap)
        # count for it too, a little less than its own phrases.
        flag_weights: dict[str, float] = {}
        for iid, w in flags.items():
            for sid in self._flag_scripts.get(iid, ()):
                flag_weights[sid] = 1 - (1 - flag_weights.get(sid, 0.0)) * (1 - 0.5 * w)
        results = []
        for sid in set(by_script) | set(flag_weights):
            evs = by_script.get(sid, [])
            best: dict[str, tuple[float, str]] = {}
            for e in evs:
                if e.weight > best.get(e.indicator, (0.0, ""))[0]:
                    best[e.indicator] = (e.weight, e.stage)
            stages: dict[str, list[float]] = {}
            for w, stage in best.values():
                stages.setdefault(stage, []).append(w)
            miss = 1.0
            for ws in stages.values():
                ws.sort(reverse=True)
                miss *= 1 - min(1.0, ws[0] + 0.15 * sum(ws[1:]))
            score = 1 - miss * (1 - flag_weights.get(sid, 0.0) * 0.8)
            if score < 0.2:
                continue
            quoted: dict[tuple[int, int], Evidence] = {}
            for e in sorted(evs, key=lambda x: (-x.weight, x.start)):
                quoted.setdefault((e.start, e.end), e)
            results.append(ScriptMatch(sid, round(score, 4), tuple(sorted(quoted.values(), key=lambda x: x.start))))

        # The primary script is the opening pretext (why they say they got in touch): scripts whose
        # pretext was found rank before those seen only through a step that follows (a transfer, a
        # screen share, a loan app), however strong that step; among pretexts scored within 10% of
        # the best, the one told first opens the story ("parcel lost, …, then 'we paid too much'").
        opening = {m.id: min((e.start for e in m.evidence if e.kind == "hook"), default=None) for m in results}
        results.sort(key=lambda m: (opening[m.id] is None, -m.score, m.id))
        told = [m for m in results if opening[m.id] is not None]
        if told:
            strong = sorted((m for m in told if m.score >= 0.9 * told[0].score), key=lambda m: opening[m.id])
            results[: len(strong)] = strong
        return results

    def _only_suspected(self, norm: Normalized, e: Evidence) -> bool:
        """Whether an impostor word is only what the person feared ("I thought it was a scam text, but…")."""
        start = bisect_left(norm.index, e.start)  # back to the folded text
        before = norm.text[max(0, start - SUSPICION_READ) : start]
        return any(p.search(before) for p in _SUSPICION)

    def _on_channel(self, norm: Normalized, e: Evidence) -> bool:
        """Whether the words around a call-back request name the official channel (processes.yml `on_channel`)."""
        start, end = bisect_left(norm.index, e.start), bisect_left(norm.index, e.end)  # back to folded text
        near = norm.text[max(0, start - 4) : end + 32]
        return any(w in near for w in self.kb.on_channel)

    def _is_official(self, phone: Mention) -> bool:
        """Whether a phone number is one of the official numbers on file (country code or not)."""
        digits = re.sub(r"\D", "", phone.id or phone.text)
        return any(digits == n or (len(n) >= 5 and digits.endswith(n)) for n in self._official_numbers)

    def _verdict(
        self,
        evidence: list[Evidence],
        numbers: list[dict],
        named: bool = False,
        off_channel: frozenset = frozenset(),
        org_named: bool = False,
        narrated: bool = False,
        checked: frozenset = frozenset(),
        self_initiated: bool = False,
        role_claimed: bool = False,
    ) -> tuple[float, str]:
        """Risk and verdict. `named`: the contact used an organisation's name (the structure's "who");
        `off_channel`: indicator ids of demands made through a channel the organisation does not use;
        `narrated`: the text tells of one contact someone had ("对方称", "a man rang me"); `checked`: the
        genuine-process phrases found (the person tells a real process or a check of their own);
        `self_initiated`: the person rang the organisation themselves, not back on a number given to them;
        `role_claimed`: the contact presented itself as a company, an official or an office (on file or not)."""
        best: dict[str, Evidence] = {}
        for e in evidence:
            if e.indicator not in best or e.weight > best[e.indicator].weight:
                best[e.indicator] = e
        kinds: dict[str, float] = {}
        mitigating = handled = 0.0
        decisive = False
        for e in best.values():
            if e.kind == "mitigating":
                if e.indicator == GENUINE_HANDLING:
                    handled = e.weight  # an outcome told (a new card, paid at the counter) adds to the rest
                else:
                    mitigating = max(mitigating, e.weight)  # scammers borrow genuine phrasing: one counts
                continue
            weight = e.weight * (0.5 if e.kind == "context" else 1.0)
            kinds[e.kind] = 1 - (1 - kinds.get(e.kind, 0)) * (1 - weight)
            decisive |= e.weight >= DECISIVE and e.kind in ("demand", "hook")
        if any(self._is_scam_demand(i) and e.kind == "demand" and e.weight >= STRONG_DEMAND for i, e in best.items()):
            handled = 0.0  # "a card through the door" does not excuse "read me the code"
        mitigating = 1 - (1 - mitigating) * (1 - handled)
        miss = 1.0
        for v in kinds.values():
            miss *= 1 - v
        risk = 1 - miss
        demand = kinds.get("demand", 0)
        if demand == 0 and not decisive:
            risk *= 0.7
        for n in numbers:
            risk = 1 - (1 - risk) * (1 - float(n.get("risk", 0)))
            reports = n.get("reports") or {}
            # A number confirmed by a quorum of independent reporters is as decisive as 卡单.
            decisive |= reports.get("status") == "confirmed" and not reports.get("protected")
            if n.get("official"):
                risk *= 0.9  # an official number lowers the risk a little; spoofing keeps it from zero
        risk *= 1 - mitigating
        # The whole structure — who (a named organisation or a claimed role), why (a pretext) and an
        # action asked off-channel — is a scam whatever the wording of each part.
        who = named or org_named or kinds.get("contact", 0) >= 0.3
        # A copied "we will never ask…" or opt-out line does not undo it; an outcome told does.
        handled_here = any(e.kind == "mitigating" and i not in _COPYABLE for i, e in best.items())
        # (a link counts when it is clearly not the organisation's: a lookalike, a brand in a stranger's domain)
        off = any(i in off_channel and (i != self._link_id or e.weight >= BAD_LINK_WEIGHT) for i, e in best.items())
        pretext = kinds.get("hook", 0) >= 0.4 or any(i in _FEE_OFF_CHANNEL for i in best)
        # (the "who" may be a role claimed in words, a company not on file: "a man from the electricity board")
        if (who or role_claimed) and pretext and not handled_here and off:
            decisive = True
        # A contact in a company's name or a claimed role asking for what genuine service never asks of
        # anyone — a code, a transfer, card details, a loan, remote access — is a scam whatever the pretext,
        # or with none told. (Not when the person rang the organisation themselves: a bank may check who is
        # calling with a code it sends. A contact told with no company or role — "a man rang me" — is
        # not enough: measured, that lifted a genuine account to "scam" on the blind half.)
        strong_ask = any(
            self._is_scam_demand(i) and e.kind == "demand" and e.weight >= STRONG_DEMAND for i, e in best.items()
        )
        if (who or role_claimed) and strong_ask and not handled_here and not checked and not self_initiated:
            decisive = True
        # The account itself says the contact was an impostor ("posing as DHL", "自称客服", "scammers") and
        # tells the pretext used in a company's or role's name: the person (or the report) already saw
        # the whole structure; a genuine contact told as checked (an outcome, a process) keeps its verdict.
        # (the "who" here is the company or role the contact used, not the impostor word itself, and the word
        # is about this contact: "posing as", 冒充, "a fake text" — not "scammers" named in general)
        claimed = (
            named
            or org_named
            or any(e.kind == "contact" and e.weight >= 0.3 and i != TOLD_AS_IMPOSTOR for i, e in best.items())
        )
        this_contact = any(
            e.indicator == TOLD_AS_IMPOSTOR and not _GENERIC_IMPOSTOR.fullmatch(e.text.strip().lower())
            for e in evidence
        )
        if claimed and this_contact and kinds.get("hook", 0) >= 0.4 and not handled_here and not checked:
            decisive = True
        # A company's name with a link that only imitates its address (a look-alike, the brand inside a
        # stranger's domain): no genuine message sends one, whatever the text around it says.
        if who and not handled_here and self._link_id in best and best[self._link_id].weight >= LOOKALIKE_WEIGHT:
            decisive = True
        if decisive:
            risk = max(risk, SCAM_AT + 0.05)
        risk = round(min(risk, 0.99), 4)
        shape = decisive or (
            demand >= 0.3 and (kinds.get("hook", 0) + kinds.get("contact", 0) + kinds.get("pressure", 0)) >= 0.3
        )
        if risk >= SCAM_AT and shape:
            return risk, "scam"
        # Two of the script's three parts (who they claim to be, a real pretext, a demand) are
        # enough to warn, even before the third has happened.
        # A named organisation is the "who" as much as a contact phrase: a pretext in a brand's name
        # with no demand yet is "suspicious — check this way", never "no scam signs".
        parts = (kinds.get("contact", 0) >= 0.3 or named) + (kinds.get("hook", 0) >= 0.4) + (demand >= 0.25)
        if risk >= SUSPICIOUS_AT or (parts >= 2 and mitigating == 0):
            return max(risk, SUSPICIOUS_AT), "suspicious"
        return risk, "no_scam_signs"
