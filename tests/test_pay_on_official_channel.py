"""'Is it safe to pay it on royalmail.com?' after a genuine bill: yes, through the official channel (trial6 2.4, 1.2).

A question about paying through the organisation's own site, app or mini-program, opened by the person, is
the right way: the answer is yes (type the address yourself, find the charge by its reference), the earlier
check stays as it was (no "updated check"), and a link in a text stays a No. Sentences written here.
"""

from __future__ import annotations

import itertools

import pytest

from bot.conversation.engine import ChatState, Engine, Incoming
from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel

NOW = 1_800_000_000.0

GENUINE_EN = [
    ("Royal Mail left a grey card: £6.40 fee to pay on a parcel from Australia", "royalmail.com"),
    ("Parcelforce sent a letter asking for £11 customs charges on my boots from the US", "parcelforce.com"),
]
ASK_EN = [
    "is it ok to pay it on {d}?",
    "can I pay that on {d}",
    "should I pay it in the official app?",
    "so is it safe to pay on their own website?",
]
GENUINE_ZH = ["顺丰短信说我的海淘包裹要交进口税40元，我自己打开顺丰官方App看到了同样的税单"]
ASK_ZH = ["那我可以在小程序里交吗？", "我能在官方App里付吗", "可以在官网上缴吗？"]
LINK_EN = ["can I pay it through the link in the text?", "is it safe to pay on the link they sent?"]


@pytest.fixture
def engine(kb, tmp_path):
    store = Store(tmp_path / "e.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    yield Engine(kb, analyzer.analyze, numbers.check, numbers.parse)
    store.close()


def say(engine, state, text):
    out = engine.handle(state, Incoming("text", text=text, now=NOW))
    return out.state, "\n\n".join(r.text for r in out.replies)


@pytest.mark.parametrize(("case", "ask"), list(itertools.product(GENUINE_EN, ASK_EN)))
def test_paying_on_the_official_site_is_yes_and_the_check_stands(engine, case, ask):
    account, domain = case
    state, first = say(engine, ChatState(region="GB"), account)
    assert first.startswith("✅"), first
    _, reply = say(engine, state, ask.format(d=domain))
    assert reply.startswith("Yes"), reply
    assert "yourself" in reply and "Never pay through a link" in reply, reply
    assert "Suspicious" not in reply and "Hang up" not in reply, reply


@pytest.mark.parametrize(("account", "ask"), list(itertools.product(GENUINE_ZH, ASK_ZH)))
def test_paying_in_the_official_app_or_mini_program_is_yes_in_chinese(engine, account, ask):
    state, first = say(engine, ChatState(region="CN"), account)
    assert first.startswith("✅"), first
    _, reply = say(engine, state, ask)
    assert reply.startswith("可以") and "链接" in reply and "可疑" not in reply, reply


@pytest.mark.parametrize(("case", "ask"), list(itertools.product(GENUINE_EN, LINK_EN)))
def test_a_link_in_a_text_stays_no(engine, case, ask):
    state, _ = say(engine, ChatState(region="GB"), case[0])
    _, reply = say(engine, state, ask)
    assert not reply.startswith("Yes"), reply
