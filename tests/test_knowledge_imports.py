"""The knowledge package's modules import in one direction: the loader uses the reading helpers,
call guides and situations; none of those reaches back into the loader (no import circle)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


def imported_modules(path: Path) -> set[str]:
    """Every `from .x import …` (at any depth: call-time imports count too)."""
    tree = ast.parse(path.read_text("utf-8"))
    return {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 1}


@pytest.mark.parametrize("module", ["reading", "callguide", "situations_loader"])
def test_helpers_do_not_import_the_loader(module):
    assert "loader" not in imported_modules(KNOWLEDGE / f"{module}.py")


def test_the_loader_reads_through_the_shared_helpers():
    assert {"reading", "callguide"} <= imported_modules(KNOWLEDGE / "loader.py")
    assert "reading" not in {m for m in imported_modules(KNOWLEDGE / "reading.py")}
