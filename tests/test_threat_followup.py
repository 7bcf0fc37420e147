"""A threat told after a check is answered as the fear it is (trial6 2.12).

"They said they will call the police on me" is not "should I report it?": the answer says it is a threat
to scare, that a caller cannot arrest, sue or touch a credit record, nobody will come, and where to call
if worried. Wordings generated here (subjects x verbs x threats, English and Chinese); a plain question
about reporting keeps its own answer.
"""

from __future__ import annotations

import itertools

import pytest

from bot.conversation.engine import ChatState, Engine, Incoming
from bot.conversation.followup import intent_of
from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.normalize import fold
from nlu.phones import NumberIntel

NOW = 1_800_000_000.0
EN = [
    f"{s} {v} {t}{q}"
    for s, v, t, q in itertools.product(
        ["they", "the caller", "he"],
        ["said they will", "told me they would", "threatened to"],
        ["call the police on me", "have me arrested", "sue me", "ruin my credit score"],
        ["", ", what do I do?"],
    )
]
ZH = [
    f"{s}{v}{t}{q}"
    for s, v, t, q in itertools.product(
        ["他们", "对方", "佢哋"],
        ["说会", "威胁要", "話會"],
        ["报警", "起诉我", "上门", "告我"],
        ["怎么办", "，點算", ""],
    )
]


@pytest.fixture
def engine(kb, tmp_path):
    store = Store(tmp_path / "e.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    yield Engine(kb, analyzer.analyze, numbers.check, numbers.parse)
    store.close()


@pytest.mark.parametrize("text", EN + ZH)
def test_a_threat_is_read_as_a_threat(text):
    assert intent_of(text) == "threat", text


@pytest.mark.parametrize("text", ["should I report it to the police?", "我要报警吗", "do I call my bank?"])
def test_a_question_about_reporting_is_no_threat(text):
    assert intent_of(text) != "threat", text


@pytest.mark.parametrize("threat", EN[::5])
def test_the_chat_answers_the_fear_in_english(engine, threat):
    account = "Someone claiming to be a courier said my parcel held drugs and I must cooperate with an investigation, I hung up"
    out = engine.handle(ChatState(region="GB"), Incoming("text", text=account, now=NOW))
    out = engine.handle(out.state, Incoming("text", text=threat, now=NOW))
    reply = "\n".join(r.text for r in out.replies)
    assert "threat to scare you" in reply and "Nobody will come" in reply and "999" not in reply[:0], reply
    assert not reply.startswith(("Yes", "No")), reply


@pytest.mark.parametrize("threat", ZH[::7])
def test_the_chat_answers_the_fear_in_chinese(engine, threat):
    account = "有个自称快递客服的人说我的包裹里有违禁品，要我配合调查，我挂了"
    out = engine.handle(ChatState(region="CN"), Incoming("text", text=account, now=NOW))
    out = engine.handle(out.state, Incoming("text", text=threat, now=NOW))
    reply = fold("\n".join(r.text for r in out.replies))  # (the reply follows the writer's script)
    assert "吓唬" in reply and "没有人会上门" in reply and not reply.startswith("要"), reply
