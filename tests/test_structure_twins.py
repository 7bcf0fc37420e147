"""Verdicts from structure, generated: the same vocabulary, genuine and scam, differing only in structure.

Each family holds one shared vocabulary (a company, a fee, a code, a refund) and two sides:
- genuine: the person used a channel they chose themselves (the company's own app or site, the number on
  their card, the counter), asked for the refund themselves, or only got a notice that asks for nothing
  outside the real process. It must come out `matches_genuine` or `no_scam_signs`, and where a genuine
  process covers the family, match it;
- scam: an unsolicited contact in the company's name (or a role) that asks for what genuine service never
  asks (a code, a transfer to a person, remote access, a loan), or sends a look-alike link, or that the
  account itself tells as an impostor with its pretext. It must come out `scam`, not just `suspicious`.

Every sentence part is written here for these tests, in zh, zh-Hant / Cantonese and English (UK, US,
Singapore and Indian English); none comes from a development set.
"""

from __future__ import annotations

import itertools

import pytest

GENUINE = ("matches_genuine", "no_scam_signs")

# -- a duty paid in the carrier's own app or site, or at the counter ----------------------------------
DUTY_EN = {
    "org": ["DHL", "UPS", "FedEx", "Parcelforce"],
    "tax": ["import duty", "customs charges", "duty and VAT"],
    "genuine": [
        "{org} texted that {tax} was owed on my parcel, so I opened the {org} app myself, typed in the"
        " tracking number and paid it there.",
        "I got a notice that {tax} was due on my parcel; I went to the {org} website myself, entered the"
        " tracking number and paid, and it arrived the next day.",
    ],
    "scam": [
        "A man rang saying he was from {org}, said {tax} was owed on my parcel and told me to transfer the"
        " money to his personal account.",
        "Someone claiming to be {org} called about {tax} on my parcel and asked me to read out the code my"
        " bank sent so the payment could go through.",
    ],
}
DUTY_ZH = {
    "org": ["顺丰", "DHL", "EMS"],
    "tax": ["关税", "进口税"],
    "genuine": [
        "收到{org}的通知说包裹要交{tax}，我自己打开{org}官方App，用单号查到税单后在App里付了。",
        "{org}说我的包裹有{tax}，我自己上{org}官网输入单号核对了金额，在官网缴纳后就收到了包裹。",
    ],
    "scam": [
        "有人打电话自称{org}客服，说我的包裹要交{tax}，让我转账到他给的个人账户。",
        "自称{org}工作人员的人打电话说包裹要补交{tax}，让我把手机收到的验证码告诉他。",
    ],
}
DUTY_HK = {
    "org": ["順豐", "DHL", "香港郵政"],
    "tax": ["關稅", "進口稅"],
    "genuine": ["{org}通知話個包裹要俾{tax}，我自己開{org}官方App入單號睇到稅單，喺App度俾咗錢。"],
    "scam": [
        "有個自稱{org}職員打嚟話個包裹要俾{tax}，叫我轉賬去佢個人戶口。",
        "自稱{org}客服打嚟話個包裹要補{tax}，叫我講個驗證碼俾佢聽。",
    ],
}

# -- a bank's fraud alert checked on the number on the card / a caller who wants the code or the money ---
ALERT_EN = {
    "org": ["my bank", "Barclays", "HSBC", "Chase Bank"],
    "what": ["a card payment I didn't make", "a suspicious transaction"],
    "genuine": [
        "{org} texted about {what} and said they would never ask for my code; I called the number on the back"
        " of my card and they blocked the card.",
        "I got a fraud alert from {org} about {what}. I hung up and rang the number on the back of my card, and"
        " it was really them.",
        "{org} called about {what}. I thought it was a scam call, so I hung up and called back on the number on"
        " my statement, and they cancelled the card.",
    ],
    "scam": [
        "Someone from {org} called about {what} and asked me to read out the code they had just texted me to"
        " cancel it.",
        "A caller said he was from {org} fraud team, told me about {what} and said I must move my savings to a"
        " safe account.",
        "A man claiming to be {org} rang about {what} and asked me to install AnyDesk so he could secure my account.",
    ],
}
ALERT_SG_IN = {
    "org": ["DBS", "OCBC", "SBI", "HDFC Bank"],
    "genuine": [
        "{org} sms say got one transaction I never make, so I call the number behind my card myself and they"
        " block the card already.",
        "{org} sent SMS regarding a transaction which I have not done, so I called the customer care number"
        " printed on my debit card and they blocked it.",
    ],
    "scam": [
        "One person called saying he is from {org}, my card will be blocked, and asked me to share the OTP.",
        "Got call from {org} officer say my account got problem, he ask me transfer all my money to one safe account.",
    ],
}
ALERT_ZH = {
    "org": ["招商银行", "工商银行", "信用卡中心"],
    "genuine": [
        "{org}发短信说我的卡有一笔异常消费，我没有回拨短信里的号码，自己拨打银行卡背面的电话，确认是真的，卡已经冻结了。",
    ],
    "scam": [
        "自称{org}的人打电话说我的卡被盗刷了，让我把钱转到他们提供的安全账户。",
        "对方称是{org}风控部门，让我下载一个会议软件共享屏幕，说要帮我拦截盗刷。",
    ],
}

# -- a code: kept, or the text says never to share it / read out to whoever called ---------------------
CODE_EN = {
    "org": ["my bank", "WhatsApp", "PayPal", "Google"],
    "genuine": [
        "{org} texted me a code and the message told me never to share the code with anyone, even staff.",
        "The {org} security team emailed and asked whether I had just received a login code; I said no and"
        " changed my password in the app.",
    ],
    "scam": [
        "A man who said he was from {org} rang and asked me to read him the code that had just arrived.",
        "Someone called pretending to be {org} and wanted the six-digit code from my text messages.",
    ],
}

# -- a refund the person asked for / one they never asked for that needs remote access or money back ----
REFUND_EN = {
    "org": ["Amazon", "Argos", "Flipkart", "Lazada"],
    "item": ["the broken kettle", "a jacket that didn't fit"],
    "genuine": [
        "I asked {org} for a refund on {item} through the returns page, and the money came back to my original"
        " card three days later.",
        "I requested a refund for {item} in the {org} app and it was paid back to my original payment method.",
    ],
    "scam": [
        "{org} rang me about a refund for {item} that I never asked for and said I had to install AnyDesk so"
        " they could process it.",
        "A caller from {org} said they had refunded too much for {item} and I must send back the difference in"
        " gift cards.",
    ],
}
REFUND_ZH = {
    "org": ["淘宝", "京东", "拼多多"],
    "item": ["那件外套", "坏掉的耳机"],
    "genuine": [
        "我在{org}App里给{item}申请了退货退款，商家同意后钱原路退回了我的银行卡。",
        "{item}我自己在{org}订单里点了申请退款，两天后钱退回到了支付宝余额。",
    ],
    "scam": [
        "我没申请退款，却有自称{org}客服的人打电话说{item}有质量问题要赔偿，让我在备用金里借钱转给他。",
        "自称{org}理赔员的人说{item}要退款，让我扫他发的二维码，再把验证码告诉他。",
    ],
}

# -- a renewal managed in the account / a "cancel it with us" call ---------------------------------------
RENEWAL_EN = {
    "org": ["Amazon", "Netflix", "Norton"],
    "genuine": [
        "I got a text from {org} telling me my subscription would renew next week, and I turned off auto-renew"
        " in my account settings.",
    ],
    "scam": [
        "A man said he was from {org} and that my subscription renewed by mistake; to refund it he needed"
        " remote access to my computer.",
    ],
}

# -- the number the person looked up themselves / the number the message gave ---------------------------
CALLBACK_EN = {
    "org": ["Royal Mail", "my bank", "PayPal", "Canada Post"],
    "genuine": [
        "I got a text about it, so I looked up {org}'s number on their official website and called them"
        " myself; they confirmed it was real.",
        "I didn't use the number in the message: I called {org} on the number from their own website and"
        " they said everything was fine.",
    ],
    "scam": [
        "I got a text from {org} and called the number in the message; the man asked me to pay a redelivery"
        " fee with gift cards.",
        "I called the number in the {org} text and the agent asked me to read out my one-time passcode to"
        " confirm my identity.",
    ],
}
CALLBACK_ZH = {
    "org": ["顺丰", "支付宝", "工商银行"],
    "genuine": ["我挂了电话，自己查了{org}官方客服电话打过去，确认确实是他们的正常通知。"],
    "scam": [
        "我按短信里给的号码打过去，对方说是{org}客服，让我下载一个App开启屏幕共享。",
        "自称{org}客服的人打电话来，说我的账户有风险，让我把钱转到他提供的安全账户。",
    ],
}

# -- no pretext told: a contact and a demand no genuine service makes ------------------------------------
BARE_DEMAND = {
    "org": ["Norton", "Amazon", "my bank"],
    "genuine": ["{org} emailed me a receipt for my order; nothing to do, and nobody called."],
    "scam": [
        "A man who said he was from {org} rang me and wanted remote access to my laptop.",
        "Someone from {org} phoned and asked me for my card number and the PIN.",
    ],
}
BARE_DEMAND_ZH = {
    "org": ["银联", "京东金融", "微信支付"],
    "genuine": ["{org}发来通知，说我的账单已出，可以在官方App里查看。"],
    "scam": [
        "接到一个陌生电话，对方称是{org}的，要我下载一个会议软件共享屏幕。",
        "她接到一个陌生电话，对方自称{org}工作人员，要求她提供银行卡密码。",
    ],
}

# -- the account itself says the caller was an impostor, and tells the pretext ---------------------------
TOLD_EN = {
    "org": ["DHL", "FedEx", "Amazon"],
    "genuine": [
        "{org} sent a text about my parcel. I thought it was a scam text, but I checked it on the {org} website"
        " myself and it was genuine.",
    ],
    "scam": [
        "My neighbour got a call from a man claiming to work for {org}, who said a parcel in her name held"
        " illegal items.",
        "A scammer posing as {org} told my father his parcel had been seized by customs with drugs inside.",
    ],
}
TOLD_ZH = {
    "org": ["顺丰", "淘宝", "京东"],
    "genuine": ["我一开始以为是骗子冒充{org}，后来自己打开{org}官方App查了一下，确实是真的通知。"],
    "scam": [
        "骗子冒充{org}客服打电话给我妈，说她买的东西质量有问题要给她理赔。",
        "有人冒充{org}的工作人员，说我的快递丢了要给我三倍赔偿。",
    ],
}
TOLD_HK = {
    "org": ["順豐", "淘寶", "香港郵政"],
    "scam": [
        "有騙徒冒充{org}客服打嚟，話我買嘅嘢有質量問題要賠錢俾我。",
        "有人冒充{org}職員，話我個包裹唔見咗要賠三倍。",
    ],
    "genuine": ["我以為係冒充{org}嘅騙徒，之後自己開{org}官方App查咗，真係有呢個通知。"],
}

REMOTE_HK = {
    "org": ["匯豐", "中銀香港", "恒生銀行"],
    "genuine": ["我自己打去{org}信用卡背面嘅熱線問，佢哋話真係有一筆可疑交易，已經幫我停咗卡。"],
    "scam": [
        "有個自稱{org}職員打嚟，話我張卡有問題，叫我下載一個App俾佢遙距控制部手機。",
        "自稱{org}客服打嚟話我個戶口有風險，叫我將錢轉去佢俾嘅安全戶口。",
    ],
}

# -- a company's name with its own address / with a look-alike of it ------------------------------------
LINK = {
    "brand": ["dhl", "fedex", "royalmail"],
    "genuine": ["Your parcel is on its way. Track it at www.{brand}.com with the number on your receipt."],
    "scam": [
        "We could not deliver your parcel. Details: www.{brand}-parcel-desk.top",
        "Your parcel is on hold: https://{brand}.track-redelivery.top/hold",
    ],
}

FAMILIES = {
    "duty_en": DUTY_EN,
    "duty_zh": DUTY_ZH,
    "duty_hk": DUTY_HK,
    "alert_en": ALERT_EN,
    "alert_sg_in": ALERT_SG_IN,
    "alert_zh": ALERT_ZH,
    "code_en": CODE_EN,
    "refund_en": REFUND_EN,
    "refund_zh": REFUND_ZH,
    "renewal_en": RENEWAL_EN,
    "callback_en": CALLBACK_EN,
    "callback_zh": CALLBACK_ZH,
    "bare_demand": BARE_DEMAND,
    "bare_demand_zh": BARE_DEMAND_ZH,
    "told_en": TOLD_EN,
    "told_zh": TOLD_ZH,
    "told_hk": TOLD_HK,
    "remote_hk": REMOTE_HK,
    "link": LINK,
}


def _fill(family: dict, side: str):
    slots = [k for k in family if k not in ("genuine", "scam")]
    for template in family[side]:
        for values in itertools.product(*(family[k] for k in slots)):
            yield template.format(**dict(zip(slots, values, strict=True)))


def _cases(side: str):
    for name, family in FAMILIES.items():
        for text in _fill(family, side):
            yield pytest.param(text, id=f"{name}:{text[:48]}")


def test_the_matrix_is_big_enough():
    assert len(list(_cases("genuine"))) >= 80 and len(list(_cases("scam"))) >= 100


@pytest.mark.parametrize("text", list(_cases("genuine")))
def test_the_genuine_side_is_not_flagged(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict in GENUINE, result.to_dict()


@pytest.mark.parametrize("text", list(_cases("scam")))
def test_the_full_structure_is_a_scam_not_only_suspicious(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict == "scam", result.to_dict()
    assert result.genuine is None


SELF_CHECKED = "verified_independently"  # paid or checked through a channel the person chose themselves


@pytest.mark.parametrize(
    ("family", "processes"),
    [
        ("duty_en", ("import_charges", SELF_CHECKED)),
        ("duty_zh", ("import_charges", SELF_CHECKED)),
        ("duty_hk", ("import_charges", SELF_CHECKED)),
        ("alert_en", ("bank_fraud_alert", SELF_CHECKED)),
        ("alert_sg_in", ("bank_fraud_alert", SELF_CHECKED)),
        ("refund_en", ("refund_returned",)),
        ("renewal_en", ("renewal_notice",)),
        ("callback_zh", (SELF_CHECKED,)),
    ],
)
def test_the_genuine_side_matches_the_real_process(analyzer, family, processes):
    matched = [analyzer.analyze(t).genuine for t in _fill(FAMILIES[family], "genuine")]
    assert sum(m in processes for m in matched) >= 0.75 * len(matched), matched


# -- the same words, voiced as a fear or denied, are not the finding or the demand -------------------
@pytest.mark.parametrize(
    ("feared", "found"),
    [
        ("I thought it was a scam text from DHL", "It was a scam text from DHL"),
        ("It looked like one of those fake texts from Royal Mail", "It was a fake text from Royal Mail"),
        ("我一开始以为是骗子冒充顺丰", "原来是骗子冒充顺丰"),
    ],
)
def test_a_fear_voiced_is_not_the_account_calling_it_fake(analyzer, feared, found):
    tail = {True: ", asking for a customs fee on my parcel.", False: "，说我的包裹要交关税。"}[feared.isascii()]
    flagged_as_impostor = [
        any(e.indicator == "red_flag.told_as_impostor" for e in analyzer.analyze(t + tail).red_flags)
        for t in (feared, found)
    ]
    assert flagged_as_impostor == [False, True]


@pytest.mark.parametrize("verb", ["told me never to share", "asked whether I had received", "asked me not to give out"])
def test_a_demand_denied_in_its_own_words_is_no_demand(analyzer, verb):
    text = f"My bank sent a text that {verb} the code."
    assert not any(e.kind == "demand" for e in analyzer.analyze(text).red_flags)
    asked = analyzer.analyze("My bank sent a text that asked me to read out the code.")
    assert any(e.indicator == "red_flag.asks_code" for e in asked.red_flags)


@pytest.mark.parametrize("opening", ["I got an automated call from", "A recorded message came from"])
def test_a_robocall_alone_does_not_say_the_caller_was_fake(analyzer, opening):
    text = f"{opening} my credit card company about a purchase I didn't make, and I called the number on the back of my card."
    result = analyzer.analyze(text)
    assert not any(e.indicator == "red_flag.told_as_impostor" for e in result.red_flags)
    assert result.verdict in GENUINE


# -- direction: a code asked in a call the person made to the bank / to the number a text gave ---------
@pytest.mark.parametrize("org", ["Barclays", "HSBC", "Chase Bank", "DBS"])
@pytest.mark.parametrize(
    ("mine", "given"),
    [
        ("When I rang {org} about my blocked card,", "When I rang the number in the {org} text about my blocked card,"),
        (
            "I called {org} myself about the charge and",
            "I called back the number that texted me about the {org} charge and",
        ),
    ],
)
def test_who_rang_whom_decides_whether_a_code_asked_is_a_scam(analyzer, org, mine, given):
    tail = " the adviser sent a one-time passcode to my phone and asked me to read it out."
    assert analyzer.analyze(mine.format(org=org) + tail).verdict != "scam"
    assert analyzer.analyze(given.format(org=org) + tail).verdict == "scam"


# -- the same words in zh / zh-Hant: a channel of the person's own / one a stranger chose ----------------
OWN_CHANNEL_ZH = [
    # (genuine: the person's own channel, twin: the same vocabulary through the stranger's channel)
    (
        "我自己打了{org}官方客服电话{hotline}，客服说那笔扣款是我开通的自动续费，教我在App里关掉了。",
        "自称{org}客服的人打电话说那笔扣款是我误开通的自动续费，让我下载会议软件共享屏幕来关掉。",
    ),
    (
        "报关行发短信说包裹要在EZ WAY里确认，我自己从应用商店下载了易利委App，在里面点了确认。",
        "自称报关行的人打电话说包裹要实名认证，发来一个链接让我下载App，再把验证码告诉他。",
    ),
    (
        "我在网上买的东西选了超商取货付款，去便利店取货时付了钱，东西是我自己订的。",
        "收到一个我没买过的到付包裹，对方打电话让我先把货款转到他的个人账户才能退。",
    ),
]


@pytest.mark.parametrize("org", [("支付宝", "95188"), ("工商银行", "95588"), ("招商银行", "95555")])
@pytest.mark.parametrize(("mine", "theirs"), OWN_CHANNEL_ZH)
def test_own_channel_or_the_strangers_in_chinese(analyzer, org, mine, theirs):
    name, hotline = org
    genuine = analyzer.analyze(mine.format(org=name, hotline=hotline))
    assert genuine.verdict == "matches_genuine", genuine.to_dict()
    twin = analyzer.analyze(theirs.format(org=name, hotline=hotline))
    assert twin.verdict == "scam", twin.to_dict()


# -- a delivery code asked in person at the door / the same code asked by someone who phoned ------------
@pytest.mark.parametrize("shop", ["Amazon", "Flipkart", "Lazada"])
@pytest.mark.parametrize(
    ("at_the_door", "by_phone"),
    [
        (
            "The {shop} driver asked for the one-time code at the door; I read it from the {shop} app and he"
            " handed over the package.",
            "A man called saying he was the {shop} driver and needed the one-time code to hand over the package.",
        ),
        (
            "At the door the {shop} delivery agent asked for the OTP, and I got my parcel once I showed it.",
            "Someone phoned pretending to be the {shop} delivery agent and asked me to share the OTP so he could"
            " hand over the parcel.",
        ),
    ],
)
def test_a_delivery_code_at_the_door_or_one_asked_by_phone(analyzer, shop, at_the_door, by_phone):
    assert analyzer.analyze(at_the_door.format(shop=shop)).verdict != "scam"
    assert analyzer.analyze(by_phone.format(shop=shop)).verdict == "scam"


# -- the figure this file is about: scam rows called "scam" outright, apart from "suspicious" -------------
def test_eval_reports_scam_verdict_recall_apart_and_gates_it():
    from nlu.evaluate import Outcome, check_gate, evaluate_results

    rows = [
        ({"id": "1", "label": "scam", "lang": "en", "text": "x"}, "scam"),
        ({"id": "2", "label": "scam", "lang": "en", "text": "y"}, "suspicious"),
        ({"id": "3", "label": "scam", "lang": "en", "text": "z"}, "no_scam_signs"),
        ({"id": "4", "label": "benign", "lang": "en", "text": "w"}, "suspicious"),
    ]
    figures = evaluate_results((row, Outcome(v, ()), 0.0) for row, v in rows).as_dict()
    assert figures["flagged_recall"]["lang:en"]["rate"] == round(2 / 3, 4)
    assert figures["scam_recall"]["lang:en"] == {"rate": round(1 / 3, 4), "clusters": 3}
    assert check_gate(figures, {"scam_recall": {"lang:en": 0.3}}) == (1, [])
    assert check_gate(figures, {"scam_recall": {"lang:en": 0.5}})[1] == [
        "scam_recall lang:en: 0.3333, must be at least 0.5"
    ]
