"""The reported-scam database: the one module that owns the SQLite schema and writes to it.

    StoreError            base of everything this module raises
      ├── RateLimited     a reporter sent too many reports in the last hour
      ├── ProtectedNumber a moderator tried to mark an official hotline as a scam
      └── SchemaTooNew    the file was written by a newer callcheck

Tables (schema migrations are numbered; PRAGMA user_version records the applied one):
- reports:    one row per report: canonical number, script, channel, time, salted reporter key,
              redacted note, held (1 when the number is a protected official line).
- numbers:    one row per number: independent reporters, reports, first/last seen, scripts,
              status (unverified / confirmed / cleared), protected.
- moderation: the audit trail of every status change, by a moderator or by the quorum rule.
- chats:      conversation state per chat (keyed by a salted hash of the chat id), so a restart
              loses no conversation; expired after a day, deleted by /forget.

Reporter identities are never stored: only an HMAC of them under a secret salt, enough to count
independent reporters and to delete someone's reports on request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from ..redact import numbers
from .migrations import MIGRATIONS, SCHEMA_VERSION

STATUSES = ("unverified", "confirmed", "cleared")
MAX_NOTE = 500


class StoreError(Exception):
    """Something the store refuses to do; the message is meant for the person who asked."""


class RateLimited(StoreError):
    """Too many reports from one reporter in the last hour."""


class ProtectedNumber(StoreError):
    """Official hotlines cannot be marked as scams: spoofing is the likely cause of reports."""


class SchemaTooNew(StoreError):
    """The database was written by a newer version of callcheck."""


@dataclass(frozen=True)
class NumberRecord:
    """What the database knows about one number."""

    number: str
    status: str
    reporters: int
    reports: int
    first_seen: str | None
    last_seen: str | None
    scripts: dict[str, int]
    protected: bool
    held: int

    def to_dict(self) -> dict:
        """The "reports" object of `callcheck number check --json`."""
        return {
            "status": self.status,
            "reporters": self.reporters,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "scripts": sorted(self.scripts, key=lambda s: -self.scripts[s]),
            "protected": self.protected,
            "held_for_review": self.held,
        }


@dataclass(frozen=True)
class ReportOutcome:
    """What happened to one report."""

    record: NumberRecord
    new_reporter: bool
    held: bool
    confirmed_now: bool


@dataclass
class ImportResult:
    """Counts from a bulk import."""

    added: int = 0
    already_present: int = 0
    confirmed: int = 0
    held: int = 0
    errors: list[str] = field(default_factory=list)


def iso(ts: int | None) -> str | None:
    """Epoch seconds to an ISO 8601 UTC string."""
    if ts is None:
        return None
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def redact(note: str | None) -> str | None:
    """Keep the gist of a note, drop phone, card and ID numbers and e-mail addresses."""
    if not note:
        return None
    return numbers(" ".join(str(note).split())[:MAX_NOTE]) or None


def load_salt(db_path: Path, env: dict | None = None) -> bytes:
    """The secret salt for reporter keys: $CALLCHECK_SALT, else a 0600 file beside the database."""
    env = os.environ if env is None else env
    if env.get("CALLCHECK_SALT"):
        return env["CALLCHECK_SALT"].encode()
    salt_path = db_path.with_name(db_path.name + ".salt")
    if salt_path.exists():
        return salt_path.read_bytes().strip()
    salt = secrets.token_hex(32).encode()
    fd = os.open(salt_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(salt)
    return salt


class Store:
    """The reported-scam database. One instance per process; every write is one transaction."""

    def __init__(
        self,
        path: str | Path,
        *,
        salt: bytes,
        quorum: int = 3,
        reports_per_hour: int = 20,
        clock: Callable[[], float] = time.time,
    ):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self.db = Database(conn)
        if str(path) != ":memory:":
            self.db.enable_wal()
        self.db.execute("PRAGMA busy_timeout = 30000")
        self.db.execute("PRAGMA synchronous = NORMAL")
        # A large page cache and memory-mapped reads keep 10M-number lookups and bulk imports
        # off the disk; both are per-connection and cost nothing until pages are used.
        self.db.execute("PRAGMA cache_size = -262144")
        self.db.execute("PRAGMA mmap_size = 2147483648")
        self.db.execute("PRAGMA temp_store = MEMORY")
        self.salt = salt
        self.quorum = max(1, quorum)
        self.reports_per_hour = reports_per_hour
        self.clock = clock
        self._migrate()

    def close(self) -> None:
        self.db.conn.close()

    # -- schema --------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(f"{self.path} was written by a newer callcheck (schema {version}); upgrade callcheck")
        for v in sorted(n for n in MIGRATIONS if n > version):
            with self._transaction():
                if self.db.execute("PRAGMA user_version").fetchone()[0] >= v:
                    continue  # another process migrated first
                for statement in MIGRATIONS[v].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {v}")

    class _Txn:
        def __init__(self, conn: sqlite3.Connection):
            self.conn = conn

        def __enter__(self):
            self.conn.execute("BEGIN IMMEDIATE")
            return self.conn

        def __exit__(self, exc_type, exc, tb):
            self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
            return False

    def _transaction(self) -> Store._Txn:
        return Store._Txn(self.db.conn)

    # -- identities ----------------------------------------------------------------------
    def reporter_key(self, reporter_id: str) -> str:
        """A salted, one-way key for a reporter: counts them without storing who they are."""
        return hmac.new(self.salt, str(reporter_id).encode(), hashlib.sha256).hexdigest()[:24]

    # -- reads ---------------------------------------------------------------------------
    def lookup(self, number: str) -> NumberRecord | None:
        """The aggregate for one canonical number, or None if nobody reported it."""
        row = self.db.execute(
            "SELECT number, status, reporters, reports, first_seen, last_seen, scripts, protected, held "
            "FROM numbers WHERE number = ?",
            [number],
        ).fetchone()
        return _record(row) if row else None

    def history(self, number: str) -> list[dict]:
        """The moderation audit trail of one number, oldest first."""
        rows = self.db.execute(
            "SELECT status_from, status_to, moderator, reason, created_at FROM moderation WHERE number = ? ORDER BY id",
            [number],
        ).fetchall()
        return [{"from": r[0], "to": r[1], "by": r[2], "reason": r[3], "at": iso(r[4])} for r in rows]

    def export(self) -> Iterable[dict]:
        """Every number with its aggregate, for `callcheck number export`."""
        cur = self.db.execute(
            "SELECT number, status, reporters, reports, first_seen, last_seen, scripts, protected, held "
            "FROM numbers ORDER BY number"
        )
        for row in cur:
            rec = _record(row)
            yield {"number": rec.number, **rec.to_dict()}

    # -- writes --------------------------------------------------------------------------
    def add_report(
        self,
        number: str,
        script: str,
        reporter_id: str,
        *,
        channel: str = "cli",
        note: str | None = None,
        protected: bool = False,
    ) -> ReportOutcome:
        """Record one report; apply the rate limit, the quorum rule and official-line protection."""
        key = self.reporter_key(reporter_id)
        now = int(self.clock())
        with self._transaction() as conn:
            recent = conn.execute(
                "SELECT COUNT(*) FROM reports WHERE reporter = ? AND created_at > ?", [key, now - 3600]
            ).fetchone()[0]
            if recent >= self.reports_per_hour:
                raise RateLimited(f"too many reports from you in the last hour ({recent}); try again later")
            seen = conn.execute(
                "SELECT 1 FROM reports WHERE number = ? AND reporter = ? LIMIT 1", [number, key]
            ).fetchone()
            conn.execute(
                "INSERT INTO reports (number, script, channel, created_at, reporter, note, held) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [number, script, channel, now, key, redact(note), int(protected)],
            )
            before = conn.execute("SELECT status FROM numbers WHERE number = ?", [number]).fetchone()
            conn.execute(
                _UPSERT,
                {
                    "number": number,
                    "new": 0 if seen else 1,
                    "now": now,
                    "script": script,
                    "protected": int(protected),
                    "quorum": self.quorum,
                },
            )
            row = conn.execute(
                "SELECT number, status, reporters, reports, first_seen, last_seen, scripts, protected, held "
                "FROM numbers WHERE number = ?",
                [number],
            ).fetchone()
            confirmed_now = row[1] == "confirmed" and (before is None or before[0] != "confirmed")
            if confirmed_now:
                conn.execute(
                    "INSERT INTO moderation (number, status_from, status_to, moderator, reason, created_at) "
                    "VALUES (?, ?, 'confirmed', 'quorum', ?, ?)",
                    [number, before[0] if before else None, f"{row[2]} independent reporters", now],
                )
        return ReportOutcome(_record(row), not seen, bool(protected), confirmed_now)

    def moderate(
        self, number: str, status: str, moderator: str, reason: str, *, protected: bool = False
    ) -> NumberRecord:
        """Set a number's status by hand, with an audit row. Official lines cannot become 'confirmed'."""
        if status not in STATUSES:
            raise StoreError(f"status must be one of {', '.join(STATUSES)}")
        if not moderator.strip() or not reason.strip():
            raise StoreError("a moderator name and a reason are required for the audit trail")
        if status == "confirmed" and protected:
            raise ProtectedNumber(
                f"{number} is an official hotline in the knowledge base; reports against it are "
                "held for review because spoofing is the likely cause, and it cannot be marked a scam"
            )
        now = int(self.clock())
        with self._transaction() as conn:
            before = conn.execute("SELECT status FROM numbers WHERE number = ?", [number]).fetchone()
            if before is None:
                conn.execute(
                    "INSERT INTO numbers (number, status, protected) VALUES (?, ?, ?)", [number, status, int(protected)]
                )
            else:
                conn.execute(
                    "UPDATE numbers SET status = ?, protected = MAX(protected, ?) WHERE number = ?",
                    [status, int(protected), number],
                )
            conn.execute(
                "INSERT INTO moderation (number, status_from, status_to, moderator, reason, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [number, before[0] if before else None, status, moderator.strip(), redact(reason), now],
            )
        rec = self.lookup(number)
        assert rec is not None
        return rec

    def import_reports(
        self,
        rows: Iterable[tuple[str, str, str | None]],
        source: str,
        *,
        is_protected: Callable[[str], bool] = lambda n: False,
        batch: int = 20_000,
        on_batch: Callable[[int], None] | None = None,
    ) -> ImportResult:
        """Bulk-add (number, script, note) rows from one source; re-importing the same rows adds nothing.

        Each source counts as one independent reporter per number, like one person reporting.
        """
        key = self.reporter_key(f"import:{source}")
        result = ImportResult()
        chunk: list[tuple[str, str, str | None]] = []

        def flush() -> None:
            if not chunk:
                return
            now = int(self.clock())
            with self._transaction() as conn:
                conn.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS batch (number TEXT PRIMARY KEY, script TEXT, note TEXT, "
                    "protected INTEGER, prev TEXT) WITHOUT ROWID"
                )
                conn.execute("DELETE FROM temp.batch")
                conn.executemany(
                    "INSERT OR IGNORE INTO temp.batch VALUES (?, ?, ?, ?, NULL)",
                    [(n, s, redact(note), int(is_protected(n))) for n, s, note in chunk],
                )
                # This source reported these before: re-importing adds nothing.
                conn.execute(
                    "DELETE FROM temp.batch WHERE EXISTS (SELECT 1 FROM reports r WHERE r.number = "
                    "temp.batch.number AND r.reporter = ?)",
                    [key],
                )
                fresh = conn.execute("SELECT COUNT(*) FROM temp.batch").fetchone()[0]
                conn.execute(
                    "UPDATE temp.batch SET prev = (SELECT status FROM numbers n WHERE n.number = temp.batch.number)"
                )
                conn.execute(
                    "INSERT INTO reports (number, script, channel, created_at, reporter, note, held) "
                    "SELECT number, script, 'import', ?, ?, note, protected FROM temp.batch",
                    [now, key],
                )
                conn.execute(_BULK_UPSERT, {"now": now, "quorum": self.quorum})
                conn.execute(
                    "INSERT INTO moderation (number, status_from, status_to, moderator, reason, created_at) "
                    "SELECT n.number, b.prev, 'confirmed', 'quorum', n.reporters || ' independent reporters', ? "
                    "FROM numbers n JOIN temp.batch b ON n.number = b.number "
                    "WHERE n.status = 'confirmed' AND (b.prev IS NULL OR b.prev = 'unverified')",
                    [now],
                )
                confirmed = conn.execute("SELECT changes()").fetchone()[0]
                held = conn.execute("SELECT COUNT(*) FROM temp.batch WHERE protected = 1").fetchone()[0]
            result.added += fresh
            result.already_present += len(chunk) - fresh
            result.confirmed += confirmed
            result.held += held
            if on_batch:
                on_batch(len(chunk))
            chunk.clear()

        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                flush()
        flush()
        return result

    # -- conversation state --------------------------------------------------------------
    def load_chat(self, chat_id: str, max_age: int = 24 * 3600) -> dict | None:
        """The saved state of one chat, or None (also when older than `max_age` seconds)."""
        row = self.db.execute(
            "SELECT state, updated_at FROM chats WHERE chat = ?", [self.reporter_key(chat_id)]
        ).fetchone()
        if row is None or self.clock() - row[1] > max_age:
            return None
        return json.loads(row[0])

    def save_chat(self, chat_id: str, state: dict) -> None:
        """Save one chat's state (one short transaction)."""
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO chats (chat, state, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(chat) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                [self.reporter_key(chat_id), json.dumps(state, ensure_ascii=False), int(self.clock())],
            )

    def delete_chat(self, chat_id: str) -> None:
        """Forget one chat's state."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM chats WHERE chat = ?", [self.reporter_key(chat_id)])

    def purge_chats(self, max_age: int = 24 * 3600) -> int:
        """Delete conversation states older than `max_age` seconds; returns how many."""
        with self._transaction() as conn:
            return conn.execute("DELETE FROM chats WHERE updated_at < ?", [int(self.clock()) - max_age]).rowcount

    def forget_reporter(self, reporter_id: str) -> int:
        """Delete every report by one reporter and recount the numbers they reported. Returns reports deleted."""
        key = self.reporter_key(reporter_id)
        with self._transaction() as conn:
            numbers = [r[0] for r in conn.execute("SELECT DISTINCT number FROM reports WHERE reporter = ?", [key])]
            deleted = conn.execute("DELETE FROM reports WHERE reporter = ?", [key]).rowcount
            for number in numbers:
                _recount(conn, number)
        return deleted


_UPSERT = """
INSERT INTO numbers (number, reporters, reports, first_seen, last_seen, scripts, status, protected, held)
VALUES (:number, 1, 1, :now, :now, json_object(:script, 1),
        CASE WHEN :quorum <= 1 AND :protected = 0 THEN 'confirmed' ELSE 'unverified' END, :protected, :protected)
ON CONFLICT(number) DO UPDATE SET
    reporters = reporters + :new,
    reports = reports + 1,
    last_seen = :now,
    scripts = json_set(scripts, '$."' || :script || '"',
                       coalesce(json_extract(scripts, '$."' || :script || '"'), 0) + 1),
    protected = MAX(protected, :protected),
    held = held + :protected,
    status = CASE WHEN status = 'unverified' AND MAX(protected, :protected) = 0 AND reporters + :new >= :quorum
                  THEN 'confirmed' ELSE status END
"""

_BULK_UPSERT = """
INSERT INTO numbers (number, reporters, reports, first_seen, last_seen, scripts, status, protected, held)
SELECT number, 1, 1, :now, :now, json_object(script, 1),
       CASE WHEN :quorum <= 1 AND protected = 0 THEN 'confirmed' ELSE 'unverified' END, protected, protected
FROM temp.batch WHERE true
ON CONFLICT(number) DO UPDATE SET
    reporters = reporters + 1,
    reports = reports + 1,
    last_seen = :now,
    scripts = json_set(scripts, '$."' || (SELECT key FROM json_each(excluded.scripts)) || '"',
                       coalesce(json_extract(scripts,
                                             '$."' || (SELECT key FROM json_each(excluded.scripts)) || '"'), 0) + 1),
    protected = MAX(protected, excluded.protected),
    held = held + excluded.protected,
    status = CASE WHEN status = 'unverified' AND MAX(protected, excluded.protected) = 0 AND reporters + 1 >= :quorum
                  THEN 'confirmed' ELSE status END
"""


def _recount(conn: sqlite3.Connection, number: str) -> None:
    rows = conn.execute("SELECT reporter, script, created_at, held FROM reports WHERE number = ?", [number]).fetchall()
    if not rows:
        conn.execute("DELETE FROM numbers WHERE number = ? AND status = 'unverified'", [number])
        conn.execute(
            "UPDATE numbers SET reporters = 0, reports = 0, scripts = '{}', held = 0 WHERE number = ?", [number]
        )
        return
    scripts: dict[str, int] = {}
    for r in rows:
        scripts[r[1]] = scripts.get(r[1], 0) + 1
    conn.execute(
        "UPDATE numbers SET reporters = ?, reports = ?, first_seen = ?, last_seen = ?, scripts = ?, held = ? "
        "WHERE number = ?",
        [
            len({r[0] for r in rows}),
            len(rows),
            min(r[2] for r in rows),
            max(r[2] for r in rows),
            json.dumps(scripts),
            sum(r[3] for r in rows),
            number,
        ],
    )


def _record(row) -> NumberRecord:
    return NumberRecord(
        row[0], row[1], row[2], row[3], iso(row[4]), iso(row[5]), json.loads(row[6] or "{}"), bool(row[7]), row[8]
    )
