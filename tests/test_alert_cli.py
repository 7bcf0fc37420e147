"""`callcheck alert|trends|role` from a terminal, and crash-resume of a sender killed mid-broadcast.

The sender talks HTTP to a local Bot API stand-in on 127.0.0.1 (tests/fake_bot_api.py), which
counts what each chat received, so a duplicate would be seen.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.app import App, Settings
from bot.cli import main
from bot.services.roles import cli_actor

sys.path.insert(0, str(Path(__file__).parent))
from fake_bot_api import BotAPIStandIn

ME = cli_actor()


@pytest.fixture
def stand_in():
    server = BotAPIStandIn()
    yield server
    server.close()


@pytest.fixture
def env(tmp_path, stand_in, monkeypatch):
    values = {
        "CALLCHECK_DB": str(tmp_path / "c.db"),
        "CALLCHECK_SALT": "test-salt-not-for-production",
        "CALLCHECK_ADMINS": ME,
        "TELEGRAM_BOT_TOKEN": "123:TEST",
        "CALLCHECK_TELEGRAM_API": stand_in.base_url,
        "CALLCHECK_QUIET_HOURS": "off",  # the clock is real here: quiet hours are tested with a fixed one
    }
    for k, v in values.items():
        monkeypatch.setenv(k, v)
    return values


def _subscribe(env: dict, chats: list[int], region: str = "HK") -> None:
    app = App(Settings.from_env(env=env))
    for chat in chats:
        app.subscriptions.subscribe_private(chat, [region], "zh")
    app.close()


def cli(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


OFFICER = ("--name", "Lam Ka-ho", "--unit", "Kowloon City anti-deception unit", "--contact", "18222")


def test_roles_from_the_cli(env, monkeypatch):
    unnamed = cli("role", "grant", "5555", "police")
    assert unnamed.exit_code == 1 and "display name and a unit" in unnamed.output
    assert "granted police" in cli("role", "grant", "5555", "police", *OFFICER).output
    assert "already had" in cli("role", "grant", "5555", "police", *OFFICER).output
    assert "police" in cli("role", "list", "--who", "5555").output
    listed = cli("role", "list").output
    assert "5555" not in listed and "police" in listed  # keys, not identities
    assert "Lam Ka-ho (Kowloon City anti-deception unit)" in listed
    assert "revoked police" in cli("role", "revoke", "5555", "police").output
    monkeypatch.setenv("CALLCHECK_ADMINS", "tg:1")
    refused = cli("role", "grant", "5555", "police")
    assert refused.exit_code == 1 and "not allowed" in refused.output and ME in refused.output


@pytest.mark.parametrize(
    "member, why",
    [
        ("@alice", "username, not a user id"),
        ("@5555", "username, not a user id"),
        ("alice", "no identity"),
        ("tg:alice", "no identity"),
        ("cli:someone-else", "can never act"),
        ("op:nobody", "no console account"),
        ("", "no identity"),
    ],
)
def test_a_role_for_somebody_who_can_never_act_is_refused_and_nothing_is_granted(env, member, why):
    refused = cli("role", "grant", member, "volunteer")
    assert refused.exit_code == 1 and "not granted" in refused.output and why in refused.output
    assert "no granted roles" in cli("role", "list").output


def test_a_role_for_an_id_an_existing_operator_or_this_terminal_is_granted(env):
    assert cli("operator", "add", "olga", input="a-long-enough-password\na-long-enough-password\n").exit_code == 0
    for member in ("5555", " tg:6666 ", "op:olga", "op:OLGA", ME):
        assert "granted volunteer" in cli("role", "grant", member, "volunteer").output, member


def test_send_previews_asks_and_sends(env, stand_in):
    _subscribe(env, [101, 102])
    _subscribe(env, [201], region="TW-Taipei")
    declined = cli("alert", "send", "--region", "HK", "--script", "fake_cod", input="n\n")
    # Hong Kong's subscribers read Traditional
    assert "2 subscription(s)" in declined.output and "反詐預警（香港）" in declined.output
    assert "stays a draft" in declined.output and sum(stand_in.delivered.values()) == 0
    sent = cli("alert", "send", "--draft", "1", "--yes")
    assert sent.exit_code == 0, sent.output
    assert "finished: sent 2, failed 0, uncertain 0, pending 0, of 2" in sent.output
    assert dict(stand_in.delivered) == {101: 1, 102: 1}
    again = cli("alert", "send", "--draft", "1", "--yes")
    assert again.exit_code == 1 and "already" in again.output and dict(stand_in.delivered) == {101: 1, 102: 1}
    status = json.loads(cli("alert", "status", "1", "--json").output)
    assert status["status"] == "done" and status["counts"]["sent"] == 2
    assert "done" in cli("alert", "list").output


def test_send_needs_a_role_a_token_and_good_arguments(env, monkeypatch):
    assert "give --region" in cli("alert", "send", "--region", "HK").output
    assert "no scam type" in cli("alert", "send", "--region", "HK", "--script", "nope", "--yes").output
    assert "CN-GD-Shenzhen" in cli("alert", "send", "--region", "Shenzen!", "--text", "x", "--yes").output
    monkeypatch.setenv("CALLCHECK_ADMINS", "")
    assert "not allowed" in cli("alert", "send", "--region", "HK", "--text", "x", "--yes").output
    assert "not allowed" in cli("alert", "list").output
    monkeypatch.setenv("CALLCHECK_ADMINS", ME)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN")
    refused = cli("alert", "send", "--region", "HK", "--text", "x", "--yes")  # previewed, then refused to send
    assert refused.exit_code == 1 and "TELEGRAM_BOT_TOKEN" in refused.output and "--draft" in refused.output


def test_numbers_reported_most_show_their_status_and_leave_out_cleared_ones(env):
    app = App(Settings.from_env(env=env))
    try:
        for who in ("tg:1", "tg:2"):
            app.numbers.report("+44 7700 900111", "refund_compensation", who, channel="telegram")
        app.numbers.report("+44 7700 900222", "refund_compensation", "tg:3", channel="telegram")
        app.numbers.report("+44 7700 900333", "refund_compensation", "tg:4", channel="telegram")
        app.store.moderate("+447700900222", "cleared", ME, "a genuine courier line")
        app.store.moderate("+447700900333", "confirmed", ME, "seen in three cases")
    finally:
        app.close()
    data = json.loads(cli("trends", "--json").stdout)
    assert [(n["number"], n["status"]) for n in data["numbers"]] == [
        ("+447700900111", "unverified"),
        ("+447700900333", "confirmed"),
    ]
    shown = cli("trends").output
    assert "+447700900111: 2 report(s) from 2 reporters" in shown and "900222" not in shown
    assert "+447700900333: 1 report(s) from 1 reporter, confirmed" in shown


@pytest.mark.parametrize("lang, said", [("zh", "按结论：诈骗 1"), ("en", "By verdict: scam 1")])
def test_trends_name_verdicts_in_the_language_asked(env, lang, said):
    assert cli("check", "我是淘宝客服，你的快递丢了，三倍理赔，下载这个App共享屏幕").exit_code == 0
    shown = cli("trends", "--lang", lang).output
    assert said in shown and "no_scam_signs" not in shown and "matches_genuine" not in shown


def test_trends_cli_with_chart_and_detection(env, tmp_path):
    for text in ["我是淘宝客服，订单卡单了，需要激活订单", "顺丰快递说包裹丢了要理赔，让我下载腾讯会议"]:
        assert cli("check", text).exit_code == 0
    chart = tmp_path / "t.png"
    out = cli("trends", "--days", "7", "--json", "--chart", str(chart))
    data = json.loads(out.stdout)
    assert data["total"] == 2 and data["by_verdict"].get("scam", 0) >= 1
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    detect = cli("trends", "--detect")
    assert detect.exit_code == 0 and "spike:" not in detect.output  # no history yet: no spike, no error
    assert cli("trends", "--region", "bad region").exit_code == 1


@pytest.mark.parametrize("typed, tag", [("HK", "HK"), ("Hong Kong", "HK"), ("UK", "GB"), ("sg", "SG")])
def test_a_check_with_a_region_counts_in_that_regions_trends_and_untagged_ones_are_said(env, typed, tag):
    """`check --region` tags its trend row with the person's region; a region's report says how many
    checks it leaves out because they carry no region, instead of a bare 0."""
    assert cli("check", "--region", typed, "Someone said my parcel is held, pay the fee by this link").exit_code == 0
    assert cli("check", "有人话我包裹要补运费，叫我撳link俾钱").exit_code == 0  # no region given
    mine = json.loads(cli("trends", "--region", tag, "--json").stdout)
    assert (mine["total"], mine["untagged"]) == (1, 1)
    elsewhere = cli("trends", "--region", "深圳")
    assert "Shenzhen: 0" in elsewhere.output and "1 check(s) in this period carry no region" in elsewhere.output
    everywhere = json.loads(cli("trends", "--json").stdout)
    assert (everywhere["total"], everywhere["untagged"]) == (2, 0)  # all regions: nothing left out to say


def test_killed_sender_resumes_without_duplicates(env, stand_in):
    chats = list(range(1000, 1020))
    _subscribe(env, chats)
    app = App(Settings.from_env(env=env))
    draft = app.alerts.compose(ME, "HK", script="fake_cod")
    app.alerts.confirm(ME, draft.id)
    app.close()
    command = [sys.executable, "-c", "from bot.cli import main; main()", "alert", "resume", "--concurrency", "1"]
    proc: list[subprocess.Popen] = []

    def kill_on_eighth(chat_id: int, n: int) -> None:
        if n == 8:  # delivered, but the sender dies before it can write "sent" in the ledger
            os.kill(proc[0].pid, signal.SIGKILL)

    stand_in.on_send = kill_on_eighth
    proc.append(subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    proc[0].communicate(timeout=60)
    assert proc[0].returncode == -signal.SIGKILL
    assert sum(stand_in.delivered.values()) == 8
    stand_in.on_send = None

    resumed = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, timeout=60)
    assert resumed.returncode == 0, resumed.stderr
    assert "finished: sent 19, failed 0, uncertain 1, pending 0, of 20" in resumed.stdout
    assert stand_in.duplicates() == 0 and set(stand_in.delivered) == set(chats)
    app = App(Settings.from_env(env=env))
    ledger = app.alerts.table.deliveries(draft.id)
    (uncertain,) = [d for d in ledger if d["status"] == "uncertain"]
    assert stand_in.delivered[uncertain["chat_id"]] == 1  # it did arrive, once, and was not resent
    assert app.alerts.get(draft.id)["status"] == "done"
    app.close()


def test_uncertain_deliveries_are_offered_once_and_resent_only_by_choice(env, stand_in):
    chats = [3001, 3002, 3003, 3004]
    _subscribe(env, chats)
    app = App(Settings.from_env(env=env))
    draft = app.alerts.compose(ME, "HK", script="fake_cod")
    app.alerts.confirm(ME, draft.id)
    for chat in chats[:2]:  # two sends a crash interrupted: they may or may not have arrived
        assert app.alerts.table.claim(draft.id, chat)
    app.alerts.table.interrupted(draft.id)
    app.close()
    assert cli("alert", "resume").exit_code == 0
    assert dict(stand_in.delivered) == {3003: 1, 3004: 1}  # resume never resends the uncertain
    status = json.loads(cli("alert", "status", str(draft.id), "--json").output)
    assert status["counts"]["uncertain"] == 2 and status["resendable"] == 2
    declined = cli("alert", "resend", str(draft.id), input="n\n")
    assert "may have arrived" in declined.output and "nothing resent" in declined.output
    assert sum(stand_in.delivered.values()) == 2
    resent = cli("alert", "resend", str(draft.id), "--yes")
    assert resent.exit_code == 0, resent.output
    assert dict(stand_in.delivered) == {3001: 1, 3002: 1, 3003: 1, 3004: 1}
    again = cli("alert", "resend", str(draft.id), "--yes")
    assert "no uncertain delivery" in again.output and sum(stand_in.delivered.values()) == 4


@pytest.mark.parametrize("region", ["ALL", "all"])
def test_an_alert_waiting_for_its_second_officer_is_not_shown_as_confirmed(env, region):
    """Trial 5, 3.2: after the first of two officers, `alert status` / `alert list` said "confirmed by"
    the composer, as if it were done; it says the first confirmation and that a second is needed."""
    assert cli("role", "grant", ME, "police", *OFFICER).exit_code == 0
    cli("alert", "send", "--region", region, "--script", "fake_cod", input="n\n")
    first = cli("alert", "send", "--draft", "1", "--yes")
    assert "second officer" in first.output, first.output
    for shown in (cli("alert", "status", "1").output, cli("alert", "list").output):
        assert "confirmed by Lam Ka-ho" not in shown, shown
        assert "first confirmation by Lam Ka-ho" in shown and "a second officer must confirm" in shown, shown


@pytest.mark.parametrize("region", ["GB", "US", "AU", "CA", "IN", "NZ", "MY", "PH"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_alert_names_its_regions_own_help_line_in_both_languages(region, lang):
    """Trial 5, 3.3: the Chinese half of a UK alert said only "call the police" (no Action Fraud)."""
    from bot.services.alerts import anti_fraud_line, issued_line
    from knowledge.loader import default_root
    from knowledge.situations_loader import load_regions

    help_lines = load_regions(default_root(), [])[region]
    wanted = [c.number or c.url for c in help_lines.by_role("police", "anti_fraud", "report")]
    line = anti_fraud_line(region, lang)
    stamp = issued_line(None, None, region, 1_800_000_000, lang)
    for said in (line, stamp):
        assert any(w.removeprefix("https://") in said for w in wanted if w), (said, wanted)
