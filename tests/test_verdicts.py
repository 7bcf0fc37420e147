"""Text -> verdict and script: the analyzer's behaviour, as a spec in both languages."""

from __future__ import annotations

import pytest

CASES = [
    # (text, verdict, script expected in the top two or None)
    (
        "我是淘宝客服，您买的衣服检测出甲醛超标，我们给您三倍赔偿，请扫这个二维码办理理赔。",
        "scam",
        "refund_compensation",
    ),
    (
        "刚才一个自称顺丰理赔专员的人打电话，说我的快递丢了，要双倍赔偿，让我把支付宝收到的验证码告诉他。",
        "scam",
        "refund_compensation",
    ),
    ("对方说赔款打到我借呗里了，多打了一万八，让我借出来转回给他们的对公账户。", "scam", "credit_loan"),
    (
        "有人说我开通了百万保障，每月扣费，不关闭会影响征信，要我下载向日葵共享屏幕帮我关闭。",
        "scam",
        "cancel_membership",
    ),
    ("你好，你的订单出现卡单，需要激活订单才能解冻。", "scam", "order_anomaly"),
    ("警官说我的银行卡涉嫌洗钱，叫我把钱转到安全账户接受资金清查，还不让我告诉家人。", "scam", "safe_account_transfer"),
    ("【工商银行】您的网银证书将于今日过期，请登录 www.icbc-zs.top 升级，逾期账户将被冻结。", "scam", "phishing_link"),
    ("兼职刷单，日结佣金，先垫付任务款，做完本金返还。", "scam", "task_rebate"),
    ("他在电话里一直说不要挂电话，让我打开腾讯会议开启屏幕共享。", "scam", "remote_screen_share"),
    (
        "Hi, this is Amazon customer support. Your Prime membership will renew for 399 dollars today. To cancel we need "
        "you to install AnyDesk so we can help you.",
        "scam",
        "cancel_membership",
    ),
    (
        "Someone from the courier called: my parcel was lost and they will refund me double, but first I must read them "
        "the verification code they sent.",
        "scam",
        "refund_compensation",
    ),
    (
        "The caller said they refunded me 5000 by mistake instead of 500 and asked me to send back the difference in "
        "gift cards.",
        "scam",
        "credit_loan",
    ),
    (
        "USPS: your package is held due to an incomplete address. Pay a 1.99 redelivery fee at usps-parcel-care.top now.",
        "scam",
        "fake_cod",
    ),
    # genuine contacts and everyday messages
    ("【淘宝】您的退款已原路退回，可在我的淘宝-退款售后中查看。", "matches_genuine", None),
    ("【顺丰速运】您的快件已由驿站代收，取件码 3-2-1102。", "matches_genuine", None),
    ("今天在京东App里申请了退货，快递员明天上门取件。", "no_scam_signs", None),
    ("【招商银行】您的验证码是 482913，请勿泄露给他人。", "matches_genuine", None),
    ("Your Amazon order has shipped and will arrive on Tuesday. Track it in Your Orders.", "no_scam_signs", None),
    ("明天下午三点开部门会议，记得带上周报。", "no_scam_signs", None),
    ("【中国联通】流量包限时5折，点击 https://u.10010.cn/qAE9U 办理，回复TD退订。", "no_scam_signs", None),
]


@pytest.mark.parametrize(("text", "verdict", "script"), CASES)
def test_verdict(analyzer, text, verdict, script):
    result = analyzer.analyze(text)
    assert result.verdict == verdict, result.to_dict()
    if script:
        assert script in [m.id for m in result.scripts[:2]], result.to_dict()


def test_evidence_quotes_the_users_own_words(analyzer):
    text = "我是淘宝客服，您的快递丢失了，我们给您三倍赔偿。"
    result = analyzer.analyze(text)
    spans = [e for m in result.scripts for e in m.evidence]
    assert spans
    for e in spans:
        assert text[e.start : e.end] == e.text


def test_full_width_and_traditional_text_is_understood(analyzer):
    result = analyzer.analyze("我是淘寶客服，您的訂單出現卡單，請加ＱＱ處理，電話：９５１８８")
    assert result.verdict == "scam"
    assert "order_anomaly" in [m.id for m in result.scripts]
    assert result.org is not None and result.org.id == "taobao"


def test_negated_demand_does_not_count(analyzer):
    result = analyzer.analyze("温馨提示：客服不会要求您提供验证码，也不会让您转账。")
    assert result.verdict == "no_scam_signs"


def test_chained_scripts_are_all_reported(analyzer):
    text = (
        "自称快递理赔专员，说我的包裹丢了要三倍赔偿，让我下载会议软件共享屏幕，然后说赔款多打了，"
        "要我在借呗借出来转回去。"
    )
    ids = [m.id for m in analyzer.analyze(text).scripts]
    for sid in ("refund_compensation", "remote_screen_share", "credit_loan"):
        assert sid in ids
    # The opening pretext (the lost parcel) is the primary script, ahead of the loan pretext told
    # later with a higher score; a step that follows (the screen share) ranks after every pretext.
    scripts = analyzer.analyze(text).scripts
    assert scripts[0].id == "refund_compensation"
    assert ids.index("credit_loan") < ids.index("remote_screen_share")
    told = [any(e.kind == "hook" for e in m.evidence) for m in scripts]
    assert told == sorted(told, reverse=True)
    assert not told[ids.index("remote_screen_share")]


def test_lookalike_link_is_phishing_evidence(analyzer):
    result = analyzer.analyze("支付宝提醒：请登录 alipay-refund.cc 领取退款")
    link = result.entities["links"][0]
    assert link.kind == "brand_in_domain"
    assert "phishing_link" in [m.id for m in result.scripts]


def test_official_domain_is_noted(analyzer):
    result = analyzer.analyze("登录 https://www.taobao.com 查看订单")
    assert result.entities["links"][0].kind == "official"


def test_entities(analyzer):
    r = analyzer.analyze("对方用 +86 138 0013 8000 打来，说是95188，让我转5000元到 www.a1ipay.com")
    phones = {p.id for p in r.entities["phones"]}
    assert "+8613800138000" in phones
    assert "CN:95188" in phones
    assert any("5000元" in m.text for m in r.entities["money"])
    assert r.entities["links"][0].kind in ("lookalike", "brand_in_domain")


def test_language_detection(analyzer):
    assert analyzer.analyze("你好，我是客服").lang == "zh"
    assert analyzer.analyze("Hello, this is customer service").lang == "en"
    assert analyzer.analyze("我是Amazon customer service, your refund is ready").lang == "mixed"


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00\x01\x02", "🙂🙂🙂"])
def test_empty_and_odd_input(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict == "no_scam_signs"


def test_huge_input_analyses_a_bounded_prefix(analyzer):
    text = "我是淘宝客服，您的订单卡单了。" + "啊" * 100_000
    result = analyzer.analyze(text)
    assert result.truncated
    assert result.analysed_length < len(text)
    assert result.verdict == "scam"
