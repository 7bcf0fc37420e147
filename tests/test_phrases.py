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


@pytest.mark.parametrize(
    "phrase, triggers",
    [
        ("{转|汇|打}给我{的}?{账户|卡}", ("打给我", "汇给我", "转给我")),
        ("{先|要}{付|转}{一笔|些}钱", ("先付", "先转", "要付", "要转")),
        ("{汇|转}…给我", ("汇", "转")),  # a gap: nothing to lengthen with
        ("{a|b}?x", None),  # an optional start: no trigger can be promised
    ],
)
def test_triggers_are_lengthened_by_what_follows_a_group(phrase, triggers):
    from knowledge.phrases import phrase_triggers

    assert phrase_triggers(phrase) == triggers


def test_every_match_of_a_shipped_phrase_starts_with_one_of_its_triggers(kb):
    """The analyzer only tries a phrase where a trigger occurs: a match elsewhere would be lost."""
    import json
    from pathlib import Path

    from nlu.normalize import normalize

    texts = [ex.text for s in kb.scripts.values() for ex in s.examples] + list(kb.genuine)
    data = Path(__file__).parent / "data" / "accounts.jsonl"
    texts += [json.loads(line)["text"] for line in data.read_text("utf-8").splitlines()]
    folded = [normalize(t).text for t in texts]
    checked = 0
    for ind in kb.indicators():
        for phrase in ind.patterns:
            if phrase.triggers is None:
                continue
            for text in folded:
                for m in phrase.pattern.finditer(text):
                    checked += 1
                    assert any(text.startswith(t, m.start()) for t in phrase.triggers), (ind.id, m.group())
    assert checked > 500
