"""Shared fixtures: the shipped knowledge base and analyzer, loaded once per test process."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import default_root, load_knowledge
from nlu.analyzer import Analyzer


@pytest.fixture(scope="session")
def kb():
    return load_knowledge()


@pytest.fixture(scope="session", autouse=True)
def shipped_knowledge_once(kb):
    """Every App a test builds on the shipped knowledge (CLI calls, servers, chats) gets the one
    already loaded, instead of reading and validating the files again for each of hundreds of
    calls. Other folders, and the shipped files with approved additions, load as they would."""
    import bot.services.knowledge as keeper

    real = keeper.load_knowledge
    shipped = default_root().resolve()

    def load(root=None, overlay=None):
        if (root is None or Path(root).resolve() == shipped) and (overlay is None or not overlay.additions):
            return kb
        return real(root, overlay)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(keeper, "load_knowledge", load)
        yield


@pytest.fixture(scope="session", autouse=True)
def number_data_loaded():
    """phonenumbers' geocoder and carrier data, imported once per test process as the server's warm
    start does (bot/warm.py): the first account with a number would otherwise pay seconds for it,
    and a test server's 2-second analysis budget can pass on a loaded machine (a 503, not a bug)."""
    from phonenumbers import carrier, geocoder  # noqa: F401


@pytest.fixture(scope="session")
def analyzer(kb):
    return Analyzer(kb)


@pytest.fixture(autouse=True)
def isolated_db(tmp_path, monkeypatch):
    """Every test gets its own database file: no test writes ./callcheck.db."""
    db = tmp_path / "callcheck.db"
    monkeypatch.setenv("CALLCHECK_DB", str(db))
    monkeypatch.setenv("CALLCHECK_SALT", "test-salt-not-for-production")
    # The review desk's impact preview reads no development corpus unless a test gives one.
    monkeypatch.setenv("CALLCHECK_CORPUS", str(tmp_path / "no-corpus"))
    return db
