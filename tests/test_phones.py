"""Parsing numbers written every which way, and the signals each number gives."""

from __future__ import annotations

import pytest

from nlu.phones import NumberIntel, NumberParseError, parse_number

FORMATS = [
    ("+86 138 0013 8000", "+8613800138000", "mobile"),
    ("0086-138-0013-8000", "+8613800138000", "mobile"),
    ("86 13800138000", "+8613800138000", "mobile"),
    ("138.0013.8000", "+8613800138000", "mobile"),
    ("(138) 0013 8000", "+8613800138000", "mobile"),
    ("１３８００１３８０００", "+8613800138000", "mobile"),
    ("电话：13800138000，快打", "+8613800138000", "mobile"),
    ("010-12345678", "+861012345678", "fixed_line"),
    ("(0571)8815 8198", "+8657188158198", "fixed_line"),
    ("400-820-8383", "+864008208383", "shared_cost"),
    ("800 820 8888", "+868008208888", "toll_free"),
    ("95188", "CN:95188", "short_code"),
    ("96110", "CN:96110", "short_code"),
    ("12381", "CN:12381", "short_code"),
    ("1069 0123 4567 8", "CN:1069012345678", "sms_port"),
    ("+1 202-555-0123", "+12025550123", "fixed_line_or_mobile"),
    ("+44 20 7946 0958", "+442079460958", "fixed_line"),
    ("0095188", "+95188", "unknown"),
]


@pytest.mark.parametrize(("raw", "canonical", "kind"), FORMATS)
def test_formats(raw, canonical, kind):
    p = parse_number(raw)
    assert (p.canonical, p.type) == (canonical, kind)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "no number given"),
        ("abc", "no digits"),
        ("88158198", "without its area code"),
        ("1" * 300, "too long"),
        ("12", "no digits that could form"),
        ("+86 1", "too short"),
    ],
)
def test_unparseable_numbers_say_why(raw, message):
    with pytest.raises(NumberParseError, match=message):
        parse_number(raw)


def test_default_region_is_configurable():
    assert parse_number("020 7946 0958", region="GB").canonical == "+442079460958"


@pytest.fixture(scope="module")
def intel():
    from knowledge import load_knowledge

    return NumberIntel(load_knowledge())


def ids(intel, raw, org=None):
    return [s.id for s in intel.facts(parse_number(raw), org).signals]


def test_type_place_and_carrier(intel):
    facts = intel.facts(parse_number("13800138000"))
    assert facts.place.zh == "北京市" and facts.carrier.en == "China Mobile"
    assert "type_mobile" in ids(intel, "13800138000")


def test_mvno_range(intel):
    assert "mvno" in ids(intel, "17012345678")
    assert "mvno" not in ids(intel, "13800138000")


def test_international_number_claiming_domestic_company(intel):
    assert "international" in ids(intel, "+1 202 555 0123", "taobao")
    assert "international" not in ids(intel, "+1 202 555 0123", "amazon")


def test_mobile_claiming_company_hotline(intel):
    assert "mobile_as_hotline" in ids(intel, "13800138000", "sf_express")


@pytest.mark.parametrize("raw", ["0095188", "+95188", "+8695188", "951880", "95189"])
def test_lookalike_of_official_short_number(intel, raw):
    facts = intel.facts(parse_number(raw), "alipay")
    look = [s for s in facts.signals if s.id == "lookalike_official"]
    assert look and "95188" in look[0].text.en


def test_official_match_is_never_called_safe(intel):
    facts = intel.facts(parse_number("95188"), "alipay")
    assert facts.official["org"] == "alipay" and facts.official["sources"]
    text = next(s for s in facts.signals if s.id == "official_match").text
    assert "spoofed" in text.en and "伪造" in text.zh
    assert facts.risk == 0


def test_not_official_for_claimed(intel):
    assert "not_official_for_claimed" in ids(intel, "4008208383", "alipay")


# A number written without its country code is read where the text places itself: an English text
# naming another region's bank, post, rail or currency (never a bare "$") reads it there, not as +86.
_CLUES = {
    "GB": ("Lloyds", "Royal Mail", "£40", "HMRC"),
    "SG": ("OCBC", "SingPost", "S$30", "PayNow"),
    "AU": ("Telstra", "Australia Post", "AUD 90", "myGov"),
    "IN": ("SBI", "Paytm", "₹5000", "Aadhaar"),
}
_LOCAL = {"GB": "0161 496 0123", "SG": "6221 8888", "AU": "(02) 9876 5432", "IN": "022 2778 1234"}


@pytest.mark.parametrize("region", sorted(_CLUES))
@pytest.mark.parametrize(
    "shape", ["{clue} rang me from {num} about a refund", "text from {clue}: ring {num} today or lose it"]
)
def test_a_local_number_is_read_where_the_text_places_itself(region, shape):
    from knowledge import load_knowledge
    from nlu.analyzer import Analyzer

    analyzer = Analyzer(load_knowledge(), wording=None, sms=None)
    for clue in _CLUES[region]:
        phones = analyzer.analyze(shape.format(clue=clue, num=_LOCAL[region])).entities["phones"]
        assert phones and all(not p.id.startswith("+86") for p in phones), (clue, [p.id for p in phones])
        assert phones[0].detail["region"] == region, (clue, phones[0].detail)


def test_chinese_and_clueless_texts_keep_the_home_region():
    from knowledge import load_knowledge
    from nlu.analyzer import Analyzer

    analyzer = Analyzer(load_knowledge(), wording=None, sms=None)
    for text in ("客服 13912345678 说要退款", "the refund guy called from 13912345678", "potato 13912345678 sale"):
        assert [p.id for p in analyzer.analyze(text).entities["phones"]] == ["+8613912345678"], text


@pytest.mark.parametrize("digits", ["0800-123", "8123 4567", "13800138000", "0571-8815"])
@pytest.mark.parametrize("glue", ["{d}-abc", "{d}abc", "xyz-{d}", "{d}.FLOWERS"])
def test_letters_glued_to_digits_that_are_no_number_are_named_as_the_reason(digits, glue):
    raw = glue.format(d=digits)
    try:
        parsed = parse_number(raw, "CN")
    except NumberParseError as exc:
        assert "letters" in str(exc) and "area code" not in str(exc)
    else:  # a whole valid number with a word beside it is still read
        assert parsed.valid and "".join(ch for ch in digits if ch.isdigit()) in parsed.canonical


@pytest.mark.parametrize("raw", ["0571-8815 ext 12", "88158198"])
def test_letters_apart_from_the_digits_keep_the_numbers_own_reason(raw):
    with pytest.raises(NumberParseError, match="area code"):
        parse_number(raw, "CN")


def test_a_line_that_is_both_a_regions_and_an_organisations_is_called_official_once(kb):
    """Every region's listed line: one "official" sentence, however many entries list the number."""
    intel = NumberIntel(kb)
    for region in kb.regions.values():
        for contact in region.contacts:
            if not contact.number:
                continue
            facts = intel.facts(parse_number(contact.number, region.id), home=region.id)
            ids = [s.id for s in facts.signals]
            assert ids.count("official_line") + ids.count("official_match") == 1, (region.id, contact.number, ids)


def _short_region_lines(kb):
    import phonenumbers

    for region in kb.regions.values():
        for contact in region.contacts:
            digits = "".join(ch for ch in (contact.number or "") if ch.isdigit())
            code = phonenumbers.country_code_for_region(region.id)
            if (
                3 <= len(digits) <= 6
                and code
                and not phonenumbers.is_valid_number(phonenumbers.parse(f"+{code}{digits}"))
            ):
                yield region.id, f"+{code} {digits}", digits


def test_a_regions_short_line_behind_its_country_code_is_said_to_imitate_it(kb):
    """ "+852 18222" on a caller ID is not Hong Kong's anti-scam line (short lines ring without a country
    code): it is told as imitating it, for every region's short line."""
    intel = NumberIntel(kb)
    cases = list(_short_region_lines(kb))
    assert len(cases) >= 8
    for region, shown, short in cases:
        facts = intel.facts(parse_number(shown, region), home=region)
        look = [s for s in facts.signals if s.id == "lookalike_official"]
        assert look and short in look[0].text.en, (shown, [s.id for s in facts.signals])
