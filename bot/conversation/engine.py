"""The conversation engine: (chat state, incoming message or button) -> (new state, replies, effects).

No Telegram, no database, no clock: everything arrives in `Incoming` and leaves as `Outcome`.
Side effects the engine wants (record a report, forget a user) are returned as `effects` for the
orchestrator (bot/conversation.py) to carry out, the way Cofacts' handlers return {context, replies}.
Reading is allowed through the functions it is given (the analyzer, a number check).
"""

from __future__ import annotations

import dataclasses
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from knowledge.model import KnowledgeBase
from nlu.analyzer import MAX_CHARS, Analysis
from nlu.normalize import count_cjk, fold
from nlu.phones import NumberParseError
from nlu.regexcache import compile as re_compile
from nlu.situation import Situation, detect

from ..redact import for_review, numbers
from .emergency import (
    RegionChoice,
    choose_region,
    contact_text,
    emergency_steps,
    emergency_text,
    find_region,
    for_region,
    kind_names,
    more_text,
    paid_on_channel,
    refined,
    region_lines,
    script_of,
    urgent_reply,
    writing_of,
)
from .followup import (
    DEMANDS,
    asked_about,
    asks_forget,
    before_question,
    intent_of,
    names_official_channel,
    without_yes_no,
)
from .report import (
    _ORDER_CONTEXT,
    compose_report,
    done_spans,
    reply_language,
    texts,
    topic_of,
    verify_lines,
    why_lines,
)
from .strings import in_script

# Companies only people in mainland China deal with: not offered to someone writing English.
CHINA_ONLY = frozenset({"taobao", "jd", "pinduoduo", "douyin", "xiaohongshu", "alipay_wechat"})
ORG_CHOICES = (
    "taobao",
    "jd",
    "pinduoduo",
    "douyin",
    "xiaohongshu",
    "courier",
    "bank",
    "alipay_wechat",
    "police",
    "other",
)
ACTIONS = (
    "add_contact",
    "scan_qr",
    "open_link",
    "share_screen",
    "give_code",
    "give_card",
    "borrow",
    "transfer",
    "pay_fee",
    "nothing",
)
# What a button answer adds to the account the analyzer reads, in the conversation's language.
SYNTHETIC = {
    "zh": {
        "who:taobao": "对方自称淘宝客服",
        "who:jd": "对方自称京东客服",
        "who:pinduoduo": "对方自称拼多多客服",
        "who:douyin": "对方自称抖音客服",
        "who:xiaohongshu": "对方自称小红书客服",
        "who:courier": "对方自称快递公司客服",
        "who:bank": "对方自称银行工作人员",
        "who:alipay_wechat": "对方自称支付宝客服",
        "who:police": "对方自称公安局民警",
        "act:add_contact": "对方让我加微信",
        "act:scan_qr": "对方让我扫描二维码",
        "act:open_link": "对方让我点击链接",
        "act:share_screen": "对方让我下载软件共享屏幕",
        "act:give_code": "对方让我提供验证码",
        "act:give_card": "对方让我提供银行卡号和密码",
        "act:borrow": "对方让我借钱",
        "act:transfer": "对方让我转账",
        "act:pay_fee": "对方让我先交保证金",
    },
    "en": {
        "who:taobao": "the caller said they were from Taobao customer service",
        "who:jd": "the caller said they were from JD customer service",
        "who:pinduoduo": "the caller said they were from Pinduoduo customer service",
        "who:douyin": "the caller said they were from Douyin customer service",
        "who:xiaohongshu": "the caller said they were from Xiaohongshu customer service",
        "who:courier": "the caller said they were from the courier company",
        "who:bank": "the caller said they were from my bank",
        "who:alipay_wechat": "the caller said they were from Alipay",
        "who:police": "the caller said he was a police officer",
        "act:add_contact": "they asked me to add him on WeChat",
        "act:scan_qr": "they asked me to scan a QR code",
        "act:open_link": "they asked me to click the link",
        "act:share_screen": "they asked me to share my screen",
        "act:give_code": "they asked me for the verification code",
        "act:give_card": "they asked for my card number and password",
        "act:borrow": "they asked me to borrow money",
        "act:transfer": "they asked me to transfer money",
        "act:pay_fee": "they asked me to pay a fee",
    },
}
COMMANDS = ("start", "help", "check", "report", "official", "lang", "region", "privacy", "forget", "cancel", "suggest")
# A message that is only a phone number: digits with the usual separators, nothing else.
_BARE_NUMBER = re_compile(r"^\s*\+?[\d\s\-()./]{3,24}\s*$")
FOLLOW_UP_CHARS = 300  # after a check, a message this short that adds nothing to the account is a question
STATE_TTL = 24 * 3600  # an account is kept for follow-ups this long, then forgotten
FLOOD_WINDOW, FLOOD_MAX = 60.0, 20
MAX_MESSAGES = 20
GROUP_SCAM_RISK = 0.9


@dataclass(frozen=True)
class Button:
    """An inline button; `data` fits Telegram's 64-byte callback limit."""

    label: str
    data: str

    def __post_init__(self):
        if len(self.data.encode()) > 64:
            raise ValueError(f"callback data over 64 bytes: {self.data!r}")


@dataclass(frozen=True)
class Reply:
    """One message to send: plain text (adapters escape it) and rows of buttons."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    edit: bool = False  # replace the message whose button was pressed, instead of sending a new one


@dataclass(frozen=True)
class ReportNumber:
    """Effect: record a report for `number` (canonical) under `script`."""

    number: str
    script: str


@dataclass(frozen=True)
class CountCheck:
    """Effect: one checked account for the police trends (aggregates only); `revises` the chat's last one."""

    script: str | None
    org: str | None
    verdict: str
    revises: bool = False


@dataclass(frozen=True)
class Suggest:
    """Effect: hand a suggestion to volunteers (redacted by the review service before it is stored)."""

    kind: str  # phrase | missed_scam | false_alarm
    text: str
    verdict: str | None = None
    scripts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ForgetUser:
    """Effect: delete the conversation and every report by this user."""


@dataclass
class ChatState:
    """What the engine remembers about one chat between messages (stored as JSON)."""

    lang: str | None = None  # set by /lang; otherwise detected per message
    # What the follow-up questions need from the account, never its text: the phrases that matched
    # (numbers and e-mails in them redacted), who it claimed to be, apps, link hosts, numbers.
    facts: list[str] = field(default_factory=list)
    messages: int = 0  # accounts received in this conversation
    # Only for "you got it wrong": the accounts as volunteers would see them, redacted for review
    # (numbers, cards, IDs, e-mails, handles, names, link paths removed), and what was removed.
    review: str = ""
    review_removed: dict = field(default_factory=dict)
    own_chars: int = 0  # how much of the account is the person's own words (for the report)
    answers: list[str] = field(default_factory=list)  # "who:taobao", "act:borrow"…
    numbers: list[str] = field(default_factory=list)  # canonical numbers mentioned
    asked: list[str] = field(default_factory=list)  # follow-up questions already asked
    awaiting: str | None = None
    pending: dict = field(default_factory=dict)
    nonce: int = 0
    updated: float = 0.0
    recent: list[float] = field(default_factory=list)
    flood_warned: bool = False
    region: str | None = None  # set by /region: where the person is, for help contacts
    given: list[str] = field(default_factory=list)  # what they said they already gave: "money", "code"…
    seen_lang: str | None = None  # the language of the person's last words: buttons keep answering in it
    script: str | None = None  # "tw" / "hk": they write Traditional characters; Chinese replies follow

    def to_dict(self) -> dict:
        """The state as JSON values: what `asdict` gives (every field is a scalar or a list or dict of
        scalars), without its deep copy of each value (a tenth of a millisecond per message)."""
        return {name: _copied(getattr(self, name)) for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict) -> ChatState:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def reset(self) -> ChatState:
        """A fresh conversation that keeps the language choice and flood bookkeeping."""
        return ChatState(
            lang=self.lang,
            nonce=self.nonce + 1,
            recent=self.recent,
            flood_warned=self.flood_warned,
            region=self.region,
            seen_lang=self.seen_lang,
            script=self.script,
        )


def _copied(value):
    """A list or dict copied to its last level (as `asdict` copies them); anything else as it is."""
    if isinstance(value, list):
        return [_copied(v) for v in value] if any(isinstance(v, (list, dict)) for v in value) else value.copy()
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Incoming:
    """One thing a person did: a text, a command, a button press, or something else (sticker, photo)."""

    kind: str  # text | command | button | image (text read from a picture) | other
    text: str = ""
    command: str = ""
    args: str = ""
    data: str = ""
    chat_type: str = "private"  # private | group
    addressed: bool = True  # in groups: mentioned, replied to, or a command
    now: float = 0.0
    lang_hint: str | None = None  # the client's language, e.g. Telegram's language_code
    # Privileged actions this person may do (`Roles.allowed`), given by the adapter with /help and
    # /start so their role's commands are listed; empty where roles do not apply (the terminal).
    allowed: frozenset[str] = frozenset()


@dataclass
class Outcome:
    state: ChatState
    replies: list[Reply]
    effects: list[object] = field(default_factory=list)


MAX_FACTS, MAX_FACT_CHARS = 60, 80
MAX_REVIEW = 4000  # characters of the redacted review copy kept for a suggestion
NOTE_CHARS = 400  # a message this short, sent while "Send it?" waits, is a note for volunteers
CANONICAL = re_compile(r"(?:\+|[A-Z]{2}:)\d{3,15}")  # "+8613800138000", "CN:95188"


def facts_of(analysis: Analysis) -> list[str]:
    """What a later re-analysis needs from an account, without keeping the account itself."""
    out: list[str] = []
    seen: set[str] = set()

    def add(text: str) -> None:
        text = redact_numbers(" ".join(text.split()))[:MAX_FACT_CHARS]
        if text and text not in seen and len(out) < MAX_FACTS:
            seen.add(text)
            out.append(text)

    for m in analysis.entities.get("phones", []):
        if m.id:
            add(m.id)  # the canonical number: needed to check and report it
    if analysis.org is not None:
        add(analysis.org.text)
    for e in [*(e for s in analysis.scripts for e in s.evidence), *analysis.red_flags]:
        if e.indicator != "red_flag.scam_wording":  # that one quotes a whole sentence
            add(e.text)
    for m in analysis.entities.get("apps", []):
        add(m.text)
    for m in analysis.entities.get("links", []):
        if m.id:
            add(m.id)  # the host decides the link check; paths and queries may carry personal data
    return out


def redact_numbers(text: str) -> str:
    """Phone, card and ID numbers and e-mail addresses out of a fact (canonical numbers are kept apart)."""
    if CANONICAL.fullmatch(text):
        return text
    return numbers(text)


def _count(analysis: Analysis, revises: bool) -> CountCheck:
    script = analysis.scripts[0].id if analysis.scripts and analysis.verdict != "no_scam_signs" else None
    return CountCheck(script, analysis.org.id if analysis.org else None, analysis.verdict, revises)


class Engine:
    """Built once with the knowledge base, the analyzer and a number check; `handle` is the whole API."""

    def __init__(
        self,
        kb: KnowledgeBase,
        analyze: Callable[[str], Analysis],
        check_number: Callable[[str, str | None, str], dict],
        parse_number: Callable[[str], object],
    ):
        self.kb = kb
        self.analyze = analyze
        self.check_number = check_number
        self.parse_number = parse_number
        # Within one message, the same words are read for what was given once, not by each step
        # that asks (_follow_up, _in_context, _text). Per thread: Telegram runs messages in threads.
        self._turn = threading.local()

    # -- entry point ------------------------------------------------------------------------
    def handle(self, state: ChatState, msg: Incoming) -> Outcome:
        """Answer one incoming message or button press (in Traditional script to those who write it)."""
        self._turn.reads, self._turn.analyses = {}, {}
        self._turn.prefix = self._turn.not_done = None
        try:
            outcome = self._handle(state, msg)
        finally:
            self._turn.reads = self._turn.analyses = None
        hint = (msg.lang_hint or "").lower()
        script = outcome.state.script or {"zh-tw": "tw", "zh-hant": "tw", "zh-hk": "hk"}.get(hint)
        if script in ("tw", "hk") and outcome.replies:
            # the person's own words quoted in a reply stay as they wrote them
            keep = (msg.text, *outcome.state.facts, outcome.state.review)
            outcome.replies = [_in_script(r, script, keep) for r in outcome.replies]
        return outcome

    def _detect(self, text: str) -> Situation:
        """The situation reader over `text`, once per message for the same words."""
        reads = getattr(self._turn, "reads", None)
        if reads is None:
            return detect(self.kb.situations, text)
        found = reads.get(text)
        if found is None:
            found = reads[text] = detect(self.kb.situations, text)
        return found

    def _handle(self, state: ChatState, msg: Incoming) -> Outcome:
        if state.updated and msg.now - state.updated > STATE_TTL:
            state = state.reset()
        state.updated = msg.now
        group = msg.chat_type != "private"
        if not group:
            flood = self._flood(state, msg)
            if flood is not None:
                return flood
        if msg.kind == "command":
            return self._command(state, msg)
        if msg.kind == "button":
            return self._button(state, msg)
        if msg.kind == "image":
            return self._text(state, msg)
        if msg.kind == "other":
            if group and not msg.addressed:
                return Outcome(state, [])
            return Outcome(state, [Reply(self.t(state, msg)["unsupported"])])
        return self._text(state, msg)

    # -- helpers ----------------------------------------------------------------------------
    def lang(self, state: ChatState, msg: Incoming, analysis: Analysis | None = None) -> str:
        if state.lang:
            return state.lang
        words = _has_words(msg.text)
        if analysis is not None and (words or not self._known_lang(state, msg)):
            return reply_language(analysis)
        if words:
            from nlu.analyzer import detect_language

            return "en" if detect_language(msg.text) == "en" else "zh"
        # A button, a bare number, emoji or marks say nothing about the language: the language they
        # wrote in before, then their app's language, then that of what they sent earlier.
        return self._known_lang(state, msg) or "zh"

    @staticmethod
    def _known_lang(state: ChatState, msg: Incoming) -> str | None:
        """The chat's language without this message's words: earlier words, the client's, the account's."""
        if state.seen_lang in ("zh", "en"):
            return state.seen_lang
        hint = (msg.lang_hint or "").lower()
        if hint[:2] in ("en", "zh"):
            return hint[:2]
        if state.review and _has_words(state.review):
            from nlu.analyzer import detect_language

            return "en" if detect_language(state.review) == "en" else "zh"
        return None

    def t(self, state: ChatState, msg: Incoming, analysis: Analysis | None = None) -> dict:
        return texts(self.lang(state, msg, analysis))["chat"]

    def _flood(self, state: ChatState, msg: Incoming) -> Outcome | None:
        state.recent = [*[x for x in state.recent if msg.now - x < FLOOD_WINDOW][-FLOOD_MAX:], msg.now]
        if len(state.recent) <= FLOOD_MAX:
            state.flood_warned = False
            return None
        if state.flood_warned:
            return Outcome(state, [])
        state.flood_warned = True
        return Outcome(state, [Reply(self.t(state, msg)["flood"])])

    def _buttons(self, state: ChatState, rows: list[list[tuple[str, str]]]) -> tuple[tuple[Button, ...], ...]:
        return tuple(tuple(Button(label, f"{state.nonce}|{key}") for label, key in row) for row in rows)

    def _person_region(self, state: ChatState, msg: Incoming) -> str | None:
        """Where the person is, when they said so (/region) or their app's language says ("en-AU")."""
        if state.region in self.kb.regions:
            return state.region
        hint = (msg.lang_hint or "").replace("_", "-")
        country = hint.rsplit("-", 1)[1].upper() if "-" in hint else ""
        return country if country in self.kb.regions else None

    def _analyze(self, state: ChatState, msg: Incoming, text: str) -> Analysis:
        """The analysis, reading numbers without a country code where the person is, when known (once
        per message for the same words: the earlier account is read by each step that asks)."""
        region = self._person_region(state, msg)
        analyses = getattr(self._turn, "analyses", None)
        found = analyses.get((text, region)) if analyses is not None else None
        if found is None:
            found = self.analyze(text, region=region) if region else self.analyze(text)
            if analyses is not None:
                analyses[(text, region)] = found
        return found

    def _account(self, state: ChatState, lang: str) -> str:
        synthetic = [SYNTHETIC[lang].get(a) or SYNTHETIC["zh"].get(a, "") for a in state.answers]
        return "\n".join([*state.facts, *[s for s in synthetic if s]])

    @staticmethod
    def _own_length(state: ChatState) -> int:
        """How much of the account is the person's own words (button answers are added after)."""
        return state.own_chars

    def region(
        self, state: ChatState, msg: Incoming, lang: str, analysis: Analysis | None = None, text: str = ""
    ) -> RegionChoice | None:
        """Where to give help for: /region, the numbers' country, the currency, the brand, the language."""
        return choose_region(
            self.kb,
            setting=state.region,
            numbers=state.numbers,
            # this message as written (place names survive), then the earlier ones as kept for review
            text="\n".join(x for x in (text, state.review) if x),
            org=analysis.org.id if analysis is not None and analysis.org else None,
            lang=lang,
            lang_hint=msg.lang_hint,
        )

    # -- free text --------------------------------------------------------------------------
    def _text(self, state: ChatState, msg: Incoming) -> Outcome:
        text = msg.text
        if not text.strip():
            key = "image_empty" if msg.kind == "image" else "empty"
            known = state.lang or self._known_lang(state, msg)
            said = [(texts(x)["chat"].get(key) or texts(x)["empty"]) for x in ((known,) if known else ("en", "zh"))]
            return Outcome(state, [Reply("\n".join(said))])  # nothing says the language: both
        group = msg.chat_type != "private"
        if state.awaiting == "suggest" and not group:
            state.awaiting = None
            return Outcome(state, [], [Suggest("phrase", text)])
        if state.pending.get("suggest") and not group and msg.kind == "text" and len(text) <= NOTE_CHARS:
            # They just said "this was genuine" / "a scam you missed" and were asked "Send it?": what
            # they write now is their note for volunteers ("it is really from them, I checked in the
            # app"), shown in the preview and asked about again, not more of the account to check.
            note = str(for_review(text))
            state.pending["note"] = "\n".join(x for x in (state.pending.get("note"), note) if x)[-NOTE_CHARS:]
            return self._suggest_confirm(state, self.lang(state, msg), state.pending["suggest"])
        state.pending.pop("note", None)
        if state.pending.get("suggest"):  # a long message instead of an answer: a new account, nothing sent
            state.pending = {}
        answering = state.awaiting == "number" and state.messages > 0 and not group
        # Full-width digits and marks (１３８…, ＋８６) are the same number as their ASCII forms.
        narrow = unicodedata.normalize("NFKC", text) if len(text) <= 64 else text
        bare = _BARE_NUMBER.match(narrow) and sum(ch.isdigit() for ch in narrow) >= 3
        if msg.kind != "image" and bare and not answering:
            try:
                p = self.parse_number(narrow.strip())
            except NumberParseError:
                p = None
            if p is not None:  # a bare number gets the number's facts, not a verdict on nothing
                state.awaiting = None
                if not self._known_lang(state, msg) and not state.lang:  # nothing else says the language
                    state.seen_lang = "zh" if p.region in ("CN", "TW", "HK", "MO") else "en"
                keep = None if group else state.numbers
                return Outcome(state, [self._check(state, msg, narrow.strip(), group, keep)])
        if not _has_words(narrow) and not any(ch.isdigit() for ch in narrow) and msg.kind != "image":
            # Emoji, stickers typed as text, "???": nothing to check; what they sent before is kept.
            if group and not msg.addressed:
                return Outcome(state, [])
            known = state.lang or self._known_lang(state, msg)
            key = "no_words" if known else "no_words_both"
            return Outcome(state, [Reply(texts(known or "en")["chat"][key])])
        if answering and _NO_NUMBER.match(fold(narrow)):
            # "没有号码", "no number", "唔知號碼": nothing to check; the check above stands, not sent again
            state.awaiting = None
            state.nonce += 1
            no_number = Reply(self.t(state, msg)["no_number"], self._main_buttons(state, self.lang(state, msg)))
            return Outcome(state, [no_number])
        if not group and msg.kind == "text" and asks_forget(text):
            # "please delete everything you stored about me", 刪除我嘅資料: /forget's question, not a check
            forget = Incoming("command", text=text, command="forget", now=msg.now, lang_hint=msg.lang_hint)
            return self._command(state, forget)
        if not group and msg.kind == "text" and state.messages and len(text) <= FOLLOW_UP_CHARS:
            follow = self._follow_up(state, msg, text)
            if follow is not None:
                return follow
        if state.awaiting == "number" and not group:
            state.awaiting = None
            lang = self.lang(state, msg)
            region = self._reading_region(state, msg, lang)
            try:
                data = self.check_number(text, None, lang, **({"region": region} if region else {}))
                if data["number"] and data["number"] not in state.numbers:  # (not one of unknown country)
                    state.numbers.append(data["number"])
            except NumberParseError:
                pass  # not a number after all: read it as more of the account
        if group:
            state = ChatState(lang=state.lang, nonce=state.nonce)  # groups keep no account between messages
        updated = state.messages > 0 or bool(state.answers)
        state.messages = min(state.messages + 1, MAX_MESSAGES)
        state.own_chars += len(text)
        if not group:
            redacted = for_review(text[:MAX_REVIEW])
            state.review = "\n".join(x for x in (state.review, str(redacted)) if x)[-MAX_REVIEW:]
            for kind, n in redacted.removed.items():
                state.review_removed[kind] = state.review_removed.get(kind, 0) + n
        situation = self._detect(text)
        not_done = getattr(self._turn, "not_done", None)
        if not_done in situation.given:  # asked whether to do it, not done (_not_asked)
            situation = replace(situation, given=tuple(g for g in situation.given if g != not_done))
        if updated and not group:  # a later turn: "I already did it" is read against what was asked
            situation = self._in_context(state, msg, text, situation)
        situation = refined(situation, text if group else state.review or text)  # gift-card codes, an ID
        if not group:
            state.given = [*state.given, *(g for g in situation.given if g not in state.given)]
            if _says_language(text, state.seen_lang):
                state.seen_lang = self.lang(ChatState(), msg)
                if state.seen_lang == "zh":  # a message written the same in both scripts changes nothing
                    state.script = script_of(text) or (None if in_script(text, "tw") != text else state.script)
        # A little more than the analyzer reads, so it can still say it read only a prefix.
        return self._verdict(state, msg, updated=updated, text=text[: MAX_CHARS + 1], situation=situation)

    def _verdict(
        self,
        state: ChatState,
        msg: Incoming,
        updated: bool = False,
        text: str = "",
        situation: Situation | None = None,
    ) -> Outcome:
        group = msg.chat_type != "private"
        first_lang = self.lang(state, msg)
        account = self._account(state, first_lang)
        analysis = self._analyze(state, msg, f"{text}\n{account}" if text and account else text or account)
        state.facts = [] if group else facts_of(analysis)
        lang = self.lang(state, msg, analysis)
        t = texts(lang)["chat"]
        for p in analysis.entities.get("phones", []):
            if p.id and p.id not in state.numbers:  # (a number of unknown country has no id)
                state.numbers.append(p.id)
        own = self._own_length(state)
        choice = self.region(state, msg, lang, analysis, text)
        if state.script and choice is not None and writing_of(choice.region.id):
            state.script = writing_of(choice.region.id)  # Traditional in Hong Kong's or Taiwan's wording
        read = self._read_note(msg, lang)
        if group:
            strong = analysis.verdict == "scam" and analysis.risk >= GROUP_SCAM_RISK
            if not (msg.addressed or strong):
                return Outcome(state, [])
            report = compose_report(
                analysis, self.kb, lang, audience="group", region=choice, own_length=own, text=text or account
            )
            return Outcome(state, [Reply(f"{read}{report}\n\n{t['group_private']}")], [_count(analysis, False)])
        read_text = situation if text else None  # the reading of `text` made in _text, not made again
        situation = situation or Situation()
        if paid_on_channel(situation, analysis.verdict):
            # "I paid the duty on the carrier's own site": the real process, nothing to stop.
            state.given = [g for g in state.given if g not in situation.given]
            situation = read_text = Situation()
        report = compose_report(
            analysis,
            self.kb,
            lang,
            region=choice,
            own_length=own,
            given=tuple(state.given),
            urgent=bool(situation.urgent and choice is not None),
            text=text or account,
            ongoing=situation.ongoing if choice is not None else (),
            situation=read_text,
        )
        head = f"{t['updated']}\n\n" if updated else ""
        prefix = getattr(self._turn, "prefix", None)
        if prefix:  # a yes/no question that also adds to the account: the answer, then the check
            self._turn.prefix = None
            head = f"{prefix}\n\n{head}"
        if situation.urgent and choice is not None:
            if analysis.verdict in ("no_scam_signs", "matches_genuine"):
                # "No scam signs" or a green "matches the real process" would contradict the steps above:
                # whoever already paid through a link or read out a code is a victim, whatever the notice.
                report = t["tell_more"]
            outcome = self._urgent(state, msg, lang, choice, situation, read + head + report)
            outcome.effects.append(_count(analysis, updated))
            return outcome
        # After a loss the steps matter, not a quiz; otherwise ask what the account is missing.
        region_id = choice.region.id if choice is not None else None
        # (may advance the nonce)
        question = None if state.given else self._next_question(state, analysis, lang, region_id)
        replies = [Reply(read + head + report, self._main_buttons(state, lang, analysis.verdict))]
        if question:
            replies.append(question)
        return Outcome(state, replies, [_count(analysis, updated)])

    def _follow_up(self, state: ChatState, msg: Incoming, text: str) -> Outcome | None:
        """After a check, a message that adds nothing to the account ("so should I call my bank?",
        "那我要报警吗", "what do I say to them?") gets an answer, not the same check again; one that
        says money or a code has gone (or that they are still on the call) gets the steps for that.
        None: it is more of the account (a new sign, organisation, number or link), or an answer to
        the question just asked."""
        intent = intent_of(text) if len(text) <= FOLLOW_UP_INTENT else None
        situation = self._not_asked(self._detect(text), text, intent)
        if not situation.given and (plain := _HYPOTHETICAL.sub("", text, count=1)) != text:
            situation = self._detect(plain)  # "what if I already gave the code?": as if told
        situation = self._in_context(state, msg, text, situation)
        situation = refined(situation, f"{text}\n{state.review}")  # gift-card codes, an ID number
        new = [g for g in situation.given if g not in state.given]
        alone = self._analyze(state, msg, text)
        adds = any(alone.entities.get(k) for k in ("phones", "links", "apps")) or "empty" in alone.notes
        if intent in ("why", "contacts", "too_late", "threat") and not adds and not new:
            return self._answer(state, msg, text, intent)
        if intent == "should" and not new:
            kind = asked_about(text)
            if kind in ("money", "giving", "link", "card", None) and (official := self._official_yes(state, msg, text)):
                # "is it safe to pay it on royalmail.com?", 那我可以在小程序里交吗: yes, through the organisation's
                # own channel opened oneself; the check stays as it was (the question adds no sign)
                return self._answer(state, msg, text, "official", official)
            if kind in DEMANDS or kind == "giving" or (kind == "hang_up" and not adds):
                if not adds:
                    if alone.scripts or alone.red_flags or alone.org is not None:
                        # "he now says he is the police and wants a safe account, should I?": the plain
                        # answer, and what it tells is kept for the next check
                        told = f"{text}\n{self._account(state, self.lang(state, msg))}"
                        state.facts = facts_of(self._analyze(state, msg, told))
                    return self._answer(state, msg, text, "should", kind)
                # "should I open this link: …": the plain No first, then the check of what it adds
                self._turn.prefix = self._should_text(state, msg, kind)
                return None
        signs = bool(alone.scripts or alone.red_flags or alone.org is not None)
        # A question about the check ("should I report this to the police?", "do I call them back?")
        # may touch a sign's words; a question is more of the account only when it is itself a scam.
        question = _QUESTION.search(text) is not None and len(text) <= FOLLOW_UP_QUESTION
        adds |= signs and not (question and alone.verdict != "scam")
        if adds and not new:
            return None
        if state.awaiting in ("who", "actions", "number") and not (new or _QUESTION.search(text)):
            return None  # a typed answer to the question on screen ("a courier", "没有")
        lang = self.lang(state, msg)
        self._seen(state, text, lang)
        choice = self.region(state, msg, lang, None, text)
        state.given = [*state.given, *new]
        state.awaiting = None
        if (new or situation.ongoing or situation.on_call) and choice is not None:
            # "what if I already gave the code?": the steps for what has gone, not the check again;
            # what the message adds is kept for the next check (and its numbers for a report).
            if adds:
                analysis = self._analyze(state, msg, f"{text}\n{self._account(state, lang)}")
                state.facts = facts_of(analysis)
                ids = [p.id for p in analysis.entities.get("phones", []) if p.id]
                state.numbers += [n for n in dict.fromkeys(ids) if n not in state.numbers]
            return self._urgent(state, msg, lang, choice, situation, "")
        t = texts(lang)["chat"]
        ft = t["followup"]
        folded = fold(text)
        topic = next((k for k, words in ft["words"].items() if any(_said(folded, w) for w in words)), None)
        values = {"police": "", "bank": "", "paid": t["buttons"]["paid"]}
        if choice is not None:
            from .emergency import police_text

            values.update(police=police_text(choice.region, lang), bank=choice.region.bank.get(lang))
        if topic is None and state.given and choice is not None and "more" not in state.asked:
            # "what now?" after the first steps: the rest of the checklist ("More steps")
            state.asked.append("more")
            answer = more_text(self.kb, choice, state.given, lang)
        elif topic is None and state.given:
            answer = ft["all_said"].format(**values)  # the whole checklist is on screen already
        elif topic in ft["known"] and (state.given or "paid" in state.asked):
            # "那我要报警吗" after "我已经转了5000" (or the "I already paid" button): the conversation
            # knows something went; answer directly
            kinds = kind_names(self.kb, lang)
            what = ("、" if lang == "zh" else ", ").join(kinds[g] for g in state.given if g in kinds)
            answer = ft["known"][topic].format(**values, what=what or ft["known"]["something"])
        else:
            answer = ft[topic or "next"].format(**values)
        answer = without_yes_no(answer, text)  # "what should I say to the bank?" is no yes/no question
        state.nonce += 1
        buttons = self._main_buttons(state, lang)
        tail = "" if answer == ft["all_said"].format(**values) else f"\n\n{ft['more']}"
        return Outcome(state, [Reply(answer + tail, buttons)])

    def _told_done(self, quote: str) -> tuple[str, ...]:
        """What a quoted fragment of the account says was given ("gave him the code": a clause whose
        subject the quote left out is the writer's)."""
        found = self._detect(quote).given
        if not found and quote.isascii() and not re.match(r"\s*(?:i|we|my)\b", quote, re.I):
            found = self._detect(f"I {quote}").given
        return found

    @staticmethod
    def _seen(state: ChatState, text: str, lang: str) -> None:
        """A follow-up that says its language (and, in Chinese, its script: 點解係呃人) sets the replies'."""
        if not _says_language(text, state.seen_lang):
            return
        state.seen_lang = lang
        if lang == "zh":  # a message written the same in both scripts changes nothing
            state.script = script_of(text) or (None if in_script(text, "tw") != text else state.script)

    def _not_asked(self, situation: Situation, text: str, intent: str | None) -> Situation:
        """A yes/no question about doing what they ask ("我转钱过去好唔好", "should I send the code over?")
        has not done it: the kind it asks about counts as given only when said before the question."""
        if intent != "should" or not situation.given:
            return situation
        kind = asked_about(text)
        asked = {"gift": "money", "id": "card"}.get(kind or "", kind)
        if asked not in situation.given or asked in self._detect(before_question(text)).given:
            return situation
        self._turn.not_done = asked  # (the check this message may still get reads it the same way)
        return replace(situation, given=tuple(g for g in situation.given if g != asked))

    def _answer(self, state: ChatState, msg: Incoming, text: str, intent: str, kind: str | None = None) -> Outcome:
        """A follow-up answered by what it asks (bot/conversation/followup.py), from what the
        conversation holds: what was checked (its facts) and what already went (`state.given`)."""
        lang = self.lang(state, msg)
        self._seen(state, text, lang)
        state.awaiting = None
        choice = self.region(state, msg, lang, None, text)
        if intent == "official":
            answer = kind or ""
        elif intent == "threat":
            from .emergency import police_text

            police = police_text(choice.region, lang) if choice is not None else ""
            answer = texts(lang)["chat"]["followup"]["threat"].format(police=police)
        elif intent == "should":
            answer = without_yes_no(self._should_text(state, msg, kind or "giving"), text)
        elif intent == "contacts":
            answer = self._contacts_text(state, lang, choice)
        elif intent == "too_late":
            answer = self._too_late_text(state, lang, choice)
        else:
            answer = self._why_text(state, msg, lang, choice)
        state.nonce += 1
        tail = texts(lang)["chat"]["followup"]["more"]
        more = [[(texts(lang)["emergency"]["more"], "more")]] if state.given and "more" not in state.asked else []
        buttons = self._buttons(state, [*more, *[[(label, key) for label, key in row] for row in self._rows(lang)]])
        return Outcome(state, [Reply(f"{answer}\n\n{tail}", buttons)])

    @staticmethod
    def _rows(lang: str) -> list[list[tuple[str, str]]]:
        b = texts(lang)["chat"]["buttons"]
        return [[(b["paid"], "paid"), (b["new"], "new")]]

    def _what_given(self, state: ChatState, lang: str) -> str:
        kinds = kind_names(self.kb, lang)
        return ("、" if lang == "zh" else ", ").join(kinds[g] for g in state.given if g in kinds)

    def _official_yes(self, state: ChatState, msg: Incoming, text: str) -> str | None:
        """ "Yes, through its own channel" for a question about paying through the checked organisation's
        own site or app, named by the person (`names_official_channel`), when nothing went yet and the check
        found no scam demand; None otherwise (the plain answer stands)."""
        if state.given:
            return None
        lang = self.lang(state, msg)
        analysis, _ = self._checked(state, lang)
        if analysis is None or analysis.org is None or analysis.verdict == "scam":
            return None
        org = self.kb.organisations.get(analysis.org.id)
        if org is None or not org.all_domains or not names_official_channel(text, org.all_domains):
            return None
        region = state.region
        site = org.domains_for(region)[0]
        return texts(lang)["chat"]["followup"]["yes"]["official"].format(org=org.names.get(lang), site=site)

    def _should_text(self, state: ChatState, msg: Incoming, kind: str) -> str:
        """ "No. …" (or "Yes. …" for hanging up), then what already went, if anything did."""
        lang = self.lang(state, msg)
        ft = texts(lang)["chat"]["followup"]
        if kind == "hang_up":
            return ft["yes"]["hang_up"]
        answer = ft["no"].get(kind) or ft["no"]["giving"]
        what = self._what_given(state, lang)
        return f"{answer}\n{ft['no_already'].format(what=what)}" if what else answer

    def _contacts_text(self, state: ChatState, lang: str, choice: RegionChoice | None) -> str:
        """The numbers to call, for the person's region: the bank first, then the police and anti-fraud
        lines, then the company named (its own channel only), then which region was assumed."""
        ft = texts(lang)["chat"]["followup"]
        if choice is None:
            return texts(lang)["anti_fraud"]
        region = choice.region
        lines = [ft["contacts_bank"].format(bank=region.bank.get(lang))]
        if "gift_card" in state.given:  # the issuer can freeze a gift card's balance; the bank cannot
            issuer = for_region(self.kb, region, ft["contacts_issuer"])
            lines = [issuer, *lines] if issuer else lines
        lines += [contact_text(c, lang) for c in region.contacts if c.role != "bank"]
        org = self._checked_org(state, lang)
        if org is not None:
            lines.append(ft["contacts_org"].format(org=org.names.get(lang)))
        assumed = region_lines(choice, lang)[-1]
        return "\n".join([ft["contacts"], *(f"- {x}" for x in lines), assumed])

    def _checked(self, state: ChatState, lang: str) -> tuple[Analysis | None, str]:
        """The analysis of what was checked (its facts and button answers), and that account."""
        if not state.facts and not state.answers:
            return None, ""
        account = self._account(state, lang)
        return self.analyze(account), account

    def _checked_org(self, state: ChatState, lang: str):
        analysis, _ = self._checked(state, lang)
        if analysis is None or analysis.org is None:
            return None
        return self.kb.organisations.get(analysis.org.id)

    def _too_late_text(self, state: ChatState, lang: str, choice: RegionChoice | None) -> str:
        """The honest answer for what went, then the steps that stop the loss."""
        ft = texts(lang)["chat"]["followup"]["too_late"]
        given = list(state.given)
        if not given or choice is None:
            return ft["none"]
        if "gift_card" in given:
            head = ft["gift"]
        else:
            head = ft["money"] if "money" in given or "loan" in given else ft["access"]
        steps = emergency_steps(self.kb, choice, given, lang, short=True)
        body = "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
        tail = ft["recovery"] if {"money", "loan", "gift_card"} & set(given) else ""
        return "\n".join(x for x in (head, body, tail) if x)

    def _why_text(self, state: ChatState, msg: Incoming, lang: str, choice: RegionChoice | None) -> str:
        """The reasons, quoting the person's own words (the evidence the check found), then what would
        be true if it were genuine: the real site, what the company never asks for."""
        ft = texts(lang)["chat"]["followup"]
        analysis, account = self._checked(state, lang)
        if analysis is None:
            return ft["why_none"]
        own = len("\n".join(state.facts))  # the button answers after it are not the person's words
        evidence = [*(e for m in analysis.scripts for e in m.evidence), *analysis.red_flags]
        # what the conversation knows already went is quoted as what happened, not as something asked
        went = [
            (e.start, e.end, k)
            for e in evidence
            if e.kind == "demand" and (k := topic_of(e.indicator)) in state.given and k in self._told_done(e.text)
        ]  # ("gave him the code", not "he needs one more code" asked after it)
        done = [*done_spans(self.kb, account), *went]
        why = why_lines(analysis, lang, own, text=account, done=done, kb=self.kb)
        if not why or analysis.verdict in ("no_scam_signs", "matches_genuine"):
            return ft["why_none"]
        real = ft["real"]
        org = self.kb.organisations.get(analysis.org.id) if analysis.org else None
        org_name = org.names.get(lang) if org is not None else real["org"]
        topics = {topic_of(e.indicator) for e in evidence if e.kind == "demand" or e.indicator.startswith("red_flag.")}
        genuine = [real[k].format(org=org_name) for k in ("code", "card", "money", "loan", "remote") if k in topics]
        region_id = choice.region.id if choice is not None else None
        for link in analysis.entities.get("links", []):
            if link.kind == "official" or not link.id:
                continue
            domains = org.domains_for(region_id) if org is not None else ()
            if domains:
                genuine.append(real["link"].format(domains=", ".join(domains[:3]), host=link.id))
            else:
                genuine.append(real["link_any"].format(host=link.id))
        if any(e.kind == "hook" for e in evidence) and _ORDER_CONTEXT.search(fold(account)):
            genuine.append(real["details"])
        if org is not None or any(e.kind == "contact" for e in evidence):
            genuine.append(real["caller_id"])
        if org_name and lang == "zh":
            genuine = [g.replace(f"{org_name}不会", f"真正的{org_name}不会", 1) if org else g for g in genuine]
        lines = [ft["why"], *(f"- {w}" for w in why)]
        if genuine:
            lines += [ft["genuine"], *(f"- {g}" for g in dict.fromkeys(genuine))]
        return "\n".join(lines)

    def _in_context(self, state: ChatState, msg: Incoming, text: str, situation: Situation) -> Situation:
        """The new turn read in the context of the earlier account: "I already installed it, it was
        called RustDesk" after "they want me to install an app" says the app is installed, as "I already
        installed RustDesk" would (the thing asked stands in for "it", or for the object 装了 leaves out)."""
        if not state.facts:
            return situation
        situation = self._of_relative(state, text, situation)
        zh = count_cjk(text) > 0
        typed = self._typed_into_page(state, msg, text, situation)
        if typed is not None:
            return typed
        if not situation.given and (done := _bare_done(text)) is not None:
            # "ok i did it", "done, sent", 照做了, 已经按他说的转了: a bare yes to what the story asked
            kinds = [k for k in self._asked(state, msg) if done == "any" or k == done] or (
                [done] if done != "any" else []
            )
            if kinds:
                return dataclasses.replace(situation, given=(*situation.given, *kinds))
        if _with_thing(text, "软件" if zh else "the app") == text or _PASSED_ON.search(fold(text)):
            # no "it", no "…了": nothing the earlier account could fill in; "I sent it to my son" is
            # the message passed on to family, not something given to the caller
            return situation
        for kind in self._asked(state, msg):
            if kind in situation.given or kind in state.given:
                continue
            told = _with_thing(text, _THING["zh" if zh else "en"][kind])
            found = self._detect(told)
            if kind in found.given:
                return dataclasses.replace(situation, given=(*situation.given, kind))
            if kind in (of_kin := self._of_relative(state, told, situation)).given:
                return of_kin  # "she already installed it": "she already installed the app", she the relative
        return situation

    def _of_relative(self, state: ChatState, text: str, situation: Situation) -> Situation:
        """A relative's act told in a later turn by pronoun ("she already installed it", 她已经说了验证码,
        佢已經俾咗) after an account about them ("my mum is on the phone with 'Amazon'…"): read as the
        one message "my mum … she already installed it" would be, where she is the relative. Only what
        the new turn tells counts (a span in it), and only when the reading names the relative."""
        if not _KIN_PRONOUN.search(fold(text)):
            return situation
        earlier = state.review
        mine = str(for_review(text[:MAX_REVIEW]))
        if earlier.endswith(mine):  # (the new turn is already at the end of the account: left out)
            earlier = earlier[: -len(mine)].rstrip("\n")
        if not earlier:
            return situation
        joined = f"{earlier}\n{text}"
        read = self._detect(joined)
        start = len(joined) - len(text)
        new = [q.what for q in read.quotes if q.start >= start and q.what in read.given]
        new = [k for k in dict.fromkeys(new) if k not in situation.given]
        if not new or not read.who:
            return situation
        return replace(situation, given=(*situation.given, *new), who=situation.who or read.who)

    def _typed_into_page(self, state: ChatState, msg: Incoming, text: str, situation: Situation) -> Situation | None:
        """After a message with a link (a fake payment or delivery page), "I already entered it", "I filled
        in my details", 我已经填了: details typed into that page are card details given (the page asks
        for the card), read as "I already entered my card details" would be. None: not said."""
        if "card" in situation.given or "card" in state.given or not _TYPED_IN.search(fold(text)):
            return None
        if _PASSED_ON.search(fold(text)):
            return None
        earlier = self._analyze(state, msg, "\n".join(state.facts))
        if not earlier.entities.get("links"):
            return None
        if count_cjk(text):
            told = _BARE_OBJECT_ZH.sub("卡号", _DETAILS_ZH.sub("卡号", text))
        else:
            told = _DETAILS_EN.sub("my card details", text)
        if told == text or "card" not in self._detect(told).given:
            return None
        return replace(situation, given=(*situation.given, "card"))

    def _asked(self, state: ChatState, msg: Incoming) -> list[str]:
        """What the earlier account says they asked for (situation kinds: "money", "code"…), in order."""
        earlier = self._analyze(state, msg, "\n".join(state.facts))
        evidence = [*(e for m in earlier.scripts for e in m.evidence), *earlier.red_flags]
        return list(dict.fromkeys(k for e in evidence if e.kind == "demand" and (k := topic_of(e.indicator))))

    def _read_note(self, msg: Incoming, lang: str) -> str:
        """For a picture: what was read from it, so the person can see what was analysed."""
        if msg.kind != "image":
            return ""
        shown = " ".join(msg.text.split())
        shown = shown if len(shown) <= 300 else shown[:299] + "…"
        if msg.chat_type != "private":
            from ..redact import numbers

            shown = numbers(shown, "…")  # a group reply never repeats numbers read from a picture
        return texts(lang)["chat"]["image_read"].format(text=shown) + "\n\n"

    def _urgent(
        self, state: ChatState, msg: Incoming, lang: str, choice: RegionChoice, situation: Situation, report: str
    ) -> Outcome:
        """Still on the call: "hang up" first, short. Already gave something: the steps first. Then the rest."""
        replies: list[Reply] = []
        screens = urgent_reply(self.kb, situation, choice, lang, state.given)
        more = self._buttons(state, [[(texts(lang)["emergency"]["more"], "more")]]) if state.given else ()
        replies += [Reply(x, more if x is screens[-1] else ()) for x in screens]
        if report:
            replies.append(Reply(report, self._main_buttons(state, lang)))
        if state.given:
            replies.append(self._offer_report(state, lang))
        return Outcome(state, replies)

    def _offer_report(self, state: ChatState, lang: str) -> Reply:
        """After a loss: offer to record the number (or ask for it)."""
        t = texts(lang)["chat"]
        b = t["buttons"]
        if not state.numbers:
            return Reply(t["ask_report_number"])
        state.nonce += 1
        state.pending = {"number": state.numbers[-1], "script": self._script(state, lang)}
        return Reply(
            t["offer_report"] + f"\n{self._mask(state.pending['number'])}",
            self._buttons(state, [[(b["report_this"], "rep:y"), (b["cancel"], "rep:n")]]),
        )

    def _main_buttons(self, state: ChatState, lang: str, verdict: str | None = None):
        b = texts(lang)["chat"]["buttons"]
        rows = [[(b["paid"], "paid"), (b["new"], "new")]]
        if verdict is not None:  # "you got it wrong": becomes a suggestion for volunteers
            sg = texts(lang)["chat"]["suggest"]
            rows.append(
                [(sg["missed"], "sug:missed")] * (verdict != "scam")
                + [(sg["genuine"], "sug:genuine")] * (verdict != "no_scam_signs")
            )
        return self._buttons(state, rows)

    def _next_question(
        self, state: ChatState, analysis: Analysis, lang: str, region: str | None = None
    ) -> Reply | None:
        """Ask what the account is missing, one question at a time, each only once."""
        if analysis.verdict == "scam" and analysis.risk >= 0.9:
            return None
        kinds = {e.kind for m in analysis.scripts for e in m.evidence} | {e.kind for e in analysis.red_flags}
        t = texts(lang)["chat"]
        state.nonce += 1
        if "who" not in state.asked and analysis.org is None and "contact" not in kinds:
            state.asked.append("who")
            state.awaiting = "who"
            names = t["orgs"]
            # Mainland platforms are offered only to someone in mainland China (not in English, nor to
            # someone in Hong Kong, Taiwan or London).
            mainland = lang != "en" and region in (None, "CN")
            offered = [o for o in ORG_CHOICES if mainland or o not in CHINA_ONLY]
            rows = [[(names[o], f"who:{o}") for o in offered[i : i + 2]] for i in range(0, len(offered), 2)]
            return Reply(f"{t['thin']}\n{t['ask_who']}", self._buttons(state, rows))
        if "actions" not in state.asked and "demand" not in kinds:
            state.asked.append("actions")
            state.awaiting = "actions"
            return Reply(t["ask_actions"], self._action_buttons(state, lang, region))
        if "number" not in state.asked and not state.numbers:
            state.asked.append("number")
            state.awaiting = "number"
            return Reply(t["ask_number"], self._buttons(state, [[(t["buttons"]["skip"], "skipnum")]]))
        state.nonce -= 1
        return None

    def _action_buttons(self, state: ChatState, lang: str, region: str | None = None):
        t = texts(lang)["chat"]
        names = t["actions"] if region in (None, "CN") else {**t["actions"], **t["actions_intl"]}
        chosen = {a.split(":", 1)[1] for a in state.answers if a.startswith("act:")}
        labels = [((("✓ " if a in chosen else "") + names[a]), f"act:{a}") for a in ACTIONS]
        rows = [labels[i : i + 2] for i in range(0, len(labels), 2)]
        rows.append([(t["buttons"]["done"], "done")])
        return self._buttons(state, rows)

    # -- buttons ----------------------------------------------------------------------------
    def _button(self, state: ChatState, msg: Incoming) -> Outcome:
        t = self.t(state, msg)
        nonce, _, key = msg.data.partition("|")
        # isdigit() accepts "²" and "٣", which int() refuses: only short ASCII digits are a nonce.
        if not (nonce.isascii() and nonce.isdigit() and len(nonce) <= 12) or int(nonce) != state.nonce or not key:
            return Outcome(state, [Reply(t["stale"])])
        lang = self.lang(state, msg)
        if key.startswith("who:") and key[4:] in ORG_CHOICES:
            if key != "who:other" and key not in state.answers:
                state.answers.append(key)
            state.awaiting = None
            return self._verdict(state, msg, updated=True)
        if key.startswith("act:") and key[4:] in ACTIONS:
            if key in state.answers:
                state.answers.remove(key)
            elif key != "act:nothing":
                state.answers.append(key)
            choice = self.region(state, msg, lang)
            region_id = choice.region.id if choice is not None else None
            return Outcome(state, [Reply(t["ask_actions"], self._action_buttons(state, lang, region_id), edit=True)])
        if key == "done":
            state.awaiting = None
            return self._verdict(state, msg, updated=True)
        if key == "skipnum":
            state.awaiting = None
            return Outcome(state, [Reply(t["cancelled"] if not state.messages else t["help"].split("\n")[0])])
        if key == "new":
            return Outcome(state.reset(), [Reply(t["cancelled"])])
        if key == "paid":
            if "paid" not in state.asked:
                state.asked.append("paid")  # follow-up questions are answered for a loss
            state.nonce += 1
            choice = self.region(state, msg, lang)
            if choice is None:
                return Outcome(state, [Reply(t["paid_steps"]), self._offer_report(state, lang)])
            steps = emergency_text(self.kb, choice, state.given, lang)
            more = self._buttons(state, [[(texts(lang)["emergency"]["more"], "more")]])
            return Outcome(state, [Reply(steps, more), self._offer_report(state, lang)])
        if key == "more":
            if "more" not in state.asked:
                state.asked.append("more")
            choice = self.region(state, msg, lang)
            if choice is None:
                return Outcome(state, [Reply(t["paid_steps"])])
            return Outcome(state, [Reply(more_text(self.kb, choice, state.given, lang))])
        if key == "rep:y" and state.pending.get("number"):
            pending, state.pending = state.pending, {}
            return Outcome(state, [], [ReportNumber(pending["number"], pending.get("script") or "unknown")])
        if key == "rep:n":
            state.pending = {}
            return Outcome(state, [Reply(t["report_cancelled"])])
        if key in ("sug:missed", "sug:genuine"):
            return self._suggest_confirm(state, lang, "missed_scam" if key == "sug:missed" else "false_alarm")
        if key == "sug:y" and state.pending.get("suggest"):
            kind, note, state.pending = state.pending["suggest"], state.pending.get("note"), {}
            if not state.review:
                return Outcome(state, [Reply(t["suggest"]["nothing"])])
            analysis = self.analyze(self._account(state, lang))
            scripts = tuple(m.id for m in analysis.scripts[:2])
            sent = state.review + (f"\n\n{t['suggest']['note_label']} {note}" if note else "")
            return Outcome(state, [], [Suggest(kind, sent, analysis.verdict, scripts)])
        if key == "sug:n":
            state.pending = {}
            return Outcome(state, [Reply(t["suggest"]["cancelled"])])
        if key == "fgt:y":
            return Outcome(ChatState(lang=state.lang), [], [ForgetUser()])
        if key == "fgt:n":
            return Outcome(state, [Reply(t["forget_cancelled"])])
        if key.startswith("region:") and key[7:] in self.kb.regions:
            return Outcome(state, [self._set_region(state, msg, key[7:])])
        if key.startswith("lang:") and key[5:] in ("zh", "en"):
            state.lang = key[5:]
            return Outcome(state, [Reply(texts(state.lang)["chat"]["lang_set"])])
        return Outcome(state, [Reply(t["stale"])])

    def _suggest_confirm(self, state: ChatState, lang: str, kind: str) -> Outcome:
        """Show what volunteers would see (redacted) and ask before sending it."""
        sg = texts(lang)["chat"]["suggest"]
        if not state.review:
            return Outcome(state, [Reply(sg["nothing"])])
        note = state.pending.get("note") if state.pending.get("suggest") == kind else None
        state.pending = {"suggest": kind, **({"note": note} if note else {})}
        state.nonce += 1
        preview = state.review[: 600 - min(len(note or ""), 300)]
        if note:
            preview += f"\n\n{sg['note_label']} {note[:300]}"
        b = texts(lang)["chat"]["buttons"]
        buttons = self._buttons(state, [[(sg["send"], "sug:y"), (b["cancel"], "sug:n")]])
        ask = sg["confirm"].format(text=preview) + ("" if note else "\n" + sg["add_note"])
        return Outcome(state, [Reply(ask, buttons)])

    def _script(self, state: ChatState, lang: str) -> str:
        if not state.facts and not state.answers:
            return "unknown"
        analysis = self.analyze(self._account(state, lang))
        return analysis.scripts[0].id if analysis.scripts else "unknown"

    @staticmethod
    def _mask(number: str) -> str:
        return number if len(number) < 8 else number[:-4] + "****"

    # -- commands ---------------------------------------------------------------------------
    @staticmethod
    def _help(t: dict, msg: Incoming) -> str:
        """The help, then the commands of the person's roles (in a private chat only: a group reads along)."""
        lines = [line for action, line in t["role_help"]["commands"].items() if action in msg.allowed]
        if not lines or msg.chat_type != "private":
            return t["help"]
        return "\n".join([t["help"], "", t["role_help"]["title"], *lines])

    def _command(self, state: ChatState, msg: Incoming) -> Outcome:
        group = msg.chat_type != "private"
        t = self.t(state, msg)
        cmd, args = msg.command.lower(), msg.args.strip()
        if cmd not in COMMANDS:
            return Outcome(state, [] if group and not msg.addressed else [Reply(t["unknown_command"])])
        if cmd == "start":
            return Outcome(state, [Reply(t["welcome"]), Reply(self._help(t, msg))])
        if cmd == "help":
            return Outcome(state, [Reply(self._help(t, msg))])
        if cmd == "privacy":
            return Outcome(state, [Reply(t["privacy"])])
        if cmd == "cancel":
            return Outcome(state.reset(), [Reply(t["cancelled"])])
        if cmd == "lang":
            if args.lower() in ("zh", "en", "中文", "english"):
                state.lang = "en" if args.lower() in ("en", "english") else "zh"
                return Outcome(state, [Reply(texts(state.lang)["chat"]["lang_set"])])
            state.nonce += 1
            return Outcome(
                state, [Reply(t["lang_choose"], self._buttons(state, [[("中文", "lang:zh"), ("English", "lang:en")]]))]
            )
        if cmd == "region":
            return Outcome(state, [self._region_command(state, msg, args)])
        if cmd == "official":
            return Outcome(state, [self._official(state, msg, args)])
        if cmd == "suggest":
            if group:
                return Outcome(state, [Reply(t["group_private"])])
            if not args:
                state.awaiting = "suggest"
                return Outcome(state, [Reply(t["suggest"]["usage"])])
            return Outcome(state, [], [Suggest("phrase", args)])
        if cmd == "check":
            if not args:
                state.awaiting = "number"
                return Outcome(state, [Reply(t["check_usage"])])
            return Outcome(state, [self._check(state, msg, args, group)])
        if cmd == "report":
            if group:
                return Outcome(state, [Reply(t["group_private"])])
            if not args:
                return Outcome(state, [Reply(t["report_usage"])])
            lang = self.lang(state, msg)
            try:
                p = self._parse_here(state, msg, lang, args)
            except NumberParseError as exc:
                return Outcome(state, [Reply(t["bad_number"].format(error=exc))])
            script = self._script(state, lang)
            state.pending = {"number": p.canonical, "script": script}
            state.nonce += 1
            name = (
                self.kb.scripts[script].names.get(lang) if script in self.kb.scripts else texts(lang)["script_unknown"]
            )
            b = t["buttons"]
            return Outcome(
                state,
                [
                    Reply(
                        t["confirm_report"].format(number=p.canonical, script=name),
                        self._buttons(state, [[(b["yes_report"], "rep:y"), (b["cancel"], "rep:n")]]),
                    )
                ],
            )
        # forget
        if group:
            return Outcome(state, [Reply(t["group_private"])])
        state.nonce += 1
        b = t["buttons"]
        return Outcome(
            state,
            [Reply(t["confirm_forget"], self._buttons(state, [[(b["yes_forget"], "fgt:y"), (b["cancel"], "fgt:n")]]))],
        )

    def _reading_region(self, state: ChatState, msg: Incoming, lang: str) -> str | None:
        """Where a number without its country code is read: where the person is; for someone writing
        English with nothing to say where, nowhere (UNKNOWN: every reading); else the service's own."""
        region = self._person_region(state, msg)
        if region is None and lang == "en" and "zh" not in ((msg.lang_hint or "")[:2], state.seen_lang):
            from ..services.numbers import UNKNOWN

            return UNKNOWN  # "0412 345 678" is not read as mainland China's
        return region

    def _parse_here(self, state: ChatState, msg: Incoming, lang: str, raw: str):
        """A number to report, read where the person is (as /check reads it: "/region SG" then
        "/report 8123 4567" is Singapore's), else in the service's own terms."""
        from nlu.phones import parse_number

        from ..services.numbers import UNKNOWN

        region = self._reading_region(state, msg, lang)
        if not region or region == UNKNOWN:
            return self.parse_number(raw)
        try:
            here = parse_number(raw, region)
        except NumberParseError:
            return self.parse_number(raw)  # written in another region's terms (a mainland landline)
        if here.valid:
            return here
        try:
            home = self.parse_number(raw)  # not a number there: 13800138000 is the mainland's
        except NumberParseError:
            return here
        return home if home.valid else here

    def _check(self, state: ChatState, msg: Incoming, raw: str, group: bool, keep: list | None = None) -> Reply:
        """The number report: type, place, official match, reports, the spoofing caveat. No verdict.
        `keep`: the number's canonical form is added to it (not when its country is unknown)."""
        t = self.t(state, msg)
        lang = self.lang(state, msg)
        region = self._reading_region(state, msg, lang)
        try:
            data = self.check_number(raw, None, lang, **({"region": region} if region else {}))
        except NumberParseError as exc:
            return Reply(t["bad_number"].format(error=exc))
        if keep is not None and data["number"] and data["number"] not in keep:
            keep.append(data["number"])
        tt = texts(lang)
        nr = tt["number_report"]
        shown = "…" if group else (data["number"].split(":", 1)[-1] or " ".join(raw.split()))  # never in groups
        lines = [t["number_check_title"].format(number=shown)]
        skip = {"place_carrier"} if group else set()
        if data.get("official"):
            skip.add("official_match")  # said below, with the organisation and how sure we are
        lines += [f"- {s['text']}" for s in data["signals"] if s["id"] not in skip]
        official = data.get("official")
        if official:
            org = official["name_zh"] if lang == "zh" else official["name"]
            conf = tt["confidence"].get(official["confidence"], official["confidence"])
            lines.append("- " + nr["official"].format(org=org, number=official["number"], confidence=conf))
        else:
            lines.append("- " + nr["not_official"])
        if not (data.get("reports") or {}).get("reporters"):
            lines.append("- " + nr["no_reports"])
        lines.append(tt["spoof_caveat"])
        lines.append(nr["footer"])
        return Reply("\n".join(lines))

    def _region_command(self, state: ChatState, msg: Incoming, args: str) -> Reply:
        """/region: show where help is given for and offer the others; /region NAME sets it."""
        lang = self.lang(state, msg)
        t = texts(lang)["emergency"]
        if args:
            region = find_region(self.kb, args)
            if region is None:
                known = ", ".join(f"{r.names.get(lang)} ({r.id})" for r in self.kb.regions.values())
                return Reply(t["region_unknown"].format(name=args[:40], known=known))
            return self._set_region(state, msg, region.id)
        choice = self.region(state, msg, lang)
        if choice is None:
            return Reply(texts(lang)["anti_fraud"])
        state.nonce += 1
        names = [(r.names.get(lang), f"region:{r.id}") for r in self.kb.regions.values()]
        rows = [names[i : i + 3] for i in range(0, len(names), 3)]
        head = t["region_now"].format(region=choice.region.names.get(lang), why=t["because"][choice.reason])
        return Reply(head, self._buttons(state, rows))

    def _set_region(self, state: ChatState, msg: Incoming, region_id: str) -> Reply:
        state.region = region_id
        lang = self.lang(state, msg)
        choice = RegionChoice(self.kb.regions[region_id], "setting")
        contacts = "\n".join(f"- {line}" for line in region_lines(choice, lang)[:-1])
        return Reply(
            texts(lang)["emergency"]["region_set"].format(region=choice.region.names.get(lang), contacts=contacts)
        )

    def _official(self, state: ChatState, msg: Incoming, name: str) -> Reply:
        t = self.t(state, msg)
        lang = self.lang(state, msg)
        if not name:
            return Reply(t["official_usage"])
        key = fold(name).replace(" ", "")
        org = next(
            (
                o
                for o in self.kb.organisations.values()
                if key in {fold(a).replace(" ", "") for a in (*o.aliases, o.names.zh, o.names.en, o.id)}
            ),
            None,
        )
        if org is None:
            known = "、".join(o.names.get(lang) for o in self.kb.organisations.values() if o.category != "anti_fraud")
            return Reply(t["official_unknown"].format(name=name[:40], known=known))
        head = texts(lang)["verify_org"].format(org=org.names.get(lang))
        choice = self.region(state, msg, lang)  # the person's region's police and anti-fraud lines, not China's
        lines = verify_lines(org, lang, region=choice, kb=self.kb)
        return Reply(head + ":\n" + "\n".join(f"- {line}" for line in lines))


# An answer to "which number called you?" that says there is none to give (folded: simplified, lower case).
_NO_NUMBER = re_compile(
    r"^\s*(?:(?:ok|okay|sorry|sadly|好的|好|嗯|唔好意思|不好意思)[\s,，.。]*)?(?:"
    r"(?:没有|没|无|冇|木有|不知道|唔知|唔记得|不记得|记不得|记不清|忘了|忘记了?|看不到|睇唔到|不清楚|没看到|没留意|无留意)"
    r"(?:对方|佢|他|她)?(?:的|嘅|个)?(?:号码|号|电话号码|电话|来电显示|显示)?(?:了|啊|呀|喔|哦|啦|噢|呢)?"
    r"|(?:号码|电话)(?:是)?(?:隐藏|未知|不显示|没显示|唔显示|私人)(?:的|号码)?(?:了|啊)?"
    r"|隐藏号码|私人号码|未知号码|跳过"
    r"|no|none|nope|skip|n/?a|no number|no no\.?|not sure|unknown|hidden|private"
    r"|(?:there was |there's |there is |it was |it's |it is )?"
    r"(?:no|(?:an? )?(?:hidden|private|unknown|withheld|blocked)|no caller) ?(?:number|caller id|id)"
    r"|(?:i )?(?:don'?t|do not|didn'?t|did not|can'?t|cannot) (?:know|have|remember|recall|see|get|save|keep) "
    r"(?:it|the number|their number|his number|her number|the caller'?s number|a number)"
    r"|(?:number|caller id) (?:was )?(?:hidden|withheld|private|unknown|blocked)"
    r")\s*[.!。！~…]*\s*$",
    re.IGNORECASE,
)
FOLLOW_UP_QUESTION = 120  # a question this short about the check is a follow-up, whatever words it uses
FOLLOW_UP_INTENT = 200  # "should I…", "why…", "what number…": read by what they ask up to this long
# "what if I already…", "如果我已经…": told as a hypothesis, answered as if it had happened.
_HYPOTHETICAL = re_compile(
    r"^\s*(?:(?:so|and|but|ok|okay)[\s,]+)?(?:what if|what happens if|and if|if|suppose|supposing)\s+"
    r"|^\s*(?:那|那么|可是|但是|但)?(?:如果说|如果|要是|万一|萬一|假如|假设|假設)",
    re.IGNORECASE,
)
_QUESTION = re_compile(
    r"[?？]|吗|呢|么|要不要|该不该|能不能|怎么|如何|点算|点做|係咪|"
    r"^\s*(?:so\s+|and\s+|but\s+)?(?:should|shall|do|does|did|can|could|would|will|is|am|are|what|how|why|who|must)\b",
    re.IGNORECASE,
)


# What an earlier account asked for, named in a later turn that leaves it out ("installed it", "装了").
_THING = {
    "en": {
        "remote": "the app",
        "code": "the code",
        "card": "the card details",
        "money": "the money",
        "loan": "the loan",
    },
    "zh": {"remote": "软件", "code": "验证码", "card": "卡号", "money": "钱", "loan": "贷款"},
}
# ("paid for it", "asked about it": the thing bought or asked about, not the thing asked for)
_PRONOUN_EN = re_compile(r"(?<![a-z'])(?<!for )(?<!about )(?:it|that|this|them)(?![a-z'])", re.IGNORECASE)
_PRONOUN_ZH = re_compile(r"它|那个|这个|那個|這個")
# A relative's act told by pronoun in a later turn (folded text): "she already…", 她/他/佢已经… (_of_relative).
_KIN_PRONOUN = re_compile(r"(?<![a-z'])(?:she|he|she's|he's|shes|hes)(?![a-z'])|[她他佢]", re.IGNORECASE)
# Someone else named (family, the bank, the police): "I told my bank about it", "我已经告诉我老公了" is
# the story passed on, not the thing given to the caller; a forward or screenshot is the message.
_PASSED_ON = re_compile(
    r"(?<![a-z])(?:my|our|the) (?:son|daughter|wife|husband|mum|mom|dad|mother|father|family|friends?|partner"
    r"|kids?|brother|sister|bank|police)(?![a-z])|(?<![a-z])(?:police|bank|forward\w*|screenshot\w*)(?![a-z])"
    r"|家人|朋友|儿子|女儿|老公|老婆|妈|爸|父母|同事|孩子|警察|民警|派出所|银行|报警|转发|截图"
)
# "我已经装了，" / "裝咗喇": a finished verb with no object after it (particles aside; not _BARE_DONE_ZH,
# the whole "done" message below)
_BARE_OBJECT_ZH = re_compile(r"(?<=[了咗])(?=[喇啦咯囉喔哦呀啊]*(?:[，,。.！!？?\s~…]|$))")


# Typed into a page: "entered it", "filled in my details", 填了, 输入了 (folded text).
_TYPED_IN = re_compile(
    r"\b(?:enter|entered|type|typed|fill|filled|put|keyed|key|submit|submitted|input|inputted)\b|填|输入|输了|打了|提交|key了",
    re.IGNORECASE,
)
# What was typed, said without naming it: stands for the card details the page asked for.
_DETAILS_EN = re_compile(
    r"(?<![a-z'])(?:it|them|that|this|everything|all of it|all my details|my details|the details|my info"
    r"|my information|the form|my data|my bank details|all the details|the info)(?![a-z'])",
    re.IGNORECASE,
)
_DETAILS_ZH = re_compile(r"个人资料|个人信息|資料|资料|信息|资讯|它|那个|这个|那個|這個")
# A short message that only says it is done, after a story that asked for something ("ok i did it",
# "done, sent", "too late, I already did what he said", 照做了, 已经按他说的转了, 搞掂咗): what was asked went.
_BARE_DONE_EN = re_compile(
    r"^\W*(?:(?:ok|okay|k|yes|yeah|yep|too late|sorry|omg|oh no|already|just|so|well|and)\W+)*"
    r"(?:(?:i|i've|ive|i have|we|we've)\s+(?:(?:already|just|now|also)\s+)*)?"
    r"(?P<verb>did it|did that|did what (?:he|she|they|the caller|the guy) (?:said|asked|wanted|told me)"
    r"|done it|done that"
    r"|done|finished|sent (?:it|them|the money|him the money|her the money)|sent|paid (?:it|them|him|her)|paid"
    r"|transferred (?:it|the money)|transferred|gave (?:it|them|him|her)(?: (?:it|them))?|followed (?:his|her|their) "
    r"instructions|complied|went ahead)"
    r"(?:\s+(?:already|just now|too|as well|liao|lah|lor))*\W*(?P<tail>.{0,40})$"
)
_BARE_DONE_ZH = re_compile(
    r"^(?:好了?|嗯|是的|对|唉|完了|来不及了)?[，,\s]*(?:我)?(?:已经|都|刚刚|刚才|刚|也|早就)*(?:按照|按|照)?(?:他|她|对方|客服|佢)?"
    r"(?:说的|讲的|话的|讲嘅|的)?"
    r"(?P<verb>照做|照办|搞掂|弄好|做好|弄完|做完|转账|汇款|付款|过数|做|弄|搞|操作|办|转|汇|付|给|发|交|俾|畀)"
    r"(?:他|她|对方|佢)?(?:了|咗|完了|好了|完|晒)(?:钱|款|数)?(?:给他|给她|给对方|俾佢|畀佢|过去|出去)?(?:了|啦|喇|咯|嘞)?"
    r"[，,。.!！?？\s]*(?P<tail>.{0,12})$"
)
_DONE_KIND = {"paid": "money", "transferred": "money", "transferred the money": "money", "sent the money": "money",
              "转账": "money", "汇款": "money", "付款": "money", "过数": "money", "转": "money", "汇": "money",
              "付": "money", "交": "money"}  # fmt: skip


def _bare_done(text: str) -> str | None:
    """The kind a bare "done" message gives ("money" for paid / 转了), "any" for "did it" / 照做了
    (whatever was asked), or None when the message says more than that."""
    folded = fold(text).strip()
    if len(folded) > 80:
        return None
    m = _BARE_DONE_ZH.match(folded) if count_cjk(folded) else _BARE_DONE_EN.match(folded)
    if m is None:
        return None
    tail = m.group("tail").strip()
    if tail and not (_QUESTION.search(tail) or _bare_done(tail) or _PLEA_TAIL.match(tail)):
        return None  # "i did it for my mum", "sent it to my son": more than a yes
    verb = m.group("verb")
    return _DONE_KIND.get(verb, _DONE_KIND.get(verb.split()[0], "any"))


_PLEA_TAIL = re_compile(r"^(?:help|pls|please|now what|what now|urgent|omg|怎么办|点算|咋办|救命|急)\W*", re.I)


def _with_thing(text: str, thing: str) -> str:
    """`text` with the thing asked earlier put where it says "it" (or, in Chinese, after a bare 了)."""
    if count_cjk(text):
        return _BARE_OBJECT_ZH.sub(thing, _PRONOUN_ZH.sub(thing, text))
    return _PRONOUN_EN.sub(thing, text)


def _has_words(text: str) -> bool:
    """Letters of any script: not only digits, marks, symbols and emoji."""
    return any(ch.isalpha() for ch in text)


def _said(folded: str, word: str) -> bool:
    """`word` in the folded message: ASCII words and numbers whole ("cops" not in "copse")."""
    word = word.lower()
    if word.isascii() and word[:1].isalnum():
        return re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", folded) is not None
    return word in folded


def _says_language(text: str, known: str | None) -> bool:
    """Enough words to tell the language: the first words, or then three words or four characters
    ("ok", "broken bytes" do not switch a Chinese conversation to English)."""
    if not any(ch.isalpha() for ch in text):
        return False
    return known is None or len(re.findall(r"[A-Za-z]{2,}", text)) >= 3 or count_cjk(text) >= 4


def _in_script(reply: Reply, script: str, keep: tuple[str, ...] = ()) -> Reply:
    """The reply and its button labels in Traditional characters (Taiwan or Hong Kong wording);
    quotations of `keep` (the person's own words) as written."""
    rows = tuple(tuple(Button(in_script(b.label, script), b.data) for b in row) for row in reply.buttons)
    return Reply(in_script(reply.text, script, keep), rows, reply.edit)
