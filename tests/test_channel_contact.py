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
ZH_THEIRS = ["短信里的号码", "短信上留的电话", "信息中给的客服电话", "邮件里写的热线", "对方留的那个电话", "他给我的号码"]
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
