"""Trust: official-number protection, the salt, identities on the CLI and in imports, quorum recount.

Each test here was written against a defect found by probing as an attacker would (issue 11).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.app import App, Settings
from bot.cli import main
from bot.cli.numbers import operator
from bot.services.numbers import NumberService
from bot.store import MIN_SALT, ProtectedNumber, SaltError, Store, load_salt
from bot.store.core import AlreadyDone
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel, parse_number

ROOT = Path(__file__).resolve().parent.parent
BILL = "【中国移动】尊敬的客户，您好！您本月话费账单已出，详询10086。"
SALT = b"a-test-salt-long-enough"


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "t.db", salt=SALT, quorum=3, reports_per_hour=1000)
    yield s
    s.close()


@pytest.fixture
def service(kb, store):
    return NumberService(NumberIntel(kb), store)


@pytest.fixture
def cli(monkeypatch):
    runner = CliRunner()
    monkeypatch.setenv("CALLCHECK_ADMINS", operator())

    def invoke(*args, input=None):
        return runner.invoke(main, list(args), input=input)

    return invoke


# -- 1. official numbers ---------------------------------------------------------------------
@pytest.mark.parametrize("number", ["10086", "10010", "10000", "95188", "95588", "95338", "96110", "110"])
def test_carrier_bank_courier_and_government_lines_are_protected(kb, number):
    assert NumberIntel(kb).protected(parse_number(number).canonical)


def test_telegram_reports_cannot_condemn_a_carrier_or_its_bill(kb, service, store):
    analyzer = Analyzer(kb, number_lookup=service.lookup_for_analysis)
    before = analyzer.analyze(BILL)
    for user in range(1, 51):
        _, outcome = service.report("10086", "refund_compensation", f"tg:{user}", channel="telegram")
        assert outcome.held and not outcome.confirmed_now
    rec = store.lookup("CN:10086")
    assert rec.protected and rec.status == "unverified" and rec.reporters == 50
    after = analyzer.analyze(BILL)
    assert after.verdict == before.verdict != "scam"
    assert after.risk <= before.risk + 1e-9


def test_protection_holds_on_status_changes_and_lookups_made_with_another_kb(kb, tmp_path):
    path = tmp_path / "kb.db"
    elsewhere = Store(path, salt=SALT)  # as with `--kb` pointing at a folder without 95188
    elsewhere.moderate("CN:95188", "confirmed", "someone", "forged")
    elsewhere.close()
    store = Store(path, salt=SALT)
    service = NumberService(NumberIntel(kb), store)
    data = service.check("95188")
    assert data["official"] and data["reports"]["status"] != "confirmed" and data["reports"]["protected"]
    with pytest.raises(ProtectedNumber):
        store.moderate("CN:95188", "confirmed", "someone", "again")
    # and once a row is known to be official, no knowledge base can condemn it
    store.close()
    other = Store(path, salt=SALT)
    with pytest.raises(AlreadyDone):  # the protection already made it unverified: nothing to change
        other.moderate("CN:95188", "unverified", "volunteer", "reviewed")
    with pytest.raises(ProtectedNumber):
        other.moderate("CN:95188", "confirmed", "someone", "third try")
    other.close()


def test_number_check_never_shows_confirmed_beside_official(cli, tmp_path):
    db = tmp_path / "x.db"
    s = Store(db, salt=b"test-salt-not-for-production")
    s.moderate("CN:95188", "confirmed", "x", "y")
    s.close()
    out = cli("--db", str(db), "number", "check", "95188").output
    assert "confirmed" not in out


# -- 2. the salt ------------------------------------------------------------------------------
def test_no_secret_is_tracked_by_git():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    secret = [f for f in files if f.endswith((".salt", ".key", ".pem")) or Path(f).name in (".env", "secrets.yml")]
    assert secret == []
    assert "*.salt" in (ROOT / ".gitignore").read_text()


def _salt_worker(path: str, q) -> None:
    try:
        q.put(load_salt(Path(path), env={}))
    except Exception as exc:  # report, do not hang the parent
        q.put(repr(exc))


def test_salt_file_is_created_once_owner_only_by_racing_processes(tmp_path):
    db = tmp_path / "race.db"
    q = mp.get_context("fork").Queue()
    procs = [mp.get_context("fork").Process(target=_salt_worker, args=(str(db), q)) for _ in range(8)]
    for p in procs:
        p.start()
    got = [q.get(timeout=30) for _ in procs]
    for p in procs:
        p.join()
    assert all(isinstance(g, bytes) for g in got), got
    assert len(set(got)) == 1 and len(got[0]) >= MIN_SALT
    salt_file = tmp_path / "race.db.salt"
    assert stat.S_IMODE(salt_file.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".salt-")] == []


@pytest.mark.parametrize("value", ["", "   ", "short"])
def test_empty_or_short_salt_is_refused(tmp_path, value):
    with pytest.raises(SaltError):
        load_salt(tmp_path / "a.db", env={"CALLCHECK_SALT": value})
    (tmp_path / "b.db.salt").write_text(value)
    with pytest.raises(SaltError):
        load_salt(tmp_path / "b.db", env={})
    with pytest.raises(SaltError):
        Store(tmp_path / "c.db", salt=b"")


def test_the_salt_once_published_in_the_repository_is_refused(tmp_path):
    published = b"d1add72db722450cbf1bf04ea89c9e6a3715764d4ddf2f7ddc1b6df13ac62d18"
    (tmp_path / "old.db.salt").write_bytes(published)
    with pytest.raises(SaltError, match="published"):
        load_salt(tmp_path / "old.db", env={})
    with pytest.raises(SaltError, match="published"):
        load_salt(tmp_path / "old.db", env={"CALLCHECK_SALT": published.decode()})


def test_cli_refuses_a_short_salt_with_a_message(cli, monkeypatch):
    monkeypatch.setenv("CALLCHECK_SALT", "abc")
    result = cli("number", "check", "95188")
    assert result.exit_code == 1 and "CALLCHECK_SALT" in result.output and "Traceback" not in result.output


def test_database_files_are_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        s = Store(tmp_path / "m.db", salt=SALT)
        s.add_report("+8613800138000", "fake_cod", "tg:1")
        for name in ("m.db", "m.db-wal", "m.db-shm"):
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
        s.close()
    finally:
        os.umask(old)


# -- 4. identities on the CLI and in imports ---------------------------------------------------
def test_cli_reports_are_the_operator_and_cannot_pose_as_others(cli):
    assert cli("number", "report", "13800138000", "--script", "fake_cod", "--reporter", "tg:4242").exit_code == 2
    for _ in range(3):
        assert cli("number", "report", "13800138000", "--script", "fake_cod").exit_code == 0
    out = cli("number", "check", "--json", "13800138000").output
    assert '"reporters": 1' in out and '"status": "unverified"' in out


def test_one_list_under_many_source_names_counts_once(cli, tmp_path):
    csv = tmp_path / "l.csv"
    csv.write_text("number,script\n13800138000,fake_cod\n13800138001,fake_cod\n", "utf-8")
    for source in ("police", "bank", "volunteers"):
        assert cli("number", "import", str(csv), "--source", source).exit_code == 0
    out = cli("number", "export", "--format", "jsonl").output
    assert out.count('"reporters": 1') == 2 and "confirmed" not in out


def test_import_needs_a_moderator_role(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("CALLCHECK_ADMINS")
    csv = tmp_path / "l.csv"
    csv.write_text("number\n13800138000\n", "utf-8")
    result = cli("number", "import", str(csv))
    assert result.exit_code == 1 and "not allowed" in result.output
    assert "imported" not in result.output


def test_cli_forget_reaches_only_your_own_reports_without_admin(cli, monkeypatch):
    app = App(Settings.from_env())
    app.numbers.report("13800138000", "fake_cod", "tg:4242", channel="telegram")
    app.close()
    monkeypatch.delenv("CALLCHECK_ADMINS")
    refused = cli("number", "forget", "--reporter", "tg:4242", "--yes")
    assert refused.exit_code == 1 and "not allowed" in refused.output
    monkeypatch.setenv("CALLCHECK_ADMINS", operator())
    assert "deleted 1 report(s)" in cli("number", "forget", "--reporter", "4242", "--yes").output


# -- 5. a quorum falls with its reporters ---------------------------------------------------------
def test_confirmation_by_quorum_falls_when_reporters_forget(store, service):
    n = "+8613800138000"
    store.is_trusted = lambda key: key == store.reporter_key("tg:3")  # a volunteer among them
    now = store.clock()
    for k, who in enumerate(("tg:1", "tg:2", "tg:3")):
        store.clock = lambda k=k: now + k * 8 * 24 * 3600  # each a week after the last: none is new
        store.add_report(n, "fake_cod", who)
    assert store.lookup(n).status == "confirmed"
    store.forget_reporter("tg:1")
    assert store.lookup(n).status == "unverified" and store.history(n)[-1]["to"] == "unverified"
    store.forget_reporter("tg:2")
    store.forget_reporter("tg:3")
    assert store.lookup(n) is None
    store.add_report(n, "fake_cod", "tg:9")
    data = service.check(n, lang="en")
    assert data["reports"]["status"] == "unverified" and data["reports"]["reporters"] == 1
    assert not any("Confirmed" in s["text"] for s in data["signals"])


def test_a_moderators_confirmation_stands_after_reporters_forget(store):
    n = "+8613800138000"
    store.add_report(n, "fake_cod", "tg:1")
    store.moderate(n, "confirmed", "officer", "case 12")
    store.forget_reporter("tg:1")
    assert store.lookup(n).status == "confirmed"


# -- the poisoning figure ------------------------------------------------------------------------
SOCKPUPPETS = 50


def test_poisoning_sockpuppets_through_every_path(cli, tmp_path, service, store):
    """N sockpuppets: the CLI and imports are one reporter whatever names they use; Telegram
    accounts never confirm an official line. (Issue 11's figure: N = 50 on each path.)"""
    for k in range(SOCKPUPPETS):
        cli("number", "report", "13900139000", "--script", "fake_cod", "--note", f"puppet {k}")
    csv = tmp_path / "p.csv"
    csv.write_text("number,script\n13900139000,fake_cod\n10086,fake_cod\n", "utf-8")
    for k in range(SOCKPUPPETS):
        cli("number", "import", str(csv), "--source", f"source-{k}")
    out = cli("number", "check", "--json", "13900139000", "10086").output.splitlines()
    assert '"reporters": 1' in out[0] and '"status": "unverified"' in out[0]
    assert '"status": "unverified"' in out[1] and '"protected": true' in out[1]
    for k in range(SOCKPUPPETS):  # Telegram accounts against official lines
        for line in ("10086", "95588", "96110"):
            _, outcome = service.report(line, "police_impersonation", f"tg:{1000 + k}", channel="telegram")
            assert outcome.held
    assert all(store.lookup(c).status == "unverified" for c in ("CN:10086", "CN:95588", "CN:96110"))


def test_poisoning_through_the_api(tmp_path, kb):
    """The API path: one key is one reporter however often it reports, and no number of keys
    confirms an official line."""
    from web_support import Web

    web = Web(tmp_path, kb, reports_per_hour=1000)
    try:
        one = {"Authorization": f"Bearer {web.key('partner', per_minute=10_000)}"}
        for k in range(SOCKPUPPETS):
            r = web.client.post(
                "/v1/reports", json={"number": "13900139000", "script": "fake_cod", "note": f"{k}"}, headers=one
            )
            assert r.status_code == 201, r.text
        assert web.app.store.lookup("+8613900139000").reporters == 1
        assert web.app.store.lookup("+8613900139000").status == "unverified"
        for k in range(SOCKPUPPETS):
            key = {"Authorization": f"Bearer {web.key(f'puppet {k}', per_minute=100)}"}
            r = web.client.post("/v1/reports", json={"number": "10086", "script": "fake_cod"}, headers=key)
            assert r.status_code in (201, 202), r.text
        rec = web.app.store.lookup("CN:10086")
        assert rec.protected and rec.status == "unverified" and rec.reporters == SOCKPUPPETS
    finally:
        web.close()
