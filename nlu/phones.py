"""Phone numbers: parse messy input into one canonical form, and explain what a number signals.

Canonical forms: E.164 ("+8613800138000") for ordinary numbers, "<region>:<digits>" ("CN:95188")
for short service numbers and SMS ports, which have no E.164 form. Everything here is pure: the
reported-scam database is consulted by the caller (bot/numbers.py).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import phonenumbers
from phonenumbers import shortnumberinfo

from knowledge.model import Contact, Hotline, KnowledgeBase, L10n, Organisation, Region

MAX_INPUT = 200  # a number is short; longer input is a mistake, said so plainly

TYPE_NAMES = {
    phonenumbers.PhoneNumberType.MOBILE: "mobile",
    phonenumbers.PhoneNumberType.FIXED_LINE: "fixed_line",
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    phonenumbers.PhoneNumberType.TOLL_FREE: "toll_free",
    phonenumbers.PhoneNumberType.PREMIUM_RATE: "premium_rate",
    phonenumbers.PhoneNumberType.SHARED_COST: "shared_cost",
    phonenumbers.PhoneNumberType.VOIP: "voip",
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER: "personal_number",
    phonenumbers.PhoneNumberType.PAGER: "pager",
    phonenumbers.PhoneNumberType.UAN: "uan",
    phonenumbers.PhoneNumberType.VOICEMAIL: "voicemail",
}
TYPE_TEXT = {
    "mobile": L10n("手机号码", "a mobile number"),
    "fixed_line": L10n("固定电话", "a landline"),
    "fixed_line_or_mobile": L10n("固定电话或手机", "a landline or mobile number"),
    "toll_free": L10n("免费电话（如800）", "a toll-free number"),
    "premium_rate": L10n("收费较高的付费号码", "a premium-rate number"),
    "shared_cost": L10n("企业共享号码", "a shared-cost number"),
    "voip": L10n("网络电话（VoIP）", "an internet (VoIP) number"),
    "uan": L10n("企业统一号码（如400）", "a company-wide number (such as 400)"),
    "short_code": L10n("短号码（服务热线）", "a short service number"),
    "sms_port": L10n("短信端口号（106开头）", "an SMS sender port (106…)"),
    "personal_number": L10n("个人号码", "a personal number"),
    "pager": L10n("寻呼号码", "a pager number"),
    "voicemail": L10n("语音信箱", "a voicemail number"),
    "unknown": L10n("无法识别类型的号码", "a number of unknown type"),
}


# What each signal says, in both languages; {placeholders} are filled in by NumberIntel.facts.
SIGNAL_TEXT = {
    "type": ("这是{zh}。", "This is {en}."),
    "place_carrier": ("归属：{zh}。", "Registered to: {en}."),
    "invalid": (
        "这个号码在其所属地区不是有效号码，可能是伪造的来电显示。",
        "This is not a valid number in its region: the caller ID may be faked.",
    ),
    "premium_rate": ("回拨这个付费号码可能被高额收费。", "Calling this premium-rate number back may cost a lot."),
    "voip": ("网络电话号码容易获得，也容易伪装。", "Internet (VoIP) numbers are easy to obtain and disguise."),
    "mvno": (
        "这是虚拟运营商号段（{prefix}），常被用于诈骗。",
        "This is a virtual-operator range ({prefix}), often abused by scammers.",
    ),
    "international": (
        "这是{home_zh}以外的号码{who}；{home_zh}的公司客服不会用境外号码联系你。",
        "This is a foreign number (not {home_en}){who_en}; companies in {home_en} do not call their customers "
        "from abroad.",
    ),
    "official_line": (
        "这是{region_zh}的官方{role_zh}（{name_zh}）。但来电显示可以伪造：有疑问就挂断，自己拨打这个号码。",
        "This is {region_en}'s official {role_en} ({name_en}). Caller ID can be spoofed: if in doubt, hang up "
        "and call this number yourself.",
    ),
    "country_unknown": (
        "号码没有国家/地区代码，无法确定属于哪里；可能是：{readings_zh}。发送 /region 告诉我你在哪里。",
        "There is no country code, so the country is unknown; it could be: {readings}. "
        "Send /region to say where you are.",
    ),
    "mobile_as_hotline": (
        "自称{org}，却用个人手机号联系。",
        "Claims to be {org_en} but uses a personal mobile number.",
    ),
    "lookalike_official": (
        "号码看起来像{org}的官方号码{short}，但并不是。",
        "Looks like {org_en}'s official number {short}, but is not it.",
    ),
    "official_match": (
        "与{org}的官方号码一致（可信度：{confidence_zh}）。但来电显示可以伪造，这不能证明对方是真的。",
        "Matches an official number of {org_en} (confidence: {confidence}). Caller ID can be spoofed, "
        "so this does not prove the caller is genuine.",
    ),
    "not_official_for_claimed": (
        "不是{org}的官方号码（官方：{numbers}）。",
        "Not an official number of {org_en} (official: {numbers}).",
    ),
}


# What each role of a region's contact (knowledge/regions.yml) is called in the number report.
ROLE_TEXT = {
    "anti_fraud": L10n("反诈热线", "anti-fraud line"),
    "report": L10n("诈骗举报热线", "line for reporting fraud"),
    "police": L10n("报警电话", "police number"),
    "emergency": L10n("紧急报警电话", "emergency number"),
    "bank": L10n("银行反诈专线（安全转接到你的银行）", "bank-fraud line (it puts you through to your bank)"),
    "victim_support": L10n("受害者支援热线", "victim-support line"),
}


# How sure the knowledge base is of an official number, in words (never the raw field value).
CONFIDENCE_TEXT = {
    # high: read on the organisation's own site or a government page (knowledge/sources.py);
    # medium: from lists and articles that are not its own word
    "high": L10n("高，见于官网或政府网页", "high, on its own site or a government page"),
    "medium": L10n("中，来自网上资料，非官网", "medium, from lists and articles, not its own site"),
    "low": L10n("低", "weakly sourced"),
    "none": L10n("无", "unsourced"),
}


class NumberParseError(ValueError):
    """The input is not a phone number; the message says why in plain words."""


@dataclass(frozen=True)
class ParsedNumber:
    """One phone number in canonical form."""

    input: str
    canonical: str
    region: str
    type: str
    valid: bool
    digits: str  # national significant digits, for display and look-alike checks

    @property
    def is_short(self) -> bool:
        return self.type in ("short_code", "sms_port")


@dataclass(frozen=True)
class Signal:
    """Something a number suggests, with a plain explanation and how much it adds to the risk."""

    id: str
    text: L10n
    risk: float = 0.0

    def to_dict(self, lang: str = "en") -> dict:
        return {"id": self.id, "text": self.text.get(lang)}


@dataclass(frozen=True)
class NumberFacts:
    """A parsed number with its signals and, if any, the official line it matches."""

    number: ParsedNumber
    signals: tuple[Signal, ...]
    official: dict | None
    place: L10n = field(default=L10n("", ""))
    carrier: L10n = field(default=L10n("", ""))

    @property
    def risk(self) -> float:
        r = 0.0
        for s in self.signals:
            r = 1 - (1 - r) * (1 - max(0.0, s.risk))
        return r


def _fold(raw: str) -> str:
    return "".join(unicodedata.normalize("NFKC", ch) if ord(ch) > 127 else ch for ch in raw)


_RUN = re.compile(r"\+?[\d(][\d\s().\-]{1,40}\d")


def parse_number(raw: str, region: str = "CN") -> ParsedNumber:
    """Parse one number written any common way; raise NumberParseError with a plain reason."""
    if raw is None or not str(raw).strip():
        raise NumberParseError("no number given")
    found = _parse_remembered(str(raw), region)
    if isinstance(found, str):
        raise NumberParseError(found)
    return found


@lru_cache(maxsize=1024)
def _parse_remembered(raw: str, region: str) -> ParsedNumber | str:
    """`_parse` remembered: a long message names the same number again and again (a reason on failure)."""
    try:
        return _parse(raw, region)
    except NumberParseError as exc:
        return str(exc)


_GLUED_LETTERS = re.compile(r"(?<![A-Za-z])[A-Za-z]{1,12}[-.]?(?=\d)|(?<=\d)[-.]?[A-Za-z]{1,12}(?![A-Za-z])")


def _parse(raw: str, region: str) -> ParsedNumber:
    """`_read`, and when it cannot read a number that has letters glued to its digits ("0800-123-abc"),
    the letters are the reason given: "a landline without its area code" would send them astray."""
    try:
        return _read(raw, region)
    except NumberParseError:
        text = _fold(raw) if len(raw) <= MAX_INPUT else ""
        m = _RUN.search(text)
        glued = m and _GLUED_LETTERS.search(text, max(0, m.start() - 14), min(len(text), m.end() + 14))
        if glued:
            letters = glued.group(0).strip("-.")
            raise NumberParseError(
                f"it has letters in it ({letters!r}): type the number's digits only, as the caller ID shows them"
            ) from None
        raise


def _read(raw: str, region: str) -> ParsedNumber:
    if len(raw) > MAX_INPUT:
        raise NumberParseError(f"too long to be a phone number ({len(raw)} characters)")
    text = _fold(raw)
    m = _RUN.search(text)
    if not m:
        raise NumberParseError("no digits that could form a phone number")
    candidate = m.group(0)
    digits = re.sub(r"\D", "", candidate)
    plus = candidate.lstrip().startswith("+")
    if not plus and digits.startswith("00") and len(digits) > 4:
        plus, digits, candidate = True, digits[2:], "+" + digits[2:]
    if not plus and 3 <= len(digits) <= 8:
        short = (region, digits) in _KNOWN_SHORT or _short(digits, region)
        if short:
            return ParsedNumber(raw, f"{region}:{digits}", region, "short_code", True, digits)
    if not plus and region == "CN" and digits.startswith("106") and 8 <= len(digits) <= 21:
        return ParsedNumber(raw, f"CN:{digits}", "CN", "sms_port", True, digits)
    try:
        num = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException as exc:
        raise NumberParseError(f"not a phone number ({exc._msg})") from exc
    if not phonenumbers.is_valid_number(num) and not plus and digits.startswith("86") and len(digits) >= 12:
        with contextlib.suppress(phonenumbers.NumberParseException):
            num = phonenumbers.parse("+" + digits, region)
    valid = phonenumbers.is_valid_number(num)
    if not valid:
        if not plus and region == "CN" and len(digits) in (7, 8) and digits[0] != "1":
            raise NumberParseError("a landline without its area code; write it with the area code, e.g. 0571-88158198")
        if plus and 3 <= len(digits) <= 15:
            # Shown as caller ID but impossible as a number ("+95188"): keep it, so its signals can
            # say what it imitates.
            return ParsedNumber(raw, "+" + digits, "", "unknown", False, digits)
        if not phonenumbers.is_possible_number(num):
            raise NumberParseError("not a possible phone number (wrong length for its country)")
    e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
    ntype = TYPE_NAMES.get(phonenumbers.number_type(num), "unknown")
    num_region = phonenumbers.region_code_for_number(num) or ""
    return ParsedNumber(raw, e164, num_region, ntype, valid, str(num.national_number))


# Short numbers the knowledge lists as a region's own line (knowledge/regions.yml) that the phone
# library's metadata lacks (Malaysia's 997 scam response centre): read as short service numbers.
_KNOWN_SHORT: set[tuple[str, str]] = set()


def know_short(region: str, digits: str) -> None:
    """Read `digits` as a short service number of `region` from now on (a listed official line)."""
    if (region, digits) not in _KNOWN_SHORT:
        _KNOWN_SHORT.add((region, digits))
        _parse_remembered.cache_clear()  # a failure remembered before would hide it


def readings(raw: str, regions) -> list[ParsedNumber]:
    """Every valid reading of a number written without a country code, one per region in `regions`
    (order kept, same number once): "0412 345 678" is Australian, "020 7946 0000" British. A number
    with its country code has one reading whatever the region."""
    out: dict[str, ParsedNumber] = {}
    for region in regions:
        try:
            p = parse_number(raw, region)
        except NumberParseError:
            continue
        if p.valid and p.canonical not in out:
            out[p.canonical] = p
    return list(out.values())


def describe_readings(parsed: list[ParsedNumber]) -> str:
    """ "+61 412 345 678 (AU), +86 …" for the country-unknown signal."""
    shown = []
    for p in parsed:
        if p.canonical.startswith("+"):
            num = phonenumbers.parse(p.canonical)
            written = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            shown.append(f"{written} ({p.region})")
        else:
            shown.append(f"{p.digits} ({p.region})")
    return ", ".join(shown)


def country_unknown_signal(parsed: list[ParsedNumber]) -> Signal:
    """Said of a number whose country nothing tells (no country code, no place, no region set)."""
    text = describe_readings(parsed) or "-"
    return _signal("country_unknown", readings=text, readings_zh=text)


def _same_country(p: ParsedNumber, home: str) -> bool:
    """Whether `p` is a number of `home`: its own region, or a territory sharing home's numbering
    plan that callcheck does not serve apart (+44 7911… is Guernsey's range, but a UK mobile)."""
    if p.region == home:
        return True
    if p.canonical.startswith("+") and p.region in ("GG", "JE", "IM"):
        return home == "GB"
    return False


def _short(digits: str, region: str) -> bool:
    try:
        num = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return False
    return shortnumberinfo.is_valid_short_number_for_region(num, region)


def _signal(kind: str, risk: float = 0.0, sid: str | None = None, **values: str) -> Signal:
    zh, en = SIGNAL_TEXT[kind]
    return Signal(sid or kind, L10n(zh.format(**values), en.format(**values)), risk)


class NumberIntel:
    """Signals for numbers, built once from the knowledge base (official lines, MVNO ranges)."""

    def __init__(self, kb: KnowledgeBase, region: str = "CN"):
        self.kb = kb
        self.region = region
        self.official: dict[str, list[tuple[Organisation, Hotline]]] = {}
        self.official_short: dict[str, Organisation] = {}
        for org in kb.organisations.values():
            for h in org.hotlines:
                try:
                    # A hotline is written as dialled in its organisation's country (0800-700-365 in Taiwan).
                    p = parse_number(h.number, org.country or region)
                except NumberParseError:
                    continue
                self.official.setdefault(p.canonical, []).append((org, h))
                if p.is_short and h.usable:
                    self.official_short[p.digits] = org
        # Each region's own police and anti-fraud lines (knowledge/regions.yml): the same data the
        # replies tell people to call, so a number the bot gives out is recognised when checked.
        self.region_lines: dict[str, list[tuple[Region, Contact]]] = {}
        for r in kb.regions.values():
            for c in r.contacts:
                if not c.number:
                    continue
                try:
                    p = parse_number(c.number, r.id)
                    if not p.valid and not p.is_short:  # "1326": read as a (possible, invalid) full number
                        raise NumberParseError("not valid as a full number")
                except NumberParseError:
                    digits = re.sub(r"\D", "", c.number)
                    if not (c.number.strip().isdigit() and 3 <= len(digits) <= 8):
                        continue
                    know_short(r.id, digits)  # listed, sourced, and missing from the phone library's data
                    p = parse_number(c.number, r.id)
                self.region_lines.setdefault(p.canonical, []).append((r, c))
        self.mvno = tuple(kb.mvno_ranges)

    def protected(self, canonical: str) -> bool:
        """True for numbers the knowledge base lists as official lines (an organisation's or a region's)."""
        return canonical in self.official or canonical in self.region_lines

    def facts(self, p: ParsedNumber, claimed_org: str | None = None, home: str | None = None) -> NumberFacts:
        """Every signal for one parsed number, optionally against the organisation the caller claimed.

        `home`: the region in use (default: the intel's own); "foreign" means foreign to it."""
        home = home or self.region
        sig: list[Signal] = []
        t = TYPE_TEXT.get(p.type, TYPE_TEXT["unknown"])
        sig.append(_signal("type", sid=f"type_{p.type}", zh=t.zh, en=t.en))
        place = L10n("", "")
        carr = L10n("", "")
        claimed = self.kb.organisations.get(claimed_org or "")
        org = {"org": claimed.names.zh, "org_en": claimed.names.en} if claimed else {}
        if not p.is_short and p.valid:
            # Imported here: their data tables are large, and only needed once a number is checked.
            from phonenumbers import carrier, geocoder

            num = phonenumbers.parse(p.canonical)
            place = L10n(geocoder.description_for_number(num, "zh"), geocoder.description_for_number(num, "en"))
            carr = L10n(carrier.name_for_number(num, "zh"), carrier.name_for_number(num, "en"))
            if place.en or carr.en:
                zh = "，".join(x for x in (place.zh, carr.zh) if x)
                en = ", ".join(x for x in (place.en, carr.en) if x)
                sig.append(_signal("place_carrier", zh=zh, en=en))
        if not p.valid:
            sig.append(_signal("invalid", 0.3))
        if p.type == "premium_rate":
            sig.append(_signal("premium_rate", 0.2))
        if p.type == "voip":
            sig.append(_signal("voip", 0.15))
        if p.type == "mobile" and p.region == "CN":
            hit = next((r for r in self.mvno if p.digits.startswith(r.prefix)), None)
            if hit:
                sig.append(_signal("mvno", 0.15, prefix=hit.prefix))
        if p.region and not _same_country(p, home) and (claimed is None or claimed.country == home):
            who = f"（自称{claimed.names.zh}）" if claimed else ""
            who_en = f" while claiming to be {claimed.names.en}" if claimed else ""
            where = self.kb.regions.get(home)
            home_zh, home_en = (where.names.zh, where.names.en) if where else (home, home)
            sig.append(
                _signal(
                    "international", 0.35 if claimed else 0.2, who=who, who_en=who_en, home_zh=home_zh, home_en=home_en
                )
            )
        if claimed and claimed.category != "anti_fraud" and p.type == "mobile":
            sig.append(_signal("mobile_as_hotline", 0.3, **org))
        look = self._lookalike(p)
        if look:
            sig.append(look)
        official = None
        line = self.region_lines.get(p.canonical)
        if line:
            region, contact = line[0]
            role = ROLE_TEXT.get(contact.role, L10n("热线", "line"))
            sig.append(
                _signal(
                    "official_line",
                    region_zh=region.names.zh,
                    region_en=region.names.en,
                    role_zh=role.zh,
                    role_en=role.en,
                    name_zh=contact.name.zh,
                    name_en=contact.name.en,
                )
            )
        matches = self.official.get(p.canonical, [])
        if matches:
            match_org, h = next(((o, h) for o, h in matches if claimed and o.id == claimed.id), matches[0])
            official = {
                "org": match_org.id,
                "name": match_org.names.en,
                "name_zh": match_org.names.zh,
                "number": h.number,
                "confidence": h.confidence,
                "sources": list(h.sources),
                "checked": h.checked,
            }
            if not line:  # a region's own line was already said to be official: once is enough
                sig.append(
                    _signal(
                        "official_match",
                        org=match_org.names.zh,
                        org_en=match_org.names.en,
                        confidence=CONFIDENCE_TEXT.get(h.confidence, L10n(h.confidence, h.confidence)).en,
                        confidence_zh=CONFIDENCE_TEXT.get(h.confidence, L10n(h.confidence, h.confidence)).zh,
                    )
                )
        elif line:
            official = {
                "org": f"region:{region.id}",
                "name": f"{contact.name.en} ({region.names.en})",
                "name_zh": f"{region.names.zh}{contact.name.zh}",
                "number": contact.number,
                "confidence": "high",
                "sources": list(contact.sources),
                "checked": contact.checked,
                "region": region.id,
                "role": contact.role,
            }
        elif claimed and any(h.usable for h in claimed.hotlines):
            nums = ", ".join(h.number for h in claimed.hotlines if h.usable)
            sig.append(_signal("not_official_for_claimed", 0.25, numbers=nums, **org))
        return NumberFacts(p, tuple(sig), official, place, carr)

    def _lookalike(self, p: ParsedNumber) -> Signal | None:
        """Numbers dressed up as an official short number: prefixes, extra digits, or one digit off."""
        if p.is_short and p.digits in self.official_short:
            return None  # it *is* the official short number (caller ID may still be spoofed)
        digits = re.sub(r"\D", "", p.canonical)
        # Dressed up = the short number with something put before or after it ("+8695188",
        # "1069095588"); a mobile that merely has 110 or 10000 in its middle is not dressed up.
        contains = [s for s in self.official_short if any(d.startswith(s) or d.endswith(s) for d in (digits, p.digits))]
        one_off = [
            s
            for s in self.official_short
            if len(p.digits) == len(s) and sum(a != b for a, b in zip(p.digits, s, strict=True)) == 1
        ]
        for short in sorted(contains, key=len, reverse=True) or one_off[:1]:
            org = self.official_short[short]
            return _signal("lookalike_official", 0.45, org=org.names.zh, org_en=org.names.en, short=short)
        if not p.valid:  # "+852 18222", "+886 165": a region's own short line behind its country code
            for line, entries in self.region_lines.items():
                region, contact = entries[0]
                code = phonenumbers.country_code_for_region(region.id)
                short = line.partition(":")[2]
                if short and code and digits == f"{code}{short}":
                    return _signal(
                        "lookalike_official",
                        0.45,
                        org=f"{region.names.zh}{contact.name.zh}",
                        org_en=f"{region.names.en}'s {contact.name.en}",
                        short=short,
                    )
        return None
