"""Replies that read right (tests/reply_matrix.py): reasons that fit the words they quote, no advice
given twice, a "no number" answer acknowledged, follow-ups that use what the conversation knows.
Then the mechanisms one by one."""

from __future__ import annotations

import pytest
from person_matrix import Case, Turn, rates
from reply_matrix import cases, judge, run

from bot.conversation.engine import ChatState, Engine, Incoming
from bot.conversation.report import compose_report, covered_topics, do_now_lines, why_lines
from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel

LINE = 0.95
NOW = 1_800_000_000.0


@pytest.fixture(scope="module")
def wired(kb, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("replies") / "r.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    yield Engine(kb, analyzer.analyze, numbers.check, numbers.parse), analyzer
    store.close()


@pytest.fixture(scope="module")
def results(wired):
    return run(lambda: wired[0])


def test_the_matrix_is_varied():
    all_cases = cases()
    assert len(all_cases) >= 120
    assert {c.category for c in all_cases} == {"reasons", "repeat", "no_number", "known", "context"}
    assert len({c.turns for c in all_cases}) == len(all_cases)  # no padding
    text = " ".join(t.text for c in all_cases for t in c.turns)
    assert all(w in text for w in ("咗", "號碼", "已經", "已经"))  # Cantonese, Traditional, simplified


def test_every_kind_is_met(results):
    per = rates(results, lambda c: f"{c.category}/{c.kind}")
    misses = [f"{r.case.turns[-1].text[:50]!r}: {r.why}" for r in results if not r.hit]
    low = {k: f"{h}/{n}" for k, (h, n) in per.items() if h / n < LINE}
    assert not low, misses[:8]


def test_the_judges_can_fail():
    link = Case("reasons", "link", (Turn("pay by paynow"),), "en")
    assert not judge(link, [['⚠️ This is a scam\n\nWhy:\n  - "paynow" — urges you to pay through the link']])[0]
    assert judge(link, [['⚠️ This is a scam\n\nWhy:\n  - "redelivery fee" — asks you to pay a fee']])[0]
    done = Case("reasons", "done", (Turn("I installed AnyDesk"),), "en")
    assert not judge(done, [['x\n\nWhy:\n  - "installed" — asks you to install an app or software they name']])[0]
    warning = Case("reasons", "warning", (Turn("Police advisory"),), "en")
    report = "ℹ️ This reads as a warning about a scam, not a scam attempt\nMatches: x\n\nWhy:\n  - a"
    assert not judge(warning, [[report]])[0]
    repeat = Case("repeat", "remote", (Turn("x"),), "en")
    assert not judge(repeat, [["2. uninstall the app", "Do this now:\n - uninstall anything"]])[0]
    no_number = Case("no_number", "answer", (Turn("a"), Turn(button="done"), Turn("没有号码")), "zh")
    assert not judge(no_number, [["…"], ["…"], ["⚠️ 这是诈骗\n\n为什么:\n  - …"]])[0]
    known = Case("known", "ask", (Turn("a"), Turn("那我要报警吗")), "zh")
    assert not judge(known, [["…"], ["如果钱、验证码…已经给了对方：要，马上报案"]])[0]
    context = Case("context", "done", (Turn("a"), Turn("I already installed it")), "en")
    assert not judge(context, [["…"], ["With what you added, here is the updated check:"]])[0]


# -- the mechanisms, one by one ------------------------------------------------------------------
def say(engine, state, text, i=0):
    out = engine.handle(state, Incoming("text", text=text, now=NOW + i))
    return out.state, [r.text for r in out.replies]


@pytest.mark.parametrize(
    "text",
    [
        "The 'post office' says my parcel needs a S$1.80 fee, paynow to 8765 4321",
        "A message says to settle a $4 fine by paynow to 9123 8888 today",
    ],
)
def test_a_link_label_needs_a_link(wired, kb, text):
    _, analyzer = wired
    analysis = analyzer.analyze(text)
    linked = analyzer.analyze(text + " at http://sg-post-fee.example/pay")
    plain = why_lines(analysis, "en", text=text)
    assert not any("link" in line for line in plain)
    # the same reason with a link in the account is quoted as it was
    assert any("link" in line for line in why_lines(linked, "en", text=text + " at http://sg-post-fee.example/pay"))


def test_a_done_act_is_quoted_as_what_happened(wired, kb):
    _, analyzer = wired
    text = "A caller from 'Amazon' wanted a refund sorted and I already installed AnyDesk"
    report = compose_report(analyzer.analyze(text), kb, "en", text=text, given=("remote",))
    why = report.split("\nWhy:", 1)[1].split("\n\n", 1)[0]
    assert "asks you to install" not in why
    assert "what happened: you installed a remote-control or meeting app" in why
    # one line for what happened, however many requests its words matched
    told = "自称银行客服的人打电话说我的卡有异常，我已经把验证码告诉他了"
    why = compose_report(analyzer.analyze(told), kb, "zh", text=told, given=("code",)).split("\n为什么:", 1)[1]
    assert why.split("\n\n", 1)[0].count("已经发生的事") == 1
    # asked, not done: the request reading stays
    asked = "A caller from 'Amazon' wanted a refund sorted and asked me to install AnyDesk"
    assert "asks you to install" in compose_report(analyzer.analyze(asked), kb, "en", text=asked)


def test_advice_on_a_topic_the_steps_gave_is_not_repeated(wired, kb):
    _, analyzer = wired
    text = "自称客服的人让我下载向日葵共享屏幕退款，还要我把验证码告诉他"
    analysis = analyzer.analyze(text)
    every = do_now_lines(analysis, kb, "zh")
    assert any("卸载" in line for line in every) and any("验证码" in line for line in every)
    after = do_now_lines(analysis, kb, "zh", covered=covered_topics(("remote",)))
    assert not any("卸载" in line for line in after)
    assert any("验证码" in line for line in after)  # another topic is still said
    assert covered_topics((), ("meeting",)) == {"remote"} and covered_topics(("code",)) >= {"code", "card"}


def test_a_no_number_answer_keeps_the_conversation(wired):
    engine, _ = wired
    state, _ = say(engine, ChatState(), "有个自称快递公司的人打电话说我的包裹丢了，要给我理赔")
    state = engine.handle(state, Incoming("button", data=f"{state.nonce}|done", now=NOW + 1)).state
    assert state.awaiting == "number"
    before = (list(state.facts), state.messages)
    state, replies = say(engine, state, "冇號碼", 2)
    assert len(replies) == 1 and "号码" in replies[0] and "为什么" not in replies[0]
    assert state.awaiting is None and (list(state.facts), state.messages) == before
    # a real number is still taken
    state2, _ = say(engine, ChatState(), "有个自称快递公司的人打电话说我的包裹丢了，要给我理赔")
    state2 = engine.handle(state2, Incoming("button", data=f"{state2.nonce}|done", now=NOW + 1)).state
    state2, _ = say(engine, state2, "13800138000", 2)
    assert "+8613800138000" in state2.numbers


def test_a_follow_up_answers_for_what_went(wired):
    engine, _ = wired
    state, _ = say(engine, ChatState(), "I already sent the 'customs officer' 1500 dollars by wire")
    assert "money" in state.given
    state, replies = say(engine, state, "should I go to the police?", 1)
    assert replies[0].startswith("Yes") and "sent money" in replies[0] and "If you gave" not in replies[0]
    # nothing given: the answer still covers both cases
    fresh, _ = say(engine, ChatState(), "A 'customs officer' called saying I owe duty on a parcel")
    _, replies = say(engine, fresh, "should I go to the police?", 1)
    assert "If you gave" in replies[0]


def test_a_follow_up_reads_it_against_what_was_asked(wired):
    engine, _ = wired
    state, _ = say(engine, ChatState(), "A 'Microsoft' technician called and asked me to install a remote app")
    state, replies = say(engine, state, "ok I installed it, it is called UltraViewer", 1)
    assert replies[0].startswith("⚠️ Stop the loss first") and "remote" in state.given
    # the same words after an account that asked for nothing of the kind: no loss read into "it"
    other, _ = say(engine, ChatState(), "Someone texted me that my parcel is waiting at the depot")
    other, replies = say(engine, other, "I installed it, it is the courier's real app", 1)
    assert "remote" not in other.given
    # "it" passed on to family is not given to the caller
    asked, _ = say(engine, ChatState(), "A caller from 'my bank' wants me to transfer my savings to a new account")
    asked, replies = say(engine, asked, "I gave it to my son to look at", 1)
    assert "money" not in asked.given and not replies[0].startswith("⚠️ Stop the loss first")
    for passed_on in ("I told my bank about it", "I paid for it with my card last week"):
        asked, replies = say(engine, asked, passed_on, 2)
        assert "money" not in asked.given, passed_on
    zh, _ = say(engine, ChatState(), "自称客服的人让我把验证码告诉他")
    zh, _ = say(engine, zh, "我已经告诉我老公了", 1)
    assert "code" not in zh.given
    asked, replies = say(engine, asked, "too late, I already sent it", 3)
    assert "money" in asked.given and replies[0].startswith("⚠️ Stop the loss first")
