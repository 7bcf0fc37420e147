"""Scam stages told in ways the other matrices lack are called `scam` (tests/scam_stage_matrix.py): the ask told
as already done by the person, a line or supply "cut tonight" for a bill paid their way, a courier's call about
a parcel with drugs handed to "the police" or "customs", savings drawn out in cash for someone they send, a
membership cancelled through a bank — in English,
mainland Chinese, Taiwan zh-Hant and written Cantonese. The held-out third of every wording family was not
used to change the knowledge or the analyzer; it is judged in aggregate. The genuine twins share the words
and are never called a scam.
"""

from __future__ import annotations

import itertools

import pytest
from scam_stage_matrix import LANGS, TABLE, scam_cases, twin_cases

CASES = scam_cases()
TUNED = [c for c in CASES if not c.held]
HELD = [c for c in CASES if c.held]
GENUINE = ("matches_genuine", "no_scam_signs")

# Share called `scam`, per language, measured before -> after this change (see the CHANGELOG):
# tuned  en 0.65 -> 1.00, zh 0.75 -> 1.00, tw 0.72 -> 1.00, yue 0.50 -> 1.00 (all 0.66 -> 1.00);
# held   en 0.80 -> 0.80, zh 0.80 -> 1.00, tw 0.70 -> 0.80, yue 0.40 -> 0.60 (all 0.68 -> 0.80).
# (The held-out misses left are mostly the "collect" family: cash drawn out for a collector, told in words
# its phrases do not reach; they were left held out, not tuned on.)
TUNED_AT = {"en": 0.97, "zh": 0.97, "tw": 0.97, "yue": 0.97}
HELD_AT = {"en": 0.75, "zh": 0.9, "tw": 0.75, "yue": 0.55}

# Twins the analyzer already called a scam before this change (a card number or a code typed at the shop's own
# checkout or sign-in read as the demand itself): left to the work on genuine contacts flagged. The other twins
# it flagged "suspicious" before this change are listed so that none gets worse and any fix shows.
KNOWN_TWINS_CALLED_SCAM = (
    "typed my card number and the expiry at checkout myself",
    "我登入momo購物網站的時候輸入了簡訊驗證碼",
)


def test_the_matrix_covers_every_family_in_every_language_with_a_held_out_part():
    assert {(c.family, c.lang) for c in TUNED} == set(itertools.product(TABLE, LANGS))
    assert {(c.family, c.lang) for c in HELD} == set(itertools.product(TABLE, LANGS))
    assert {(f, lang) for _, lang, f in twin_cases()} == set(itertools.product(TABLE, LANGS))
    assert len({c.text for c in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def verdicts(analyzer):
    return {c.text: analyzer.analyze(c.text).verdict for c in CASES}


def _rates(cases, verdicts):
    return {
        lang: sum(verdicts[c.text] == "scam" for c in cases if c.lang == lang) / sum(1 for c in cases if c.lang == lang)
        for lang in LANGS
    }


def test_tuned_stages_are_called_a_scam_in_every_language(verdicts):
    rates = _rates(TUNED, verdicts)
    missed = [c.text for c in TUNED if verdicts[c.text] != "scam"]
    assert all(rates[lang] >= at for lang, at in TUNED_AT.items()), (rates, missed[:6])


def test_held_out_stages_are_called_a_scam_in_every_language(verdicts):
    rates = _rates(HELD, verdicts)
    assert all(rates[lang] >= at for lang, at in HELD_AT.items()), rates  # (held-out rows are not printed)


def test_every_family_is_a_scam_in_each_language(verdicts):
    """No family is left at "suspicious" throughout a language."""
    for family, lang in itertools.product(TABLE, LANGS):
        mine = [c for c in TUNED if c.family == family and c.lang == lang]
        assert sum(verdicts[c.text] == "scam" for c in mine) >= 0.75 * len(mine), (family, lang)


@pytest.mark.parametrize(
    "text",
    [pytest.param(t, id=f"{family}-{lang}-{i}") for i, (t, lang, family) in enumerate(twin_cases())],
)
def test_genuine_twins_are_never_called_a_scam(analyzer, text):
    verdict = analyzer.analyze(text).verdict
    if any(k in text for k in KNOWN_TWINS_CALLED_SCAM):
        pytest.xfail("called a scam before this change: a genuine checkout read as the demand itself")
    assert verdict != "scam", text


# The twins that were not flagged at all before this change stay unflagged.
UNFLAGGED = [
    (t, lang, family) for t, lang, family in twin_cases() if family in ("cutoff", "bank_cancel", "handover", "collect")
]
UNFLAGGED_BEFORE_EXCEPT = (
    "顺丰App提示我的包裹需要清关",
    "我自己去銀行櫃位取消咗張卡嘅自動轉賬",
    "我把存款領出來改存到",
)


@pytest.mark.parametrize("text", [pytest.param(t, id=f"{f}-{lang}-{i}") for i, (t, lang, f) in enumerate(UNFLAGGED)])
def test_genuine_bills_hand_overs_cash_and_cancellations_through_the_persons_own_channel_stay_unflagged(analyzer, text):
    if any(k in text for k in UNFLAGGED_BEFORE_EXCEPT):
        pytest.skip("flagged 'suspicious' before this change, for words outside it (清关, 自動轉賬, 存款領出來)")
    assert analyzer.analyze(text).verdict in GENUINE, text


@pytest.mark.parametrize(
    "text",
    [
        # The ask told only by its result, after a contact in a company's name with a pretext: "suspicious" before.
        "Amazon support on WhatsApp said my kettle refund had failed, so I put my card number and the OTP into the form.",
        "Someone from Tesco customer care said my kettle refund had failed; I installed the app they named and let it see my screen.",
        "唯品会客服打电话说我买的鞋子要召回退款，我在他发的网页上填了银行卡号",
        "Deliveroo客服打嚟話我張單退款失敗，我喺佢send嘅網頁度入咗張卡嘅資料",
    ],
)
def test_the_ask_told_as_done_is_the_demand(analyzer, text):
    a = analyzer.analyze(text)
    assert a.verdict == "scam", text
    assert any(e.kind == "demand" for e in a.red_flags) or any(
        e.kind == "demand" for m in a.scripts for e in m.evidence
    )


@pytest.mark.parametrize(
    "text",
    [
        # The same act with no contact at all, or the police's own anti-fraud app put on by an officer at home.
        "I rang Argos myself about my kettle refund and typed the code from my texts into their website to sign in.",
        "我自己打开唯品会App登录，输入了手机收到的验证码",
        "社区民警上门走访，帮我装了国家反诈中心App，什么都没要",
    ],
)
def test_the_same_act_without_a_contacts_asking_is_no_scam(analyzer, text):
    assert analyzer.analyze(text).verdict != "scam", text
