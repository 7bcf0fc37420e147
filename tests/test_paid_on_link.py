"""Paid on the link a parcel text sent: cancel the card first, and warn of the "bank" call (trial6 2.3, 3.4).

Paying a redelivery fee on a phishing page sends the card's details, not a transfer: "recall the transfer"
is wrong advice. The steps are cancel the card, then the warning (DOMAIN.md) that a call "from the bank's
fraud team" follows to "secure" the account. Card details typed in the same account do not add a second
call to the same number. Texts and follow-ups written here; the chat is driven as the terminal does.
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

TEXTS_EN = [
    "Evri: your parcel could not be delivered. Pay the £1.20 redelivery charge today: https://evri-parcel-help.com/r",
    "Royal Mail: a £2.10 shipping fee is unpaid, pay at royalmail-redeliver.net/fee within 12 hours",
]
PAID_EN = [
    "I paid the fee on the link",
    "I already paid it",
    "i just paid it on their page",
    "my mum paid £1.20 on that site",
]
TEXTS_ZH = ["【顺丰速运】您的快件地址不详，请于24小时内点击 http://sf-redeliver.top/p 补缴运费3元"]
PAID_ZH = ["我已经在链接里付了", "我已经付了", "我在那个网页交了3块钱"]

# The first account holds everything: paid on the link and typed the card details.
ONE_MESSAGE_EN = [
    "I just paid £1.99 on a Royal Mail link and put my card details in",
    "I entered my card number on the Evri page and paid the £1.45",
]


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


def _steps(reply: str) -> list[str]:
    return [line for line in reply.splitlines() if line[:1].isdigit() and line[1:3] in (". ", ".\u00a0")]


@pytest.mark.parametrize(("text", "paid"), list(itertools.product(TEXTS_EN, PAID_EN)))
def test_paid_on_the_link_cancel_the_card_and_expect_the_bank_call(engine, text, paid):
    state, _ = say(engine, ChatState(), text)
    _, reply = say(engine, state, paid)
    low = reply.lower()
    assert "cancel the card" in low, reply
    assert "recall the transfer" not in low, reply
    assert "second half of this scam" in low, reply
    assert low.index("cancel the card") < low.index("second half"), reply


@pytest.mark.parametrize(("text", "paid"), list(itertools.product(TEXTS_ZH, PAID_ZH)))
def test_paid_on_the_link_in_chinese(engine, text, paid):
    state, _ = say(engine, ChatState(), text)
    _, reply = say(engine, state, paid)
    assert "注销" in reply and "追回这笔转账" not in reply and "第二步" in reply, reply


@pytest.mark.parametrize("text", ONE_MESSAGE_EN)
def test_card_typed_on_the_link_is_one_call_to_the_bank(engine, text):
    _, reply = say(engine, ChatState(), text)
    steps = _steps(reply)
    assert "recall the transfer" not in reply.lower(), reply
    assert sum("call your bank" in s.lower() for s in steps) == 1, steps


def test_a_transfer_told_as_well_keeps_the_recall_step(engine):
    _, reply = say(
        engine, ChatState(), "I paid the £1.45 on the Evri link and then sent £900 to the account the caller gave"
    )
    assert "cancel the card" in reply.lower() and "recall the transfer" in reply.lower(), reply
