"""People in trouble, however they write it: the generated matrix of urgent messages.

Each case (tests/urgent_matrix.py) is the first message of a fresh chat: the first line of the
first reply must be the one right action (stop the loss / hang up / end the video call /
disconnect the computer / stop sharing and leave the meeting), and the first screen must carry
the region's own contact and no other region's. The hit rate must be >= 0.98 per language and
per region; benchmarks/bench_urgent.py prints the same figures.
"""

from __future__ import annotations

import pytest
from urgent_matrix import HAND, Case, cases, first_line_ok, rates, region_ok, run

from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel

LINE = 0.98


@pytest.fixture(scope="module")
def results(kb, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("urgent") / "u.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    yield run(kb, analyzer.analyze, numbers.check, numbers.parse)
    store.close()


def test_the_matrix_is_big_and_varied():
    all_cases = cases()
    assert len(all_cases) >= 400
    assert len({c.text for c in all_cases}) == len(all_cases)  # no duplicates padding the count
    assert {c.lang for c in all_cases} == {"en", "zh", "zh-Hant", "yue"}
    assert {c.region for c in all_cases} == {"CN", "TW", "HK", "GB", "US", "AU", "CA", "SG", "IN", "NZ", "MY"}
    assert {c.action for c in all_cases} == {"given", "call", "video", "computer", "meeting"}


@pytest.mark.parametrize("group", ["lang", "region"])
def test_hit_rate_per_language_and_region(results, group):
    per = rates(results, lambda c: getattr(c, group))
    low = {g: f"{h}/{n}" for g, (h, n) in per.items() if h / n < LINE}
    misses = [f"{r.case.text[:60]} -> {r.first_line[:40]}" for r in results if not r.hit][:8]
    assert not low, f"below {LINE}: {low}; e.g. {misses}"


def test_first_line_and_region_each_asserted(results):
    assert all(r.first_ok for r in results if r.case in HAND)  # the hand-written ones, each
    assert all(r.region_ok for r in results if r.case in HAND)
    assert sum(r.first_ok for r in results) / len(results) >= LINE
    assert sum(r.region_ok for r in results) / len(results) >= LINE


def test_the_judges_can_fail():
    """The checks are not vacuous: a wrong first line or another region's number is a miss."""
    case = Case("x", "en", "HK", "call")
    assert not first_line_ok(case, "⚠️ Suspicious: do not act on it yet")
    assert first_line_ok(case, "Hang up now.")
    assert not region_ok(case, "Anti-Scam Helpline: 18222; police 110, anti-fraud 96110")
    assert not region_ok(case, "Action Fraud: 0300 123 2040")
    assert region_ok(case, "Anti-Scam Helpline: 18222 (www.adcc.gov.hk); police emergency 999")
