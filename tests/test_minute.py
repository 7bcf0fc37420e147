"""The minute that matters, as a spec: already paid, still on the call, abroad, a bare number, tone.

Each case is what a person sends -> what the engine answers first. No Telegram here.
"""

from __future__ import annotations

import re

import pytest

from bot.conversation.engine import ChatState, Engine, Incoming, ReportNumber
from bot.conversation.report import _same_advice
from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel

NOW = 1_800_000_000.0
# Field values shown as they are stored ("（可信度：high）", "status: unverified", "CN:95338").
RAW_CODE = re.compile(r"([:：（(]\s*(unknown|unverified|confirmed|high|medium|low)\b)|CN:")


@pytest.fixture
def engine(kb, tmp_path):
    store = Store(tmp_path / "m.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    yield Engine(kb, analyzer.analyze, numbers.check, numbers.parse)
    store.close()


def send(engine, text, state=None, **kw):
    out = engine.handle(state or ChatState(), Incoming("text", text=text, now=NOW, **kw))
    return out


def command(engine, state, cmd, args="", **kw):
    return engine.handle(state, Incoming("command", command=cmd, args=args, now=NOW, **kw))


def press(engine, out, key):
    data = next(b.data for r in out.replies for row in r.buttons for b in row if b.data.endswith("|" + key))
    return engine.handle(out.state, Incoming("button", data=data, now=NOW))


def first_line(out) -> str:
    return out.replies[0].text.split("\n", 1)[0]


def everything(out) -> str:
    return "\n\n".join(r.text for r in out.replies)


def asks_quiz(out) -> bool:
    return any(
        k in everything(out) for k in ("对方自称是谁", "对方让你做了什么", "Who did they say", "What did they ask")
    )


# -- 1. already paid / already gave something: emergency steps first, by what was given ----------
@pytest.mark.parametrize(
    ("text", "first", "must"),
    [
        (
            "我已经按他说的转了5000块过去了，现在怎么办",
            "⚠️ 先止损",
            ["止付、冻结、追回", "带着转账记录报警", "110", "96110"],
        ),
        ("我在借呗借了2万，已经转给他了", "⚠️ 先止损", ["借过款的平台", "官方电话"]),
        ("我把验证码给他了", "⚠️ 先止损", ["修改密码和支付密码", "冻结账户"]),
        ("我刚才下载了向日葵，开了屏幕共享", "⚠️ 先止损", ["断网", "卸载"]),
        ("我把银行卡号告诉他了", "⚠️ 先止损", ["冻结这张卡"]),
        (
            "I already sent £300",
            "⚠️ Stop the loss first",
            ["recall the transfer", "Action Fraud", "0300 123 2040", "159"],
        ),
        ("I installed the app he told me to", "⚠️ Stop the loss first", ["uninstall", "Wi-Fi"]),
        ("I gave him the code from the text", "⚠️ Stop the loss first", ["Change the password", "freeze the account"]),
        ("I gave them my card details", "⚠️ Stop the loss first", ["freeze the card"]),
        ("I took out a loan and sent it to them", "⚠️ Stop the loss first", ["lending app", "recall the transfer"]),
    ],
)
def test_already_gave_gets_the_steps_first(engine, text, first, must):
    out = send(engine, text)
    assert first_line(out).startswith(first), out.replies[0].text
    steps = out.replies[0].text
    for part in must:
        assert part in steps, (part, steps)
    assert not asks_quiz(out)
    assert "/region" in steps  # says which region was assumed, and how to change it


def test_the_steps_differ_by_what_was_given(engine):
    code = send(engine, "我把验证码给他了").replies[0].text
    money = send(engine, "我已经转了5000块给他").replies[0].text
    assert "修改密码" in code and "止付" not in code
    assert "止付" in money and "修改密码" not in money


def test_after_the_steps_it_offers_to_record_the_number(engine):
    out = send(engine, "自称顺丰客服用13800138000打来，我已经按他说的转了3000元")
    assert first_line(out).startswith("⚠️ 先止损")
    assert "这是诈骗" in everything(out) or "可疑" in everything(out)
    out = press(engine, out, "rep:y")
    assert out.effects and isinstance(out.effects[0], ReportNumber)
    assert out.effects[0].number == "+8613800138000"


def test_already_paid_is_remembered_as_a_small_fact(engine):
    out = send(engine, "我把验证码给他了")
    assert out.state.given == ["code"]
    out = press(engine, out, "paid")
    assert first_line(out).startswith("⚠️ 先止损") and "修改密码" in out.replies[0].text


def test_no_quiz_after_a_loss_even_on_later_messages(engine):
    out = send(engine, "我已经按他说的转了5000块过去了")
    out = send(engine, "他说是快递公司的，快递丢了要赔偿", out.state)
    assert not asks_quiz(out) and "根据你补充的情况" in everything(out)


def test_without_scam_signs_the_steps_are_not_contradicted(engine):
    out = send(engine, "I already sent £300")
    text = everything(out)
    assert "No scam signs" not in text and "Who were they" in text


# -- 2. still on the call: "hang up" first, short ------------------------------------------------
@pytest.mark.parametrize(
    ("text", "first"),
    [("他现在还在电话上，让我念验证码", "挂断电话。"), ("he's still on the line and wants the code", "Hang up now.")],
)
def test_still_on_the_call_hang_up_first(engine, text, first):
    out = send(engine, text)
    assert first_line(out) == first
    assert len(out.replies[0].text) <= 160  # readable mid-call
    assert len(out.replies) >= 2  # the details come after


def test_on_the_call_and_already_gave(engine):
    out = send(engine, "他还在电话上，我已经把验证码告诉他了")
    assert first_line(out) == "挂断电话。"
    assert out.replies[1].text.startswith("⚠️ 先止损") and "修改密码" in out.replies[1].text


# -- 3. help for where the person is ---------------------------------------------------------------
def test_english_without_other_hints_is_not_told_to_ring_110(engine):
    out = send(engine, "I already sent $500 to the man from Amazon support")
    steps = out.replies[0].text
    assert "reportfraud.ftc.gov" in steps and "110" not in steps and "96110" not in steps
    assert "the US" in steps and "/region" in steps


@pytest.mark.parametrize(
    ("region", "contacts"),
    [
        ("HK", ["18222"]),
        ("香港", ["18222"]),
        ("TW", ["165"]),
        ("SG", ["1799"]),
        ("UK", ["159", "0300 123 2040"]),
        ("Australia", ["scamwatch.gov.au", "1800 595 160"]),
        ("CA", ["1-888-495-8501"]),
        ("US", ["reportfraud.ftc.gov"]),
        ("CN", ["110", "96110"]),
    ],
)
def test_region_setting_wins(engine, region, contacts):
    out = command(engine, ChatState(), "region", region)
    assert out.state.region is not None
    out = send(engine, "我已经转了5000块给他", out.state)
    for c in contacts:
        assert c in out.replies[0].text, (c, out.replies[0].text)
    assert "你设置的地区" in out.replies[0].text


def test_region_from_the_number_then_the_language(engine):
    out = send(engine, "I already paid the fee. They called from +44 7911 123456")
    assert "Action Fraud" in out.replies[0].text and "phone number's country" in out.replies[0].text
    out = send(engine, "我已经转了钱", lang_hint="zh-hk")
    assert "18222" in out.replies[0].text and "96110" not in out.replies[0].text
    out = send(engine, "我已经转了钱")
    assert "96110" in out.replies[0].text and "根据你使用的语言" in out.replies[0].text
    out = send(engine, "I already sent money", lang_hint="en-au")
    assert "Scamwatch" in out.replies[0].text


def test_region_command_lists_choices_and_rejects_unknown(engine):
    out = command(engine, ChatState(), "region")
    labels = [b.label for r in out.replies for row in r.buttons for b in row]
    assert "香港" in labels and "英国" in labels
    out = press(engine, out, "region:HK")
    assert "18222" in out.replies[0].text and out.state.region == "HK"
    out = command(engine, out.state, "region", "Atlantis")
    assert "Atlantis" in out.replies[0].text and out.state.region == "HK"


def test_ordinary_reports_give_the_regions_anti_fraud_line(engine):
    out = command(engine, ChatState(), "region", "SG")
    out = send(engine, "我是淘宝客服，你的快递丢了，我们三倍赔偿，请下载腾讯会议共享屏幕", out.state)
    assert "1799" in out.replies[0].text and "96110" not in out.replies[0].text


# -- 6 (reply side). evidence quotes only the person's own words -----------------------------------
def test_button_answers_are_never_quoted_as_the_persons_words(engine):
    out = send(engine, "自称淘宝客服，说我买的衣服有质量问题要赔偿")
    out = press(engine, out, "act:transfer")
    out = press(engine, out, "act:give_code")
    out = press(engine, out, "done")
    text = everything(out)
    assert "对方让我转账" not in text and "对方让我提供验证码" not in text
    assert "“" in text  # there are still quotes, from what they typed


# -- 7. a bare number gets a number answer ---------------------------------------------------------
@pytest.mark.parametrize(
    ("number", "lang_hint", "must"),
    [
        ("95338", None, ["95338", "顺丰速运", "官方号码", "来电显示可以伪造", "还没有人举报"]),
        (
            "+44 7700 900123",
            "en",
            ["+447700900123", "not an official number", "Caller ID can be faked", "Nobody has reported"],
        ),
    ],
)
def test_bare_number_gets_the_number_report(engine, number, lang_hint, must):
    out = send(engine, number, lang_hint=lang_hint)
    text = everything(out)
    for part in must:
        assert part in text, (part, text)
    for verdict in ("这是诈骗", "可疑", "未发现诈骗特征", "This is a scam", "Suspicious", "No scam signs"):
        assert verdict not in text
    assert not asks_quiz(out) and len(out.replies) == 1
    assert not RAW_CODE.search(text), text


def test_check_command_shows_the_official_match(engine):
    out = command(engine, ChatState(), "check", "95338")
    assert "官方号码：顺丰速运 95338（可信度：中，来自网上资料，非官网）" in out.replies[0].text


# -- 9. stage and tone -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "有个到付快递，我没买过东西，快递员让我付49元",
        "I got a parcel I never ordered, the courier says I must pay cash on delivery",
    ],
)
def test_cash_on_delivery_before_paying_is_not_told_any_more(engine, text):
    out = send(engine, text)
    do_now = out.replies[0].text.split("现在就做" if "快递" in text else "Do this now", 1)[1]
    first_step = do_now.strip(":\n ").split("\n", 1)[0]
    assert "any more" not in first_step and "不要再转" not in first_step
    assert "不要再转任何钱" not in out.replies[0].text and "any more money" not in out.replies[0].text


def test_repeated_advice_lines_are_merged(engine):
    out = send(
        engine, "我是京东客服，你的订单卡单了需要激活订单，下载向日葵共享屏幕，然后在借呗借钱转到安全账户，验证码发给我"
    )
    do_now = out.replies[0].text.split("现在就做", 1)[1].split("\n\n", 1)[0]
    steps = [line[4:] for line in do_now.split("\n") if line.startswith("  - ")]
    assert len(steps) >= 3
    for i, a in enumerate(steps):
        for b in steps[i + 1 :]:
            assert not _same_advice(a, b), (a, b)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("不要再转任何钱。", "不要再转任何钱了。", True),
        ("Do not share your screen.", "Do not share your screen with anyone.", True),
        ("不要说出或输入任何验证码。", "立即结束屏幕共享并卸载软件。", False),
    ],
)
def test_same_advice(a, b, same):
    assert _same_advice(a, b) is same


# -- 8 (engine side). no raw internal codes in replies ---------------------------------------------
def test_report_flow_has_no_raw_codes(engine):
    out = command(engine, ChatState(), "report", "13800138000")
    assert "类型未定" in out.replies[0].text and "unknown" not in out.replies[0].text


def test_region_and_emergency_through_telegram(tmp_path):
    """The real Application: /region is a known command, and the emergency reply comes first."""
    import asyncio

    from test_telegram import Harness, message_update

    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update("/region 香港"))
            assert "18222" in h.api.sent()[-1]["text"]
            before = len(h.api.sent())
            await h.send(message_update("我已经按他说的转了5000块过去了"))
            replies = h.api.sent()[before:]
            assert replies[0]["text"].startswith("⚠️ 先止损") and "18222" in replies[0]["text"]
            assert "你设置的地区" in replies[0]["text"]

    asyncio.run(scenario())


def test_group_picture_reply_does_not_repeat_numbers(engine):
    out = engine.handle(
        ChatState(),
        Incoming(
            "image",
            text="【顺丰】快递丢失三倍赔偿，加微信 13800138000 办理",
            chat_type="group",
            addressed=True,
            now=NOW,
        ),
    )
    text = everything(out)
    assert "13800138000" not in text and "截图" in text


def test_emergency_sections_for_other_front_ends(kb):
    from bot.conversation.emergency import choose_region, emergency_sections

    choice = choose_region(kb, setting="GB")
    out = emergency_sections(kb, choice, ["code", "money", "nonsense"], "en")
    ids = [s["id"] for s in out["sections"]]
    assert ids == ["first", "code", "money", "then", "contacts"] and out["given"] == ["code", "money"]
    assert any("0300 123 2040" in s for s in out["sections"][-1]["steps"])
    assert out["region"] == {"id": "GB", "name": "the UK", "reason": "setting"}
    every = [s for sec in out["sections"][:-1] for s in sec["steps"]]
    assert len(every) == len(set(every))  # no step twice
