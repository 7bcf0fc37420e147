"""Courier fraud (trial6 2.2): "the bank" or "the police" sends someone to collect a card, a PIN or cash,
or asks the person to withdraw cash to help an investigation and hand it over. Always a scam, whoever
the caller claims to be, and the first line for someone expecting the collector is "hand nothing over"
with the region's bank line and emergency number (UK: 159 / 999).

Generated from who claims to be whom × who comes × what they take, in UK, Australian and US English,
simplified and traditional Chinese and Cantonese; the twins (a courier collecting a return parcel, a
bank posting a new card) stay calm. On the code before: no_scam_signs for most of them.
"""

from __future__ import annotations

import itertools
import random
import re

import pytest

from bot.conversation.emergency import choose_region, urgent_reply
from nlu.analyzer import trouble_window
from nlu.situation import detect

EN_CLAIM = [
    "the bank rang and said my card had been cloned",
    "someone from the fraud team at Barclays phoned",
    "a detective from Scotland Yard called",
    "a police officer phoned about fraud on my account",
    "Commonwealth Bank security called",
    "a guy saying he was from Chase's fraud department called",
]
EN_ASK = [
    "and a courier is coming round to collect my card and PIN tonight",
    "they are sending a courier to pick up my bank card this afternoon",
    "they will send an officer to collect the cash at 4",
    "and someone will come by to collect my cards later, what do I do",
    "they want me to withdraw £3,000 to help their investigation and a courier will collect it",
    "they need me to take out cash to help catch a corrupt cashier and hand it to an officer",
    "they said put the card and the PIN in an envelope, a driver is on the way to collect them",
]
ZH_CLAIM = [
    "银行打电话说我的卡被盗刷了",
    "自称公安局的警官来电",
    "反诈中心的人打电话给我",
    "一个说是银行风控部的人打来",
]
ZH_ASK = [
    "会派工作人员上门取卡和密码",
    "说要我配合调查去银行取现金",
    "安排一个同事到我家收走银行卡",
    "让我把现金交给上门的人",
]
HANT = [
    "銀行打電話說我的卡被盜刷，會派專員到府收走提款卡和密碼",
    "自稱警察的人說要我配合調查，先去銀行提領現金交給來的人",
]
YUE = [
    "銀行打嚟話我張卡有問題，會派人上門攞卡同密碼",
    "有個話係警察嘅人叫我配合調查，去銀行撳錢再交俾上門嘅人",
    "話係滙豐打嚟，會安排同事上門收走我張提款卡",
]
CALM = [
    "the DPD driver is coming to collect the parcel I am returning tomorrow",
    "my bank said they will post a new card to me next week",
    "Evri will pick up my return from the front door on Monday",
    "I need to withdraw some cash for the window cleaner on Friday",
    "顺丰快递员明天上门取件，我要寄一个包裹",
    "银行说新卡会邮寄到家，收到后自己去网点激活",
]


# A collector said to be coming or sent (the first line is then "hand nothing over").
_COMING = re.compile(r"coming|sending|will (?:send|come)|on the way|come by|會派|会派|安排|派人|上门取|上門攞|到府")


def _english() -> list[str]:
    rows = [f"{c} {a}" for c, a in itertools.product(EN_CLAIM, EN_ASK)]
    random.Random(22).shuffle(rows)
    return rows[:24]


def _chinese() -> list[str]:
    return [f"{c}，{a}" for c, a in itertools.product(ZH_CLAIM, ZH_ASK)] + HANT + YUE


@pytest.mark.parametrize("text", _english() + _chinese())
def test_a_collector_from_the_bank_or_police_is_a_scam_and_the_first_line_says_hand_nothing_over(kb, analyzer, text):
    got = analyzer.analyze(text)
    assert got.verdict == "scam", (text, got.verdict, got.risk)
    situation = detect(kb.situations, trouble_window(text))
    if not _COMING.search(text):
        return  # the ask alone ("take out cash… and hand it to an officer"): a scam, nobody under way yet
    assert "collect" in situation.ongoing, (text, situation.ongoing)
    zh = not text.isascii()
    lang = "zh" if zh else "en"
    first = urgent_reply(kb, situation, choose_region(kb, text=text, lang=lang), lang)[0].split("\n")[0]
    if zh:
        assert "不要交出去" in first, first
    else:
        assert "hand nothing over" in first or first.startswith("Do not hand anything over"), first


@pytest.mark.parametrize(
    "text",
    [
        "a courier is coming to collect my card, the bank says it was cloned",
        "the fraud team are sending a man to pick up my cards and pin",
    ],
)
def test_in_the_uk_the_first_line_gives_159_and_999(kb, text):
    situation = detect(kb.situations, text)
    choice = choose_region(kb, setting="GB", text=text, lang="en")
    first = urgent_reply(kb, situation, choice, "en")[0].split("\n")[0]
    assert first.startswith("Do not hand anything over") and "159" in first and "999" in first, first


def test_a_relative_expecting_the_collector_is_reached_first(kb):
    text = "my nan says her bank's fraud team are sending a courier round to pick up her card and pin tonight"
    situation = detect(kb.situations, text)
    first = urgent_reply(kb, situation, choose_region(kb, text=text, lang="en"), "en")[0].split("\n")[0]
    assert first.startswith("Reach your nan now") and "hand nothing over" in first, first


@pytest.mark.parametrize("text", CALM)
def test_a_courier_collecting_a_parcel_or_a_card_in_the_post_stays_calm(kb, analyzer, text):
    assert "collect" not in detect(kb.situations, text).ongoing
    assert analyzer.analyze(text).verdict != "scam"
