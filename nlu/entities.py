"""Entities in an account: phone numbers, links, money, organisations and apps.

All finders work on the folded text and return spans in the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers
from phonenumbers import PhoneNumberMatcher

from knowledge.model import KnowledgeBase

from .normalize import LiteralIndex, Normalized, fold
from .phones import NumberParseError, parse_number


@dataclass(frozen=True)
class Mention:
    """A span of the user's text and what it refers to."""

    text: str
    start: int
    end: int
    id: str = ""  # organisation or app id, canonical number, domain…
    kind: str = ""  # phone: mobile/fixed_line/short_code/…; link: official/shortener/…
    detail: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Plain dict for JSON output."""
        out = {"text": self.text, "start": self.start, "end": self.end}
        if self.id:
            out["id"] = self.id
        if self.kind:
            out["kind"] = self.kind
        out.update(self.detail)
        return out


_TLDS = (
    "com|cn|net|org|top|xyz|cc|co|info|vip|shop|site|online|club|me|io|ly|uk|de|hk|tk|ml|ga|"
    "cf|gq|wang|ink|ltd|link|app|icu|fun|pw|biz|ws|in|us|tw|live|life|store|work|asia|mobi|"
    "tech|win|bid|loan|support|help|services|space|website|today|gov|edu"
)
URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'，。！？、）)】」\u4e00-\u9fff]+"
    r"|(?<![a-z0-9@.\-])(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:" + _TLDS + r")(?![a-z0-9\-])"
    r"(?::\d{2,5})?(?:/[^\s<>\"'，。！？、）)】」\u4e00-\u9fff]*)?"
    r"|(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{2,5})?(?:/[^\s，。\u4e00-\u9fff]*)?(?![\d.])"
)
# Linear time: an amount may start only where a run of digits (or of Chinese numerals) starts, so
# a long run without a unit is scanned once, not once per digit (4,000 digits took 0.5 s).
# Every region the bot serves: HK$ / S$ / NT$ / A$ end in "$"; rupees in figures or lakhs; 蚊 is the
# Cantonese dollar ("三萬蚊").
MONEY_RE = re.compile(
    r"(?:[¥￥£€₹]|(?:(?<![a-z])(?:hk|s|nt|a|us|c|nz))?\$|(?<![a-z])rs(?:\.\s?|\s)(?=\d)|(?<![a-z])(?:rmb|usd|cny|hkd|sgd|aud|cad|nzd|twd|ntd|inr|myr|rm)(?![a-z]))\s?\d(?:,?\d)*(?:\.\d+)?"
    r"(?:\s?(?:[万千kK](?![a-z])|lakhs?\b|crores?\b))?"
    r"|(?<!\d)(?<!\d,)\d(?:,?\d)*(?:\.\d+)?\s?"
    r"(?:万元|万块|万|千元|千块|港元|港币|港幣|台币|台幣|元|块钱|块|蚊"
    r"|(?:rmb|yuan|dollars?|bucks|usd|hkd|sgd|aud|cad|nzd|pounds?|quid|euros?|gbp|usdt|rupees?|rs|inr|lakhs?|crores?"
    r"|ringgit)(?![a-z]))"
    r"|(?<![一二两三四五六七八九十百千万萬兩])[一二两兩三四五六七八九十百千万萬]+(?:万元|萬元|元|块钱|块|蚊|港元|港币|港幣)"
)
_CALL_WORDS = re.compile(r"(电话|致电|拨打|热线|号码|来电|打来|call|phone|number|dial|热线|客服)")


# A "defanged" address as news and warnings quote a scam text: www[.]example[.]com, example(.)com.
_DEFANG = re.compile(r"\[\.\]|\(\.\)|\[dot\]|\(dot\)|\{\.\}")


def find_links(norm: Normalized) -> list[Mention]:
    """URLs, bare domains and raw IP addresses (defanged ones too: the host is read with its dots)."""
    text, at = norm.text, None
    if ("." in text or "dot" in text) and _DEFANG.search(text):
        # Read the defanged text with plain dots; `at` maps each of its characters back to the folded text.
        parts, at, last = [], [], 0
        for d in _DEFANG.finditer(text):
            parts += [text[last : d.start()], "."]
            at += [*range(last, d.start()), d.start()]
            last = d.end()
        parts.append(text[last:])
        at += [*range(last, len(text)), len(text)]
        text = "".join(parts)
    out = []
    for m in URL_RE.finditer(text):
        raw = m.group(0).rstrip(".,;:!?")
        if not raw or (raw.replace(".", "").isdigit() and raw.count(".") != 3):
            continue
        start, end = m.start(), m.start() + len(raw)
        if at is not None:  # (raw never ends on a defanged dot: trailing dots are stripped)
            start, end = at[start], at[end - 1] + 1
        s, e = norm.span(start, end)
        out.append(Mention(norm.original[s:e], s, e, id=host_of(raw)))
    return out


def host_of(url: str) -> str:
    """The lower-case host of a URL or bare domain."""
    u = re.sub(r"^[a-z]+://", "", url.lower())
    host = re.split(r"[/:?#]", u, maxsplit=1)[0]
    return host.removeprefix("www.") if host.count(".") > 1 else host


def find_money(norm: Normalized) -> list[Mention]:
    """Money amounts in yuan, dollars and the like."""
    out = []
    for m in MONEY_RE.finditer(norm.text):
        s, e = norm.span(m.start(), m.end())
        out.append(Mention(norm.original[s:e], s, e, kind="money"))
    return out


_UNIT_AFTER = set("元块万%年月日号个天分次倍岁gm")  # "5000元", "3月": amounts and dates, not numbers
MAX_PHONE_TRIES = 40
_CANDIDATE = re.compile(r"(?<![\d.])(?:\+|00)?\d[\d\- ]{1,22}\d(?![\d.])")


def find_phones(norm: Normalized, region: str = "CN") -> list[Mention]:
    """Phone numbers (phonenumbers' matcher), short service numbers and dressed-up caller IDs."""
    text = norm.text
    if not re.search(r"\d{3}", text):
        return []
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    # A bounded number of attempts: a message made of hundreds of number-like runs costs no more
    # than one with a few dozen (nobody sends more numbers than that about one call).
    for match in PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID, max_tries=MAX_PHONE_TRIES):
        try:
            p = parse_number(match.raw_string, region)
        except NumberParseError:
            continue
        s, e = norm.span(match.start, match.end)
        out.append(Mention(norm.original[s:e], s, e, id=p.canonical, kind=p.type, detail={"region": p.region}))
        taken.append((match.start, match.end))
    tries = 0
    for m in _CANDIDATE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        tries += 1
        if tries > MAX_PHONE_TRIES:
            break
        raw = m.group(0).strip()
        digits = re.sub(r"\D", "", raw)
        intl = raw.startswith(("+", "00"))
        if not intl:
            after = text[m.end() : m.end() + 2]
            if after[:1] in (
                "元",
                "块",
                "万",
                "%",
                "年",
                "月",
                "日",
                "号",
                "个",
                "天",
                "分",
                "次",
                "倍",
                "岁",
                "g",
                "m",
            ):
                continue
            before = text[max(0, m.start() - 8) : m.start()]
            if len(digits) > 8 or (len(digits) < 5 and not _CALL_WORDS.search(before)):
                continue
        try:
            p = parse_number(raw, region)
        except NumberParseError:
            continue
        if not intl and not p.is_short:
            continue
        s, e = norm.span(m.start(), m.start() + len(raw))
        out.append(Mention(norm.original[s:e], s, e, id=p.canonical, kind=p.type, detail={"region": p.region}))
    out.sort(key=lambda x: x.start)
    return out


def _word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class AliasIndex:
    """Find many literal aliases (organisations or apps) in a text, longest first."""

    def __init__(self, aliases: dict[str, list[str]]):
        self.owner: dict[str, str] = {}
        for oid, names in aliases.items():
            for name in names:
                key = fold(name)
                if len(key) >= 2:
                    self.owner.setdefault(key, oid)
        self.keys = sorted(self.owner, key=len, reverse=True)
        # Keys grouped by their first two characters: only groups whose pair occurs in a text are tried.
        self._rank = {k: i for i, k in enumerate(self.keys)}
        self._by_pair: dict[str, list[str]] = {}
        for key in self.keys:
            self._by_pair.setdefault(key[:2], []).append(key)

    def find(self, norm: Normalized, index: LiteralIndex | None = None) -> list[Mention]:
        """Every alias mention that no longer alias covers, with the id it belongs to."""
        index = index or LiteralIndex(norm.text)
        text = norm.text
        taken = bytearray(len(text))  # 1 where a longer alias already matched: overlap test in C, not O(mentions)
        out = []
        grams = index.grams
        by_pair = self._by_pair
        keys = [k for pair in grams & by_pair.keys() for k in by_pair[pair]]
        keys.sort(key=self._rank.__getitem__)  # longest first, as in self.keys
        for key in keys:
            for pos in index.positions(key):
                end = pos + len(key)
                if (
                    key[0].isascii()
                    and key[0].isalnum()
                    and pos
                    and text[pos - 1].isascii()
                    and text[pos - 1].isalnum()
                ):
                    continue
                if (
                    key[-1].isascii()
                    and key[-1].isalnum()
                    and end < len(text)
                    and text[end].isascii()
                    and text[end].isalnum()
                ):
                    continue
                if taken.find(1, pos, end) != -1:
                    continue
                taken[pos:end] = b"\x01" * (end - pos)
                s, e = norm.span(pos, end)
                out.append(Mention(norm.original[s:e], s, e, id=self.owner[key]))
        out.sort(key=lambda m: m.start)
        return out


def org_index(kb: KnowledgeBase) -> AliasIndex:
    """Alias index over the official directory (names count as aliases)."""
    return AliasIndex({o.id: [*o.aliases, o.names.zh] for o in kb.organisations.values()})


def app_index(kb: KnowledgeBase) -> AliasIndex:
    """Alias index over the app list."""
    return AliasIndex({a.id: list(a.aliases) for a in kb.apps.values()})
