"""A relative's act told in a later turn by pronoun (trial6 2.1): after an account about a relative
("my dad is on the phone with 'Amazon', they want him to install an app"), "he already installed it",
她已经说了卡号和验证码, 佢已經俾咗 are the relative's acts, read as the one message with both would be:
the stop-the-loss screen naming the relative. Said in the first person, or in one message, it already
worked; in a follow-up it fell to "Suspicious: do not act on it yet".

Generated: relatives × what the caller asked × how the later turn tells it, in English, Mandarin and
Cantonese; twins where the relative refused or has not done it stay off the stop-the-loss screen.
"""

from __future__ import annotations

import itertools

import pytest

from bot.conversation.engine import ChatState, Engine, Incoming
from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel

EN_KIN = [("my mum", "she", "her"), ("my dad", "he", "him"), ("my grandma", "she", "her"), ("my uncle", "he", "him")]
EN_STORY = {
    "remote": "{kin} is on a call with someone who says they are from {brand} and they want {obj} to install an app to get a refund",
    "code": "{kin} got a call from {brand} support about a refund and they keep asking {obj} for the code from the text",
    "money": "{kin} is talking to a man from {brand} who says {obj} refund went wrong and {pro} has to send the extra back",
}
EN_DONE = {
    "remote": ["{pro} already installed it", "{pro} has installed it now", "too late {pro} just installed it"],
    "code": [
        "{pro} already gave them the code",
        "{pro} has read out the code to them",
        "{pro} already told them the code",
    ],
    "money": [
        "{pro} already sent them £800",
        "{pro} has transferred the money to them",
        "{pro} already paid them 500 dollars",
    ],
}
BRANDS = ["Amazon", "PayPal", "Royal Mail"]
ZH_KIN = [("我妈", "她"), ("我爸", "他"), ("我奶奶", "她"), ("我舅舅", "他")]
ZH_STORY = {
    "card": "{kin}接到{brand}理赔电话，对方让{pro}说银行卡号",
    "code": "{kin}接到自称{brand}客服的电话，对方一直要{pro}手机上的验证码",
    "money": "{kin}接到{brand}的电话说包裹丢了要赔钱，对方让{pro}先转一笔钱过去",
}
ZH_DONE = {
    "card": ["{pro}已经说了卡号和验证码", "{pro}已经把卡号告诉对方了"],
    "code": ["{pro}已经把验证码念给对方了", "{pro}刚才已经说了验证码"],
    "money": ["{pro}已经转了三千过去", "{pro}已经把钱转给对方了"],
}
YUE = [
    ("我阿媽接到個自稱順豐嘅電話，對方叫佢俾銀行卡號", "佢已經俾咗卡號同驗證碼", "card"),
    ("我阿爸收到電話話係淘寶客服，對方要佢講埋驗證碼", "佢已經講咗驗證碼俾對方", "code"),
    ("我阿嫲接到個電話話係順豐理賠，對方叫佢轉錢過去", "佢已經轉咗五千蚊過去", "money"),
]
TWINS = [
    (
        "my mum is on a call with someone from Amazon and they want her to install an app to get a refund",
        "she refused to install it",
    ),
    (
        "my dad got a call from PayPal support and they keep asking him for the code from the text",
        "he hasn't given them the code",
    ),
    ("我妈接到顺丰理赔电话，对方让她说银行卡号", "她没有说卡号，已经挂了"),
    ("我爸接到自称淘宝客服的电话，对方一直要他手机上的验证码", "他不肯说验证码"),
]


def _cases() -> list[tuple[str, str, str]]:
    rows = []
    for (kin, pro, obj), (kind, story), brand in itertools.product(EN_KIN, EN_STORY.items(), BRANDS):
        for done in EN_DONE[kind]:
            rows.append((story.format(kin=kin, obj=obj, pro=pro, brand=brand), done.format(pro=pro), kind))
    rows = rows[::4]  # a spread of the product: every relative, kind, brand and wording appears
    for (kin, pro), (kind, story), brand in itertools.product(ZH_KIN, ZH_STORY.items(), ["顺丰", "淘宝"]):
        for done in ZH_DONE[kind]:
            rows.append((story.format(kin=kin, pro=pro, brand=brand), done.format(pro=pro), kind))
    return rows[:: 1 if len(rows) < 60 else 2] + YUE


@pytest.fixture(scope="module")
def engine(kb, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("kin") / "t.db", salt=b"kin")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    yield Engine(kb, analyzer.analyze, numbers.check, numbers.parse)
    store.close()


def _chat(engine, messages):
    state, replies = ChatState(), []
    for n, text in enumerate(messages):
        out = engine.handle(state, Incoming("text", text=text, now=1_800_000_000.0 + 60 * n))
        state, replies = out.state, [r.text for r in out.replies]
    return state, replies


def test_the_matrix_is_varied():
    rows = _cases()
    assert len(rows) >= 40 and len(set(rows)) == len(rows)
    assert {k for *_, k in rows} == {"remote", "code", "money", "card"}


@pytest.mark.parametrize(("story", "later", "kind"), _cases())
def test_the_relatives_act_told_later_by_pronoun_is_given(engine, story, later, kind):
    state, replies = _chat(engine, [story, later])
    assert kind in state.given, (story, later, state.given)
    first = "\n".join(replies)
    assert "Stop the loss" in first or "止损" in first or "止損" in first, first[:300]


@pytest.mark.parametrize(("story", "later"), TWINS)
def test_a_refusal_or_not_yet_is_not_given(engine, story, later):
    state, _ = _chat(engine, [story, later])
    assert not state.given, (story, later, state.given)
