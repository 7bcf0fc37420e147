"""The conversation engine, as a spec: what a person sends -> what the bot answers. No Telegram here."""

from __future__ import annotations

import pytest

from bot.conversation.engine import ChatState, Engine, ForgetUser, Incoming, ReportNumber
from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel

NOW = 1_800_000_000.0


@pytest.fixture
def engine(kb, tmp_path):
    store = Store(tmp_path / "e.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)  # wired as bot.app.App does
    yield Engine(kb, analyzer.analyze, numbers.check, numbers.parse)
    store.close()


def say(engine, state, text, **kw):
    out = engine.handle(state, Incoming("text", text=text, now=kw.pop("now", NOW), **kw))
    return out.state, "\n\n".join(r.text for r in out.replies), out


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        (
            "我是京东客服，你的订单卡单了需要激活订单，下载向日葵共享屏幕",
            ["这是诈骗", "“卡单”", "结束共享", "京东 → 我的 → 我的订单"],
        ),
        (  # (the police lines once, in the "already paid" step: not again in the script's advice)
            "对方说赔款打到我的借呗里了，多打了一万，让我借出来转回去",
            ["这是诈骗", "不要借款", "马上报案（报警电话 110；全国反诈专线 96110）"],
        ),
        (
            "The caller said he was from Amazon and I must buy gift cards to get my refund",
            ["This is a scam", "Fake refund", "Do not transfer or pay them anything", "Caller ID can be faked"],
        ),
        ("My parcel from DHL arrived today, thanks!", ["No scam signs"]),
    ],
)
def test_first_account_gets_a_full_verdict(engine, account, expected):
    _, reply, _ = say(engine, ChatState(), account)
    for part in expected:
        assert part in reply, (part, reply)


def test_thin_account_asks_who_then_what_then_updates(engine):
    state, reply, out = say(engine, ChatState(), "我的快递丢了，说要给我三倍赔偿")
    assert "对方自称是谁" in reply
    state, reply, out = engine_press(engine, state, out, "who:courier")
    assert "对方让你做了什么" in reply
    state, reply, out = say(engine, state, "他让我在借呗上借钱然后转给他")
    assert "根据你补充的情况" in reply and "这是诈骗" in reply and "不要借款" in reply


def engine_press(engine, state, out, key):
    data = next(b.data for r in out.replies for row in r.buttons for b in row if b.data.endswith("|" + key))
    res = engine.handle(state, Incoming("button", data=data, now=NOW))
    return res.state, "\n\n".join(r.text for r in res.replies), res


def test_actions_are_multiple_choice_and_accumulate(engine):
    state, _, out = say(engine, ChatState(), "自称淘宝客服，说我买的衣服有质量问题要赔偿")
    assert any("对方让你做了什么" in r.text for r in out.replies)
    state, _, out = engine_press(engine, state, out, "act:give_code")
    assert "✓ 说验证码" in [b.label for r in out.replies for row in r.buttons for b in row]
    state, _, out = engine_press(engine, state, out, "act:borrow")
    state, reply, out = engine_press(engine, state, out, "done")
    assert "这是诈骗" in reply and "验证码" in reply and "借" in reply


def test_number_question_accepts_the_number(engine):
    state, _, out = say(engine, ChatState(), "我的快递丢了，说要给我三倍赔偿")
    state, _, out = engine_press(engine, state, out, "who:courier")
    state, _, out = engine_press(engine, state, out, "done")
    assert any("哪个号码" in r.text for r in out.replies)
    state, reply, _ = say(engine, state, "17012345678")
    assert "+8617012345678" in reply and "虚拟运营商" in reply


def test_already_paid_gives_steps_and_offers_to_record(engine):
    state, _, out = say(engine, ChatState(), "自称顺丰理赔的人用13800138000打来，让我在借呗借钱转给他")
    state, reply, out = engine_press(engine, state, out, "paid")
    assert reply.startswith("⚠️ 先止损") and "110" in reply and "96110" in reply and "支付密码" in reply
    state, reply, out = engine_press(engine, state, out, "rep:y")
    assert out.effects == [ReportNumber("+8613800138000", out.effects[0].script)]
    assert out.effects[0].script in ("credit_loan", "refund_compensation")


def test_english_conversation_and_language_override(engine):
    state, reply, _ = say(
        engine, ChatState(), "Someone from 'Amazon support' wants me to install AnyDesk to cancel Prime"
    )
    assert "This is a scam" in reply and "AnyDesk" in reply
    out = engine.handle(state, Incoming("command", command="lang", args="zh", now=NOW))
    state = out.state
    state, reply, _ = say(engine, state, "he also asked for the code")
    assert "这是诈骗" in reply


def test_stale_buttons_are_rejected(engine):
    state, _, out = say(engine, ChatState(), "有人打电话说我的快递丢了")
    old = next(b.data for r in out.replies for row in r.buttons for b in row)
    state = engine.handle(state, Incoming("command", command="cancel", now=NOW)).state
    reply = engine.handle(state, Incoming("button", data=old, now=NOW)).replies[0].text
    assert "过期" in reply or "earlier question" in reply


@pytest.mark.parametrize("data", ["", "x|y", "999999|paid", "0|", "|act:borrow", "0|act:unknown"])
def test_malformed_buttons_are_harmless(engine, data):
    out = engine.handle(ChatState(), Incoming("button", data=data, now=NOW))
    assert out.replies and not out.effects


def test_forget_needs_confirmation(engine):
    out = engine.handle(ChatState(), Incoming("command", command="forget", now=NOW))
    assert "确定删除" in out.replies[0].text and not out.effects
    state = out.state
    data = next(b.data for row in out.replies[0].buttons for b in row if b.data.endswith("fgt:y"))
    out = engine.handle(state, Incoming("button", data=data, now=NOW))
    assert out.effects == [ForgetUser()] and out.state.facts == []


def test_group_mode_is_quiet_and_never_repeats_numbers(engine):
    group = {"chat_type": "group", "addressed": False}
    _, reply, out = say(engine, ChatState(), "周末聚餐，电话13800138000", **group)
    assert out.replies == []
    _, reply, out = say(engine, ChatState(), "订单卡单了需要激活订单，把验证码发给13800138000，转到安全账户", **group)
    assert "这是诈骗" in reply and "13800138000" not in reply and "私聊" in reply
    assert all(not r.buttons for r in out.replies)
    check = engine.handle(
        ChatState(), Incoming("command", command="check", args="13800138000", chat_type="group", now=NOW)
    )
    assert "13800138000" not in check.replies[0].text


def test_unsupported_and_unknown(engine):
    assert "读不了语音" in engine.handle(ChatState(), Incoming("other", now=NOW)).replies[0].text
    assert "不认识" in engine.handle(ChatState(), Incoming("command", command="foo", now=NOW)).replies[0].text
    assert "/check" in engine.handle(ChatState(), Incoming("command", command="check", now=NOW)).replies[0].text


def test_official_lookup(engine):
    reply = engine.handle(ChatState(), Incoming("command", command="official", args="顺丰", now=NOW)).replies[0].text
    assert "95338" in reply and "来电显示可以伪造" in reply
    reply = (
        engine.handle(ChatState(), Incoming("command", command="official", args="不存在的公司", now=NOW))
        .replies[0]
        .text
    )
    assert "还没有" in reply


def test_accounts_expire_after_a_day(engine):
    state, _, _ = say(engine, ChatState(), "有人说我的快递丢了")
    assert state.facts and state.messages == 1
    later = NOW + 2 * 24 * 3600
    out = engine.handle(state, Incoming("text", text="你好", now=later))
    assert out.state.facts == [] and out.state.messages == 1


def test_flood_is_bounded(engine):
    state = ChatState()
    replies = 0
    for i in range(40):
        out = engine.handle(state, Incoming("text", text="你好", now=NOW + i))
        state = out.state
        replies += len(out.replies)
    assert sum("太多太快" in r.text for r in out.replies) == 0
    assert replies < 40 * 2


def test_state_round_trips_as_json(engine):
    import json

    state, _, _ = say(engine, ChatState(), "有人说我的快递丢了")
    again = ChatState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert again == state


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("The Royal Mail grey card said £9.10 to pay, I paid it on royalmail.com myself, is that fine?", "GB"),
        ("I opened the DHL app myself and paid the import duty there, $14.", "AU"),
        ("收到顺丰的税单短信，我自己上顺丰官网用运单号查了，在官网把关税交了。", "CN"),
    ],
)
def test_paid_through_the_real_process_gets_the_green_verdict_not_stop_the_loss(engine, text, region):
    """The chat, the CLI and the API agree: money paid on the company's own channel is no loss to stop."""
    state, reply, _ = say(engine, ChatState(region=region), text)
    head = reply.splitlines()[0]
    assert not head.startswith("⚠️"), reply
    assert head.startswith("✅") and state.given == [], reply  # "matches how … really does it"
    # The same words through a link someone sent: money gone, stop the loss first.
    link = "royalmail-fee.top" if region == "GB" else "dhl-duty.xyz" if region == "AU" else "sf-express-tax.top"
    scam = (
        text.replace("royalmail.com", link)
        .replace("the DHL app", f"the link {link}")
        .replace("上顺丰官网", f"点了链接{link}")
        .replace("在官网", "在链接里")
    )
    state, reply, _ = say(engine, ChatState(region=region), scam)
    # (paid on a page the link opened: the card's details went, "link_payment" - cancel the card)
    assert reply.startswith("⚠️") and {"money", "link_payment"} & set(state.given), reply


@pytest.mark.parametrize(
    ("region", "written", "canonical"),
    [
        ("SG", "8123 4567", "+6581234567"),
        ("SG", "6123 4567", "+6561234567"),
        ("HK", "5123 4567", "+85251234567"),
        ("GB", "07911 123456", "+447911123456"),
        ("SG", "+86 138 0013 8000", "+8613800138000"),  # a number with its country code stays its own
        ("SG", "13800138000", "+8613800138000"),  # not Singapore's: read in the service's own terms
    ],
)
def test_report_reads_the_number_where_the_person_is(engine, region, written, canonical):
    """/report reads a number as /check does, in the region the person set (a local number in its
    local form), and asks to confirm the number in full before anything is recorded."""
    state = ChatState()
    state.region = region
    out = engine.handle(state, Incoming("command", command="report", args=written, now=NOW))
    assert not out.effects  # nothing recorded before the person confirms
    assert canonical in out.replies[0].text
    assert out.state.pending["number"] == canonical


@pytest.mark.parametrize(
    "opening",
    ["周末一起去吃火锅吧", "Lunch at noon tomorrow?"],
)
@pytest.mark.parametrize(
    "follow_up",
    ["对方让我把短信验证码念给他", "the caller wants the code from my texts", "他发来一个号码 13912345678"],
)
def test_one_message_analyses_the_same_words_once(kb, tmp_path, opening, follow_up):
    """A short second message after a plain first one is read by the follow-up check and then as the
    account: the same words, analysed once per message (the answer is the same either way)."""
    store = Store(tmp_path / "e.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    asked: list[tuple] = []

    def analyze(text, **kw):
        asked.append((text, tuple(sorted(kw.items()))))
        return analyzer.analyze(text, **kw)

    try:
        engine = Engine(kb, analyze, numbers.check, numbers.parse)
        state, _, _ = say(engine, ChatState(), opening)
        before = state.to_dict()
        asked.clear()
        _, answer, _ = say(engine, state, follow_up, now=NOW + 5)
        assert asked and len(asked) == len(set(asked)) and answer
        again = Engine(kb, analyzer.analyze, numbers.check, numbers.parse)  # the same answer from a plain engine
        assert say(again, ChatState.from_dict(before), follow_up, now=NOW + 5)[1] == answer
    finally:
        store.close()


def _filled_state(k: int) -> ChatState:
    """A state with every field set, values varied by k."""
    return ChatState(
        lang=("zh", "en", None)[k % 3],
        facts=[f"事实{i}" for i in range(k % 4)],
        messages=k,
        review="redacted " * (k % 3),
        review_removed={"phone": k, "card": k % 2} if k % 2 else {},
        own_chars=10 * k,
        answers=["who:courier", "act:code"][: k % 3],
        numbers=["+8613912345678"] * (k % 2),
        asked=["who"] * (k % 2),
        awaiting=("who", None)[k % 2],
        pending={"number": "+441632960000", "script": "courier"} if k % 3 == 0 else {},
        nonce=k,
        updated=NOW + k,
        recent=[NOW, NOW + 1.5][: k % 3],
        flood_warned=bool(k % 2),
        region=("HK", None, "GB")[k % 3],
        given=["money", "code"][: k % 3],
        seen_lang=("en", "zh")[k % 2],
        script=(None, "tw", "hk")[k % 3],
    )


@pytest.mark.parametrize("k", range(6))
def test_state_to_dict_is_asdict_and_a_copy(k):
    import dataclasses
    import json

    state = _filled_state(k)
    plain = state.to_dict()
    assert plain == dataclasses.asdict(state)
    assert json.dumps(plain, ensure_ascii=False) == json.dumps(dataclasses.asdict(state), ensure_ascii=False)
    for value in plain.values():  # changing what was saved changes nothing in the state
        if isinstance(value, (list, dict)):
            value.clear()
    assert state == _filled_state(k)
