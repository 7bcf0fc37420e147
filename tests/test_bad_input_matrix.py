"""Bad input in every front end gets a clear message and loses nothing (issue: robustness).

Generated matrices: invisible-only texts (zero-width characters, BOM, bidi marks, NUL, lone
combining marks) in the CLI, the API and the console; a number alone and symbols alone in
`callcheck check`; a database locked by another process or read-only under the CLI and the chat;
a Telegram button without data.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import sqlite3

import click
import pytest
from click.testing import CliRunner
from web_support import Web

from bot.blank import is_blank
from bot.cli import main

INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\ufeff",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "\x00",
    "\u3000",
    "\t",
    "\u0301",
]
# every pair, and a long run of all of them: nothing a person wrote
BLANKS = [*["".join(p) for p in itertools.combinations(INVISIBLE, 2)][::5], "".join(INVISIBLE) * 50]
ACCOUNT = "有人自称拼多多客服，说我的订单卡单了要激活"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.mark.parametrize("text", BLANKS + [" " + ch for ch in INVISIBLE])
def test_invisible_text_is_blank_and_a_written_letter_is_not(text):
    assert is_blank(text)
    assert not is_blank(text + "退") and not is_blank("a" + text) and not is_blank("1" + text)


@pytest.mark.parametrize("text", BLANKS[:6])
def test_cli_check_refuses_invisible_text_as_empty(runner, text):
    for args in (["check", text], ["check", text, "--json"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2 and "nothing to check" in result.output, result.output


@pytest.mark.parametrize("text", ["🙏🙏🙏", "???", "+", "👨\u200d👩\u200d👧", "!!！！", "⚠️ ➡️"])
def test_cli_check_of_symbols_alone_says_to_give_words_or_the_number(runner, text):
    result = runner.invoke(main, ["check", text])
    assert result.exit_code == 2 and "no words" in result.output and "number alone" in result.output, result.output


@pytest.mark.parametrize(
    "written",
    [
        "13800138000",
        "１３８００１３８０００",
        "＋８６ １３８ ００１３ ８０００",
        "+86 138-0013-8000",
        " (138) 0013 8000 ",
    ],
)
def test_cli_check_of_a_number_alone_gives_the_numbers_facts_not_a_verdict_on_nothing(runner, written):
    result = runner.invoke(main, ["check", written, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "+8613800138000" in result.output and "number alone" in result.output
    assert "No scam signs" not in result.output and "未发现诈骗特征" not in result.output


@pytest.fixture
def w(tmp_path, kb):
    web = Web(tmp_path, kb)
    yield web
    web.close()


def test_api_refuses_invisible_text_like_empty_text_and_stores_nothing(w):
    key = {"Authorization": f"Bearer {w.key(per_minute=1000)}"}
    before = w.count("trends") if _has_table(w, "trends") else None
    for text in [*BLANKS, " ", "\n\t"]:
        r = w.client.post("/v1/check", json={"text": text}, headers=key)
        assert r.status_code == 422, (repr(text), r.text)
        problem = r.json()["problems"][0]
        assert problem["field"] == "text" and "nothing to check" in problem["message"], r.text
    r = w.client.post("/v1/check", json={"text": "\u200b" + ACCOUNT}, headers=key)
    assert r.status_code == 200 and r.json()["verdict"] != "no_scam_signs"
    if before is not None:
        w.app.trends.flush()
        assert w.count("trends") == before + 1


def _has_table(w, name: str) -> bool:
    return w.app.store.db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def test_console_treats_invisible_text_as_nothing_to_analyse_or_save(w):
    from bot.services.roles import Roles
    from bot.store.operators import Operators

    Operators(w.app.store).add("olga", "a long enough password")
    Roles(w.app.store, ("cli:admin",)).grant("cli:admin", "op:olga", "operator")
    page = w.client.get("/console/login")
    token = re.search(r'name="prelogin" value="([^"]+)"', page.text).group(1)
    w.client.post("/console/login", data={"login": "olga", "password": "a long enough password", "prelogin": token})
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', w.client.get("/console").text).group(1)
    empty = w.client.post("/console/analyze", data={"text": ""}, headers={"X-CSRF-Token": csrf}).text
    for text in BLANKS[:6]:
        r = w.client.post("/console/analyze", data={"text": text}, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 200 and r.text == empty
        r = w.client.post("/console/cases", data={"text": text, "consent": "yes"}, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 400 and "nothing to save" in r.text
    assert w.count("cases") == 0


# -- the database: locked by another process, or read-only -----------------------------------------


@pytest.fixture
def locked(tmp_path, monkeypatch, runner):
    """A database another process holds a write lock on (as `sqlite3` in a shell, or a long import):
    (its path, the holding connection)."""
    import bot.store.core as core
    from bot.services.roles import cli_actor

    db = tmp_path / "callcheck.db"
    monkeypatch.setenv("CALLCHECK_DB", str(db))
    monkeypatch.setenv("CALLCHECK_ADMINS", cli_actor())  # import and moderate need a role
    assert runner.invoke(main, ["number", "report", "13800138000", "--script", "refund_compensation"]).exit_code == 0
    monkeypatch.setattr(core, "BUSY_TIMEOUT", 0.2)  # not 30 s in a test
    holder = sqlite3.connect(str(db), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    yield db, holder
    holder.close()


def _csv(tmp_path) -> str:
    path = tmp_path / "numbers.csv"
    path.write_text("number,script,note\n13700137000,refund_compensation,\nnot a number,refund_compensation,\n")
    return str(path)


WRITES = [
    lambda tmp: ["number", "report", "13900139000", "--script", "refund_compensation"],
    lambda tmp: ["number", "import", _csv(tmp)],
    lambda tmp: ["number", "moderate", "13800138000", "--status", "cleared", "--reason", "checked by phone"],
]


def _reports(db) -> int:
    with sqlite3.connect(str(db)) as conn:
        return conn.execute("SELECT COUNT(*) FROM numbers").fetchone()[0]


@pytest.mark.parametrize("command", WRITES, ids=["report", "import", "moderate"])
def test_a_locked_database_is_a_clear_message_and_the_same_command_works_after(runner, locked, tmp_path, command):
    db, holder = locked
    args = command(tmp_path)
    result = runner.invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, sqlite3.Error)
    assert "is busy" in result.output and "Run it again" in result.output and str(db) in result.output
    holder.execute("ROLLBACK")  # the other process is done
    before = _reports(db)
    again = runner.invoke(main, args)
    assert again.exit_code in (0, 1) and "is busy" not in again.output, again.output  # import: exit 1 names the bad row
    assert "not allowed" not in again.output
    if args[1] == "moderate":
        assert "cleared" in runner.invoke(main, ["number", "history", "13800138000"]).output
    else:
        assert _reports(db) == before + 1


@pytest.fixture
def read_only(monkeypatch):
    """Every store this test opens refuses writes, as a read-only file or disk does (root ignores
    file modes, so the test asks SQLite itself)."""
    import bot.store.core as core

    real = core.Store.__init__

    def opened(self, *args, **kwargs):
        real(self, *args, **kwargs)
        self.db.execute("PRAGMA query_only = ON")

    monkeypatch.setattr(core.Store, "__init__", opened)


@pytest.mark.parametrize("command", WRITES[:2], ids=["report", "import"])
def test_a_read_only_database_is_a_clear_message(runner, read_only, tmp_path, command):
    result = runner.invoke(main, command(tmp_path))
    assert result.exit_code == 1 and "read-only" in result.output and "--db" in result.output, result.output
    assert not isinstance(result.exception, sqlite3.Error)


@pytest.mark.parametrize("lines", [ACCOUNT + "\n", "13800138000\n" + ACCOUNT + "\n"])
def test_the_chat_still_answers_on_a_read_only_database(runner, read_only, lines):
    result = runner.invoke(main, ["chat"], input=lines)
    assert result.exit_code == 0, result.output
    assert "诈骗" in result.output or "可疑" in result.output, result.output
    assert "Bye." in result.output


# -- Telegram: a button without data ----------------------------------------------------------------


@pytest.mark.parametrize("data", [None, ""])
def test_a_telegram_button_without_data_is_expired_not_a_refused_police_action(tmp_path, data):
    from test_telegram import Harness, button_update

    async def scenario():
        async with Harness(tmp_path) as h:
            update = button_update("x")
            if data is None:
                del update["callback_query"]["data"]
            else:
                update["callback_query"]["data"] = data
            await h.send(update)
            return h.api.calls

    calls = asyncio.run(scenario())
    said = " ".join(str(p.get("text", "")) for _, p in calls)
    assert "权限" not in said and "not allowed" not in said.lower() and "role grant" not in said
    assert any(name == "answerCallbackQuery" for name, _ in calls)


# -- police: a dry run interrupted in the middle of its preview -------------------------------------


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, BrokenPipeError])
def test_an_interrupted_dry_run_leaves_no_draft_that_could_be_sent(runner, monkeypatch, interruption):
    import importlib

    from bot.services.roles import cli_actor

    alert_cli = importlib.import_module("bot.cli.alert")  # the module (bot.cli.alert is also the group's name)

    monkeypatch.setenv("CALLCHECK_ADMINS", cli_actor())
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    real = alert_cli._preview

    def cut_short(app, draft, lang):  # the first lines shown, then Ctrl-C or the reader gone (`| head -1`)
        click.echo(f"Alert {draft.id} …")
        raise interruption

    monkeypatch.setattr(alert_cli, "_preview", cut_short)
    result = runner.invoke(main, ["alert", "send", "--region", "深圳", "--script", "理赔", "--dry-run"])
    assert isinstance(result.exception, interruption) or result.exit_code != 0
    monkeypatch.setattr(alert_cli, "_preview", real)
    listed = runner.invoke(main, ["alert", "list", "--lang", "en"]).output
    assert "cancelled" not in listed and "draft (expires" not in listed, listed  # a dry run writes nothing


# -- the terminal's goodbye and an empty search: each says something, in the session's language ----


@pytest.mark.parametrize(
    ("lines", "bye"),
    [
        (ACCOUNT + "\n/lang en\n", "Bye."),
        ("/lang en\n", "Bye."),
        ("An Amazon agent called about a refund\n/lang zh\n", "再见。"),
        (ACCOUNT + "\n", "再见 / Bye."),  # no choice made: the locale's (here: both)
        ("", "再见 / Bye."),
    ],
)
def test_the_terminal_says_goodbye_in_the_language_chosen_with_lang(runner, monkeypatch, lines, bye):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # the locale says nothing: /lang decides, else both
    result = runner.invoke(main, ["chat"], input=lines)
    assert result.exit_code == 0 and result.output.rstrip().splitlines()[-1] == bye, result.output[-300:]


@pytest.mark.parametrize("notes", [False, True])
@pytest.mark.parametrize("query", ["淘", "没有这种说法", "nothing like this"])
def test_a_search_that_finds_nothing_says_so(runner, monkeypatch, query, notes):
    from bot.services.roles import cli_actor

    monkeypatch.setenv("CALLCHECK_ADMINS", cli_actor())
    result = runner.invoke(main, ["review", "search", query, *(["--notes"] if notes else [])])
    assert result.exit_code == 0 and "no " in result.output and "match" in result.output, result.output
    assert ("two characters" in result.output) == (query == "淘")
    assert runner.invoke(main, ["review", "search", " "]).exit_code == 2
