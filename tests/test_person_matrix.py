"""Replies that fit the person, however they write: the generated matrix (tests/person_matrix.py)
per category, and the mechanisms behind it one by one.

Categories: the verdict line agrees with the first line; advice, hotlines and buttons of the
person's region; a follow-up question answered instead of the check repeated; odd input (symbols,
full-width numbers, empty, huge) answered in the chat's language; English numbers with no place
clue never read as mainland China's.
"""

from __future__ import annotations

import pytest
from person_matrix import Case, Turn, cases, judge, rates, run

from bot.conversation.engine import ChatState, Engine, Incoming
from bot.conversation.report import verdict_line
from bot.services.numbers import UNKNOWN, NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel, readings

LINE = 0.98
NOW = 1_800_000_000.0


@pytest.fixture(scope="module")
def wired(kb, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("person") / "p.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    yield Engine(kb, analyzer.analyze, numbers.check, numbers.parse), numbers, analyzer
    store.close()


@pytest.fixture(scope="module")
def results(wired):
    return run(lambda: wired[0])


def test_the_matrix_is_big_and_varied():
    all_cases = cases()
    assert len(all_cases) >= 400
    assert {c.category for c in all_cases} == {"verdict", "region", "follow_up", "odd_input", "numbers"}
    assert {c.lang for c in all_cases} >= {"en", "zh", "both"}
    assert len({c.region for c in all_cases if c.region}) >= 8
    assert len({(c.turns, c.hint, c.setting) for c in all_cases}) == len(all_cases)  # no padding


@pytest.mark.parametrize("category", ["verdict", "region", "follow_up", "odd_input", "numbers"])
def test_hit_rate_per_category(results, category):
    hits, total = rates(results)[category]
    misses = [f"{r.case.turns[-1].text[:60]!r}: {r.why}" for r in results if r.case.category == category and not r.hit]
    assert hits / total >= LINE, f"{category}: {hits}/{total}; e.g. {misses[:6]}"


def test_every_kind_is_met(results):
    per = rates(results, lambda c: f"{c.category}/{c.kind}")
    low = {k: f"{h}/{n}" for k, (h, n) in per.items() if h / n < LINE}
    assert not low


def test_the_judges_can_fail():
    """A hesitant headline under "hang up", a mainland line for Hong Kong, a repeated check, a
    Chinese answer to an English speaker and a +86 reading are each a miss."""
    urgent = Case("verdict", "urgent", (Turn("x"),), "en", "CA")
    assert not judge(urgent, [["Hang up now.", "⚠️ Suspicious: do not act on it yet  (risk 0.91)"]], [[]])[0]
    assert judge(urgent, [["Hang up now.", "⚠️ Treat this as a scam  (risk 0.91)"]], [[]])[0]
    clear = Case("verdict", "clear", (Turn("x"),), "en")
    assert not judge(clear, [["⚠️ Suspicious: do not act on it yet  (risk 0.90)"]], [[]])[0]
    assert judge(clear, [["⚠️ Suspicious: do not act on it yet  (risk 0.60)"]], [[]])[0]
    brand = Case("region", "brand", (Turn("我喺香港，順豐客服…"),), "zh", "HK")
    assert not judge(brand, [["官方电话：95338"]], [[]])[0]
    assert not judge(Case("region", "buttons", (Turn("x"),), "zh", "TW"), [["…"]], [["淘宝/天猫", "银行"]])[0]
    assert not judge(
        Case("region", "bank", (Turn("x"),), "en"), [["Hang up and check the order in the official app"]], [[]]
    )[0]
    follow = Case("follow_up", "ask", (Turn("a"), Turn("so should I call my bank?")), "en")
    assert not judge(follow, [["…"], ["⚠️ This is a scam\n\nWhy:\n  - …"]], [[], []])[0]
    assert not judge(follow, [["…"], ["要，自己拨打银行电话"]], [[], []])[0]
    assert judge(follow, [["…"], ["Yes: call your bank yourself on the number on the back of your card."]], [[], []])[0]
    odd = Case("odd_input", "symbols", (Turn("😱"),), "en", hint="en")
    assert not judge(odd, [["我只收到了符号"]], [[]])[0]
    number = Case("numbers", "no_clue", (Turn("call 0412 345 678"),), "en", "AU")
    assert not judge(number, [["  - 0412 345 678 → +86412345678"]], [[]])[0]
    assert judge(number, [["  - 0412 345 678 → country unknown (no country code)"]], [[]])[0]


# -- the mechanisms, one by one ----------------------------------------------------------------------
def say(engine, state, text, **kw):
    out = engine.handle(state, Incoming("text", text=text, now=kw.pop("now", NOW), **kw))
    return out.state, [r.text for r in out.replies], out


def test_verdict_line_follows_the_situation(wired):
    _, _, analyzer = wired
    # however the analyzer judged it, "suspicious" never reads as "not yet" to someone in trouble
    for text in ("Someone called about a charge and wants me to pay a fee", "有人来电说要收一笔手续费"):
        a = analyzer.analyze(text)
        lang = "en" if text.isascii() else "zh"
        fake = type(a)(**{**a.__dict__, "verdict": "suspicious", "risk": 0.6})
        assert verdict_line(fake, lang, urgent=True) not in (verdict_line(fake, lang), "")
        assert "yet" not in verdict_line(fake, lang, urgent=True) and "先别" not in verdict_line(
            fake, lang, urgent=True
        )
        sure = type(a)(**{**a.__dict__, "verdict": "suspicious", "risk": 0.9})
        assert verdict_line(sure, lang) != verdict_line(fake, lang)


def test_a_follow_up_keeps_the_conversation_and_the_more_button(wired):
    engine = wired[0]
    state, _, _ = say(
        engine,
        ChatState(),
        "A caller from my bank said my account is frozen and I must move my savings to a safe account",
    )
    state, second, out = say(engine, state, "I already moved 2000 to it, what now?")
    assert second[0].startswith("⚠️ Stop the loss first")
    assert not any("Why:" in r for r in second)  # the check is not sent again
    more = next(b for r in out.replies for row in r.buttons for b in row if b.data.endswith("|more"))
    pressed = engine.handle(state, Incoming("button", data=more.data, now=NOW + 1))
    assert pressed.replies and "Then, when you can" in pressed.replies[0].text
    # a third question after the steps: the rest of the checklist, still no repeated check
    state, third, _ = say(engine, pressed.state, "and then?", now=NOW + 2)
    assert third and not any("Why:" in r for r in third)
    assert not any("Then, when you can" in r for r in third)  # nor the rest of the checklist twice


def test_a_follow_up_with_a_new_sign_is_still_checked_again(wired):
    engine = wired[0]
    state, _, _ = say(engine, ChatState(), "有人说是快递客服，说我的包裹丢了")
    state, replies, _ = say(engine, state, "他还让我下载向日葵共享屏幕")
    assert any("根据你补充的情况" in r for r in replies)  # more of the account: the updated check


def test_symbols_keep_the_account(wired):
    engine = wired[0]
    state, _, _ = say(engine, ChatState(), "Someone from 'Royal Mail' texted me about a redelivery fee")
    before = (list(state.facts), state.messages, state.review)
    state, replies, _ = say(engine, state, "😰😰")
    assert (list(state.facts), state.messages, state.review) == before
    assert replies and not any("\u4e00" <= ch <= "\u9fff" for ch in replies[0])


def test_full_width_number_alone_is_a_number_check(wired):
    engine = wired[0]
    for raw in ("１３８００１３８０００", "＋８６ １３８－００１３－８０００", "（０２１）１２３４５６７８"):
        _, replies, _ = say(engine, ChatState(), raw, lang_hint="zh")
        assert replies[0].startswith("号码"), (raw, replies[0][:40])


def test_unknown_country_number_is_looked_up_under_every_reading(kb, tmp_path):
    store = Store(tmp_path / "n.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    engine = Engine(kb, analyzer.analyze, numbers.check, numbers.parse)
    found = readings("0412 345 678", list(kb.regions))
    assert {p.region for p in found} >= {"AU"} and len(found) >= 2  # several countries could own it
    au = next(p for p in found if p.region == "AU")
    for who in ("tg:1", "tg:2", "tg:3"):
        numbers.report(au.canonical, "fake_cod", who)
    text = "Got a text saying my parcel is held, ring 0412 345 678 to pay the fee"
    _, replies, _ = say(engine, ChatState(), text)
    report = "\n".join(replies)
    assert "country unknown" in report and "+86" not in report.split("it could be")[0]
    assert "reporter" in report  # the reports on the Australian reading are shown
    data = numbers.check("0412 345 678", None, "en", region=UNKNOWN)
    assert data["number"] == "" and au.canonical in data["readings"] and data["reports"]["reporters"] == 3
    # the chat's region decides the reading, and a local number is not "foreign" where it was read
    _, replies, _ = say(engine, ChatState(region="AU"), text)
    assert "→ +61412345678" in "\n".join(replies) and "foreign number" not in "\n".join(replies)
    store.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("自称客服的人让我打13800138000退款", ["+8613800138000"]),  # Chinese: the home region
        ("the fake agent rang me from 13912345678 twice", ["+8613912345678"]),  # written the mainland way
        ("a text told me to call 0412 345 678 about my parcel", [""]),  # no clue: no id, several readings
        ("a text from Australia Post told me to call 0412 345 678", ["+61412345678"]),  # the text's place
        ("call +44 20 7946 0018 now", ["+442079460018"]),  # its own country code
    ],
)
def test_which_country_a_number_is_read_in(wired, text, expected):
    _, _, analyzer = wired
    phones = analyzer.analyze(text).entities["phones"]
    assert [p.id for p in phones] == expected
    assert all(len(p.detail["readings"]) >= 2 for p in phones if not p.id)


def test_callcheck_check_region_gives_no_mainland_hotline():
    from click.testing import CliRunner

    from bot.cli import main

    text = "有人自稱順豐客服，話我嘅包裹遺失咗要賠償，叫我加佢WhatsApp，佢而家仲喺電話度"
    result = CliRunner().invoke(main, ["check", text, "--region", "HK"])
    assert result.exit_code == 0, result.output
    assert "95338" not in result.output and "18222" in result.output
    assert not any(w in result.output for w in ("可疑，請先別照做", "可疑，请先别照做"))  # under "收線"
