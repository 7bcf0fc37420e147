"""The situation reader's and the analyzer's scanning shortcuts never change what they find.

- The reader's long alternations (each kind's phrases, the English act and plain-form patterns, the
  relative as subject, the news-report words) are searched only in clauses holding the literals
  every match needs (`nlu.literals.Prefiltered`): compared with the plain expressions.
- A clause written again in one text is read once: `detect` is compared with the same reading
  clause by clause (a memo that keeps nothing), over texts made of repeated and shuffled clauses.
- The Chinese acts inside an excluded word (给了个网址) are found by bisection over the excluded
  spans: compared with testing every span.
- The analyzer's English negation window, prefiltered, against its plain expression.
The texts are built from the generated urgent matrices (tests/trouble_matrix.py,
tests/urgent_families.py) and the patterns' own literals, cut, repeated and mixed.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_right

import pytest
import trouble_matrix
import urgent_families

from nlu import situation as sit
from nlu.literals import Prefiltered, could_match
from nlu.normalize import normalize

_BREAK = re.compile(r"[，。！？!?；;,.\n]+")


@pytest.fixture(scope="module")
def messages() -> list[str]:
    rng = random.Random(21)
    texts = [c.text for c in trouble_matrix.cases()] + [c.text for c in urgent_families.cases()]
    rng.shuffle(texts)
    return texts[:900]


@pytest.fixture(scope="module")
def clauses(messages) -> list[str]:
    """Clauses of the generated messages, folded, plus clauses mixed from their words."""
    out = [c.strip() for m in messages for c in _BREAK.split(normalize(m).text) if c.strip()]
    rng = random.Random(22)
    words = [w for c in out for w in c.split()]
    out += [" ".join(rng.choice(words) for _ in range(rng.randint(2, 12))) for _ in range(800)]
    return out


def _reader_patterns(kb) -> list[tuple[str, Prefiltered]]:
    named = []
    for view_name, c in (("own", sit._compiled(kb.situations)), ("helper", sit._compiled(kb.situations).helper_view())):
        named.append((f"{view_name}.report", c.report))
        named.append((f"{view_name}.kin_en", c.kin_en))
        named += [(f"{view_name}.phrases.{k}", rx) for k, rx in c.phrases.items()]
        named += [(f"{view_name}.en_kind.{k}", rx) for k, rx in c.en_kind.items()]
        named += [(f"{view_name}.en_base.{k}", rx) for k, rx in c.en_base.items()]
    return [(n, rx) for n, rx in named if rx is not None]


def test_the_readers_prefiltered_patterns_find_what_the_plain_ones_find(kb, clauses):
    patterns = _reader_patterns(kb)
    assert all(isinstance(rx, Prefiltered) for _, rx in patterns)
    hits = skipped = 0
    for name, rx in patterns:
        plain = re.compile(rx.pattern, rx.flags)
        for clause in clauses:
            got = [(m.span(), m.groups()) for m in rx.finditer(clause)]
            want = [(m.span(), m.groups()) for m in plain.finditer(clause)]
            assert got == want, (name, clause)
            first, expected = rx.search(clause), plain.search(clause)
            assert (first and first.span()) == (expected and expected.span()), (name, clause)
            hits += bool(want)
            skipped += bool(rx._needs) and not could_match(rx._needs, clause.__contains__)
    # the clauses reach both sides: matches found, and clauses the prefilter rules out unread
    assert hits > 200 and skipped > len(patterns) * len(clauses) // 2


class _KeepsNothing(dict):
    def __setitem__(self, key, value) -> None:
        pass


def test_a_clause_written_again_is_read_as_the_first_time(kb, messages, monkeypatch):
    rng = random.Random(23)
    texts = []
    for text in messages[:300]:
        other = rng.choice(messages)
        sep = "，" if re.search(r"[\u4e00-\u9fff]", text) else ". "
        texts.append(sep.join([text, other, text, text]))
        parts = [p for p in _BREAK.split(text) if p.strip()] * 3 + [other]
        rng.shuffle(parts)
        texts.append(sep.join(parts))
    fast = [sit.detect(kb.situations, t) for t in texts]
    monkeypatch.setattr(sit, "_clause_memo", _KeepsNothing)
    monkeypatch.setattr(sit, "_RECENT", None)  # (and no reading kept whole)
    plain = [sit.detect(kb.situations, t) for t in texts]
    assert fast == plain
    assert sum(bool(s.given) for s in plain) > 100  # what was given is read, not only "nothing"


def test_acts_inside_excluded_words_are_found_by_bisection_as_by_every_span(kb):
    c = sit._compiled(kb.situations)
    assert c.not_acts is not None and c.zh_acts is not None
    excluded_words = [w for w in kb.situations.markers["zh"]["not_acts"]]
    acts = list(c.zh_act_kinds)
    rng = random.Random(24)
    checked = inside = 0
    for _ in range(3000):
        clause = "".join(
            rng.choice([*excluded_words, *acts, "我", "了", "他", "一个", " "]) for _ in range(rng.randint(1, 40))
        )
        spans = [(x.start(), x.end()) for x in c.not_acts.finditer(clause)]
        starts = [a for a, _ in spans]
        for hit in c.zh_acts.finditer(clause):
            s = hit.start()
            every = any(a <= s < b for a, b in spans)
            k = bisect_right(starts, s)
            assert every == bool(k and s < spans[k - 1][1]), (clause, s)
            checked += 1
            inside += every
    assert checked > 5000 and inside > 500


def test_the_english_negation_window_prefiltered_is_the_plain_expression(messages):
    from nlu.analyzer import _NEG_EN

    plain = re.compile(_NEG_EN.pattern)
    rng = random.Random(25)
    folded = [normalize(m).text for m in messages]
    found = 0
    negations = ["never", "don't", "do not", "won't", "not", "no", "zero", "without any", "free of", "waived"]
    words = [w for t in folded for w in t.split()]
    folded += [
        " ".join(rng.choice([*negations, *words[:3000], "or"]) for _ in range(rng.randint(1, 9))) + " "
        for _ in range(2000)
    ]
    for text in folded:
        # (a match runs to the window's end: every word end, as where a phrase matched begins)
        for end in [*[m.end() for m in re.finditer(r"\S+\s", text)][:12], rng.randint(0, len(text))]:
            window = text[max(0, end - 56) : end]
            got, want = _NEG_EN.search(window), plain.search(window)
            assert (got and got.span()) == (want and want.span()), window
            found += want is not None
    assert found > 300
