"""Regional variants (knowledge/variants.yml) never rewrite inside a longer word.

For every variant, compounds are generated with every common two-character word that shares its
first or last character (tools/variant_guards.py: jieba's dictionary, words at least 30 times
frequent). Where jieba segments the compound so that the variant straddles a word boundary, the
neighbour word must come through normalisation intact; where the variant stands as a word of its
own, it is still rewritten.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from nlu.normalize import normalize, variant_entries

pytest.importorskip("jieba")


def _guards():
    """tools/variant_guards.py (tools/ is scripts, not a package)."""
    path = Path(__file__).resolve().parents[1] / "tools" / "variant_guards.py"
    spec = importlib.util.spec_from_file_location("variant_guards", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["variant_guards"] = module
    spec.loader.exec_module(module)
    return module


guards = _guards()
compounds, straddles = guards.compounds, guards.straddles

KEYS = [k for k in variant_entries() if len(k) >= 2]


def test_every_variant_is_checked_and_the_word_list_is_large():
    assert len(KEYS) > 60 and len(guards.common_words()) > 30_000


def _covers(text: str, key: str, start: int, end: int) -> bool:
    """Whether `key` occurs in `text` over the whole of text[start:end]."""
    at = text.find(key)
    while at >= 0:
        if at <= start and at + len(key) >= end:
            return True
        at = text.find(key, at + 1)
    return False


@pytest.mark.parametrize("key", KEYS)
def test_no_variant_rewrites_inside_a_longer_word(key):
    broken = []
    for side, ch, compound, start, end in compounds(key):
        if not straddles(compound, start, end):
            continue
        word = ch + compound[start] if side == "not_after" else compound[end - 1] + ch
        at = 0 if side == "not_after" else end - 1
        if any(k != key and _covers(compound, k, at, at + 2) for k in KEYS):
            continue  # another variant is the word here (一条link, 户口号码): it is checked on its own
        if normalize(word).text not in normalize(compound).text:
            broken.append((compound, word, normalize(compound).text))
    assert not broken, f"{key}: rewritten inside {len(broken)} words, e.g. {broken[:5]}"


@pytest.mark.parametrize("key", KEYS)
def test_a_variant_standing_alone_is_still_rewritten(key):
    value = variant_entries()[key][0]
    if not value or value == key:
        pytest.skip("maps to itself")
    for before, after in (("我", "。"), ("，", "吗"), ("", "")):  # neighbours that make no word with it
        text = f"{before}{key}{after}"
        assert value in normalize(text).text, (text, normalize(text).text)


@pytest.mark.parametrize(
    "text, kept",
    [
        ("地面交通很乱", "地面交通"),  # 地面 + 交通, no 面交
        ("方面交流", "交流"),
        ("進行動畫製作", "进行"),  # 进行 + 动画, no 行动电话 rewrite path
        ("這是方程式", "方程式"),  # 方程 + 式, not 程式
        ("超商品牌", "商品"),
        ("然而家裡沒人", "然而"),
    ],
)
def test_written_compounds_keep_their_words(text, kept):
    assert kept in normalize(text).text


@pytest.mark.parametrize(
    "text, mapped",
    [
        ("可以面交嗎", "当面交易"),
        ("去超商繳費", "便利店"),
        ("佢話我個戶口有問題", "账户"),
        ("我一個戶口俾人凍結咗", "一个账户"),
        ("唔好轉賬", "不要转账"),
        ("撳一條link", "链接"),
    ],
)
def test_the_variants_still_do_their_job(text, mapped):
    assert mapped in normalize(text).text
