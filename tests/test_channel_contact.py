"""Contact through the scammer's channel is no verification; paying a company's fee to a person is a red flag.

Generated matrices in English, simplified Chinese, Taiwan Traditional and Cantonese, each with its
twins: the same story told with the genuine channel (the number on the back of the card or in the
official app; the fee paid in the carrier's app or at its counter), which must not get the flag.
"""

from __future__ import annotations

import itertools

import pytest

from bot.conversation.strings import in_script

CALLED = "red_flag.called_their_number"


def _flags(analyzer, text: str) -> tuple[str, set[str]]:
    result = analyzer.analyze(text)
    return result.verdict, {e.indicator for e in result.red_flags}


# -- 4. "I didn't click the link, I called the number in the text" ------------------------------
EN_OPEN = ["", "I didn't press the link. ", "A text said my parcel was stuck; I did not tap on the link, "]
EN_SUBJ = ["I ", "so I ", "my husband "]
EN_DIAL = ["called", "rang", "phoned", "dialled"]
EN_THEIRS = [
    "the number in the text",
    "the phone number given in the message",
    "the helpline listed in the email",
    "that number at the bottom of the sms",
    "the number they left",
    "the hotline the caller gave",
    "back the number that had texted me",
]
EN_OWN = [
    "the number on the back of my card",
    "the number printed on the back of my bank card",
    "the bank's number shown in the official app",
]

ZH_OPEN = ["", "我没点那个链接，", "短信说包裹有问题，我没有点开链接，"]
ZH_DIAL = ["我打了", "我直接拨打了", "我妈回拨了"]
ZH_THEIRS = [
    "短信里的号码",
    "短信上留的电话",
    "信息中给的客服电话",
    "邮件里写的热线",
    "对方留的那个电话",
    "他给我的号码",
]
ZH_OWN = ["银行卡背面的电话", "卡片背面印的客服电话", "官方App里找到的客服电话"]

# Cantonese, written as people in Hong Kong write it
YUE_THEIRS = [
    "我冇撳條連結，我打咗短訊入面嗰個電話",
    "我打咗佢哋留低嘅電話",
    "我跟住短訊度嗰個號碼打咗過去",
    "阿媽回撥咗個打嚟嘅號碼",
]
YUE_OWN = ["我冇撳條連結，我打咗銀行卡背面嘅電話", "我自己喺官方App度搵電話打去問"]


def _en(theirs: bool):
    objects = EN_THEIRS if theirs else EN_OWN
    for opening, subject, verb, obj in itertools.product(EN_OPEN, EN_SUBJ, EN_DIAL, objects):
        yield f"{opening}{subject}{verb} {obj}".strip()


def _zh(theirs: bool, script: str | None):
    objects = ZH_THEIRS if theirs else ZH_OWN
    for opening, verb, obj in itertools.product(ZH_OPEN, ZH_DIAL, objects):
        yield in_script(f"{opening}{verb}{obj}。", script)


def _all(theirs: bool) -> list[str]:
    out = [*_en(theirs)]
    for script in (None, "tw", "hk"):
        out += list(_zh(theirs, script))
    return out + (YUE_THEIRS if theirs else YUE_OWN)


def test_ringing_the_number_the_message_gave_is_contact_with_the_scammer(analyzer):
    missed = []
    for text in _all(theirs=True):
        verdict, flags = _flags(analyzer, text)
        if CALLED not in flags or verdict in ("no_scam_signs", "matches_genuine"):
            missed.append((text, verdict))
    assert not missed, f"{len(missed)} missed, e.g. {missed[:5]}"


def test_ringing_the_number_on_the_card_or_in_the_app_is_verification(analyzer):
    wrong = []
    for text in _all(theirs=False):
        verdict, flags = _flags(analyzer, text)
        if CALLED in flags or verdict == "scam":
            wrong.append((text, verdict, flags))
    assert not wrong, f"{len(wrong)} wrongly flagged, e.g. {wrong[:5]}"


@pytest.mark.parametrize(
    "negated",
    [
        "I did not call the number in the text; I rang my bank on the number on my card",
        "我没有打短信里的电话，我打了银行卡背面的电话",
        "我冇打短訊入面嗰個電話，我打咗卡背面嘅電話",
    ],
)
def test_saying_you_did_not_ring_their_number_is_not_the_flag(analyzer, negated):
    assert CALLED not in _flags(analyzer, negated)[1]


def test_a_genuine_looking_notice_does_not_excuse_ringing_its_number(analyzer):
    """A duty notice in a courier's name is a genuine process; ringing the number in the text is not it."""
    verdict, flags = _flags(analyzer, "DHL sent a text that import duty is owed, and I called the number in the text")
    assert CALLED in flags and verdict == "scam"
    verdict, flags = _flags(analyzer, "DHL sent a text that import duty is owed, so I paid it in the DHL app")
    assert CALLED not in flags and verdict != "scam"


# -- 5. a company's fee paid to a person's own QR code or account --------------------------------
TO_PERSON = "red_flag.fee_to_person"
EN_WHO = ["The delivery driver", "A courier rider at my door", "The parcel guy who messaged me"]
EN_FEE = ["said customs duty was owed", "wanted the redelivery charge", "asked for the COD fee"]
EN_PERSON = [
    "and told me to pay it to his personal PayNow",
    "so I paid it by scanning his own QR code",
    "and sent his private UPI ID to pay the fee",
    "and had me transfer the duty into his personal bank account",
    "and wanted it via her personal DuitNow",
]
EN_CHANNEL = [
    "so I paid it in the carrier's official app",
    "and I paid it at the post office counter",
    "so I paid it on the courier's own website, typed in myself",
]
ZH_WHO = ["快递员上门", "派件员发消息", "送货的小哥"]
ZH_FEE = ["说包裹要补交关税", "说要收派送费", "说有到付款没付"]
ZH_PERSON = [
    "，让我扫他的个人收款码付了",
    "，叫我转到他私人账户",
    "，我就付到了他个人的微信收款码",
    "，要我把钱打到快递员自己的银行卡",
]
ZH_CHANNEL = ["，我在快递公司官方App里缴了", "，我自己到营业点柜台缴费", "，我在邮局柜台付了"]
YUE_PERSON = ["派件員話要補關稅，叫我過數去佢私人戶口", "速遞員要我用轉數快俾佢個人戶口，話係運費"]
YUE_CHANNEL = ["派件員話要補關稅，我自己去郵局櫃位交咗"]


def _stories(channel: bool) -> list[tuple[str, str]]:
    """(language, text): who x what fee x where it was paid."""
    en = EN_CHANNEL if channel else EN_PERSON
    zh = ZH_CHANNEL if channel else ZH_PERSON
    out = [("en", f"{w} {f} {p}") for w, f, p in itertools.product(EN_WHO, EN_FEE, en)]
    for script in (None, "tw", "hk"):
        out += [("zh", in_script(f"{w}{f}{p}。", script)) for w, f, p in itertools.product(ZH_WHO, ZH_FEE, zh)]
    return out + [("yue", t) for t in (YUE_CHANNEL if channel else YUE_PERSON)]


def test_a_fee_paid_to_a_persons_own_account_or_qr_code_is_flagged(analyzer):
    missed = []
    for lang, text in _stories(channel=False):
        verdict, flags = _flags(analyzer, text)
        if TO_PERSON not in flags or verdict in ("no_scam_signs", "matches_genuine"):
            missed.append((lang, text, verdict))
    assert not missed, f"{len(missed)} missed, e.g. {missed[:5]}"


def test_the_fee_paid_in_the_carriers_app_or_at_its_counter_is_not_that_flag(analyzer):
    """Paid on the carrier's own channel: never the flag, never called a scam (a fee asked at the door
    may still be worth checking: `suspicious` is allowed)."""
    wrong = []
    for lang, text in _stories(channel=True):
        verdict, flags = _flags(analyzer, text)
        if TO_PERSON in flags or verdict == "scam":
            wrong.append((lang, text, verdict))
    assert not wrong, f"{len(wrong)} wrongly flagged, e.g. {wrong[:5]}"


def test_the_personal_payee_is_what_makes_it_worse(analyzer):
    """Twins told the same way: paid to the person is judged at least as risky as paid on-channel."""
    for (_, person), (_, channel) in zip(_stories(False)[:9], _stories(True)[:9], strict=True):
        assert analyzer.analyze(person).risk > analyzer.analyze(channel).risk, (person, channel)


@pytest.mark.parametrize(
    "ordinary",
    [
        "I updated the photo on my personal account",
        "我把个人收款码设置好了，方便朋友AA",
        "My personal account at the bank was upgraded to premium",
    ],
)
def test_a_personal_account_without_a_company_fee_is_not_the_flag(analyzer, ordinary):
    assert TO_PERSON not in _flags(analyzer, ordinary)[1]
