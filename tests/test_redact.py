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


# -- names without an introduction: generated matrices ------------------------------------------
ZH_NAMES = ["张伟", "王芳", "李秀英", "刘洋", "陈静", "杨磊", "赵敏", "黄海涛", "周杰", "吴丽娟", "欧阳明", "孙小红"]
ZH_TEMPLATES = [
    "{n}说他是京东客服，让我下载会议软件",
    "对方自称{n}，让我转账",
    "联系{n}",
    "我跟{n}说了退款的事",
    "{n}，请尽快处理您的订单",
    "是{n}打电话来的",
    "{n}女士您好，您的包裹丢了",
    "你好{n}",
    "给{n}打电话核实",
]
EN_FIRST = ["John", "Sarah", "Michael", "Priya", "Wei", "Olivia"]
EN_LAST = ["Smith", "Patel", "Johnson", "Zhang", "Brown", "Okafor"]
EN_TEMPLATES = [
    ("{first} {last} said my account was frozen", "{first} {last}"),
    ("a man called {first} {last} rang me", "{first} {last}"),
    ("I spoke to {first}, she wanted my code", "{first}"),
    ("Mr {last} from the bank asked for a transfer", "{last}"),
    ("Dr. {first} {last} needs the payment today", "{first} {last}"),
    ("Officer {last} told me to stay on the line", "{last}"),
]


@pytest.mark.parametrize("template", ZH_TEMPLATES)
def test_chinese_names_with_and_without_titles_are_removed(template):
    for name in ZH_NAMES:
        out = for_review(template.format(n=name))
        assert name not in out, out
        assert "[name]" in out and out.removed.get("name") == 1, out


@pytest.mark.parametrize(("template", "shown"), EN_TEMPLATES)
def test_english_names_with_and_without_titles_are_removed(template, shown):
    for first in EN_FIRST:
        for last in EN_LAST:
            text = template.format(first=first, last=last)
            out = for_review(text)
            assert shown.format(first=first, last=last) not in out, out
            assert "[name]" in out, out


EVERYDAY_WITH_SURNAME_CHARACTERS = [
    "马上说清楚",
    "余额宝转出",
    "方便说话吗",
    "周末去公园",
    "高铁票退款，金额不对",
    "任何人让你转账都是诈骗",
    "万一是骗子呢",
    "王者荣耀充值",
    "Amazon Prime called about the renewal",
    "this is Royal Mail, your parcel",
    "the Apple Store said to wait",
    "I spoke to customer service, they said it was fine",
]


@pytest.mark.parametrize("text", EVERYDAY_WITH_SURNAME_CHARACTERS)
def test_words_that_start_like_a_surname_stay(text):
    assert for_review(text) == text


def test_report_notes_lose_names_like_numbers():
    from bot.store.core import redact

    assert redact("张伟说退款要先交保证金，电话13800138000") == "[name]说退款要先交保证金，电话[number]"
    assert "Smith" not in redact("John Smith said it was the bank")
