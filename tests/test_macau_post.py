"""Macau (trial6 2.6): money sent in patacas (MOP, 澳門元, 葡幣) is money gone, and 澳門郵政 (Macau Post,
CTT, ctt.gov.mo) is its own organisation, not China Post. Generated: amount written × currency ×
verb × to whom × who they said they were; on the code before, MOP / 澳門元 sent was not read as given
and the organisation was China Post.
"""

from __future__ import annotations

import itertools

import pytest

from nlu.situation import detect

AMOUNTS = [
    ("MOP 2,600", "mop"),
    ("MOP$1,500", "mop"),
    ("3,000澳門元", "mop"),
    ("2000葡幣", "mop"),
    ("五千澳門幣", "mop"),
]
SENT = ["我用手機銀行過咗{amt}去佢嘅戶口", "我已經過咗{amt}俾對方", "我轉咗{amt}俾佢", "我啱啱入咗{amt}去佢畀嘅戶口"]
CLAIM = ["佢話係澳門郵政", "對方自稱澳門郵政職員", "個人話自己係郵電局嘅", "佢話佢係Macau Post"]


def _rows():
    rows = []
    for (amt, _), sent, claim in itertools.product(AMOUNTS, SENT, CLAIM):
        rows.append(f"{sent.format(amt=amt)}，{claim}")
    return rows[::3]


@pytest.mark.parametrize("text", _rows())
def test_patacas_sent_are_money_given(kb, text):
    assert "money" in detect(kb.situations, text).given, text


@pytest.mark.parametrize(
    "text",
    [
        "澳門郵政打嚟話我包裹要交清關費",
        "有人自稱澳門郵政，叫我過數俾佢",
        "a man from Macau Post called and said my parcel needs a customs fee",
        "收到短訊話係澳門郵電局，包裹地址唔完整",
        "Macao Post SMS says my parcel is held",
    ],
)
def test_macau_post_is_its_own_organisation_not_china_post(analyzer, text):
    orgs = [o.id for o in analyzer.analyze(text).entities["orgs"]]
    assert orgs[:1] == ["macau_post"] and "china_post" not in orgs, (text, orgs)


def test_macau_posts_channels_are_sourced_and_in_macao(kb):
    org = kb.organisations["macau_post"]
    assert org.country == "MO" and "ctt.gov.mo" in org.domains
    assert org.hotlines and all(h.sources and h.confidence in ("high", "medium") for h in org.hotlines)


@pytest.mark.parametrize("text", ["我用中國郵政寄咗個包裹返內地", "我今日去郵政局寄信"])
def test_china_post_and_a_plain_post_office_are_not_macau_post(analyzer, text):
    assert "macau_post" not in [o.id for o in analyzer.analyze(text).entities["orgs"]]
