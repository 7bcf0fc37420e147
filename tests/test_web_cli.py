"""`callcheck api-key …`, `callcheck operator …` and `callcheck serve`'s checks: admins only, audited."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bot.app import App, Settings
from bot.cli import main
from bot.services.roles import cli_actor

ME = cli_actor()  # the service account running the tests: the terminal's one identity


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("CALLCHECK_ADMINS", ME)
    return CliRunner()


def audit_rows(db) -> list[tuple]:
    app = App(Settings.from_env(db=str(db)))
    try:
        return app.store.db.execute("SELECT action, outcome, target FROM audit ORDER BY id").fetchall()
    finally:
        app.close()


def test_api_keys_are_created_listed_and_revoked_by_an_admin(runner, isolated_db):
    r = runner.invoke(main, ["api-key", "create", "partner app", "--per-minute", "5"])
    assert r.exit_code == 0, r.output
    token = r.stdout.strip()
    assert token.startswith("cck_") and "not shown again" in r.stderr
    key_id = token.split("_")[1]
    r = runner.invoke(main, ["api-key", "list", "--json"])
    keys = json.loads(r.stdout)
    assert keys[0]["id"] == key_id and keys[0]["per_minute"] == 5 and token.split("_", 2)[2] not in r.stdout
    assert runner.invoke(main, ["api-key", "revoke", key_id]).exit_code == 0
    r = runner.invoke(main, ["api-key", "revoke", key_id])
    assert r.exit_code == 1 and "no active key" in r.output
    assert ("apikey.manage", "created", key_id) in audit_rows(isolated_db)


def test_non_admins_are_refused_and_audited(runner, isolated_db, monkeypatch):
    monkeypatch.setenv("CALLCHECK_ADMINS", "cli:boss")
    r = runner.invoke(main, ["api-key", "create", "x"])
    assert r.exit_code == 1 and f"CALLCHECK_ADMINS={ME}" in r.output
    r = runner.invoke(main, ["operator", "add", "eve", "--password-stdin"], input="p" * 12 + "\n")
    assert r.exit_code == 1
    rows = audit_rows(isolated_db)
    assert ("apikey.manage", "refused", "create") in rows and ("operator.manage", "refused", "add") in rows


def test_operator_accounts(runner, isolated_db):
    r = runner.invoke(main, ["operator", "add", "Alice", "--password-stdin"], input="short\n")
    assert r.exit_code == 1 and "at least 10 characters" in r.output
    r = runner.invoke(main, ["operator", "add", "Alice", "--password-stdin"], input="long password 1\n")
    assert r.exit_code == 0 and "created operator alice" in r.output
    app = App(Settings.from_env(db=str(isolated_db)))
    try:
        assert app.roles.can("op:alice", "console.use")
        stored = app.store.db.execute("SELECT password_hash FROM operators").fetchone()[0]
        assert "long password" not in stored
    finally:
        app.close()
    assert "alice  operator  account #1" in runner.invoke(main, ["operator", "list"]).output
    r = runner.invoke(main, ["operator", "role", "alice", "supervisor"])
    assert r.exit_code == 0 and "now a supervisor" in r.output
    assert "alice  supervisor" in runner.invoke(main, ["operator", "list"]).output
    r = runner.invoke(main, ["operator", "remove", "alice"])
    assert r.exit_code == 0 and "account #1" in r.output and "stay with the centre" in r.output
    app = App(Settings.from_env(db=str(isolated_db)))
    try:
        assert not app.roles.can("op:alice", "console.use")
    finally:
        app.close()
    r = runner.invoke(main, ["operator", "add", "alice", "--password-stdin"], input="long password 2\n")
    assert "created operator alice (account #2)" in r.output  # the login again, a new account
    assert runner.invoke(main, ["operator", "add", "no spaces", "--password-stdin"], input="x" * 12).exit_code == 1


@pytest.mark.parametrize(
    "forged",
    [
        ["--as", "boss"],  # an option naming an admin
        {"LOGNAME": "boss", "USER": "boss"},  # the login variables getpass reads first
        {"CALLCHECK_USER": "boss"},
    ],
)
def test_nobody_at_the_terminal_becomes_an_admin_by_typing_a_name(runner, isolated_db, monkeypatch, forged):
    monkeypatch.setenv("CALLCHECK_ADMINS", "cli:boss")  # the admin is someone else
    extra = forged if isinstance(forged, list) else []
    for name, value in (forged if isinstance(forged, dict) else {}).items():
        monkeypatch.setenv(name, value)
    r = runner.invoke(main, ["api-key", "create", "evil", *extra])
    assert r.exit_code != 0 and "cck_" not in r.output
    app = App(Settings.from_env(db=str(isolated_db)))
    try:
        assert app.store.db.execute("SELECT COUNT(*) FROM api_keys").fetchone()[0] == 0
    finally:
        app.close()


def test_serve_refuses_a_webhook_without_a_secret(runner, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:TEST")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://example.org/telegram")
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    r = runner.invoke(main, ["serve"])
    assert r.exit_code == 2 and "TELEGRAM_WEBHOOK_SECRET" in r.output


def test_serve_rejects_bad_settings(runner, monkeypatch):
    monkeypatch.setenv("CALLCHECK_MAX_BODY", "lots")
    r = runner.invoke(main, ["serve"])
    assert r.exit_code == 2 and "CALLCHECK_MAX_BODY" in r.output


def test_case_export_for_police_and_admins(runner, isolated_db, tmp_path, monkeypatch):
    from bot.store.cases import Cases, Viewer
    from bot.store.operators import Operators

    app = App(Settings.from_env(db=str(isolated_db)))
    try:
        Operators(app.store).add("alice", "long password 1")
        me = Viewer(Operators(app.store).account_of("alice")["id"])
        fields = {"lang": "zh", "script": "refund_compensation", "verdict": "scam", "summary": "s"}
        case = Cases(app.store).save(me, fields, identifiers=[{"kind": "account", "value": "6222 0000 1111 2222"}])
    finally:
        app.close()
    monkeypatch.setenv("CALLCHECK_ADMINS", "cli:boss")  # the terminal is no admin now
    r = runner.invoke(main, ["case", "export"])
    assert r.exit_code == 1 and "not allowed" in r.output
    monkeypatch.setenv("CALLCHECK_ADMINS", ME)
    r = runner.invoke(main, ["case", "export", "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    row = json.loads(r.stdout)
    assert row["id"] == case and row["operator"] == "alice" and row["identifiers"][0]["value"] == "6222 0000 1111 2222"
    out = tmp_path / "cases.csv"
    r = runner.invoke(main, ["case", "export", "--script", "fake_cod", "--out", str(out)])
    assert r.exit_code == 0 and out.read_text(encoding="utf-8-sig").count("\n") == 1  # the header only
    assert runner.invoke(main, ["case", "export", "--from", "1 May"]).exit_code == 2
    assert ("cases.export", "1 cases", None) in audit_rows(isolated_db)


@pytest.mark.parametrize("given", [None, "3"])
def test_serve_with_several_processes_gives_each_one_analysis_thread_unless_told(runner, monkeypatch, given, kb):
    import uvicorn

    from bot.channels.web.server import WebConfig

    for name in ("CALLCHECK_REGION", "CALLCHECK_KB"):  # serve passes settings on in the environment
        monkeypatch.delenv(name, raising=False)  # (monkeypatch puts this process's back afterwards)
    if given is None:
        monkeypatch.delenv("CALLCHECK_ANALYSIS_WORKERS", raising=False)
    else:
        monkeypatch.setenv("CALLCHECK_ANALYSIS_WORKERS", given)
    monkeypatch.setattr("bot.app.App.kb", property(lambda self: kb))
    seen = {}

    def run(target, **options):  # in place of uvicorn's process manager: what each process would read
        seen.update(options, config=WebConfig.from_env())

    monkeypatch.setattr(uvicorn, "run", run)
    r = runner.invoke(main, ["serve", "--workers", "2", "--port", "8099"])
    assert r.exit_code == 0, r.output
    assert seen["workers"] == 2 and seen["config"].analysis_workers == int(given or 1)
