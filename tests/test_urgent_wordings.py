"""The third trouble matrix (tests/urgent_wordings.py): a question or worry after the act, Indian /
Singapore / Philippine / UK English, Cantonese and Taiwan done-forms, a relative or friend (one still on
the call), about to pay, and a chat's short last message. Tuned on two thirds of each family's
wordings; the held-out third has its own, lower lines. Measured on the code before this matrix → now
(held-out, urgent): worry 71/77 → 71/77, local 45/82 → 45/82, Cantonese/Taiwan 43/45 → 45/45,
relative 32/66 → 62/66, about to pay 0/36 → 15/36; twins calm 12/21 → 15/21; chats 6/14 → 14/14.
Tuned: every family 100 % (it was 154/175, 133/174, 100/116, 71/155, 32/68; chats 10/39 → 36/39).

Also: a relative still on the line gets "reach them" first, not "Hang up now"; a bare "done" at the
end of a chat gets the emergency first.
"""

from __future__ import annotations

import pytest
from urgent_wordings import GROUPS, Case, cases, chat_ok, chats, judge, rates, run_chat

from bot.conversation.emergency import choose_region, hang_up_text, urgent_reply
from bot.conversation.engine import ChatState, Engine, Incoming
from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel
from nlu.situation import Situation, detect

TUNED = 0.97
# (urgent, calm) lines for each family's held-out third: at or just under what was measured.
HELD = {"worry": (0.9, None), "local": (0.5, None), "yue_tw": (0.95, None), "relative": (0.9, None),
        "about": (0.35, None), "neg": (None, 0.7)}  # fmt: skip


@pytest.fixture(scope="module")
def per(kb):
    return rates(kb)


def _rate(per, group: str, held: bool, positive: bool) -> tuple[int, int]:
    rows = [v for k, v in per.items() if k[0] == group and k[2] == held and k[3] == positive]
    return sum(h for h, _ in rows), sum(n for _, n in rows)


def test_the_matrix_is_generated_varied_and_has_a_held_out_third():
    all_cases = cases()
    assert len(all_cases) >= 1000 and len({c.text for c in all_cases}) == len(all_cases)
    assert {c.group for c in all_cases} == set(GROUPS)
    assert {c.want for c in all_cases} >= {"given:money", "given:code", "given:card", "call", "paying", "none"}
    for group in GROUPS:
        part = [c for c in all_cases if c.group == group]
        assert 0.2 < sum(c.held for c in part) / len(part) < 0.45, group
    varieties = {c.variety for c in all_cases}
    assert varieties >= {"en", "en-IN", "en-SG", "en-PH", "en-GB", "zh-CN", "zh-TW", "yue"}
    assert sum(c.want == "none" for c in all_cases) >= 60  # twins, not a token few


@pytest.mark.parametrize("group", GROUPS)
def test_tuned_and_held_out_parts(per, group):
    for held in (False, True):
        for positive in (True, False):
            hits, total = _rate(per, group, held, positive)
            if not total:
                continue
            line = TUNED if not held else HELD[group][0 if positive else 1]
            assert hits / total >= line, f"{group} held={held} positive={positive}: {hits}/{total}"


def test_the_judges_can_fail():
    paying = Case("x", "zh-CN", "CN", "paying", "paying", False)
    assert not judge(paying, Situation(given=("loan",), on_call=True, ongoing=("paying",)))  # told back as done
    assert judge(paying, Situation(on_call=True, ongoing=("paying",)))
    rel = Case("x", "en", "GB", "call", "call_rel", False)
    assert not judge(rel, Situation(on_call=True, ongoing=("call",)))  # nobody named: "Hang up now" to the writer
    assert judge(rel, Situation(on_call=True, ongoing=("call",), line_who="my nan"))
    assert not chat_ok("given", ["Thanks, here is what I found"]) and not chat_ok("none", ["Hang up now."])


# -- each mechanism across its own slots -------------------------------------------------------------
REL_EN = ["my mum", "my grandad", "my best friend", "my neighbour", "my aunt"]
ON_LINE_EN = ["{r} is still on the phone with the caller", "they won't let {r} hang up",
              "{r}'s still on a call with the so-called bank", "{r} is talking to the 'officer' on the phone right now"]  # fmt: skip
REL_ZH = ["我妈", "我外公", "我朋友", "我姐", "阿嫲"]
ON_LINE_ZH = ["{r}还在跟对方打电话", "{r}现在还和那个客服在通话", "对方不让{r}挂电话", "{r}跟骗子的电话一直没挂"]


def test_a_relative_still_on_the_line_is_named_and_reached_first(kb):
    for r in REL_EN:
        for w in ON_LINE_EN:
            text = w.format(r=r)
            got = detect(kb.situations, text)
            assert got.on_call and got.line_who.lower() == r, text
            first = hang_up_text("en", got.ongoing, got.line_who).split("\n", 1)[0]
            assert first.startswith(f"Reach your {r[3:]} now") and "hang up" in first, first
    for r in REL_ZH:
        for w in ON_LINE_ZH:
            text = w.format(r=r)
            got = detect(kb.situations, text)
            assert got.on_call and got.line_who == r, text
            first = hang_up_text("zh", got.ongoing, got.line_who).split("\n", 1)[0]
            assert first.startswith("马上联系") and "挂断" in first and ("你" + r[1:] if r[0] == "我" else r) in first
    # the writer on the line, with a relative beside them: the writer hangs up
    for text in ("I'm still on the phone with him, my mum is next to me", "我还在跟对方打电话，我妈在旁边"):
        got = detect(kb.situations, text)
        assert got.on_call and not got.line_who, text
        assert hang_up_text("en", got.ongoing, got.line_who).startswith("Hang up now.")


def test_the_chat_and_check_show_the_relatives_first_line(kb, engine):
    text = "My grandad is still on the phone with a man from 'his bank', he won't hang up"
    got = detect(kb.situations, text)
    screens = urgent_reply(kb, got, choose_region(kb, text=text, lang="en"), "en")
    assert screens[0].startswith("Reach your grandad now")
    replies = engine.handle(ChatState(), Incoming("text", text=text, now=1.8e9)).replies
    assert replies[0].text.startswith("Reach your grandad now")


ABOUT_ZH = ["正准备照{to}说的在{app}借钱转过去", "我正打算按{to}说的在{app}借两万转给他"]
ABOUT_EN = ["I'm at the counter about to wire 9k to the account {to} gave me",
            "about to buy the vouchers {to} asked for, I'm in the shop"]  # fmt: skip


def test_about_to_pay_is_stop_first_and_not_told_back_as_done(kb):
    for w in ABOUT_ZH:
        for to in ("客服", "对方", "那个警察"):
            for app in ("借呗", "微粒贷", "花呗"):
                got = detect(kb.situations, w.format(to=to, app=app))
                assert got.action == "paying" and not got.given, w.format(to=to, app=app)
    for w in ABOUT_EN:
        for to in ("the caller", "the 'bank'", "the officer"):
            got = detect(kb.situations, w.format(to=to))
            assert got.action == "paying" and not got.given, w.format(to=to)
    # over, refused, their own errand: nothing to stop
    for text in ("I was about to wire the money but I hung up", "我本来准备转过去，后来挂了电话报了警",
                 "I'm at the bank about to freeze my card", "他叫我在借呗借钱，我不借"):  # fmt: skip
        assert detect(kb.situations, text).action != "paying", text


def test_twins_say_nothing_went_now(kb):
    for text in (
        "Two years ago I lost £400 to a fake courier, it's reported and done, how do I spot the next one",
        "last year I was tricked into sending $900, it's all closed now",
        "假如我把验证码给了对方会怎么样",
        "要是我转了钱给他能追回吗",
        "the caller wanted the otp but I didn't give it to him",
        "I paid my gas bill in the official app",
    ):
        assert not detect(kb.situations, text).urgent, text


@pytest.fixture(scope="module")
def engine(kb, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("wordings") / "t.db", salt=b"wordings")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    yield Engine(kb, analyzer.analyze, numbers.check, numbers.parse)
    store.close()


def test_a_chats_short_last_message_gets_the_emergency_first(engine):
    tally = {}
    for messages, want, held in chats():
        t = tally.setdefault((held, want != "none"), [0, 0])
        t[0] += chat_ok(want, run_chat(engine, messages))
        t[1] += 1
    for (held, positive), (hits, total) in tally.items():
        line = 1.0 if not positive else 0.9
        assert hits / total >= line, f"held={held} positive={positive}: {hits}/{total}"


def test_a_bare_done_with_nothing_asked_before_is_not_an_emergency(engine):
    story = "A friend told me about a new cafe, I went there"
    for last in ("ok i did it", "done, sent"):
        replies = run_chat(engine, [story, last])
        assert not chat_ok("given", replies), last
