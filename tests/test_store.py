"""The reported-scam database: quorum, rate limit, official protection, audit, imports, concurrency."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3

import pytest

from bot.store import SCHEMA_VERSION, ProtectedNumber, RateLimited, SchemaTooNew, Store, redact

N = "+8613800138000"


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    s = Store(tmp_path / "t.db", salt=b"s", quorum=3, reports_per_hour=5, clock=clock)
    yield s
    s.close()


def test_new_database_is_migrated_and_in_wal_mode(store):
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"reports", "numbers", "moderation"} <= set(store.db.table_names())


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    sqlite3.connect(path).execute("PRAGMA user_version = 999")
    with pytest.raises(SchemaTooNew):
        Store(path, salt=b"s")


WEEK = 7 * 24 * 3600


def _established(store, clock, *reporters: tuple[str, str]) -> None:
    """Each (reporter, channel) reported some other number over a week ago."""
    for k, (who, channel) in enumerate(reporters):
        store.add_report(f"+86139000000{k:02d}", "fake_cod", who, channel=channel)
    clock.now += WEEK + 1


def test_quorum_of_independent_established_reporters_of_two_kinds_confirms(store, clock):
    _established(store, clock, ("tg:1", "telegram"), ("tg:2", "telegram"), ("api:k", "api"))
    assert store.add_report(N, "refund_compensation", "tg:1", channel="telegram").record.status == "unverified"
    assert store.add_report(N, "refund_compensation", "tg:2", channel="telegram").record.status == "unverified"
    outcome = store.add_report(N, "credit_loan", "api:k", channel="api")
    assert outcome.confirmed_now and outcome.record.status == "confirmed"
    assert outcome.record.reporters == 3 and outcome.record.scripts == {"refund_compensation": 2, "credit_loan": 1}
    assert store.history(N)[-1]["by"] == "quorum"


@pytest.mark.parametrize("channel", ["api", "telegram", "console"])
@pytest.mark.parametrize("puppets", [3, 6])
def test_sockpuppets_of_one_kind_never_confirm(store, clock, channel, puppets):
    """Keys or accounts made for the purpose, however many and however old, are one kind of reporter."""
    store.reports_per_hour = 100
    if puppets == 6:
        _established(store, clock, *[(f"{channel}:{i}", channel) for i in range(puppets)])
    for i in range(puppets):
        rec = store.add_report(N, "fake_cod", f"{channel}:{i}", channel=channel).record
    assert rec.reporters == puppets and rec.status == "unverified"


def test_new_reporters_count_half(store):
    for who, channel in (("tg:1", "telegram"), ("api:a", "api"), ("op:o", "console"), ("tg:2", "telegram")):
        rec = store.add_report(N, "fake_cod", who, channel=channel).record
    assert rec.status == "unverified"  # four new reporters of three kinds weigh 2 < 3
    rec = store.add_report(N, "fake_cod", "api:b", channel="api").record
    assert rec.status == "unverified"
    assert store.add_report(N, "fake_cod", "tg:3", channel="telegram").confirmed_now  # six new ones weigh 3


def test_a_trusted_reporter_lets_one_kind_confirm(store, clock):
    store.is_trusted = lambda key: key == store.reporter_key("tg:volunteer")
    _established(store, clock, ("tg:1", "telegram"), ("tg:2", "telegram"))
    store.add_report(N, "fake_cod", "tg:1", channel="telegram")
    store.add_report(N, "fake_cod", "tg:2", channel="telegram")
    assert store.add_report(N, "fake_cod", "tg:volunteer", channel="telegram").confirmed_now


def test_one_reporter_repeating_never_inflates(store):
    for _ in range(5):
        rec = store.add_report(N, "refund_compensation", "alice").record
    assert (rec.reporters, rec.reports, rec.status) == (1, 5, "unverified")


def test_rate_limit_per_reporter_per_hour(store, clock):
    for i in range(5):
        store.add_report(f"+861380013800{i}", "fake_cod", "alice")
    with pytest.raises(RateLimited):
        store.add_report("+8613800138009", "fake_cod", "alice")
    store.add_report("+8613800138009", "fake_cod", "bob")  # others are not affected
    clock.now += 3601
    store.add_report("+8613800138009", "fake_cod", "alice")


def test_official_lines_are_held_and_never_confirmed(store):
    for who in ("a", "b", "c", "d"):
        outcome = store.add_report("CN:95188", "refund_compensation", who, protected=True)
    assert outcome.held and outcome.record.status == "unverified" and outcome.record.held == 4
    with pytest.raises(ProtectedNumber):
        store.moderate("CN:95188", "confirmed", "vol", "many reports", protected=True)


def test_moderation_is_audited(store):
    store.add_report(N, "fake_cod", "alice")
    store.moderate(N, "confirmed", "officer 7", "case 2026-118")
    store.moderate(N, "cleared", "volunteer", "number reassigned")
    hist = store.history(N)
    assert [(h["from"], h["to"], h["by"]) for h in hist] == [
        ("unverified", "confirmed", "officer 7"),
        ("confirmed", "cleared", "volunteer"),
    ]
    assert store.lookup(N).status == "cleared"


def test_reporter_identity_is_not_stored(store):
    store.add_report(N, "fake_cod", "telegram:123456789", note="call back 13912345678 or me@example.com")
    row = store.db.execute("SELECT reporter, note FROM reports").fetchone()
    assert "123456789" not in row[0]
    assert row[1] == "call back [number] or [email]"


def test_forget_reporter_recounts(store):
    store.add_report(N, "fake_cod", "alice")
    store.add_report(N, "fake_cod", "bob")
    assert store.forget_reporter("alice") == 1
    assert store.lookup(N).reporters == 1


def test_import_is_idempotent_and_counts_each_source_once(store, clock):
    rows = [(N, "fake_cod", None), ("+8613800138001", "order_anomaly", "x"), (N, "fake_cod", None)]
    first = store.import_reports(rows, "police-list-1")
    assert (first.added, first.already_present) == (2, 1)
    again = store.import_reports(rows, "police-list-1")
    assert (again.added, again.already_present) == (0, 3)
    assert store.lookup(N).reporters == 1
    store.import_reports(rows, "bank-list")
    result = store.import_reports(rows, "partner-list")
    assert result.confirmed == 0 and store.lookup(N).status == "unverified"  # lists are one kind of reporter
    clock.now += WEEK + 1
    store.is_trusted = lambda key: key == store.reporter_key("tg:volunteer")
    assert store.add_report(N, "fake_cod", "tg:volunteer", channel="telegram").confirmed_now


def test_import_holds_official_lines(store):
    result = store.import_reports([("CN:95188", "fake_cod", None)], "list", is_protected=lambda n: n == "CN:95188")
    assert result.held == 1 and store.lookup("CN:95188").protected


def test_redact():
    assert redact("卡号 6222 0212 3456 7890 123 身份证 110101199003071234") == "卡号 [number] 身份证 [number]"
    assert redact("") is None


def _reporter(path: str, worker: int, count: int, barrier) -> None:
    s = Store(path, salt=b"s", quorum=1000, reports_per_hour=10_000)
    barrier.wait()
    for i in range(count):
        s.add_report(f"+86138{worker:02d}{i:06d}"[:14], "fake_cod", f"w{worker}", channel="bot")
        s.add_report(N, "fake_cod", f"w{worker}-{i}", channel="bot")
    s.close()


def test_concurrent_writers_lose_no_report(tmp_path):
    path = str(tmp_path / "c.db")
    Store(path, salt=b"s").close()
    workers, count = 4, 60
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(workers)
    procs = [ctx.Process(target=_reporter, args=(path, w, count, barrier)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    s = Store(path, salt=b"s")
    assert s.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 2 * workers * count
    assert s.lookup(N).reports == workers * count and s.lookup(N).reporters == workers * count
    s.close()
