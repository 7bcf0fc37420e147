"""Privileged commands at the terminal: who acts (`cli:<name>`), refusals, and what the volunteers' view serves."""

from __future__ import annotations

import asyncio

import pytest
from click.testing import CliRunner

from bot.app import App, Settings
from bot.cli import main
from bot.cli.db import build_datasette
from bot.cli.numbers import operator
from bot.services.roles import cli_actor
from bot.store.operators import Operators


@pytest.fixture
def cli(monkeypatch):
    monkeypatch.setenv("CALLCHECK_ADMINS", "cli:boss tg:1")
    runner = CliRunner()
    return lambda *args, input=None: runner.invoke(main, list(args), input=input)


def _grant(member: str, role: str) -> None:
    app = App(Settings.from_env())
    app.roles.grant("cli:boss", member, role)
    app.close()


ME = cli_actor()  # the service account running the tests


def test_review_acts_only_as_the_service_account(cli, monkeypatch):
    _grant("cli:vera", "volunteer")
    # tg:1 is an admin and cli:vera a volunteer, but nobody at the terminal can act as them
    for other in ("vera", "cli:vera", "tg:1", "op:vera", "api:k1"):
        result = cli("review", "list", "--who", other)
        assert result.exit_code == 2 and "--who" in result.output, other
    for variable in ("CALLCHECK_USER", "LOGNAME", "USER"):
        monkeypatch.setenv(variable, "vera")
    refused = cli("review", "list")
    assert refused.exit_code == 1 and "not allowed: review.queue" in refused.output
    _grant(ME, "volunteer")
    assert cli("review", "list").exit_code == 0


def test_one_shell_is_never_both_people_of_the_two_person_rule(cli, monkeypatch):
    """Proposing an official domain and approving it from one terminal never applies it."""
    for member in ("cli:v1", "cli:v2", ME, "tg:4242"):
        _grant(member, "volunteer")
    domain = "refund-desk-4417.example"  # no brand in it: only the two-person rule stops it
    proposal = ("review", "propose", "domain", "--org", "alipay", "--domain", domain, "--source", "https://x.example")
    for variable in ("CALLCHECK_USER", "LOGNAME", "USER"):
        monkeypatch.setenv(variable, "v1")
    proposed = cli(*proposal, "--reason", "seen on a page")
    assert proposed.exit_code == 0, proposed.output
    aid = proposed.output.split()[0]
    for variable in ("CALLCHECK_USER", "LOGNAME", "USER"):
        monkeypatch.setenv(variable, "v2")  # "another person" in the same shell
    second = cli("review", "approve", aid, "--reason", "looks right")
    assert second.exit_code == 1 and "different volunteer" in second.output
    app = App(Settings.from_env())
    try:
        assert domain not in app.kb.organisations["alipay"].domains
        # a volunteer authenticated elsewhere (Telegram) is a second person
        app.review.approve("tg:4242", aid, "checked with the company")
        assert domain in app.kb.organisations["alipay"].domains
    finally:
        app.close()


def test_db_browse_needs_a_volunteer_role(cli, monkeypatch):
    monkeypatch.setenv("CALLCHECK_ADMINS", "")
    result = cli("db", "browse", "--port", "1")
    assert result.exit_code == 1 and "not allowed: db.browse" in result.output
    assert f"you are {operator()}" in result.output and "Datasette on" not in result.output


def test_the_volunteers_view_serves_only_the_described_tables(tmp_path):
    db = tmp_path / "callcheck.db"
    app = App(Settings(db_path=db))
    Operators(app.store).add("alice", "long password 1")
    app.numbers.report("+8613800138000", "fake_cod", "tg:1")
    app.close()
    ds = build_datasette(db)

    async def status(table: str) -> int:
        return (await ds.client.get(f"/callcheck/{table}.json")).status_code

    async def scenario() -> dict[str, int]:
        names = ("numbers", "reports", "operators", "operator_sessions", "api_keys", "cases", "subscribers", "chats")
        return {t: await status(t) for t in names}

    got = asyncio.run(scenario())
    assert got["numbers"] == 200 and got["reports"] == 200
    assert {t: s for t, s in got.items() if t not in ("numbers", "reports")} == dict.fromkeys(
        ("operators", "operator_sessions", "api_keys", "cases", "subscribers", "chats"), 403
    )
