"""`callcheck number …` and numbers inside `callcheck check`."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from bot.app import App, Settings
from bot.cli import main
from bot.cli.numbers import operator


@pytest.fixture
def run(monkeypatch):
    monkeypatch.setenv("CALLCHECK_ADMINS", operator())  # imports need a moderator role
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, list(args), input=input)

    return invoke


def test_check_json_shape(run):
    result = run("number", "check", "--json", "--org", "alipay", "0095188")
    data = json.loads(result.stdout)
    assert set(data) >= {"input", "number", "region", "type", "valid", "signals", "official", "reports"}
    assert data["number"] == "+95188"
    assert {"id", "text"} == set(data["signals"][0])
    assert any(s["id"] == "lookalike_official" for s in data["signals"])
    assert set(data["reports"]) >= {"status", "reporters", "first_seen", "last_seen", "scripts"}


@pytest.mark.parametrize("name", ["alipay", "支付宝", "支付寶", "Alipay", " ALIPAY "])
def test_org_is_taken_by_the_names_people_write(run, name):
    data = json.loads(run("number", "check", "--json", "--org", name, "0095188").stdout)
    assert any(s["id"] == "lookalike_official" for s in data["signals"])


def test_an_unknown_org_is_refused_clearly(run):
    result = run("number", "check", "--org", "no-such-company", "95188")
    assert result.exit_code == 2 and "unknown organisation 'no-such-company'" in result.output


def test_check_bad_number_is_a_clear_message(run):
    result = run("number", "check", "not-a-number")
    assert result.exit_code == 1 and "no digits" in result.stderr and "Traceback" not in result.output


def test_report_then_check(run):
    assert run("number", "report", "13800138000", "--script", "refund_compensation").exit_code == 0
    again = run("number", "report", "138 0013 8000", "--script", "refund_compensation")
    assert "counted once" in again.output
    data = json.loads(run("number", "check", "--json", "+8613800138000").stdout)
    assert data["reports"]["reporters"] == 1 and data["reports"]["scripts"] == ["refund_compensation"]


def test_report_unknown_script_lists_the_choices(run):
    result = run("number", "report", "13800138000", "--script", "nope")
    assert result.exit_code == 2 and "refund_compensation" in result.output


def test_report_official_line_is_held(run):
    result = run("number", "report", "95188", "--script", "refund_compensation")
    assert "held for review" in result.output
    refused = run("number", "moderate", "95188", "--status", "confirmed", "--moderator", "v", "--reason", "r")
    assert refused.exit_code == 1 and "cannot be marked a scam" in refused.output


def test_import_keeps_good_rows_and_reports_bad_ones(run, tmp_path):
    csv = tmp_path / "list.csv"
    big = "x" * 200_000
    csv.write_text(
        "number,script,note\n"
        "13800138000,refund_compensation,first\n"
        "not a number,fake_cod,\n"
        f"13800138001,fake_cod,{big}\n"
        "13800138002,unknown_script,\n"
        "13800138003,,\n",
        "utf-8",
    )
    result = run("number", "import", str(csv), "--source", "police")
    assert result.exit_code == 0, result.output
    assert "imported 2 new report(s)" in result.stdout
    assert "line 3:" in result.stderr and "line 4: longer than 64 KB" in result.stderr and "line 5:" in result.stderr
    again = run("number", "import", str(csv), "--source", "police")
    assert "imported 0 new report(s)" in again.stdout and "2 already present" in again.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "the file is empty"), ("phone,kind\n1,2\n", "no 'number' column")],
)
def test_import_unusable_files_lose_nothing(run, tmp_path, content, message):
    run("number", "report", "13800138000", "--script", "fake_cod")
    bad = tmp_path / "bad.csv"
    bad.write_text(content, "utf-8")
    result = run("number", "import", str(bad))
    assert result.exit_code == 1 and message in result.output
    data = json.loads(run("number", "check", "--json", "13800138000").stdout)
    assert data["reports"]["reporters"] == 1


def _reported_by_someone_else(number: str = "13800138000") -> None:
    """A report from another person (a Telegram user): the terminal's account is not its only reporter."""
    app = App(Settings.from_env())
    try:
        app.numbers.report(number, "fake_cod", "tg:4242", channel="telegram")
    finally:
        app.close()


def test_export_and_history(run):
    run("number", "report", "13800138000", "--script", "fake_cod")
    _reported_by_someone_else()
    run("number", "moderate", "13800138000", "--status", "confirmed", "--moderator", "officer", "--reason", "case 9")
    exported = run("number", "export", "--format", "jsonl").stdout.splitlines()
    assert json.loads(exported[0])["status"] == "confirmed"
    assert f"by {operator()} (officer): case 9" in run("number", "history", "13800138000").output  # the actor always


def test_a_number_nobody_reported_cannot_be_confirmed(run):
    result = run("number", "moderate", "13800138000", "--status", "confirmed", "--moderator", "v", "--reason", "r")
    assert result.exit_code == 1 and "nobody reported +8613800138000" in result.output


def _audit(action: str) -> list[tuple[str, str | None]]:
    app = App(Settings.from_env())
    try:
        return [(r["outcome"], r["detail"]) for r in reversed(app.roles.audit.recent(action=action))]
    finally:
        app.close()


def test_moderate_without_a_role_is_refused_audited_and_changes_nothing(run, monkeypatch):
    run("number", "report", "13800138000", "--script", "fake_cod")
    monkeypatch.setenv("CALLCHECK_ADMINS", "cli:someone-else")
    for status in ("confirmed", "cleared", "unverified"):
        result = run("number", "moderate", "13800138000", "--status", status, "--reason", "r")
        assert result.exit_code == 1, result.output
        assert "not allowed: number.moderate" in result.output and f"you are {operator()}" in result.output
        assert "Traceback" not in result.output
    data = json.loads(run("number", "check", "--json", "13800138000").stdout)
    assert data["reports"]["status"] == "unverified"
    assert "no status changes" in run("number", "history", "13800138000").output
    assert _audit("number.moderate") == [
        ("refused", "confirmed"),
        ("refused", "cleared"),
        ("refused", "unverified"),
    ]


@pytest.mark.parametrize("role", ["volunteer", "police"])
def test_moderate_with_a_moderator_role(run, monkeypatch, role):
    monkeypatch.setenv("CALLCHECK_ADMINS", "cli:boss")
    app = App(Settings.from_env())
    named = {"name": "Li Na", "unit": "Futian PSB"} if role == "police" else {}
    app.roles.grant("cli:boss", operator(), role, **named)
    app.close()
    run("number", "report", "13800138000", "--script", "fake_cod")
    _reported_by_someone_else()
    result = run("number", "moderate", "13800138000", "--status", "confirmed", "--reason", "case 9")
    assert result.exit_code == 0 and "status confirmed" in result.output
    assert f"by {operator()}: case 9" in run("number", "history", "13800138000").output
    assert _audit("number.moderate") == [("allowed", "confirmed"), ("done", "confirmed")]


def test_moderate_checks_the_number_before_the_role(run, monkeypatch):
    monkeypatch.setenv("CALLCHECK_ADMINS", "")
    result = run("number", "moderate", "not-a-number", "--status", "cleared", "--reason", "r")
    assert result.exit_code == 2 and "no digits" in result.output


def test_forget_requires_confirmation(run):
    run("number", "report", "13800138000", "--script", "fake_cod")
    assert run("number", "forget", input="n\n").exit_code == 1
    assert "deleted 1 report(s)" in run("number", "forget", input="y\n").output


def test_numbers_in_an_account_raise_the_risk(run):
    text = "自称支付宝客服，用 13800138000 打给我说要退款"
    before = json.loads(run("check", "--json", text).stdout)
    app = App(Settings.from_env())  # two Telegram users and a volunteer: the CLI is only ever one reporter
    app.roles.table.grant(app.roles.key("tg:3"), "volunteer", "test")
    for who in ("tg:1", "tg:2", "tg:3"):
        if who == "tg:3":
            app.store.clock = lambda: time.time() + 8 * 24 * 3600  # a week on: the others are not new
        app.numbers.report("13800138000", "refund_compensation", who, channel="telegram")
    app.close()
    after = json.loads(run("check", "--json", text).stdout)
    number = after["numbers"][0]
    assert number["reports"]["status"] == "confirmed"
    assert {"mobile_as_hotline", "not_official_for_claimed", "reported_confirmed"} <= {
        s["id"] for s in number["signals"]
    }
    assert after["risk"] > before["risk"]
    assert after["verdict"] == "scam"
    report = run("check", text).output
    assert "已确认的诈骗号码" in report


def test_bad_config_is_a_usage_error(run, monkeypatch):
    monkeypatch.setenv("CALLCHECK_QUORUM", "lots")
    result = run("number", "check", "95188")
    assert result.exit_code == 2 and "CALLCHECK_QUORUM must be a whole number" in result.output
