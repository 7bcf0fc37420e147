"""The phone finder reads every number exactly as PhoneNumberMatcher over the whole text did.

`find_phones` scans a text's candidates once for every region and remembers each candidate's
reading (nlu/entities.py); `reference_find_phones` below is the plain way it replaced: the
matcher run over the whole text once per call. Both are compared on generated texts: numbers of
many regions, types and formats (E.164, international, national, with 00, dotted, spaced digit
by digit, one digit changed), short service numbers, amounts, dates, times, extensions, brackets,
letters and currency signs around them, in English and Chinese prose, under every region the
knowledge serves and with a tight limit of tries.
"""

from __future__ import annotations

import random
import re

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberMatcher, PhoneNumberType

from nlu import analyzer as analyzer_module
from nlu import entities
from nlu.analyzer import Analyzer
from nlu.entities import Mention, find_phones
from nlu.normalize import Normalized, normalize
from nlu.phones import NumberParseError, parse_number

REGIONS = ["CN", "HK", "TW", "GB", "US", "CA", "AU", "IN", "SG", "NZ", "MY", "DE"]
TYPES = [
    PhoneNumberType.MOBILE,
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.VOIP,
    PhoneNumberType.SHARED_COST,
]
FORMATS = [PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL]
SEPARATORS = [" ", "-", ".", "", "  ", "/", " - ", "\u3000", "–"]
AROUND = [
    " call ",
    "tel:",
    "x",
    "ab",
    " on ",
    "，",
    "电话",
    "拨打",
    "号码是",
    "：",
    " ",
    "\n",
    "(",
    ")",
    "$",
    "£",
    "%",
    "元",
    "月",
    " ext. 12",
    " x 7",
    "2012-01-02 08",
    ":30",
    " 3/10/2011 ",
    "211-227 (2003)",
    " 1.45 ",
    "95188",
    "10086",
    "1069 0123 4567 8",
    "+95188",
    "0095188",
    "12381",
    "５０００",
    "Call 0800 555 0199 now",
]


def reference_find_phones(norm: Normalized, region: str = "CN") -> list[Mention]:
    """The finder as it was: PhoneNumberMatcher over the whole text, then the short-number pass (digits glued
    to Latin letters, a chat handle, are no number in either)."""
    text = norm.text
    if not re.search(r"\d{3}", text):
        return []
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    matcher = PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID, max_tries=entities.MAX_PHONE_TRIES)
    for match in matcher:
        if entities._glued(text, match.start, match.end):  # "sf95338lp": a chat handle (trial6 2.10)
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
    for m in re.finditer(r"(?<![\d.])(?:\+|00)?\d[\d\- ]{1,22}\d(?![\d.])", text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        tries += 1
        if tries > entities.MAX_PHONE_TRIES:
            break
        raw = m.group(0).strip()
        if entities._glued(text, m.start(), m.start() + len(raw)):
            continue
        digits = re.sub(r"\D", "", raw)
        intl = raw.startswith(("+", "00"))
        if not intl:
            if text[m.end() : m.end() + 2][:1] in tuple("元块万%年月日号个天分次倍岁gm"):
                continue
            before = text[max(0, m.start() - 8) : m.start()]
            if len(digits) > 8 or (len(digits) < 5 and not entities._CALL_WORDS.search(before)):
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


def written(rng: random.Random) -> str:
    """One number as people write it: some region's example of some type, in some format."""
    region = rng.choice(REGIONS)
    number = phonenumbers.example_number_for_type(region, rng.choice(TYPES)) or phonenumbers.example_number(region)
    text = phonenumbers.format_number(number, rng.choice(FORMATS))
    how = rng.random()
    if how < 0.15:
        text = " ".join(ch for ch in text if ch.isdigit())  # digit by digit
    elif how < 0.3:
        text = re.sub(r"^\+", "00", text)
    elif how < 0.5:
        text = "".join(rng.choice(SEPARATORS) if ch == " " else ch for ch in text)
    if rng.random() < 0.25:  # one digit changed: often no longer valid anywhere
        digits = [k for k, ch in enumerate(text) if ch.isdigit()]
        k = rng.choice(digits)
        text = text[:k] + str((int(text[k]) + rng.randint(1, 9)) % 10) + text[k + 1 :]
    if rng.random() < 0.1:
        text = f"({text[:4]}){text[4:]}"
    return text


def generated_texts(seed: int, count: int, longest: int = 24) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [written(rng) if rng.random() < 0.45 else rng.choice(AROUND) for _ in range(rng.randint(1, longest))]
        out.append("".join(parts))
    return out


def as_tuples(mentions: list[Mention]) -> list[tuple]:
    return [(m.text, m.start, m.end, m.id, m.kind, tuple(sorted(m.detail.items()))) for m in mentions]


@pytest.mark.parametrize("seed", range(3))
def test_numbers_in_many_formats_and_regions_are_read_as_the_matcher_reads_them(seed):
    rng = random.Random(100 + seed)
    checked = found = 0
    for text in generated_texts(seed, 250):
        norm = normalize(text)
        for region in rng.sample(REGIONS, 4):
            got = find_phones(norm, region)
            assert as_tuples(got) == as_tuples(reference_find_phones(norm, region)), (text, region)
            checked += 1
            found += len(got)
    assert checked == 1000
    assert found > 500  # the generator writes numbers the matcher finds, not noise


def test_a_text_of_many_numbers_stops_at_the_same_try(monkeypatch):
    """The limit of tries counts across the whole text: a remembered reading is used only while
    more tries remain than it took, so the finder stops where the matcher stops."""
    for limit in (1, 2, 3, 5, 8):
        monkeypatch.setattr(entities, "MAX_PHONE_TRIES", limit)
        for text in generated_texts(7 + limit, 60, longest=40):
            norm = normalize(text)
            for region in ("CN", "GB", "US"):
                assert as_tuples(find_phones(norm, region)) == as_tuples(reference_find_phones(norm, region)), (
                    text,
                    region,
                    limit,
                )


def test_remembered_readings_are_the_same_the_first_time_and_after():
    texts = generated_texts(11, 80)
    entities._read_candidate.cache_clear()
    entities._scan.cache_clear()
    first = [as_tuples(find_phones(normalize(t), "AU")) for t in texts]
    again = [as_tuples(find_phones(normalize(t), "AU")) for t in texts]
    assert entities._read_candidate.cache_info().hits > 0
    assert first == again == [as_tuples(reference_find_phones(normalize(t), "AU")) for t in texts]


def test_numbers_whose_country_nothing_tells_are_read_as_before(kb, monkeypatch):
    """The reading under every region (a masked copy of the text, one pass per region) finds the
    same readings with the shared scan as with the matcher run over the text for each region."""
    analyzer = Analyzer(kb, region="CN", wording=None, sms=None)
    rng = random.Random(5)
    texts = []
    for _ in range(120):
        words = ["Hi, they rang from", "please call back on", "my card was charged", "the parcel", "ok"]
        parts = [written(rng) if rng.random() < 0.35 else rng.choice(words) for _ in range(rng.randint(2, 12))]
        texts.append(" ".join(parts))
    fast = [as_tuples(analyzer._phones_any_region(normalize(t))) for t in texts]
    monkeypatch.setattr(analyzer_module, "find_phones", reference_find_phones)
    slow = [as_tuples(analyzer._phones_any_region(normalize(t))) for t in texts]
    assert fast == slow
    assert sum(map(len, fast)) > 100


def test_the_matchers_search_started_near_the_next_digit_finds_what_it_finds_from_anywhere():
    """A candidate run starts at most 10 characters before a digit ("(( -+ 5…"): searching from
    there gives the run the matcher's pattern finds from any earlier place."""
    assert entities._MATCHER_LEAD == 10
    rng = random.Random(3)
    pieces = ["(", "（", "[", "+", "＋", "-", " ", "/", ".", "~", "\u3000", "x", "ab", "call ", "1", "23", "456", "，"]
    checked = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        scan = entities._Scan(text)
        for index in range(len(text) + 1):
            m = entities._MATCHER_PATTERN.search(text, index)
            want = None
            if m is not None:
                cut = entities._SECOND_NUMBER_START_PATTERN.search(m.group(0))
                want = (m.start(), m.group(0)[: cut.start()] if cut else m.group(0))
            assert scan.run_from(index) == want, (text, index)
            checked += want is not None
    assert checked > 10000
