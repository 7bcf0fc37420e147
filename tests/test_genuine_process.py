"""Genuine contacts recognised (knowledge/official/processes.yml), off-channel demands, and quoted warnings.

Every sentence here is written for these tests (issue 19): none comes from a development set. Each
genuine process is shown in several wordings; each is then crossed with every kind of scam demand,
which must take the "matches how X really does it" outcome away and flag the text.
"""

from __future__ import annotations

import itertools

import pytest

from knowledge import KnowledgeError, load_knowledge
from nlu.analyzer import Analyzer

FLAGGED = ("scam", "suspicious")

# process id -> wordings of a genuine contact (messages and people's own accounts), written here.
GENUINE = {
    "import_charges": [
        "Royal Mail pushed a grey card through my door: the parcel from Canada has import VAT and an £8 handling fee on it.",
        "UPS billed me $31 in brokerage fees and duties for the jacket I ordered from the States.",
        "Parcelforce sent me a letter asking for the customs charges before they deliver the boots I ordered.",
        "The DHL driver wanted the import duty paid at the door, so I paid him by card.",
        "Canada Post held my package until I paid the duties and taxes at the post office.",
    ],
    "bank_fraud_alert": [
        "My bank texted: did you try to spend £640 at an electronics shop? Reply YES or NO. I replied NO and they froze the card.",
        "I rang the number on the back of my card after the alert and the fraud team confirmed the payment was blocked.",
        "The credit card company confirmed the call was genuine when I phoned them back on the number printed on my statement.",
        "【建设银行】您尾号8812的卡刚刚在境外消费3200元，如非本人操作，请致电95533。",
    ],
    "sign_in_code": [
        "I got a login code by text this morning that I never asked for. Nobody has called me about it.",
        "Your sign-in code is 771205. It expires in ten minutes.",
        "收到一条登录验证码短信，可我根本没有登录，也没人联系我。",
    ],
    "renewal_notice": [
        "Apple emailed that my iCloud subscription will renew on 3 March; I can cancel it in Settings.",
        "Netflix sent a reminder that my plan renews on the 14th. You can manage it in your account settings.",
        "【抖音】您的会员将于3月1日到期后自动续费，如不需要可在 我的-设置 中关闭自动续费。",
    ],
    "delivery_notice": [
        "Evri: your parcel is out for delivery today between 10:00 and 13:00.",
        "The postman couldn't deliver my parcel, so he left a card saying I can collect it from the delivery office with my ID.",
        "【中通快递】您的包裹已到达小区丰巢快递柜，请凭取件码 5-1-2207 取件。",
    ],
    "customs_app_notice": [
        "報關行傳簡訊說我的海外包裹要在 EZ WAY 易利委 App 裡確認實名委任。",
        "The broker asked me to confirm the declaration for my order in the EZ WAY app before customs clears it.",
        "海关抽查了我的包裹，报关行请我打开易利委 App 完成实名认证。",
    ],
}

# Demands that no genuine process makes, appended to a genuine wording (English and Chinese).
DEMANDS_EN = [
    "Then they texted a link, royalmail-fees-uk.com/pay, to pay it.",
    "The caller asked me to read out the six-digit code they had sent.",
    "He told me to download AnyDesk so he could sort it out on my laptop.",
    "They wanted me to pay with Apple gift cards.",
    "They asked me to transfer my savings to a safe account.",
]
DEMANDS_ZH = [
    "然后对方发来一个链接 ezway-tw-pay.top 让我付款。",
    "对方让我把收到的验证码告诉他。",
    "客服让我下载向日葵远程软件。",
    "对方让我把钱转到安全账户。",
]


def _cases():
    for process, texts in GENUINE.items():
        for text in texts:
            yield process, text


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(load_knowledge(), wording=None, sms=None)


@pytest.mark.parametrize(("process", "text"), list(_cases()))
def test_a_genuine_contact_matches_how_the_organisation_really_does_it(analyzer, process, text):
    result = analyzer.analyze(text)
    assert result.verdict == "matches_genuine", result.to_dict()
    assert result.genuine == process
    assert result.to_dict()["genuine_process"] == process
    assert result.risk <= 0.2


def _with_demands():
    for process, text in _cases():
        cjk = any("\u4e00" <= ch <= "\u9fff" for ch in text)
        for demand in DEMANDS_ZH if cjk else DEMANDS_EN:
            yield process, text, demand


@pytest.mark.parametrize(("process", "text", "demand"), list(_with_demands()))
def test_a_scam_demand_outside_the_process_takes_the_genuine_outcome_away(analyzer, process, text, demand):
    result = analyzer.analyze(f"{text} {demand}")
    assert result.verdict in FLAGGED, result.to_dict()
    assert result.genuine is None


# -- off-channel demand: who x pretext x an action through a channel the organisation does not use --
WHO = ["Amazon", "Barclays", "Norton", "PayPal"]
PRETEXT = [
    "says an order for a games console was placed on my account",
    "says my subscription renewed for $299",
    "says there was an unusual payment of £450 from my card",
]
OFF_CHANNEL = [
    "and to cancel it I must call the number in the email",
    "and asks me to call their billing team on +1 808 555 0176",
    "and wants me to press 1 to speak to an agent",
]


@pytest.mark.parametrize(("who", "pretext", "ask"), list(itertools.product(WHO, PRETEXT, OFF_CHANNEL)))
def test_a_known_pretext_with_an_off_channel_demand_is_a_scam_in_any_wording(analyzer, who, pretext, ask):
    text = f"I got an email from {who} that {pretext}, {ask}."
    result = analyzer.analyze(text)
    assert result.verdict == "scam", result.to_dict()


@pytest.mark.parametrize(("who", "pretext"), list(itertools.product(WHO, PRETEXT)))
def test_a_pretext_told_in_a_brands_name_without_a_demand_is_at_least_suspicious(analyzer, who, pretext):
    text = f"Someone rang me this afternoon saying he was from {who}; he {pretext.replace('says ', 'said ')}."
    assert analyzer.analyze(text).verdict in FLAGGED


def test_a_call_back_to_the_official_number_is_not_off_channel(analyzer):
    official = analyzer.analyze("【工商银行】您尾号4321的卡于12月3日消费1200元。如非本人操作，请致电95588。")
    fake = analyzer.analyze("【工商银行】您尾号4321的卡于12月3日消费1200元。如非本人操作，请致电4008-123-456。")
    assert official.verdict == "matches_genuine"
    assert fake.verdict in FLAGGED and fake.genuine is None


# -- telling: a message quoting the company's own warning is still the message ------------------
QUOTED = [
    "Norton: your annual protection plan was renewed today for $389.99. If you did not authorise this "
    "payment, call our billing desk on +1 808 555 0147. Norton will never ask for your password.",
    "PayPal invoice: you have been charged $612.00 for a laptop. If you didn't make this purchase, contact "
    "our support team at +1 888 555 0133. We will never ask you to share your PIN.",
    "Amazon: an order for an iPhone 15 was placed on your account. If you did not place this order, call us "
    "on +1 877 555 0102 today. Amazon never asks for your password by email.",
]


@pytest.mark.parametrize("text", QUOTED)
def test_an_invoice_that_quotes_the_companys_warning_is_still_the_message(analyzer, text):
    result = analyzer.analyze(text)
    assert result.told != "warning"
    assert result.verdict == "scam", result.to_dict()


def test_a_policy_page_describing_the_real_process_is_not_an_incident(analyzer):
    text = (
        "If an item from abroad has customs charges, Royal Mail holds it and leaves a grey card. You can pay "
        "online at royalmail.com or at the delivery office; Royal Mail will never call you to ask for payment."
    )
    assert analyzer.analyze(text).verdict not in FLAGGED


# -- the knowledge file is checked like the hotlines --------------------------------------------
def _copy_knowledge(tmp_path):
    import shutil

    from knowledge import default_root

    shutil.copytree(default_root(), tmp_path / "k", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return tmp_path / "k"


def test_a_process_naming_an_unknown_organisation_or_demand_is_a_clear_error(tmp_path):
    root = _copy_knowledge(tmp_path)
    path = root / "official" / "processes.yml"
    text = path.read_text("utf-8")
    text = text.replace("orgs: [royal_mail,", "orgs: [royal_mael,", 1).replace(
        "  - red_flag.asks_code\n", "  - red_flag.asks_kode\n", 1
    )
    path.write_text(text, "utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    message = str(info.value)
    assert "'royal_mael' is not an organisation id" in message
    assert "'red_flag.asks_kode' is not an indicator id" in message


def test_every_process_is_sourced_and_dated():
    kb = load_knowledge()
    assert len(kb.processes) >= 6
    for p in kb.processes:
        assert p.sources and p.checked and p.how.en and p.how.zh and p.confirm.en and p.confirm.zh
        assert p.indicator.patterns, p.id
