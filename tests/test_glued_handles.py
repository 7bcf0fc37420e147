"""Digits glued to Latin letters are a chat handle, not a phone number (trial6 2.10).

"添加理赔专员微信 sf95338lp" names the scammer's WeChat ID; reading its digits as SF Express's hotline
would lend the scam the official number's credibility. The handles are generated here (prefixes and
suffixes around official short numbers and mobiles); the same digits standing alone stay numbers.
"""

from __future__ import annotations

import itertools

import pytest

from nlu.entities import find_phones
from nlu.normalize import normalize

DIGITS = ["95338", "95511", "95188", "13912345678"]
PREFIXES = ["sf", "kf", "jd", "zto", "x"]
SUFFIXES = ["lp", "a", "kefu", ""]
FRAMES = ["请添加理赔专员微信 {h} 办理", "加我微信{h}，备注退款", "LINE ID: {h}", "add my wechat {h} for the refund"]


def _handles():
    for d, p, s, f in itertools.product(DIGITS, PREFIXES, SUFFIXES, FRAMES):
        yield f.format(h=f"{p}{d}{s}")
    for d, s, f in itertools.product(DIGITS, ["lp", "kefu"], FRAMES):
        yield f.format(h=f"{d}{s}")


@pytest.mark.parametrize("text", list(_handles()))
def test_digits_glued_to_letters_are_no_phone_number(text):
    assert find_phones(normalize(text), "CN") == [], text


@pytest.mark.parametrize(
    ("digits", "frame"), list(itertools.product(DIGITS, ["请拨打{d}", "打 {d} 问一下", "call {d} now"]))
)
def test_the_same_digits_alone_are_still_a_number(digits, frame):
    assert [p.id.split(":")[-1].lstrip("+86") for p in find_phones(normalize(frame.format(d=digits)), "CN")] == [digits]
