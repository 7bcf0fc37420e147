"""Privileged commands at the terminal: who acts (`cli:<name>`), refusals, and what the volunteers' view serves."""

from __future__ import annotations

import asyncio

import pytest
from click.testing import CliRunner

from bot.app import App, Settings
from bot.cli import main
from bot.cli.db import build_datasette
from bot.cli.numbers import operator
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


def test_review_acts_only_as_a_terminal_identity(cli):
    _grant("cli:vera", "volunteer")
    assert cli("review", "list", "--who", "vera").exit_code == 0
    assert cli("review", "list", "--who", "cli:vera").exit_code == 0
    # tg:1 is an admin, but nobody at the terminal can act as a Telegram user, operator or key
    for other in ("tg:1", "op:vera", "api:k1", "cli:tg:1"):
        result = cli("review", "list", "--who", other)
        assert result.exit_code == 2 and "acts as cli:NAME" in result.output, other
    refused = cli("review", "list", "--who", "nobody")
    assert refused.exit_code == 1 and "not allowed: review.queue" in refused.output


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
