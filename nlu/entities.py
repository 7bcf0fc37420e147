"""Entities in an account: phone numbers, links, money, organisations and apps.

All finders work on the folded text and return spans in the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberMatch, PhoneNumberMatcher
from phonenumbers.phonenumbermatcher import _LEAD_CLASS, _PUNCTUATION, _SECOND_NUMBER_START_PATTERN
from phonenumbers.phonenumbermatcher import _PATTERN as _MATCHER_PATTERN

from knowledge.model import KnowledgeBase

from .literals import Found, LiteralFinder
from .normalize import Normalized, fold
from .phones import NumberParseError, parse_number
from .regexcache import compile as re_compile
from .windows import Near


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


_new = object.__new__


def _mention(text: str, start: int, end: int, id: str) -> Mention:
    """`Mention(text, start, end, id=id)`, built without the frozen dataclass's `__init__` (a `object.__setattr__`
    per field; an alias index makes one per name found). Equal to, and indistinguishable from, the one `__init__`
    makes: the same fields in the same order, `kind` empty and a `detail` of its own."""
    m = _new(Mention)
    m.__dict__.update(text=text, start=start, end=end, id=id, kind="", detail={})
    return m


_TLDS = (
    # Country codes that are also words after a missing space ("tell.my mum", "hours.ph", "ref.id")
    # count only below a second level ("lazada.com.my", "shopee.co.id"), tried first.
    "(?:com|co|gov|org|net|edu|ac)\\.(?:my|ph|th|id|tr|ae)|"
    "com|cn|net|org|top|xyz|cc|co|info|vip|shop|site|online|club|me|io|ly|uk|de|hk|tk|ml|ga|"
    "cf|gq|wang|ink|ltd|link|app|icu|fun|pw|biz|ws|in|us|tw|live|life|store|work|asia|mobi|"
    "tech|win|bid|loan|support|help|services|space|website|today|gov|edu|"
    # Country codes of the regions served and their neighbours: "auspost.com.au" keeps its ".au".
    "au|sg|vn|nz|jp|kr|br|mx|eu|mo"
)
URL_RE = re_compile(
    r"(?:https?://|www\.)[^\s<>\"'，。！？、）)】」\u4e00-\u9fff]+"
    r"|(?<![a-z0-9@.\-])(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:" + _TLDS + r")(?![a-z0-9\-])"
    r"(?::\d{2,5})?(?:/[^\s<>\"'，。！？、）)】」\u4e00-\u9fff]*)?"
    r"|(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{2,5})?(?:/[^\s，。\u4e00-\u9fff]*)?(?![\d.])"
)
# Linear time: an amount may start only where a run of digits (or of Chinese numerals) starts, so
# a long run without a unit is scanned once, not once per digit (4,000 digits took 0.5 s).
# Every region the bot serves: HK$ / S$ / NT$ / A$ end in "$"; rupees in figures or lakhs; 蚊 is the
# Cantonese dollar ("三萬蚊").
MONEY_RE = re_compile(
    r"(?:[¥￥£€₹]|(?:(?<![a-z])(?:hk|s|nt|a|us|c|nz))?\$|(?<![a-z])rs(?:\.\s?|\s)(?=\d)|(?<![a-z])(?:rmb|usd|cny|hkd|sgd|aud|cad|nzd|twd|ntd|inr|myr|rm)(?![a-z]))\s?\d(?:,?\d)*(?:\.\d+)?"
    r"(?:\s?(?:[万千kK](?![a-z])|lakhs?\b|crores?\b))?"
    r"|(?<!\d)(?<!\d,)\d(?:,?\d)*(?:\.\d+)?\s?"
    r"(?:万元|万块|万|千元|千块|港元|港币|港幣|台币|台幣|元|块钱|块|蚊"
    r"|(?:rmb|yuan|dollars?|bucks|usd|hkd|sgd|aud|cad|nzd|pounds?|quid|euros?|gbp|usdt|rupees?|rs|inr|lakhs?|crores?"
    r"|ringgit)(?![a-z]))"
    r"|(?<![一二两三四五六七八九十百千万萬兩])[一二两兩三四五六七八九十百千万萬]+(?:万元|萬元|元|块钱|块|蚊|港元|港币|港幣)"
)
# Every amount holds a digit or a Chinese numeral at most 4 characters after its start ("rmb 5"), no
# more than one character between two of them ("1,000.5"), and looks at most 9 characters past its
# last one (" ringgit" and the letter after it): read only near them (nlu/windows.py).
_MONEY_NEAR = Near(MONEY_RE, r"[\d一二两兩三四五六七八九十百千万萬]+", lead=4, gap=1, reach=12)
_CALL_WORDS = re_compile(r"(电话|致电|拨打|热线|号码|来电|打来|call|phone|number|dial|热线|客服)")


# A "defanged" address as news and warnings quote a scam text: www[.]example[.]com, example(.)com.
_DEFANG = re_compile(r"\[\.\]|\(\.\)|\[dot\]|\(dot\)|\{\.\}")


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
    for m in _url_matches(text):
        raw = m.group(0).rstrip(".,;:!?")
        if not raw or (raw.replace(".", "").isdigit() and raw.count(".") != 3):
            continue
        start, end = m.start(), m.start() + len(raw)
        if at is not None:  # (raw never ends on a defanged dot: trailing dots are stripped)
            start, end = at[start], at[end - 1] + 1
        s, e = norm.span(start, end)
        out.append(Mention(norm.original[s:e], s, e, id=host_of(raw)))
    return out


# Every address holds "://", "www." or a dot before a letter or digit (a host's or an IP's) at most 63
# characters after its start (a host's first label), and none holds a space, "，", "。" or a Chinese
# character: it is read from there to the end of that stretch only, not tried at every word of prose.
_URL_ANCHOR = re_compile(r"://|www\.|\.[a-z0-9]")
_URL_LEAD = 63
_URL_STOP = re_compile(r"[\s，。\u4e00-\u9fff]")


def _url_matches(text: str):
    """URL_RE.finditer(text), read only around the places an address can be."""
    pos, n = 0, len(text)
    while anchor := _URL_ANCHOR.search(text, pos):
        stop = _URL_STOP.search(text, anchor.start())
        end = stop.start() if stop else n
        yield from URL_RE.finditer(text, max(pos, anchor.start() - _URL_LEAD), end)
        pos = max(end, anchor.end())


def host_of(url: str) -> str:
    """The lower-case host of a URL or bare domain."""
    u = re.sub(r"^[a-z]+://", "", url.lower())
    host = re.split(r"[/:?#]", u, maxsplit=1)[0]
    return host.removeprefix("www.") if host.count(".") > 1 else host


def find_money(norm: Normalized) -> list[Mention]:
    """Money amounts in yuan, dollars and the like."""
    out = []
    for m in _MONEY_NEAR.finditer(norm.text):
        s, e = norm.span(m.start(), m.end())
        out.append(Mention(norm.original[s:e], s, e, kind="money"))
    return out


_UNIT_AFTER = frozenset("元块万%年月日号个天分次倍岁gm")  # "5000元", "3月": amounts and dates, not numbers
MAX_PHONE_TRIES = 40
_CANDIDATE = re_compile(r"(?<![\d.])(?:\+|00)?\d[\d\- ]{1,22}\d(?![\d.])")
_CANDIDATES = Near(_CANDIDATE, r"\d+", lead=1, gap=22, reach=2)  # read only around digits
_THREE_DIGITS = re_compile(r"\d{3}")
_NOT_DIGIT = re_compile(r"\D")

# PhoneNumberMatcher's pattern opens with at most two brackets or plus signs, each followed by at most
# four punctuation characters, then a digit: a match starts at most 10 characters before a digit, so
# its search can start there instead of reading prose it cannot match (None: another version of
# phonenumbers with another opening; then it reads from where it was asked).
_MATCHER_LEAD = 10 if _MATCHER_PATTERN.pattern.startswith(f"(?:{_LEAD_CLASS}{_PUNCTUATION}){{0,2}}\\d") else None
_DIGIT = re_compile(r"\d")

# PhoneNumberMatcher reads a candidate (a run its own pattern found) together with the character
# before it and, after it, the next character and a timestamp's ":mm": nothing else of the text.
_AFTER = 3
_UNLIMITED_TRIES = 1 << 30
PHONE_CACHE = 8192  # readings of (candidate, surroundings, region) kept per process


@lru_cache(maxsize=PHONE_CACHE)
def _read_candidate(candidate: str, before: str, after: str, region: str) -> tuple[int, str, object, int] | None:
    """PhoneNumberMatcher's own reading of one candidate standing between `before` (the character
    before it, '' at the start of the text) and `after` (at most _AFTER characters that follow):
    the match (its start in the candidate, its raw string, the number; or -1, "", None) and the
    tries it took; None when it took none and found nothing. Remembered: a long text, and a server,
    sees the same numbers again and again, and phonenumbers' parse is the costly part."""
    matcher = PhoneNumberMatcher(before + candidate + after, region, leniency=phonenumbers.Leniency.VALID)
    matcher._max_tries = _UNLIMITED_TRIES
    found = matcher._extract_match(candidate, len(before))
    used = _UNLIMITED_TRIES - matcher._max_tries
    if found is None:
        return (-1, "", None, used) if used else None
    return found.start - len(before), found.raw_string, found.number, used


class _Scan:
    """What finding numbers in one text needs whatever the region: the runs PhoneNumberMatcher's
    pattern finds from each place it searches from, and the runs the short-number pass reads.
    A text read under every region (a number whose country nothing tells) is scanned once."""

    __slots__ = ("candidates", "has_digits", "runs", "text")

    def __init__(self, text: str):
        self.text = text
        self.has_digits = _THREE_DIGITS.search(text) is not None
        self.runs: dict[int, tuple[int, str] | None] = {}  # search start -> (start, candidate) or None
        self.candidates = (
            [(m.start(), m.end(), m.group(0)) for m in _CANDIDATES.finditer(text)] if self.has_digits else []
        )

    def run_from(self, index: int) -> tuple[int, str] | None:
        """PhoneNumberMatcher's next candidate at or after `index` (its pattern; a second number trimmed off)."""
        try:
            return self.runs[index]
        except KeyError:
            pass
        m = None
        if _MATCHER_LEAD is None:
            m = _MATCHER_PATTERN.search(self.text, index)
        elif digit := _DIGIT.search(self.text, index):  # (the pattern holds a digit)
            m = _MATCHER_PATTERN.search(self.text, max(index, digit.start() - _MATCHER_LEAD))
        found = None
        if m is not None:
            candidate = m.group(0)
            cut = _SECOND_NUMBER_START_PATTERN.search(candidate)
            found = (m.start(), candidate[: cut.start()] if cut else candidate)
        self.runs[index] = found
        return found


@lru_cache(maxsize=8)
def _scan(text: str) -> _Scan:
    return _Scan(text)


class _RememberingMatcher(PhoneNumberMatcher):
    """PhoneNumberMatcher finding the same numbers with less work: the text's candidates are found
    once for every region (`_Scan`), and each candidate is read once per process (`_read_candidate`).

    Its answer for a candidate cannot depend on the tries left while more remain than the candidate
    took when read alone (every check of the limit inside it then passes as it did alone); with
    fewer left, the candidate is read here, under the limit, as PhoneNumberMatcher reads it."""

    def __init__(self, scan: _Scan, region: str, max_tries: int):
        super().__init__(scan.text, region, leniency=phonenumbers.Leniency.VALID, max_tries=max_tries)
        self._scan = scan

    def _find(self, index):
        # PhoneNumberMatcher._find, its pattern's search answered by the shared scan.
        found = self._scan.run_from(index)
        while self._max_tries > 0 and found is not None:
            start, candidate = found
            if len(candidate) >= self._min_candidate_length:
                match = self._extract_match(candidate, start)
                if match is not None:
                    return match
                self._max_tries -= 1
            found = self._scan.run_from(start + len(candidate))
        return None

    def _extract_match(self, candidate, offset):
        text = self.text
        end = offset + len(candidate)
        before = text[offset - 1] if offset else ""
        known = _read_candidate(candidate, before, text[end : end + _AFTER], self.preferred_region)
        if known is None:
            return None
        start, raw, number, used = known
        if self._max_tries <= used:
            return super()._extract_match(candidate, offset)
        self._max_tries -= used
        return None if number is None else PhoneNumberMatch(offset + start, raw, number)


# An order, booking or tracking number is not a phone number: "order #403-1234567", "订单号 2026…".
_ORDER_BEFORE = re_compile(
    r"(?:#|\b(?:order|orders|booking|invoice|ref|reference|tracking|awb|waybill)\b\.?\s*(?:no\.?|number|id|#)?\s*[:：#]?"
    r"|(?:订单|訂單|单号|單號|运单|運單|订单号|訂單號|运单号|運單號|编号|編號)\s*[:：]?)\s*$"
)


def _order_number(text: str, start: int) -> bool:
    """Whether the digits at `start` follow an order or tracking marker (a "#", "order", 订单号)."""
    return _ORDER_BEFORE.search(text, max(0, start - 24), start) is not None


def _glued(text: str, start: int, end: int) -> bool:
    """Digits glued to Latin letters on either side ("sf95338lp", a WeChat or LINE ID): a handle, not a
    phone number, however much its digits look like an official hotline."""
    before, after = text[start - 1 : start] if start else "", text[end : end + 1]
    return any(c.isascii() and c.isalpha() for c in (before, after))


def find_phones(norm: Normalized, region: str = "CN") -> list[Mention]:
    """Phone numbers (phonenumbers' matcher), short service numbers and dressed-up caller IDs."""
    text = norm.text
    scan = _scan(text)
    if not scan.has_digits:
        return []
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    # A bounded number of attempts: a message made of hundreds of number-like runs costs no more
    # than one with a few dozen (nobody sends more numbers than that about one call).
    for match in _RememberingMatcher(scan, region, MAX_PHONE_TRIES):
        if _order_number(text, match.start) or _glued(text, match.start, match.end):
            taken.append((match.start, match.end))
            continue
        try:
            p = parse_number(match.raw_string, region)
        except NumberParseError:
            continue
        s, e = norm.span(match.start, match.end)
        out.append(Mention(norm.original[s:e], s, e, id=p.canonical, kind=p.type, detail={"region": p.region}))
        taken.append((match.start, match.end))
    tries = 0
    for start, end, run in scan.candidates:
        if any(a < end and start < b for a, b in taken):
            continue
        tries += 1
        if tries > MAX_PHONE_TRIES:
            break
        raw = run.strip()
        if _order_number(text, start) or _glued(text, start, start + len(raw)):
            continue
        intl = raw.startswith(("+", "00"))
        if not intl:
            if text[end : end + 1] in _UNIT_AFTER:
                continue
            digits = _NOT_DIGIT.sub("", raw)
            if len(digits) > 8 or (len(digits) < 5 and not _CALL_WORDS.search(text[max(0, start - 8) : start])):
                continue
        try:
            p = parse_number(raw, region)
        except NumberParseError:
            continue
        if not intl and not p.is_short:
            continue
        s, e = norm.span(start, start + len(raw))
        out.append(Mention(norm.original[s:e], s, e, id=p.canonical, kind=p.type, detail={"region": p.region}))
    out.sort(key=lambda x: x.start)
    return out


def _word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _start(m: Mention) -> int:
    return m.start


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
        self._rank = {k: i for i, k in enumerate(self.keys)}
        # Per key: its length, and whether it must not continue a Latin word or digit run before / after it.
        self._edges = {k: (len(k), _word_char(k[0]), _word_char(k[-1])) for k in self.keys}
        self._finder: LiteralFinder | None = None

    def find(self, norm: Normalized, found: Found | None = None) -> list[Mention]:
        """Every alias mention that no longer alias covers, with the id it belongs to (`found`: the
        text's literals found by a LiteralFinder built with this index's keys among others)."""
        if found is None:
            if self._finder is None:
                self._finder = LiteralFinder(self.keys)
            found = self._finder.find(norm.text)
        text = norm.text
        n = len(text)
        taken = bytearray(n)  # 1 where a longer alias already matched: overlap test in C, not O(mentions)
        out = []
        rank = self._rank
        where = found.where
        keys = [k for k in where if k in rank]
        keys.sort(key=rank.__getitem__)  # longest first, as in self.keys
        edges, owner, index, original = self._edges, self.owner, norm.index, norm.original
        for key in keys:
            size, open_before, open_after = edges[key]
            for pos in where[key]:
                end = pos + size
                if open_before and pos and _word_char(text[pos - 1]):
                    continue
                if open_after and end < n and _word_char(text[end]):
                    continue
                if taken.find(1, pos, end) != -1:
                    continue
                taken[pos:end] = b"\x01" * size
                s, e = index[pos], index[end - 1] + 1
                out.append(_mention(original[s:e], s, e, owner[key]))
        out.sort(key=_start)
        return out


def org_index(kb: KnowledgeBase) -> AliasIndex:
    """Alias index over the official directory (names count as aliases)."""
    return AliasIndex({o.id: [*o.aliases, o.names.zh] for o in kb.organisations.values()})


def app_index(kb: KnowledgeBase) -> AliasIndex:
    """Alias index over the app list."""
    return AliasIndex({a.id: list(a.aliases) for a in kb.apps.values()})
