"""Work a chat turn does once, not once per reader, and never with another result.

- The situation reader keeps its last readings by text: the analyzer, the engine and the report
  reading the same words get the one reading, equal to a fresh one; another knowledge base's
  situations are read afresh; the memo stays small.
- The open-line phrases are searched only when a text holds, of each group of words they require,
  one: found in one Aho–Corasick pass, the same phrases as one substring test per word.
- A number's facts are kept by (number, claimed organisation, region): the same facts as a fresh
  lookup, for every number and claim of a generated matrix.
The texts are the generated urgent matrices (tests/trouble_matrix.py, tests/urgent_families.py),
cut and mixed with the phrases' own words.
"""

from __future__ import annotations

import copy
import random

import pytest
import trouble_matrix
import urgent_families

from nlu import situation as sit
from nlu.literals import could_match
from nlu.phones import RECENT_FACTS, NumberIntel, NumberParseError, parse_number


@pytest.fixture(scope="module")
def texts() -> list[str]:
    rng = random.Random(31)
    out = [c.text for c in trouble_matrix.cases()] + [c.text for c in urgent_families.cases()]
    rng.shuffle(out)
    return out[:600]


def test_the_same_words_get_the_one_reading_equal_to_a_fresh_one(kb, texts, monkeypatch):
    shared = [sit.detect(kb.situations, t) for t in texts[:40]]
    again = [sit.detect(kb.situations, t) for t in texts[:40][-sit._RECENT_MAX :]]
    assert all(a is b for a, b in zip(again, shared[-sit._RECENT_MAX :], strict=True))
    monkeypatch.setattr(sit, "_RECENT", None)
    fresh = [sit.detect(kb.situations, t) for t in texts[:40]]
    assert fresh == shared
    assert all(a is not b for a, b in zip(fresh, shared, strict=True))
    assert sum(bool(s.given or s.ongoing) for s in fresh) > 10  # readings that found something


def test_other_situations_are_read_afresh_and_the_memo_stays_small(kb, texts):
    other = copy.deepcopy(kb.situations)
    text = next(t for t in texts if sit.detect(kb.situations, t).given)
    mine = sit.detect(kb.situations, text)
    theirs = sit.detect(other, text)
    assert theirs == mine and theirs is not mine
    for t in texts[:200]:
        sit.detect(kb.situations, t)
    assert 0 < len(sit._RECENT) <= sit._RECENT_MAX


def test_open_line_phrases_are_searched_exactly_when_their_words_are_there(kb, texts):
    c = sit._compiled(kb.situations)
    words = sorted({w for _, ps in c.ongoing for req, _ in ps for g in req for w in g})
    rng = random.Random(32)
    samples = list(texts)
    for _ in range(600):  # the phrases' own words, cut into and around each other
        parts = [rng.choice(words) for _ in range(rng.randint(1, 5))] + [rng.choice(texts)[: rng.randint(0, 30)]]
        rng.shuffle(parts)
        joined = rng.choice(["", " ", "，"]).join(parts)
        cut = rng.randint(0, len(joined))
        samples.append(joined[:cut] + joined[cut + 1 :])
    searched = skipped = 0
    for text in samples:
        folded = sit.normalize(text).text
        has = c.ongoing_words.find(folded).contains
        for _, phrases in c.ongoing:
            for required, _rx in phrases:
                plain = all(any(w in folded for w in group) for group in required)
                assert could_match(required, has) == plain, (text, required)
                searched += plain
                skipped += not plain
    assert searched > 300 and skipped > searched  # both sides reached


NUMBERS = [
    "13800138000",
    "+8613912345678",
    "95588",
    "+442079460958",
    "07911123456",
    "+85291234567",
    "110",
    "4001234567",
]


def test_a_numbers_facts_are_those_of_a_fresh_lookup(kb):
    intel, fresh_intel = NumberIntel(kb, "CN"), NumberIntel(kb, "CN")
    claims = [None, *sorted(kb.organisations)[:6]]
    rng = random.Random(33)
    seen = 0
    for _ in range(3):
        for raw in NUMBERS:
            for region in ("CN", "GB", "HK"):
                try:
                    p = parse_number(raw, region)
                except NumberParseError:
                    continue
                claim, home = rng.choice(claims), rng.choice([None, "CN", "GB"])
                first, second = intel.facts(p, claim, home), intel.facts(p, claim, home)
                assert second is first
                assert first == fresh_intel._facts(p, claim, home)
                seen += 1
    assert seen > 2 * len(NUMBERS) * 3
    assert len(intel._recent) <= RECENT_FACTS
