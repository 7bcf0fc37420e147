"""The same elderly person's message in four languages (trial6 2.5): a stranger phoned about a parcel
nobody named and wants money before it is brought. It was flagged in Mandarin and Taiwanese and read
"no scam signs" in Cantonese and English. One structure — who rang × the parcel × pay first (× before
it is brought) × a plea for help — generated in Mandarin, Taiwan Mandarin, Cantonese and English: every
language gets the same verdict, with fake cash-on-delivery among the two scripts named first.
"""

from __future__ import annotations

import itertools

import pytest

# Each slot: (Mandarin, Taiwan, Cantonese, English)
WHO = [
    ("有人打电话说", "有人打電話說", "有人打嚟話", "someone rang and said"),
    ("一个男的打来说", "一個男的打來說", "有個男人打嚟話", "a man phoned saying"),
    ("有个女的打电话来讲", "有位小姐打電話來講", "有個女人打電話嚟講", "a woman called and said"),
]
PARCEL = [
    ("我有个包裹", "我有一個包裹", "我有個包裹", "there is a parcel for me"),
    ("有我的快递", "有我的包裹", "有我嘅速遞", "they have a package for me"),
]
PAY = [
    ("要先交钱", "要先付錢", "要先俾錢", "I have to pay first"),
    ("要我给钱", "要我先付款", "要我俾錢", "they want money first"),
]
BEFORE = [
    ("", "", "", ""),
    ("才能送过来", "才會送來", "先至送過嚟", "before they bring it"),
]
PLEA = [
    ("我不懂，你帮我看看", "我看不懂，幫我看一下", "我唔識，你幫我睇下", "i dont understand can you help"),
    ("这是怎么回事", "這是怎麼回事", "點算好", "what does this mean"),
]
LANGS = ("zh", "zh-TW", "yue", "en")


def _structures():
    return list(itertools.product(WHO, PARCEL, PAY, BEFORE, PLEA))


def _say(structure, k: int) -> str:
    who, parcel, pay, before, plea = (slot[k] for slot in structure)
    if k == 3:
        return " ".join(x for x in (who, parcel, pay, before, plea) if x)
    return f"{who}{parcel}，{pay}{before}，{plea}"


def test_the_matrix_has_every_language_for_every_structure():
    rows = _structures()
    assert len(rows) >= 40
    for s in rows[:3]:
        assert len({_say(s, k) for k in range(4)}) == 4


@pytest.mark.parametrize("structure", _structures()[::3], ids=lambda s: _say(s, 3)[:60])
def test_one_structure_reads_the_same_in_four_languages(analyzer, structure):
    got = {lang: analyzer.analyze(_say(structure, k)) for k, lang in enumerate(LANGS)}
    verdicts = {lang: a.verdict for lang, a in got.items()}
    assert len(set(verdicts.values())) == 1, verdicts
    assert "no_scam_signs" not in verdicts.values() and "matches_genuine" not in verdicts.values(), verdicts
    for lang, a in got.items():
        assert "fake_cod" in [m.id for m in a.scripts[:2]], (lang, [m.id for m in a.scripts])


@pytest.mark.parametrize(
    "text",
    [
        "顺丰快递员打电话说包裹到了，放在驿站，凭取件码去取",
        "the courier rang to say my parcel will come tomorrow between 9 and 12",
        "郵差打嚟話我個包裹明天派，叫我留喺屋企",
        "I paid for the parcel on the shop's website and the delivery is tomorrow",
    ],
)
def test_a_parcel_call_that_asks_no_money_is_not_flagged(analyzer, text):
    assert analyzer.analyze(text).verdict in ("no_scam_signs", "matches_genuine"), text
