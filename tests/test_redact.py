"""Redaction of what volunteers see: table-driven, one case per line."""

import pytest

from bot.redact import for_review

CASES = [
    # (text, must vanish, must stay, kinds removed)
    ("我叫张伟，对方让我转账", ["张伟"], ["我叫", "转账"], {"name"}),
    ("张先生您好，我是淘宝客服", ["张先生"], ["先生您好", "淘宝客服"], {"name"}),
    ("收件人：李娜，地址保密", ["李娜"], ["收件人"], {"name"}),
    ("他的电话是13800138000", ["13800138000"], ["他的电话是"], {"number"}),
    ("打 +86 138 0013 8000 回电", ["138 0013 8000"], ["回电"], {"number"}),
    ("订单号SF1234567890123有问题", ["SF1234567890123"], ["订单号", "有问题"], {"order"}),
    ("订单号：2023112912345", ["2023112912345"], ["订单号"], {"order"}),
    ("身份证110101199003071234", ["110101199003071234"], ["身份证"], {"id"}),
    ("卡号6222 0212 3456 7890 123", ["6222 0212 3456 7890 123"], ["卡号"], {"card"}),
    ("加微信 wxid_abc123 或QQ 12345678", ["wxid_abc123", "12345678"], ["加微信"], {"id"}),
    ("工号A12345的客服", ["A12345"], ["的客服"], {"id"}),
    ("验证码是 482913", ["482913"], ["验证码是"], {"number"}),
    ("email me at li.na@example.com", ["li.na@example.com"], ["email me at"], {"email"}),
    ("Hi, this is John Smith from Amazon", ["John Smith"], ["from Amazon"], {"name"}),
    ("Mr. Brown, your parcel is held", ["Brown"], ["your parcel is held"], {"name"}),
    ("go to https://amaz0n-refund.com/claim?id=8812", ["claim?id=8812"], ["https://amaz0n-refund.com"], {"link"}),
    ("your order 112-3456789-1234567 was charged", ["3456789"], ["was charged"], {"order"}),
]

KEPT = [
    "我是淘宝客服，您的快递丢了，三倍赔偿",
    "转100000元到安全账户",
    "pay ¥ 250000 now",
    "this is Amazon calling about your Prime renewal",
    "快递员说明天送货",
    "covid19 and MIT 2024",
]


@pytest.mark.parametrize(("text", "gone", "stay", "kinds"), CASES)
def test_personal_details_are_removed_and_the_user_is_told_what(text, gone, stay, kinds):
    out = for_review(text)
    for g in gone:
        assert g not in out
    for s in stay:
        assert s in out
    assert set(out.removed) == kinds


@pytest.mark.parametrize("text", KEPT)
def test_scam_wording_and_amounts_stay(text):
    out = for_review(text)
    assert out == text and out.removed == {}
