"""Taiwan (trial6 2.7): someone still listening to the caller ("我還在聽") gets "hang up", not the
"at the ATM" line; "要轉給警察" puts the call through to the "police", it moves no money; a 小姐 on the
line is the caller, not the writer's sister. Generated: who rang × what they pressed × who they are
passed to × still listening.
"""

from __future__ import annotations

import itertools

import pytest

from nlu.situation import detect

WHO = ["郵局打電話說我包裹有問題", "自稱中華郵政的語音說我有包裹沒領", "邮局来电说我的快递被扣了"]
PRESS = ["要按9 我按了", "叫我按1轉人工"]
PASSED = ["現在有個小姐說要轉給警察", "現在她說要幫我轉接到刑警", "现在说要转到公安局"]
STILL = ["我還在聽", "我现在还在听", "我仍然在聽她講"]


def _rows():
    return [" ".join(x) for x in itertools.product(WHO, PRESS, PASSED, STILL)][::2]


@pytest.mark.parametrize("text", _rows())
def test_still_listening_is_on_the_call_not_at_the_atm(kb, text):
    got = detect(kb.situations, text)
    assert got.ongoing[:1] == ("call",) and "paying" not in got.ongoing, (text, got.ongoing)
    assert got.line_who == "", (text, got.line_who)


@pytest.mark.parametrize("text", ["客服叫我現在要轉帳到安全帳戶，我在ATM前面", "他叫我现在马上要转钱过去，我在银行"])
def test_money_to_move_now_is_still_paying(kb, text):
    assert "paying" in detect(kb.situations, text).ongoing, text
