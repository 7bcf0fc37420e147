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
