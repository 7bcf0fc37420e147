"""The region a text's places point to, found with one automaton pass, is the one a plain search
of every place word finds (the reference below is the old loop), over a generated matrix of texts."""

from __future__ import annotations

import itertools
import random

import pytest

from bot.conversation.emergency import _HAN, WRITING, _has_currency, _place_region, script_of
from nlu.normalize import fold


def _reference(kb, text: str, folded: str):
    best = None
    raw = text.lower()
    traditional = script_of(text) is not None
    for r in kb.regions.values():
        longest = total = 0
        for w in r.places:
            if not w or (w not in raw and w not in folded):
                continue
            if _HAN.search(w) and (r.id in WRITING) != traditional:
                continue
            if _has_currency(raw, w) or _has_currency(folded, w):
                longest, total = max(longest, len(w)), total + len(w)
        if longest and (best is None or (longest, total) > best[:2]):
            best = (longest, total, r)
    return best[2] if best else None


FRAMES = [
    "{a}",
    "昨天在{a}被人骗了，对方又提到{b}",
    "They said my {a} account and {b} were both frozen",
    "{a}{b}",
    "我用{a}付款",
]


def _texts(kb, n: int = 400) -> list[str]:
    rng = random.Random(21)
    words = sorted({w for r in kb.regions.values() for w in r.places if w})
    out = ["今天天气很好", "nothing about any place here", ""]
    for frame in itertools.islice(itertools.cycle(FRAMES), n):
        a, b = rng.choice(words), rng.choice(words)
        text = frame.format(a=a, b=b)
        out += [text, text.upper(), text.replace(a, a.title())]
    return out


def test_place_region_matches_a_search_of_every_place(kb):
    texts = _texts(kb)
    found = 0
    for text in texts:
        folded = fold(text)
        mine, ref = _place_region(kb, text, folded), _reference(kb, text, folded)
        assert (mine and mine.id) == (ref and ref.id), text
        found += mine is not None
    assert found > len(texts) // 3  # the matrix names places, not only nothing


@pytest.mark.parametrize("text", ["", "   ", "no place at all", "完全没有地名"])
def test_no_place_named_is_no_region(kb, text):
    assert _place_region(kb, text, fold(text)) is None


def _foreign_reference(kb, region, text: str, keep=()) -> list[str]:
    from bot.conversation.emergency import _named

    low = text.lower()
    keep = {k.lower() for k in keep}
    own = set(region.places)
    words = [w for r in kb.regions.values() if r.id != region.id for w in r.places if w not in own]
    return [w for w in words if w in low and w not in keep and _named(low, w)]


def test_foreign_terms_match_a_search_of_every_other_regions_place(kb):
    from bot.conversation.emergency import foreign_terms

    texts = _texts(kb, 200)
    rng = random.Random(5)
    hits = 0
    for region in kb.regions.values():
        for text in rng.sample(texts, 60):
            keep = [text.split()[0]] if text.split() and rng.random() < 0.3 else []
            mine = foreign_terms(kb, region, text, keep)
            assert mine == _foreign_reference(kb, region, text, keep), (region.id, text)
            hits += bool(mine)
    assert hits > 50
