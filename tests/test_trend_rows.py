"""Trend rows recorded `later` (the web API: one per check): written in batches off the request path,
in order, never dropped, and all of them by `close` (server shutdown, App.close).

Nothing here waits for the background thread's interval: it is set to an hour, so every row the
tests see was written by `flush`, `close` or the buffer's limit.
"""

from __future__ import annotations

import itertools

import pytest

from bot.app import App, Settings
from bot.services.trends import Trends
from bot.store import Store
from bot.store.trends import HOUR

NOW = 1_800_000_000.0
SCRIPTS = ["fake_cod", "order_anomaly", None]
VERDICTS = ["scam", "suspicious", "no_scam_signs"]
REGIONS = [None, "CN-GD", "HK"]


def rows_in(store: Store) -> list[tuple]:
    return store.db.execute("SELECT bucket, region, script, org, verdict FROM trend_checks ORDER BY id").fetchall()


def generated(n: int) -> list[tuple]:
    """(script, org, verdict, region) for n checks, every combination in turn."""
    combos = itertools.cycle(itertools.product(SCRIPTS, [None, "taobao"], VERDICTS, REGIONS))
    return [next(combos) for _ in range(n)]


@pytest.fixture
def trends(tmp_path):
    store = Store(tmp_path / "t.db", salt=b"s" * 32)
    t = Trends(store, clock=lambda: NOW)
    t.deferred.interval = 3600  # only flush, close or the limit write in these tests
    yield t
    t.close()
    store.close()


@pytest.mark.parametrize("n", [1, 7, 120])
def test_rows_recorded_later_are_written_by_flush_in_order_and_once(trends, n):
    checks = generated(n)
    for script, org, verdict, region in checks:
        assert trends.record(script, org, verdict, region, later=True) is None
    assert trends.flush() == n
    assert trends.flush() == 0  # written once
    bucket = int(NOW) // HOUR * HOUR
    assert rows_in(trends.table.store) == [(bucket, r, s, o, v) for s, o, v, r in checks]


def test_a_failed_write_keeps_its_rows_for_the_next(trends, monkeypatch):
    for script, org, verdict, region in generated(5):
        trends.record(script, org, verdict, region, later=True)
    real = trends.table.add_many
    calls = []

    def flaky(rows):
        calls.append(len(rows))
        if len(calls) == 1:
            raise RuntimeError("database is locked")
        return real(rows)

    monkeypatch.setattr(trends.table, "add_many", flaky)
    with pytest.raises(RuntimeError):
        trends.flush()
    assert rows_in(trends.table.store) == [] and trends.deferred.pending() == 5
    trends.record("fake_cod", None, "scam", later=True)
    assert trends.flush() == 6 and calls == [5, 6]
    assert [r[2] for r in rows_in(trends.table.store)][-1] == "fake_cod"


def test_a_full_buffer_is_written_by_the_caller(trends):
    trends.deferred.limit = 4
    for script, org, verdict, region in generated(4):
        trends.record(script, org, verdict, region, later=True)
    assert len(rows_in(trends.table.store)) == 4 and trends.deferred.pending() == 0


def test_close_writes_what_waits_and_later_rows_go_straight_in(trends):
    for script, org, verdict, region in generated(3):
        trends.record(script, org, verdict, region, later=True)
    trends.close()
    assert len(rows_in(trends.table.store)) == 3
    trends.record("fake_cod", None, "scam", later=True)  # after shutdown nothing waits in memory
    assert len(rows_in(trends.table.store)) == 4 and trends.deferred.pending() == 0


def test_app_close_writes_the_rows_recorded_later(tmp_path, kb):
    app = App(Settings(db_path=tmp_path / "a.db"))
    app._kb = kb
    app.trends.deferred.interval = 3600
    for script, org, verdict, region in generated(9):
        app.trends.record(script, org, verdict, region, later=True)
    app.close()
    store = Store(tmp_path / "a.db", salt=app.store.salt)
    try:
        assert len(rows_in(store)) == 9
    finally:
        store.close()
