"""Where help is given for when the person set no region: the place hints in the message itself.

A look-alike host's country part ("<brand>-secure-hk.top", "sg-<courier>.xyz"), a currency, a
number's country code: each may choose the region, only when the hints agree, and never over a
region the person set. A generated matrix of host shapes x country codes x brands from elsewhere.
"""

from __future__ import annotations

import itertools

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.conversation.emergency import choose_region

# code in the host -> region id
CODES = {"hk": "HK", "sg": "SG", "my": "MY", "in": "IN", "au": "AU", "uk": "GB", "tw": "TW", "nz": "NZ"}
# brands from other countries than most of the codes (the brand alone would choose their country)
BRANDS = ["hsbc", "dhl", "fedex", "paypal"]
HOSTS = ["{b}-secure-{c}.top", "{c}-{b}.xyz", "{b}-{c}-verify.top", "pay-{b}-{c}.help"]
MESSAGES = [
    "Your account needs attention, confirm at {h} today",
    "Parcel held for unpaid charges: settle them on {h} before 6pm",
]


def _region(kb, analyzer, text: str, setting: str | None = None):
    result = analyzer.analyze(text)
    return choose_region(
        kb,
        setting=setting,
        numbers=[p.id for p in result.entities.get("phones", []) if p.id],
        text=text,
        org=result.org.id if result.org else None,
        lang="en",
    )


WORD_CODES = {"my", "in"}  # also English words: a place only as the host name's last part
LAST = {"{b}-secure-{c}.top", "pay-{b}-{c}.help"}


def _cases():
    for (code, region), brand, host, message in itertools.product(CODES.items(), BRANDS, HOSTS, MESSAGES):
        if code in WORD_CODES and host not in LAST:
            continue
        yield message.format(h=host.format(b=brand, c=code)), region


def test_a_hosts_country_part_chooses_the_region(kb, analyzer):
    wrong = []
    for text, region in _cases():
        choice = _region(kb, analyzer, text)
        if choice is None or (choice.region.id, choice.reason) != (region, "link"):
            wrong.append((text, choice and (choice.region.id, choice.reason)))
    assert not wrong, f"{len(wrong)} wrong, e.g. {wrong[:5]}"


def test_a_region_the_person_set_is_never_overridden(kb, analyzer):
    for (text, region), setting in itertools.product(list(_cases())[::7], ["CN", "US", "GB"]):
        if setting == region:
            continue
        choice = _region(kb, analyzer, text, setting=setting)
        assert (choice.region.id, choice.reason) == (setting, "setting"), text


@pytest.mark.parametrize(
    "host",
    [
        "hsbc-secure-hk.top or at sg-hsbc.xyz",  # two places: no choice from the links
        "bank-sign-in.top",  # "in" of "sign in"
        "parcel-contact-us.top",  # "us" of "contact us"
        "my-parcel-help.top",  # "my" as a word
        "my-hsbc.xyz",  # "my HSBC" or Malaysia's HSBC: not told
        "in-transit-fees.top",
        "hk.example-bank.top",  # a code alone as a label is no place
        "zoom.us/j/123456",  # a service used everywhere
    ],
)
def test_ambiguous_or_word_like_hosts_choose_nothing(kb, analyzer, host):
    choice = _region(kb, analyzer, f"Please confirm your details at {host} now")
    assert choice is None or choice.reason != "link", (host, choice and choice.region.id)


@pytest.mark.parametrize(
    "text,region",
    [
        ("A text asked me to pay HK$18 to release a parcel", "HK"),
        ("They wanted S$2.40 for redelivery through a link", "SG"),
        ("I was told to pay RM 4.50 customs before delivery", "MY"),
        ("The caller wanted ₹499 as a clearance charge", "IN"),
        ("A man rang from +65 6123 4567 saying my parcel is stuck", "SG"),
        ("Someone on +852 2123 4567 asked for a release fee", "HK"),
    ],
)
def test_currency_and_country_code_choose_the_region(kb, analyzer, text, region):
    assert _region(kb, analyzer, text).region.id == region


def test_the_check_command_gives_that_regions_help(kb):
    runner = CliRunner()
    shown = runner.invoke(main, ["check", "HSBC: your card is blocked, unlock it at hsbc-secure-hk.top"])
    assert shown.exit_code == 0, shown.output
    hk, gb = kb.regions["HK"], kb.regions["GB"]
    assert any(c.number and c.number in shown.output for c in hk.contacts)
    assert not any(c.number and c.number in shown.output for c in gb.contacts)


@pytest.mark.parametrize(
    "text",
    [
        "They wanted HK$30 first and then S$12 more through the link",
        "A fee of RM 9 or ₹200, the message said, payable today",
        "The caller quoted NT$500 and A$25 for the same parcel",
    ],
)
def test_money_of_two_regions_chooses_neither(kb, analyzer, text):
    choice = _region(kb, analyzer, text)
    assert choice is None or choice.reason != "currency", (text, choice and choice.region.id)


def test_us_dollars_written_us_dollar_sign_are_not_singapores(kb, analyzer):
    choice = _region(kb, analyzer, "The text asked for US$3.50 to release my parcel")
    assert (choice.region.id, choice.reason) == ("US", "currency")
