"""People in trouble written their own way (tests/trouble_matrix.py): Indian, Singapore/Malaysian and
plain English, mainland, Taiwanese and Cantonese Chinese; the writer or a relative; a question or a
particle after it; voice-to-text with no punctuation. Each positive has negative twins (asked but
refused, almost, a question before doing it, a genuine payment) that must stay calm.

The situation reader was tuned on two thirds of every family's wordings; the held-out third is
asserted on a lower line, and the gap between the two is what the changelog reports.
"""

from __future__ import annotations

import pytest
from trouble_matrix import Case, cases, judge, rates, reply_ok, run_replies

from bot.conversation.engine import Engine
from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel
from nlu.situation import Situation, detect

LINE = 0.98
HELD_POSITIVE = 0.88  # wordings never looked at while tuning (0.54 at the start, 0.91 now)
HELD_NEGATIVE = 0.88  # their negative twins (0.66 at the start, 0.92 now)
# The helper's accounts and the Taiwanese/Cantonese families added later, held out the same way:
# (positives, negatives) lines for their held-out third (measured: helper 32/72 and 30/42 before,
# 66/72 and 42/42 after; local 29/59 and 21/27 before, 41/59 and 21/27 after).
GROUP_HELD = {"helper": (0.85, 0.9), "local": (0.6, 0.7)}


@pytest.fixture(scope="module")
def per(kb):
    return rates(kb)


def _rate(per, held: bool, positive: bool, variety: str | None = None) -> tuple[int, int]:
    rows = [v for k, v in per.items() if k[1] == held and k[2] == positive and variety in (None, k[0])]
    return sum(h for h, _ in rows), sum(n for _, n in rows)


def test_the_matrix_is_big_varied_and_has_a_held_out_part():
    all_cases = cases()
    assert len(all_cases) >= 1000
    assert len({c.text for c in all_cases}) == len(all_cases)
    assert {c.variety for c in all_cases} == {"en", "en-IN", "en-SG", "zh-CN", "zh-TW", "yue"}
    assert {c.want for c in all_cases} >= {"given:money", "given:code", "given:card", "given:remote", "call", "none"}
    held = [c for c in all_cases if c.held]
    assert 0.2 < len(held) / len(all_cases) < 0.4
    assert sum(c.want == "none" for c in all_cases) >= 300  # negative twins, not a token few


@pytest.mark.parametrize("variety", ["en", "en-IN", "en-SG", "zh-CN", "zh-TW", "yue"])
def test_tuned_wordings_per_variety(per, variety):
    for positive in (True, False):
        hits, total = _rate(per, False, positive, variety)
        assert hits / total >= LINE, f"{variety} {'positives' if positive else 'negatives'}: {hits}/{total}"


def test_held_out_wordings_carry_over(per):
    hits, total = _rate(per, True, True)
    assert hits / total >= HELD_POSITIVE, f"held-out urgent flagged {hits}/{total}"
    hits, total = _rate(per, True, False)
    assert hits / total >= HELD_NEGATIVE, f"held-out negatives clear {hits}/{total}"


@pytest.mark.parametrize("group", ["helper", "local"])
def test_helper_accounts_and_local_wordings(kb, group):
    selection = [c for c in cases() if c.group == group]
    assert len(selection) >= 150 and any(c.held for c in selection) and any(c.want == "none" for c in selection)
    for held, (pos_line, neg_line) in ((False, (LINE, LINE)), (True, GROUP_HELD[group])):
        for positive, line in ((True, pos_line), (False, neg_line)):
            part = [c for c in selection if c.held == held and (c.want != "none") == positive]
            hits = sum(judge(c, detect(kb.situations, c.text)) for c in part)
            assert hits / len(part) >= line, f"{group} held={held} positive={positive}: {hits}/{len(part)}"


def test_the_first_screen_is_the_fitting_step_in_the_regions_terms(kb, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("trouble") / "t.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    engine = Engine(kb, analyzer.analyze, numbers.check, numbers.parse)
    positives = [c for c in cases() if c.want != "none" and not c.held]
    sample = positives[:: max(1, len(positives) // 150)]
    results = run_replies(engine, sample)
    store.close()
    misses = [f"{c.text[:60]!r}: {why}" for c, ok, why in results if not ok]
    assert sum(ok for _, ok, _ in results) / len(results) >= LINE, misses[:6]
    assert {c.variety for c, _, _ in results} == {"en", "en-IN", "en-SG", "zh-CN", "zh-TW", "yue"}


def test_the_judges_can_fail():
    paid = Case("x", "en-IN", "IN", "given:money", "given:money", False)
    assert not judge(paid, Situation())
    assert not judge(paid, Situation(given=("code",)))
    assert judge(paid, Situation(given=("money",)))
    call = Case("x", "yue", "HK", "call", "call", False)
    assert not judge(call, Situation(given=("money",)))
    calm = Case("x", "en-SG", "SG", "none", "neg_asked", False)
    assert not judge(calm, Situation(on_call=True, ongoing=("call",)))
    rupees = Case("i paid rs 500 to him", "en-IN", "IN", "given:money", "given:money", False)
    assert not reply_ok(rupees, ["⚠️ Suspicious: do not act on it yet"])[0]
    assert not reply_ok(rupees, ["⚠️ Stop the loss first\n1. Call your bank now", "Action Fraud"])[0]
    assert reply_ok(rupees, ["⚠️ Stop the loss first\n1. Call your bank now on 1930"])[0]
    code = Case("我把验证码给他了", "zh-CN", "CN", "given:code", "given:code", False)
    assert not reply_ok(code, ["⚠️ 先止损\n1. 马上拨打银行 96110"])[0]  # no change-the-password step


# -- the mechanisms, one by one -------------------------------------------------------------------
@pytest.mark.parametrize("marker", ["already", "liao", "le", "just now"])
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("i transfer 5k to the officer {m}", "money"),
        ("my ah ma pay him rm800 {m}", "money"),
        ("i send them the otp {m}", "code"),
        ("my dad key in his card details in the link {m}", "card"),
        ("i install the app the guy ask {m}", "remote"),
    ],
)
def test_a_plain_verb_with_a_done_marker_is_done(kb, text, kind, marker):
    assert kind in detect(kb.situations, text.format(m=marker)).given


@pytest.mark.parametrize(
    "text",
    [
        "i transfer 5k to the officer tomorrow",  # no done marker
        "should i transfer 5k to the officer",
        "i never transfer the money to him already",  # negated
        "i will pay him already lah",  # planned
        "i pay for dinner already",  # nobody it went to
        "i transfer $50 to you already",  # a message to its reader
    ],
)
def test_a_plain_verb_without_a_finished_act_is_not(kb, text):
    assert not detect(kb.situations, text).given


@pytest.mark.parametrize(
    "text",
    [
        "my mother did the payment of her electricity bill through phonepe",  # "her" is hers, not a taker
        "i gave the delivery code to the driver at my door",
        "my son gave the pickup code to the courier",
        "我把取件码给了快递员",
        "我差点就转了两万给他",
        "阿媽差啲就俾咗錢佢",
        "my dad almost paid them $900",
    ],
)
def test_a_genuine_or_almost_act_is_not_given(kb, text):
    assert not detect(kb.situations, text).given


@pytest.mark.parametrize("who", ["那个客服", "对方", "他", "骗子"])
def test_a_third_person_after_a_coverb_is_whom_it_went_to(kb, who):
    assert "code" in detect(kb.situations, f"我妈给{who}念了短信验证码").given
    assert not detect(kb.situations, f"{who}给我念了短信验证码").given  # done to me


@pytest.mark.parametrize("tail", ["係咪呃人㗎", "點算好", "仲有冇得救"])
def test_a_phone_call_word_before_a_cantonese_question_stays_a_phone_call(kb, tail):
    # 電話 係咪…: the variant 話係 → 說是 must not eat the call ("講緊電話 係咪呃人")
    assert detect(kb.situations, f"佢仲同我阿嫲講緊電話 {tail}").on_call


@pytest.mark.parametrize(
    "text",
    ["my husband paid the so called fee of £900", "i made the transaction of rs 20000 as he told", "20k got debited"],
)
def test_money_said_the_long_way_round(kb, text):
    assert "money" in detect(kb.situations, text).given


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("那个客服叫我转账，我转了", "money"),
        ("对方要验证码，我妈就给了", "code"),
        ("個客服問我攞驗證碼，我俾咗", "code"),
        ("假檢察官叫我匯款 我就匯了", "money"),
        ("the agent told me to pay the fee by bank transfer, which i did", "money"),
        ("they asked for the code from the text and my dad gave it", "code"),
        ("he ask me transfer 5k  i transfer liao", "money"),
        ("the caller asked otp and i told it", "code"),
    ],
)
def test_a_bare_yes_to_what_was_asked_is_the_thing_given(kb, text, kind):
    assert kind in detect(kb.situations, text).given


@pytest.mark.parametrize(
    "text",
    [
        "那个客服叫我转账，我没转",
        "他叫我转账，我挂了",  # 挂 is no giving
        "the agent told me to pay the fee, which i didn't",
        "he asked for the code and i said no",
        "they told me to pay the fee and i give",  # plain form, not said as done
        "text back y if this was something i had done",
        "he asked me to send it, i will tell you when i did",
    ],
)
def test_a_no_or_a_maybe_is_not(kb, text):
    assert not detect(kb.situations, text).given


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("the scammer got me to read out the code", "code"),
        ("they made my mum tell the otp", "code"),
        ("i ended up sending them 500", "money"),
        ("my dad ended up giving them the passcode", "code"),
        ("₹40,000 is gone from my account", "money"),
        ("i have lost £12,650", "money"),
        ("我爷爷被那个假警察骗走了5000块", "money"),
        ("阿媽俾個假警察呃咗兩萬蚊", "money"),
    ],
)
def test_a_loss_told_by_what_they_made_happen(kb, text, kind):
    assert kind in detect(kb.situations, text).given


@pytest.mark.parametrize(
    "text",
    [
        "they tried to get me to read out the code",
        "i nearly ended up paying them",
        "i lost 5 kg",
        "我过了3千蚊俾屋企人",
        "我匯了兩萬給家人",
        "my mum sent $400 to her own savings account",
    ],
)
def test_money_to_oneself_or_family_or_an_attempt_is_not_a_loss(kb, text):
    assert not detect(kb.situations, text).given


@pytest.mark.parametrize(
    "text",
    [
        "i am on the other phone with him right now",
        "the scammer still in the call leh",
        "he never hang up yet",
        "the caller is not letting my dad disconnect the call",
        "call with the guy is going on since one hour",
        "我的手机还在跟他通着话",
    ],
)
def test_a_call_still_open_said_another_way(kb, text):
    assert detect(kb.situations, text).on_call


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我老公把银行卡号和密码告诉那个客服了那个客服还在电话里", "card"),
        ("我阿嬤已經匯款了我阿嬤現在還在電話上", "money"),
        ("佢叫我過數，我過咗佢仲同我講緊電話", "money"),
        ("the guy asked for the code and i gave it and he won't let me hang up", "code"),
    ],
)
def test_given_and_still_on_the_call_run_together(kb, text, kind):
    situation = detect(kb.situations, text)
    assert kind in situation.given and situation.on_call


@pytest.mark.parametrize("text", ["他转了我5000", "对方退了我两千块"])
def test_money_to_me_is_not_a_run_on(kb, text):
    assert "money" not in detect(kb.situations, text).given


def test_the_app_the_caller_named_is_not_a_run_on(kb):
    assert "remote" in detect(kb.situations, "阿媽裝咗個客服叫裝嘅App").given


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("有人叫我裝個app，我裝咗之後佢就控制咗我部手機", "remote"),  # done, then what followed
        ("我啱啱喺WhatsApp俾咗個驗證碼人哋", "code"),
        ("我已經跟佢指示喺網上理財轉咗三次錢", "money"),  # online banking is no purchase
    ],
)
def test_cantonese_accounts_of_what_was_done(kb, text, kind):
    assert kind in detect(kb.situations, text).given


def test_buying_online_is_still_a_purchase(kb):
    assert not detect(kb.situations, "我在网上买了件衣服付了200元").given


@pytest.mark.parametrize(
    "text",
    ["and 49,000 debited from his account immediately", "now got $500 charged", "₹20,000 deducted from my account"],
)
def test_money_taken_said_by_what_the_account_shows(kb, text):
    assert "money" in detect(kb.situations, text).given


@pytest.mark.parametrize("text", ["Rs 500 debited from your a/c XX123 on 12/03", "you got $5 charged for the sms"])
def test_an_alert_to_its_reader_is_not_a_loss(kb, text):
    assert not detect(kb.situations, text).given


# -- a helper's account against a report of someone else's story ----------------------------------
@pytest.mark.parametrize(
    ("frame", "kind"),
    [
        ("求助的阿姨在电话里说", None),  # not a listed subject: she is nobody the reader knows
        ("来电人称", "money"),
        ("报案人表示", "money"),
        ("事主说", "money"),
    ],
)
def test_a_helped_subject_saying_it_makes_it_theirs(kb, frame, kind):
    d = detect(kb.situations, f"{frame}她已经转账两万")
    assert (kind in d.given) if kind else not d.urgent


@pytest.mark.parametrize(
    "report",
    ["据了解，事主她已经转账两万", "警方称来电人她已经转账两万", "3月5日，事主称已经转账两万"],
)
def test_a_report_is_someone_elses_past(kb, report):
    assert not detect(kb.situations, report).urgent


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("the gentleman on the line says he paid them $700", True),
        ("my client says she typed the passcode in for the caller", True),
        ("she has paid the scammer 700 dollars, what should she do", True),
        ("police said she paid the scammer 700 dollars", False),
        ("the victim paid the scammer $700 last month", False),
        ("she has paid the electricity bill", False),  # no one it went to, no plea
        ("the gentleman on the line says they asked him to pay $700 but he refused", False),
        ("the caller says the scammer sent her $700 by mistake and wants it back", False),  # his act, to her
    ],
)
def test_english_helper_accounts(kb, text, urgent):
    assert detect(kb.situations, text).urgent is urgent


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("我去银行柜台办完手续汇了三万给他", True),  # went and did it
        ("我去便利店缴了五千给对方", True),
        ("我准备去便利店缴五千给对方", False),
        ("我明天去银行汇三万", False),
        ("我已向对方指定的账户汇款两万", True),  # 已 before where it went, then the verb
        ("我已经把两万打到对方的账户", True),
        ("他说要把两万打到安全账户", False),  # asked for, nothing done
        ("我要汇两笔给他", False),
        ("来电人称对方已经转了两万给她", False),  # the 给 closes their act: money to her
    ],
)
def test_went_and_did_it_is_done(kb, text, given):
    assert bool(detect(kb.situations, text).given) is given
