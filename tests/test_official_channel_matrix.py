"""Contacts seen, checked or settled through the organisation's own channel are not flagged; their scam twins are.

The matrix is `tests/official_channel_matrix.py`: a notice seen inside the official app, a customer-service chat
opened inside it, a notice checked in the official app or site where the same was found, a contact that only
points to the organisation's counter, a fee paid in the carrier's own app, a transfer of one's own to family, a
sign-in code nobody asked about; en, zh, zh-Hant and Cantonese; a third of each side held out. Known gaps are
marked `xfail(strict=True)`: they fail today, and the day they pass the mark must go.
"""

from __future__ import annotations

from collections import Counter

import pytest
from official_channel_matrix import FAMILIES, cases

from nlu.analyzer import Analyzer

GENUINE = ("matches_genuine", "no_scam_signs")
FLAGGED = ("scam", "suspicious")

# Wordings the rules still get wrong (family, words of the frame): a known gap each, not a target missed.
GENUINE_GAPS = {
    # "转给我妈": the romance script's "转给我" (send it to me) is read inside "to my mum"
    ("ownpay_zh", "我每个月用手机银行转给我"),
    # "系统提示要输入短信验证码": the bank app's own prompt for the code is read as someone asking for it
    ("ownpay_zh", "我用网银转给"),
    # "came round about a scam call my mum had": the earlier scam call named is read as this contact's impostor word
    ("antifraud_en", "came round about a scam call"),
}
SCAM_GAPS = {
    # "install an app so they could secure my account remotely": the app's name is not given
    ("counter_en", "Barclays rang and told me to install an app"),
    ("counter_en", "my bank rang and told me to install an app"),
}


def _marked(side: str, part: str, gaps: set):
    for family, lang, text in cases(side, part):
        gap = any(family == f and words in text for f, words in gaps)
        marks = [pytest.mark.xfail(strict=True, reason="known gap")] if gap else []
        yield pytest.param(family, lang, text, marks=marks)


def test_the_matrix_covers_every_variety_and_holds_a_third_out():
    assert {f["lang"] for f in FAMILIES.values()} == {"en", "zh", "zh-Hant", "yue"}
    assert {name.split("_")[0] for name in FAMILIES} == {
        *("inapp", "appcs", "same", "counter", "paidapp", "ownpay", "mscode", "antifraud"),
    }
    for side in ("genuine", "scam"):
        tuned, held = len(list(cases(side, "tuned"))), len(list(cases(side, "held_out")))
        assert tuned >= 170 and held >= 85, (side, tuned, held)
    assert all(len(f["genuine"]) >= 6 and len(f["scam"]) >= 6 for f in FAMILIES.values())


@pytest.mark.parametrize(("family", "lang", "text"), list(_marked("genuine", "tuned", GENUINE_GAPS)))
def test_a_contact_seen_checked_or_settled_through_the_official_channel_is_not_flagged(analyzer, family, lang, text):
    result = analyzer.analyze(text)
    assert result.verdict in GENUINE, result.to_dict()
    assert "in_trouble" not in result.notes


@pytest.mark.parametrize(("family", "lang", "text"), list(_marked("scam", "tuned", SCAM_GAPS)))
def test_its_scam_twin_with_the_scams_ask_is_still_flagged(analyzer, family, lang, text):
    result = analyzer.analyze(text)
    assert result.verdict in FLAGGED, result.to_dict()
    assert result.genuine is None


def _without_new_readings(kb) -> Analyzer:
    """The analyzer without the own-channel readings (the channel chosen, seen or pointed to)."""
    plain = Analyzer(kb)
    plain._own_channel = lambda *args: False  # type: ignore[method-assign]
    plain._own_payment = lambda *args: False  # type: ignore[method-assign]
    return plain


@pytest.mark.parametrize("side", ["genuine", "scam"])
def test_the_held_out_wordings(analyzer, kb, side):
    total, right, scam = Counter(), Counter(), Counter()
    for _, lang, text in cases(side, "held_out"):
        verdict = analyzer.analyze(text).verdict
        total[lang] += 1
        right[lang] += verdict in (GENUINE if side == "genuine" else FLAGGED)
        scam[lang] += verdict == "scam"
    print(
        f"\nheld-out {side}: "
        + ", ".join(f"{lang} {right[lang]}/{total[lang]}" for lang in sorted(total))
        + (f"; called scam {sum(scam.values())}/{sum(total.values())}" if side == "scam" else "")
    )
    assert sum(right.values()) >= 0.85 * sum(total.values())
    if side == "scam":
        # No held-out scam twin is let through by the own-channel readings: whatever the rules miss with them,
        # they miss without them too.
        plain = _without_new_readings(kb)
        for _, _, text in cases("scam", "held_out"):
            if analyzer.analyze(text).verdict not in FLAGGED:
                assert plain.analyze(text).verdict not in FLAGGED, text


# -- who saw it where: the same words, told by a caller or pointing to a link, are not the person's own view -------
@pytest.mark.parametrize(
    ("own", "told"),
    [
        (
            "某宝App提示我有一笔退款已经原路退回，是我自己申请的退货。",
            "有人打电话说某宝App提示我有一笔退款，让我加他微信领取。",
        ),
        (
            "The Zorpmart app shows my refund was processed to my card.",
            "A man rang saying the Zorpmart app shows a refund for me and asked for the code they texted.",
        ),
        (
            "银行打电话说我那笔转账被拦下了，让我去网点核实，没要验证码。",
            "银行打电话说我那笔转账被拦下了，让我去ATM把钱转到安全账户。",
        ),
    ],
)
def test_the_official_channel_is_the_persons_own_view_not_a_callers_word(analyzer, own, told):
    assert analyzer.analyze(own).verdict in GENUINE
    assert analyzer.analyze(told).verdict in FLAGGED


# -- supposed, proposed or said to "you": a scam call's transcript names the official channel too ------------------
@pytest.mark.parametrize(
    "text",
    [
        "对方说是某某银行客服，说我的账户异常，要我报身份证号核实。我说通常银行都是让我去网点办理的，他说来不及了。",
        "自称客服的人说我的订单出了问题，要我提供银行卡号。我问他能不能让我去柜台处理，他不同意。",
        "您好，这里是某某银行客服中心，您的账户存在异常交易。如果您坚持要去柜台处理也可以，但请先提供身份证号码。",
        "您好，我是某某平台客服，您的账户存在安全问题，请您下载国家反诈APP并与我们联系，取消您的供应商身份。",
        # the counter named, then a link sent by the contact: the channel is not only the organisation's own
        "快递员打电话说包裹要补运费，让我去邮局交钱，后来又发来一个付款链接。",
    ],
)
def test_an_official_channel_supposed_proposed_said_to_you_or_beside_a_link_sent_is_no_own_channel(analyzer, text):
    assert analyzer.analyze(text).verdict in FLAGGED
