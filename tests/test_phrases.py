"""The volunteers' phrase syntax: groups, optional groups, gaps and word boundaries."""

from __future__ import annotations

import pytest

from knowledge.phrases import PhraseSyntaxError, compile_phrases


def _match(phrase: str, text: str, lang: str = "zh") -> bool:
    zh, en = ([phrase], []) if lang == "zh" else ([], [phrase])
    return any(p.pattern.search(text) for p in compile_phrases(zh, [], en))


@pytest.mark.parametrize(
    "phrase, text, expected",
    [
        ("转给我{的}?账户", "转给我账户", True),
        ("转给我{的}?账户", "转给我的账户", True),
        ("{取件|收件}…{#}?次", "取件10次", True),
        ("{下载|安装}…{app|软件}", "下载安装HIO软件", True),  # a Chinese option after a gap needs no word boundary
    ],
)
def test_zh_phrases(phrase, text, expected):
    assert _match(phrase, text) is expected


@pytest.mark.parametrize(
    "phrase, text, expected",
    [
        ("{wire|transfer} # … {or|now}", "transfer 200 now", True),
        ("{wire|transfer} # … {or|now}", "transfer 200 yuan for his school trip", False),  # "or" is not inside "for"
        ("borrow … {send|transfer}", "borrow money and resend", False),
        ("borrow … {send|transfer}", "borrow money and send it", True),
    ],
)
def test_en_words_after_a_gap_start_at_a_word_boundary(phrase, text, expected):
    assert _match(phrase, text, "en") is expected


def test_question_mark_outside_a_group_is_a_clear_error():
    with pytest.raises(PhraseSyntaxError, match=r"\{的\}\?"):
        compile_phrases(["转给我的?账户"], [])
