"""Owner of the `audit`, `roles` and `officers` tables: who may do what, and every privileged attempt.

Members and actors are stored only as salted keys (`Store.reporter_key` of an identity such as
`tg:12345`, `cli:alice` or `op:alice`), never as the identity itself. An officer's display name,
unit and the unit's official contact are stored (`officers`) because they are meant to be shown:
the audit and the alerts say which named officer of which unit composed and confirmed what.
"""

from __future__ import annotations

from .core import Store, register_forget

register_forget("officers", "member")


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

    def named(self, since: int = 0, unit: str | None = None, action: str | None = None) -> list[dict]:
        """Oldest first, each row with the officer's name and unit (None for unnamed actors).

        With `unit`, only the rows of that unit's officers (case-insensitive) — the unit's export.
        """
        sql = (
            "SELECT a.id, a.created_at, a.actor, o.name, o.unit, a.action, a.target, a.outcome, a.detail "
            "FROM audit a LEFT JOIN officers o ON o.member = a.actor WHERE a.created_at >= ?"
        )
        args: list = [int(since)]
        if unit:
            sql += " AND lower(o.unit) = lower(?)"
            args.append(unit.strip())
        if action:
            sql += " AND a.action LIKE ?"
            args.append(action.replace("%", "") + "%")
        sql += " ORDER BY a.id"
        cols = ("id", "created_at", "actor", "name", "unit", "action", "target", "outcome", "detail")
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


class OfficerTable:
    """Display name, unit and the unit's official contact of an officer, recorded when the role is granted."""

    def __init__(self, store: Store):
        self.store = store

    def put(self, member: str, name: str, unit: str, contact: str | None) -> None:
        with self.store._transaction() as conn:
            conn.execute(
                "INSERT INTO officers (member, name, unit, contact, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(member) DO UPDATE SET name = excluded.name, unit = excluded.unit, "
                "contact = COALESCE(excluded.contact, contact), updated_at = excluded.updated_at",
                [member, name, unit, contact, int(self.store.clock())],
            )

    def get(self, member: str | None) -> dict | None:
        if not member:
            return None
        row = self.store.db.execute(
            "SELECT member, name, unit, contact FROM officers WHERE member = ?", [member]
        ).fetchone()
        return dict(zip(("member", "name", "unit", "contact"), row, strict=True)) if row else None

    def forget(self, member: str) -> int:
        with self.store._transaction() as conn:
            return conn.execute("DELETE FROM officers WHERE member = ?", [member]).rowcount
