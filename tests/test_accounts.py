"""First-person accounts, as people tell them, in Chinese and English: verdict and script spec.

Each line of data/accounts.jsonl is {"id", "label": scam|benign, "scripts"?, "text"}. A scam must
be flagged (scam or suspicious) with one of its scripts in the top two; a genuine contact or an
everyday question must get no_scam_signs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROWS = [
    json.loads(line) for line in (Path(__file__).parent / "data" / "accounts.jsonl").read_text("utf-8").splitlines()
]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_account(analyzer, row):
    result = analyzer.analyze(row["text"])
    if row["label"] == "benign":
        assert result.verdict in ("no_scam_signs", "matches_genuine"), result.to_dict()
        return
    assert result.verdict in ("scam", "suspicious"), result.to_dict()
    top = [m.id for m in result.scripts[:2]]
    assert any(s in top for s in row["scripts"]), (top, row["scripts"])
