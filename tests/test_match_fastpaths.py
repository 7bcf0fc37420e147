"""The shortcuts inside `Analyzer.match` and the alias index give what the plain ways give.

`match` reads negation once per place of a text (`_negation_reader`), skipping the Chinese reading where no
negation's first character is near and the English one in a text holding none of its words; it and the alias
index build evidence and mentions without the frozen dataclasses' `__init__`. Each is compared here with the
plain way over generated texts (negation words, question words and fillers of both languages, in every order).
"""

from __future__ import annotations

import pickle
import random

import pytest

from knowledge.model import L10n
from nlu.analyzer import Analyzer, Evidence, _evidence
from nlu.entities import Mention, _mention

# Pieces a text is built from: negations and near-negations in both languages, questions, and plain words.
PIECES = [
    "不",
    "不需",
    "无需",
    "不要",
    "别",
    "从来不会",
    "请勿",
    "没有人",
    "免收",
    "能不能",
    "是不是",
    "会不会",
    "客服",
    "转账",
    "验证码",
    "给我",
    "，",
    "。",
    "never ",
    "don't ",
    "do not ",
    "won't ",
    "no ",
    "zero ",
    "without any ",
    "free of ",
    "waived ",
    "not ",
    "or ",
    "nothing ",
    "know ",
    "please ",
    "send ",
    "the code ",
    "pay the fee ",
    "to ",
    ". ",
    ", ",
]


@pytest.fixture(scope="module")
def analyzer(kb):
    return Analyzer(kb, wording=None, sms=None)


@pytest.mark.parametrize("seed", range(3))
def test_negation_read_once_per_text_is_negation_read_per_match(analyzer, seed):
    """At every place of every generated text, the per-text reader says what `_negated` says."""
    rng = random.Random(seed)
    negated = 0
    for _ in range(300):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14)))
        reader = analyzer._negation_reader(text)
        for start in [*range(len(text) + 1), *range(len(text), -1, -1)]:  # twice: the second answer is remembered
            want = analyzer._negated(text, start)
            assert reader(start) == want, (text, start)
            negated += want
    assert negated > 1000  # the texts reach both answers, in both languages


def test_evidence_built_directly_is_the_evidence_init_builds():
    """Same fields, equality, hash, repr and pickle as `Evidence(...)`."""
    explain = L10n("说明", "explained")
    rng = random.Random(5)
    for _ in range(50):
        start = rng.randint(0, 500)
        end = start + rng.randint(1, 40)
        args = ("quoted", start, end, f"red_flag.f{rng.randint(0, 9)}", "demand", "demand", rng.random(), explain)
        fields = dict(zip(("indicator", "stage", "kind", "weight", "explain"), args[3:], strict=True))
        fast, plain = _evidence(*args[:3], fields), Evidence(*args)
        assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
        assert vars(fast) == vars(plain) and list(vars(fast)) == list(vars(plain))
        assert pickle.loads(pickle.dumps(fast)) == plain
        assert fast.to_dict() == plain.to_dict()
        with pytest.raises(AttributeError):
            fast.weight = 1.0  # still frozen


def test_mention_built_directly_is_the_mention_init_builds():
    """Same fields and order as `Mention(text, start, end, id=...)`, and a `detail` of its own."""
    a, b = _mention("Acme", 3, 7, "acme"), _mention("Acme", 3, 7, "acme")
    plain = Mention("Acme", 3, 7, id="acme")
    assert a == plain and repr(a) == repr(plain) and list(vars(a)) == list(vars(plain))
    assert a.to_dict() == plain.to_dict()
    a.detail["x"] = 1
    assert b.detail == {} and plain.detail == {}
