"""Owner of the `cases` table: hotline case summaries, already redacted by the caller of `save`.

A case belongs to the operator who wrote it (stored as the salted key of `op:<login>`); only
they can reopen or delete it. `account` is kept only when the caller agreed, and is redacted too.
"""

from __future__ import annotations

import json

from .core import Store, iso

_COLS = ("id", "created_at", "updated_at", "lang", "verdict", "script", "stage", "paid", "given", "summary", "account")


class Cases:
    """Save, reopen, list and delete case summaries."""

    def __init__(self, store: Store):
        self.store = store

    def save(self, operator: str, fields: dict, case_id: int | None = None) -> int | None:
        """Insert a case, or update the operator's own case `case_id`; None when that case is not theirs."""
        now = int(self.store.clock())
        values = [
            fields["lang"],
            fields.get("verdict"),
            fields.get("script"),
            fields.get("stage"),
            int(bool(fields.get("paid"))),
            json.dumps(sorted(fields.get("given") or [])),
            fields["summary"],
            fields.get("account"),
        ]
        with self.store._transaction() as conn:
            if case_id is None:
                cur = conn.execute(
                    "INSERT INTO cases (operator, created_at, updated_at, lang, verdict, script, stage, paid, given, "
                    "summary, account) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [operator, now, now, *values],
                )
                return int(cur.lastrowid)
            cur = conn.execute(
                "UPDATE cases SET updated_at = ?, lang = ?, verdict = ?, script = ?, stage = ?, paid = ?, given = ?, "
                "summary = ?, account = ? WHERE id = ? AND operator = ?",
                [now, *values, case_id, operator],
            )
            return case_id if cur.rowcount else None

    def get(self, operator: str, case_id: int) -> dict | None:
        row = self.store.db.execute(
            f"SELECT {', '.join(_COLS)} FROM cases WHERE id = ? AND operator = ?", [case_id, operator]
        ).fetchone()
        return _case(row) if row else None

    def recent(self, operator: str, limit: int = 20) -> list[dict]:
        rows = self.store.db.execute(
            f"SELECT {', '.join(_COLS)} FROM cases WHERE operator = ? ORDER BY updated_at DESC, id DESC LIMIT ?",
            [operator, int(limit)],
        ).fetchall()
        return [_case(r) for r in rows]

    def delete(self, operator: str, case_id: int) -> bool:
        with self.store._transaction() as conn:
            return conn.execute("DELETE FROM cases WHERE id = ? AND operator = ?", [case_id, operator]).rowcount > 0

    def count(self) -> int:
        return self.store.db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]


def _case(row) -> dict:
    out = dict(zip(_COLS, row, strict=True))
    out["paid"] = bool(out["paid"])
    out["given"] = json.loads(out["given"] or "[]")
    out["created"] = iso(out.pop("created_at"))
    out["updated"] = iso(out.pop("updated_at"))
    return out
