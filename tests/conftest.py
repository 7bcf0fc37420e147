"""Shared fixtures: the shipped knowledge base and analyzer, loaded once per test session."""

from __future__ import annotations

import pytest

from knowledge import load_knowledge
from nlu.analyzer import Analyzer


@pytest.fixture(scope="session")
def kb():
    return load_knowledge()


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
