"""Money paid TO the other party is money gone, whichever app sent it (trial6 1.1).

"My own banking app" is the person's own channel only for checking and contacting: paying the caller
through it ("I sent 2600 to him from my banking app", 我用手机银行转了2600给他) is a transfer to the
caller, never "you already verified it through official channels". The matrix crosses payment verbs,
own-app phrases, recipients and languages (written here); the genuine twins (a check in one's own
banking app, a call to the number on the card, a payment at the door or on the courier's own site)
stay genuine.
"""

from __future__ import annotations

import itertools

import pytest

from bot.conversation.emergency import situation_for
from knowledge import load_knowledge
from nlu.analyzer import Analyzer

FLAGGED = ("scam", "suspicious")

OPENINGS_EN = [
    "DHL rang me about customs duty on my parcel",
    "someone from FedEx phoned saying the package is held for import tax",
    "Royal Mail called, my parcel needs a clearance fee",
]
VERBS_EN = ["paid 2600 to {r}", "sent £1,450 to {r}", "transferred the fee to {r}", "moved $800 to {r}"]
APPS_EN = ["from my banking app", "using my mobile banking", "through PayNow", "via UPI", "on FPS", "with my bank app"]
RECIPIENTS_EN = ["him", "the caller", "the account they gave me", "her"]

OPENINGS_ZH = ["中通打电话说我包裹要交清关费", "圆通来电话说快递要补关税", "顺丰打来说包裹被扣要交税"]
PAYS_ZH = ["我用{a}转了2600给{r}", "我用{a}给{r}转了两千", "我在{a}里汇了800到{r}给的账户"]
APPS_ZH = ["手机银行", "网银", "支付宝", "微信"]
RECIPIENTS_ZH = ["他", "对方"]

OPENINGS_HANT = ["香港郵政打嚟話我包裹要交清關費", "DHL打嚟話我個包裹要補稅", "澳門郵政打嚟講包裹要交稅"]
PAYS_HANT = ["我用{a}轉咗2600俾佢", "我用{a}過咗數俾佢", "我喺{a}轉咗三千去佢嘅戶口"]
APPS_HANT = ["手機銀行", "網銀", "PayMe", "轉數快"]

OPENINGS_TW = ["郵局打電話說我包裹要繳關稅", "黑貓宅急便來電說包裹要補運費"]
PAYS_TW = ["我用{a}匯了2600給他", "我用{a}給對方轉了五千"]
APPS_TW = ["網路銀行", "手機銀行"]


def _paid():
    for o, v, a, r in itertools.product(OPENINGS_EN, VERBS_EN, APPS_EN, RECIPIENTS_EN):
        yield f"{o}, I {v.format(r=r)} {a}"
    for o, p, a, r in itertools.product(OPENINGS_ZH, PAYS_ZH, APPS_ZH, RECIPIENTS_ZH):
        yield f"{o}，{p.format(a=a, r=r)}"
    for o, p, a in itertools.product(OPENINGS_HANT, PAYS_HANT, APPS_HANT):
        yield f"{o}，{p.format(a=a)}"
    for o, p, a in itertools.product(OPENINGS_TW, PAYS_TW, APPS_TW):
        yield f"{o}，{p.format(a=a)}"


# Checking or contacting through one's own channel, and paying the company where it really collects.
GENUINE_TWINS = [
    "DHL rang about customs duty on my parcel, so I checked in my banking app and there was no such charge",
    "FedEx phoned about import tax; I rang the number on the back of my card and the bank said all was fine",
    "Royal Mail left a grey card for £8.50 customs, I paid it on royalmail.com from my banking app",
    "The DHL driver wanted the import duty paid at the door, so I paid him by card.",
    "顺丰打电话说包裹要交税，我自己打开手机银行查了，没有这笔扣款",
]


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(load_knowledge(), wording=None, sms=None)


@pytest.mark.parametrize("text", list(_paid()))
def test_money_paid_to_the_caller_from_ones_own_app_is_money_gone(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict in FLAGGED, (text, result.to_dict())
    assert result.genuine is None, text
    assert "money" in situation_for(analyzer.kb, text, result.verdict).given, text


@pytest.mark.parametrize("text", GENUINE_TWINS)
def test_checking_in_ones_own_app_or_paying_where_the_company_collects_stays_genuine(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict in ("matches_genuine", "no_scam_signs"), (text, result.to_dict())
