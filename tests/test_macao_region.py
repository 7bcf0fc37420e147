"""Macao is a region of its own: its police and the Judiciary Police's anti-fraud line, never Hong Kong's.

A Cantonese account from Macao reads like one from Hong Kong; the place, the payment service or the
currency it names says Macao, and the help given is Macao's (8800 7777, 993, 999), not Hong Kong's
18222, which does not work from there. `--region MO` and the API's "region": "MO" are accepted.
The accounts were written for this test.
"""

from __future__ import annotations

import itertools

import pytest

from bot.conversation.emergency import RegionChoice, region_of_check
from bot.conversation.report import compose_report
from bot.names import resolve_region

PLACES = ["我喺澳門", "我住喺氹仔", "我人喺路氹", "我喺澳门返工"]
STORIES = [
    "，有人自稱電力公司職員話我欠咗電費，叫我用MPay俾咗$900佢",
    "，收到短訊話我包裹要補運費，我撳咗條link入咗信用卡資料",
    "，有個自稱司警嘅人話我涉嫌洗黑錢，要我轉錢去安全戶口",
]


@pytest.mark.parametrize("text", ["".join(p) for p in itertools.product(PLACES, STORIES)])
def test_an_account_from_macao_gets_macaos_lines(kb, analyzer, text):
    analysis = analyzer.analyze(text)
    choice = region_of_check(kb, analysis, text, lang="zh")
    assert choice.region.id == "MO"
    reply = compose_report(analysis, kb, region=choice, text=text)
    assert "8800 7777" in reply and "18222" not in reply


@pytest.mark.parametrize("name", ["MO", "mo", "Macau", "Macao", "澳門", "澳门"])
def test_macao_by_any_name(kb, name):
    assert resolve_region(kb, name).id == "MO"


def test_macaos_contacts_are_sourced(kb):
    mo = kb.regions["MO"]
    numbers = {c.role: c.number for c in mo.contacts}
    assert numbers == {"anti_fraud": "8800 7777", "police": "993", "emergency": "999"}
    assert all(c.sources for c in mo.contacts)


def test_the_reply_for_a_chosen_macao(kb, analyzer):
    text = "someone rang saying a parcel in my name holds illegal items and I must pay a fine today"
    reply = compose_report(analyzer.analyze(text), kb, region=RegionChoice(kb.regions["MO"], "setting"), text=text)
    assert "Macao" in reply and "8800 7777" in reply and "18222" not in reply and "96110" not in reply
