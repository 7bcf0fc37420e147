"""A courier's or customs' fee asked for in a phone call is a scam; the same fee paid the real way is not.

Posts and couriers bill import duty, delivery and redelivery charges by a card through the door, a
letter, their own app or site the person opens, or at the door or counter; they do not ring to take a
payment. The structure decides, not the vocabulary: the same company, the same fee and the same
payment word are generated on both sides, and only the channel differs —
- scam: a call in the company's name, then the fee taken over the phone or through a link the caller
  sends (with or without a web address written out; told by the person, a relative or as a question);
- genuine: the person opened the carrier's app or typed its site themselves, paid at the door for an
  order they placed, or the courier's call only arranged the delivery.

Every part is written here for this test, in English (UK, US, Singapore, Indian), mainland Chinese,
Cantonese and Taiwan usage; none comes from a development set. The last third of every family's
combinations (`HELD_OUT`) was never looked at while the red flag's phrases were written.
"""

from __future__ import annotations

import itertools

import pytest

FAMILIES = {
    "en": {
        "org": ["DHL", "FedEx", "UPS", "Royal Mail", "SingPost", "India Post"],
        "fee": ["customs duty", "an import tax", "a redelivery charge", "clearance fees"],
        "scam": [
            "Got a phone call from {org}, they said {fee} was pending on my parcel and sent me a link to pay it."
            " I paid already, is that ok?",
            "{org} called my mum about {fee} for a parcel, then they whatsapped her a payment link and she paid"
            " with her debit card.",
            "A lady from {org} rang me about {fee}, she stayed on the line and took my card number over the phone.",
            "my husband got call from {org} saying {fee} must be settled today, after that one sms link came and"
            " he paid it lah",
            "{org} phoned regarding {fee} of my shipment and asked me to make the payment through the link they"
            " are sending on WhatsApp only.",
        ],
        "genuine": [
            "A card from {org} came through the door about {fee}; I typed their web address myself, entered the"
            " tracking number and paid there.",
            "I opened the {org} app myself, saw {fee} on my parcel with the tracking number and paid inside the app.",
            "The {org} driver phoned to say he was outside, and I paid the cash-on-delivery amount for my own"
            " order at the door.",
        ],
    },
    "zh": {
        "org": ["顺丰", "京东物流", "EMS", "中通快递", "DHL"],
        "fee": ["关税", "清关费", "补缴运费", "进口税"],
        "scam": [
            "{org}打电话给我说包裹要交{fee}，然后发了一个链接叫我付款，我已经付了。",
            "我妈接到{org}的来电，说有{fee}没交，挂了电话就收到链接，她在里面付了钱。",
            "刚才自称{org}的人打电话来说要补{fee}，在电话里让我报卡号付款，我报了，怎么办？",
            "{org}来电说我的快递有{fee}，让我点他们发的链接缴费，这是真的吗",
        ],
        "genuine": [
            "{org}的官方App提示我的包裹要交{fee}，我自己在App里核对单号后付了。",
            "我自己打开{org}官网输入运单号，看到{fee}账单，在官网上付款了。",
            "{org}快递员打电话说在楼下，我下单时选了货到付款，当面付给他订单上的金额。",
        ],
    },
    "yue": {
        "org": ["順豐", "香港郵政", "DHL", "嘉里物流"],
        "fee": ["關稅", "清關費", "運費"],
        "scam": [
            "{org}打嚟話我個包裹要俾{fee}，之後send咗條連結俾我，我已經俾咗錢。",
            "我阿媽接到{org}打嚟話欠{fee}，收線之後收到個link，佢喺入面入咗信用卡。",
            "頭先有個自稱{org}嘅人打嚟，喺電話度叫我讀卡號俾{fee}，點算好？",
        ],
        "genuine": [
            "我自己開{org}官方App，入單號見到要俾{fee}，喺App入面俾咗。",
            "{org}送貨員打嚟話到咗樓下，我落單揀咗貨到付款，當面俾咗訂單上面嘅錢。",
        ],
    },
    "zh-Hant": {
        "org": ["中華郵政", "黑貓宅急便", "新竹物流", "DHL"],
        "fee": ["關稅", "補繳運費", "清關費用"],
        "scam": [
            "{org}打電話說我的包裹要繳{fee}，接著傳了一個連結叫我付，我已經付了。",
            "我爸接到{org}來電說有{fee}未繳，掛掉後收到簡訊連結，他在裡面刷了卡。",
            "剛剛自稱{org}的人打來，在電話裡要我念卡號繳{fee}，怎麼辦？",
        ],
        "genuine": [
            "我自己打開{org}官方App，輸入單號後看到要繳{fee}，就在App裡付了。",
            "{org}司機打電話說到樓下了，我下單選貨到付款，當面付了訂單上的金額。",
        ],
    },
}


def _variants(lang: str, side: str) -> list[tuple[str, bool]]:
    """Every (sentence, held_out) of one side of a family: the last third of the combinations is held out."""
    fam = FAMILIES[lang]
    combos = list(itertools.product(fam[side], fam["org"], fam["fee"]))
    cut = len(combos) - len(combos) // 3
    return [(t.format(org=o, fee=f), i >= cut) for i, (t, o, f) in enumerate(combos)]


def _analyze(analyzer, text: str):
    return analyzer.analyze(text)


@pytest.mark.parametrize("lang", sorted(FAMILIES))
def test_a_fee_asked_in_a_call_is_a_scam(analyzer, lang):
    wrong = [(t, a.verdict) for t, _ in _variants(lang, "scam") if (a := _analyze(analyzer, t)).verdict != "scam"]
    assert not wrong, f"{len(wrong)} not called a scam, e.g. {wrong[:3]}"


@pytest.mark.parametrize("lang", sorted(FAMILIES))
def test_the_same_fee_paid_the_real_way_is_not_flagged(analyzer, lang):
    wrong = [
        (t, a.verdict)
        for t, _ in _variants(lang, "genuine")
        if (a := _analyze(analyzer, t)).verdict not in ("matches_genuine", "no_scam_signs")
    ]
    assert not wrong, f"{len(wrong)} flagged, e.g. {wrong[:3]}"


def test_the_red_flag_is_what_decides(analyzer):
    """The scam side is decided by the call-and-pay structure, not by another cue that happens to fire."""
    missing = [
        t
        for lang in FAMILIES
        for t, _ in _variants(lang, "scam")
        if "red_flag.payment_by_call" not in {e.indicator for e in _analyze(analyzer, t).red_flags}
    ]
    assert not missing, f"{len(missing)} without the flag, e.g. {missing[:3]}"
