"""Roles: admins from configuration, grants by admins only, and an audit row for every attempt."""

import pytest

from bot.app import Settings
from bot.services.roles import NotAllowed, Roles, admins_from_env
from bot.store import Store


@pytest.fixture
def roles():
    store = Store(":memory:", salt=b"test-salt-0123456789abcdef")
    return Roles(store, admins=admins_from_env("111, cli:root"))


def test_admins_come_from_configuration(roles):
    assert roles.roles_of("tg:111") == {"admin"}
    assert roles.roles_of("111") == {"admin"}  # a bare id is a Telegram user
    assert roles.roles_of("cli:root") == {"admin"}
    assert roles.roles_of("tg:222") == set()


def test_only_admins_grant_and_revoke(roles):
    with pytest.raises(NotAllowed):
        roles.grant("tg:222", "tg:222", "police")
    with pytest.raises(ValueError, match="display name and a unit"):
        roles.grant("tg:111", "tg:222", "police")  # an officer is named, or not one
    assert not roles.can("tg:222", "alert.send")
    named = {"name": "Officer Ho", "unit": "Wan Chai district"}
    assert roles.grant("tg:111", "tg:222", "police", **named) is True
    assert roles.grant("tg:111", "tg:222", "police", **named) is False
    assert roles.can("tg:222", "alert.send")
    with pytest.raises(NotAllowed):
        roles.grant("tg:222", "tg:333", "police", **named)  # police cannot make police
    assert roles.revoke("tg:111", "tg:222", "police") is True
    assert not roles.can("tg:222", "alert.send")


def test_admin_cannot_be_granted(roles):
    with pytest.raises(ValueError):
        roles.grant("tg:111", "tg:222", "admin")


def test_every_attempt_is_audited_by_key_not_identity(roles):
    with pytest.raises(NotAllowed):
        roles.authorize("tg:999", "alert.send", target="alert:1")
    roles.authorize("tg:111", "alert.send", target="alert:1")
    rows = roles.audit.recent(action="alert.")
    assert [r["outcome"] for r in rows] == ["allowed", "refused"]
    assert all("999" not in r["actor"] and "111" not in r["actor"] for r in rows)
    assert rows[1]["actor"] == roles.key("tg:999")


def test_settings_read_admins_from_env():
    assert Settings.from_env(env={"CALLCHECK_ADMINS": "5 6"}).admins == ("tg:5", "tg:6")
    assert Settings.from_env(env={}).admins == ()
