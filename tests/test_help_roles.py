"""/help and /start show the commands of a person's roles (police, volunteer, admin) to them only.

Through the real Application, offline, as in tests/test_police_telegram.py; the terminal shares the
texts and never lists role commands (nobody holds a role there).
"""

from __future__ import annotations

import html
import io

import pytest
from test_police_telegram import ADMIN, CITIZEN, GROUP_ADMIN, OFFICER, Harness, command
from test_telegram import run

from bot.app import App, Settings
from bot.channels.terminal import run_chat
from bot.conversation.report import texts

VOLUNTEER = 5


def role_lines(lang: str) -> dict[str, str]:
    return texts(lang)["chat"]["role_help"]["commands"]


def command_words(lang: str, *actions: str) -> set[str]:
    """The first word of the help line of each action, e.g. /alert."""
    return {role_lines(lang)[a].split()[0] for a in actions}


def shown(text: str, lang: str) -> set[str]:
    """Which role help lines are in a reply (Telegram gets them HTML-escaped)."""
    return {action for action, line in role_lines(lang).items() if html.escape(line) in text}


async def help_of(h: Harness, user: int, lang: str = "zh", chat_type: str = "private", cmd: str = "/help") -> str:
    chat_id = user if chat_type == "private" else -100777
    before = len(h.api.sent_to(chat_id))
    await h.send(command(cmd, user, chat_id=chat_id, chat_type=chat_type, lang=lang))
    return "\n".join(p["text"] for p in h.api.sent_to(chat_id)[before:])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_lists_each_roles_commands_to_its_holders_only(tmp_path, lang):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(command(f"/grant {OFFICER} police 林警官 | 湾仔警区", ADMIN))
            await h.send(command(f"/grant {VOLUNTEER} volunteer", ADMIN))
            title = texts(lang)["chat"]["role_help"]["title"]

            citizen = await help_of(h, CITIZEN, lang)
            assert "/check" in citizen and title not in citizen and shown(citizen, lang) == set()
            assert not {"/alert", "/queue", "/grant", "/trends"} & set(citizen.split())

            police = await help_of(h, OFFICER, lang)
            assert title in police and "/check" in police
            assert shown(police, lang) == {
                "alert.compose",
                "subscription.approve",
                "trends.view",
                "number.moderate",
            }

            volunteer = await help_of(h, VOLUNTEER, lang)
            assert shown(volunteer, lang) == {"trends.view", "review.queue", "number.moderate"}
            assert "/alert" not in volunteer and "/grant" not in volunteer

            admin = await help_of(h, ADMIN, lang)
            assert shown(admin, lang) == set(role_lines(lang))  # an admin may do everything listed

            # roles change what /help says at once
            await h.send(command(f"/revoke {OFFICER} police", ADMIN))
            assert shown(await help_of(h, OFFICER, lang), lang) == set()

    run(scenario())


def test_start_lists_them_too_but_a_group_never_sees_them(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(command(f"/grant {OFFICER} police 林警官 | 湾仔警区", ADMIN))
            start = await help_of(h, OFFICER, cmd="/start")
            assert "反诈核实助手" in start and "/alert" in start
            in_group = await help_of(h, OFFICER, chat_type="group")
            assert "/check" in in_group and "/alert" not in in_group and shown(in_group, "zh") == set()
            audit = h.app.roles.audit.recent(limit=100)
            assert all(r["action"].startswith("role.") for r in audit)  # showing help writes no audit rows

    run(scenario())


def test_every_help_line_names_a_real_action_and_a_command_the_bot_answers(tmp_path):
    from bot.channels.telegram_police import POLICE_COMMANDS
    from bot.services.roles import PERMISSIONS

    for lang in ("zh", "en"):
        assert set(role_lines(lang)) <= set(PERMISSIONS)
        assert set(role_lines("zh")) == set(role_lines("en"))
        words = {w.lstrip("/") for w in command_words(lang, *role_lines(lang))}
        assert words <= {*POLICE_COMMANDS, "queue"}


def test_the_terminal_help_has_no_role_commands(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLCHECK_ADMINS", "terminal cli:terminal")  # even so: roles do not apply there
    app = App(Settings.from_env())
    out = io.StringIO()
    try:
        run_chat(app.conversations, io.StringIO("/help\n/lang en\n/help\n"), out, interactive=False)
    finally:
        app.close()
    text = out.getvalue()
    assert "/check" in text and "/suggest" in text
    for lang in ("zh", "en"):
        assert texts(lang)["chat"]["role_help"]["title"] not in text
    assert "/alert" not in text and "/queue" not in text and "/grant" not in text


def test_group_admin_without_a_role_sees_the_plain_help(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            assert "/alert" not in await help_of(h, GROUP_ADMIN)

    run(scenario())
