"""A warning that tells the person what not to do is no demand; the same words asked are.

Generated twins (every part written for this test): a police officer, the bank or an anti-fraud
line tells the person not to give a code and not to transfer — the negation sits inside the demand
phrase (叫我唔好俾驗證碼，唔好過數) or before a list joined by "or" ("never to share a code or
transfer money"). The scam twin keeps the same words but asks: "told me not to hang up and to
transfer", 叫我唔好收線，過數去安全戶口.
"""

from __future__ import annotations

import itertools

import pytest

WARNINGS = {
    "yue": (
        "{who}打嚟提我，話最近好多人扮{org}，叫我唔好俾驗證碼，唔好過數俾陌生人",
        {"who": ["警察", "銀行職員", "18222熱線"], "org": ["順豐", "銀行", "HKTVmall"]},
    ),
    "zh": (
        "{who}打电话提醒我，最近有人冒充{org}，让我千万不要说验证码，不要转账",
        {"who": ["派出所民警", "银行客服", "96110"], "org": ["快递客服", "京东客服", "公安"]},
    ),
    "zh-Hant": (
        "{who}打來提醒我，說最近有假冒{org}的詐騙，叫我不要給簡訊驗證碼，也不要去ATM轉帳",
        {"who": ["165專線", "派出所", "銀行行員"], "org": ["蝦皮客服", "中華郵政", "電信公司"]},
    ),
    "en": (
        "The {who} called to warn me about fake {org} calls and told me never to {a} or {b}.",
        {
            "who": ["police", "bank", "fraud hotline"],
            "org": ["DHL", "Amazon"],
            "a": ["share a code", "give my PIN"],
            "b": ["transfer money to anyone", "move my savings"],
        },
    ),
}
SCAMS = {
    "yue": (
        "{who}打嚟話我個戶口有問題，叫我唔好收線，過數去安全戶口",
        {"who": ["自稱警察嘅人", "扮銀行職員嘅人"]},
    ),
    "zh": ("{who}打电话来，叫我不要挂电话，马上转账到安全账户", {"who": ["自称民警的人", "冒充银行的人"]}),
    "en": (
        "A man claiming to be from the {org} told me not to hang up and to transfer my savings to a safe account.",
        {"org": ["bank", "police"]},
    ),
}


def _texts(families: dict) -> list[str]:
    out = []
    for template, slots in families.values():
        keys = sorted(slots)
        for values in itertools.product(*(slots[k] for k in keys)):
            out.append(template.format(**dict(zip(keys, values, strict=True))))
    return out


@pytest.mark.parametrize("text", _texts(WARNINGS))
def test_a_warning_not_to_pay_is_not_a_demand(analyzer, text):
    a = analyzer.analyze(text)
    asked = {e.indicator for e in a.red_flags} & {"red_flag.asks_transfer", "red_flag.asks_code"}
    assert not asked and a.verdict != "scam", (a.verdict, asked)


@pytest.mark.parametrize("text", _texts(SCAMS))
def test_the_same_words_asked_stay_a_scam(analyzer, text):
    assert analyzer.analyze(text).verdict == "scam"
