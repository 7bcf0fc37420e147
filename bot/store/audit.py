"""Owner of the `audit` and `roles` tables: who may do what, and every privileged attempt.

Members and actors are stored only as salted keys (`Store.reporter_key` of an identity such as
`tg:12345`, `cli:alice` or `op:alice`), never as the identity itself.
"""

from __future__ import annotations

from .core import Store


class AuditLog:
    """Append-only record of privileged actions and refused attempts."""

    def __init__(self, store: Store):
        self.store = store

    def record(
        self, actor: str, action: str, outcome: str, target: str | None = None, detail: str | None = None
    ) -> None:
        """Write one row; `actor` is already a salted key, `detail` must hold no personal data."""
        with self.store._transaction() as conn:
            conn.execute(
                "INSERT INTO audit (created_at, actor, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)",
                [int(self.store.clock()), actor, action, target, outcome, (detail or "")[:500] or None],
            )

    def recent(self, limit: int = 50, action: str | None = None) -> list[dict]:
        """The newest rows first, optionally only one action (prefix match, e.g. "alert.")."""
        sql = "SELECT id, created_at, actor, action, target, outcome, detail FROM audit"
        args: list = []
        if action:
            sql += " WHERE action LIKE ?"
            args.append(action.replace("%", "") + "%")
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(int(limit))
        cols = ("id", "created_at", "actor", "action", "target", "outcome", "detail")
        return [dict(zip(cols, row, strict=True)) for row in self.store.db.execute(sql, args).fetchall()]


class RoleTable:
    """Granted roles (admins come from configuration and are not stored here)."""

    def __init__(self, store: Store):
        self.store = store

    def grant(self, member: str, role: str, granted_by: str) -> bool:
        """Give `member` the role; False when they already had it."""
        with self.store._transaction() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO roles (member, role, granted_by, granted_at) VALUES (?, ?, ?, ?)",
                [member, role, granted_by, int(self.store.clock())],
            )
            return cur.rowcount > 0

    def revoke(self, member: str, role: str) -> bool:
        """Take the role away; False when they did not have it."""
        with self.store._transaction() as conn:
            return conn.execute("DELETE FROM roles WHERE member = ? AND role = ?", [member, role]).rowcount > 0

    def roles_of(self, member: str) -> set[str]:
        rows = self.store.db.execute("SELECT role FROM roles WHERE member = ?", [member]).fetchall()
        return {r[0] for r in rows}

    def members(self, role: str) -> list[str]:
        rows = self.store.db.execute("SELECT member FROM roles WHERE role = ? ORDER BY granted_at", [role])
        return [r[0] for r in rows.fetchall()]

    def forget(self, member: str) -> int:
        """Remove every role of a member (used by /forget); returns rows removed."""
        with self.store._transaction() as conn:
            return conn.execute("DELETE FROM roles WHERE member = ?", [member]).rowcount
