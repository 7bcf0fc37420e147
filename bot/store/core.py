"""The reported-scam database: the one module that owns the SQLite schema and writes to it.

    StoreError            base of everything this module raises
      ├── RateLimited     a reporter sent too many reports in the last hour
      ├── ProtectedNumber a moderator tried to mark an official hotline as a scam
      ├── SaltError       the secret salt is missing, empty, short or unreadable
      └── SchemaTooNew    the file was written by a newer callcheck

Tables (schema migrations are numbered; PRAGMA user_version records the applied one):
- reports:    one row per report: canonical number, script, channel, time, salted reporter key,
              redacted note, held (1 when the number is a protected official line).
- numbers:    one row per number: independent reporters, reports, first/last seen, scripts,
              status (unverified / confirmed / cleared), protected.
- moderation: the audit trail of every status change, by a moderator or by the quorum rule.
- chats:      conversation state per chat (keyed by a salted hash of the chat id), so a restart
              loses no conversation: facts extracted from the account, never its text; expired
              after a day (purged while running), deleted by /forget.

Every file is created owner-only (0600); deleted rows are zeroed (`secure_delete`) and the WAL is
truncated after /forget. One connection serves all threads, serialised by `Store.lock`.

Reporter identities are never stored: only an HMAC of them under a secret salt, enough to count
independent reporters and to delete someone's reports on request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from ..redact import names, numbers
from .migrations import MIGRATIONS, SCHEMA_VERSION

STATUSES = ("unverified", "confirmed", "cleared")
MAX_NOTE = 500
# The quorum (see Store._quorum_met): a reporter seen for the first time weighs NEW_WEIGHT, one
# first seen SETTLED_SECONDS ago or more weighs 1; channels of one kind never confirm alone.
NEW_WEIGHT = 0.5
SETTLED_SECONDS = 7 * 24 * 3600
_KIND = {"import": "cli", "terminal": "cli", "webhook": "telegram"}


BUSY_TIMEOUT = 30.0  # seconds a statement waits for another process's write lock before "database is locked"


class StoreError(Exception):
    """Something the store refuses to do; the message is meant for the person who asked."""


class RateLimited(StoreError):
    """Too many reports from one reporter in the last hour."""


class ProtectedNumber(StoreError):
    """Official hotlines cannot be marked as scams: spoofing is the likely cause of reports."""


class AlreadyDone(StoreError):
    """The number already has the status asked for: nothing changed, nothing audited as a change."""


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
    """Keep the gist of a note, drop phone, card and ID numbers, e-mail addresses and personal names."""
    if not note:
        return None
    return names(numbers(" ".join(str(note).split())[:MAX_NOTE])) or None


MIN_SALT = 16  # characters; a short salt lets anyone with the database recover ids by brute force
# SHA-256 of salts that were published (callcheck.db.salt was once committed to the repository):
# anyone has them, so they protect nothing.
PUBLISHED_SALTS = frozenset({"8e3174d84c1ea976998aaef21e2abecbf34dfd88dabc5fc6b2d31f20e25526dd"})


class SaltError(StoreError):
    """The secret salt is missing, empty, too short or unreadable; callcheck refuses to start."""


def load_salt(db_path: Path, env: dict | None = None) -> bytes:
    """The secret salt for reporter keys: $CALLCHECK_SALT, else an owner-only file `<db>.salt`.

    The file is created atomically (written to a private temporary file, then hard-linked into
    place), so processes starting together all read the same complete salt. An empty or short
    salt is refused rather than used.
    """
    env = os.environ if env is None else env
    if "CALLCHECK_SALT" in env:
        salt = env["CALLCHECK_SALT"].strip().encode()
        if len(salt) < MIN_SALT:
            raise SaltError(
                f"CALLCHECK_SALT is empty or shorter than {MIN_SALT} characters; set a long random secret "
                "(e.g. python3 -c 'import secrets; print(secrets.token_hex(32))') or unset it to use a salt file"
            )
        _refuse_published(salt, "CALLCHECK_SALT")
        return salt
    salt_path = Path(db_path).with_name(Path(db_path).name + ".salt")
    for _ in range(100):
        try:
            data = salt_path.read_bytes().strip()
        except FileNotFoundError:
            _create_salt(salt_path)
            continue
        except OSError as exc:
            raise SaltError(f"cannot read the salt file {salt_path}: {exc.strerror}") from exc
        if len(data) < MIN_SALT:
            raise SaltError(
                f"the salt file {salt_path} is empty or shorter than {MIN_SALT} characters; restore it from "
                "your backup (without it stored keys cannot be matched), or see 'Rotating the salt' in the README"
            )
        _refuse_published(data, str(salt_path))
        mode = salt_path.stat().st_mode & 0o777
        if mode & 0o077:
            try:
                os.chmod(salt_path, 0o600)
            except OSError as exc:
                raise SaltError(f"the salt file {salt_path} is readable by others ({mode:o}); chmod 600 it") from exc
        return data
    raise SaltError(f"could not create the salt file {salt_path}")


def _refuse_published(salt: bytes, where: str) -> None:
    if hashlib.sha256(salt).hexdigest() in PUBLISHED_SALTS:
        raise SaltError(
            f"{where} holds the salt that was published in callcheck's repository, so it protects nothing; "
            "see 'Rotating the salt' in the README"
        )


def _create_salt(salt_path: Path) -> None:
    """Write a new salt to a 0600 temporary file and link it into place; losing the race is fine."""
    salt_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".salt-", dir=salt_path.parent)  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_hex(32).encode())
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):  # another process created it first: use theirs
            os.link(tmp, salt_path)  # atomic: the file appears complete or not at all
    finally:
        os.unlink(tmp)


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
        memory = str(path) == ":memory:"
        if not memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        if not salt:
            raise SaltError("an empty salt would make every stored key guessable; refusing to open the store")
        # One connection shared by the bot's worker threads: every statement and transaction goes
        # through `self.lock`, so no two threads interleave inside a transaction.
        # Never open SQLite's files ourselves: closing any descriptor of a file drops every fcntl
        # lock this process holds on it, SQLite's included (its lock on the wal-index `-shm`), and
        # the next process to open the database then re-initialises `-shm` under the running ones
        # (SIGBUS). Modes are set by path (chmod) and by the umask SQLite creates files under.
        if memory:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
        else:
            with _private_files():
                for suffix in ("", "-wal", "-shm"):  # SQLite gives -wal/-shm the database's mode
                    _owner_only(self.path.with_name(self.path.name + suffix))
                conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
                Database(conn).enable_wal()  # creates -wal and -shm (0600: the database's mode)
        self.lock = threading.RLock()
        self.db = Database(conn)
        # The quorum rule, in Python, callable from the UPSERTs that confirm (see `_quorum_met`).
        conn.create_function("quorum_met", 2, lambda number, now: int(self._quorum_met(number, now)))
        # Salted keys of people whose reports are vouched for (volunteers, police, admins): set by the App.
        self.is_trusted: Callable[[str], bool] = lambda key: False
        self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        self.db.execute("PRAGMA synchronous = NORMAL")
        # Deleted rows are overwritten with zeros, not just unlinked: /forget leaves no readable text.
        self.db.execute("PRAGMA secure_delete = ON")
        self.salt = salt
        self.quorum = max(1, quorum)
        self.reports_per_hour = reports_per_hour
        self.clock = clock
        # Official lines (from the knowledge base in use): checked on every status change and lookup.
        self.is_protected: Callable[[str], bool] = lambda number: False
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
        def __init__(self, conn: sqlite3.Connection, lock: threading.RLock):
            self.conn = conn
            self.lock = lock

        def __enter__(self):
            self.lock.acquire()
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except BaseException:
                self.lock.release()
                raise
            return self.conn

        def __exit__(self, exc_type, exc, tb):
            try:
                self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
            finally:
                self.lock.release()
            return False

    def _transaction(self) -> Store._Txn:
        return Store._Txn(self.db.conn, self.lock)

    def read(self, sql: str, params: Iterable = ()) -> list[tuple]:
        """Run one read under the store's lock (safe from any thread); returns all rows."""
        with self.lock:
            return self.db.execute(sql, list(params)).fetchall()

    # -- identities ----------------------------------------------------------------------
    def reporter_key(self, reporter_id: str) -> str:
        """A salted, one-way key for a reporter: counts them without storing who they are."""
        return hmac.new(self.salt, str(reporter_id).encode(), hashlib.sha256).hexdigest()[:24]

    # -- reads ---------------------------------------------------------------------------
    def lookup(self, number: str) -> NumberRecord | None:
        """The aggregate for one canonical number, or None if nobody reported it."""
        rows = self.read(
            "SELECT number, status, reporters, reports, first_seen, last_seen, scripts, protected, held "
            "FROM numbers WHERE number = ?",
            [number],
        )
        if not rows:
            return None
        row = rows[0]
        if self.is_protected(number) and (not row[7] or row[1] == "confirmed"):
            self._protect(number)  # written by another knowledge base: record the protection now
        return _record(row, self.is_protected(number))

    def _protect(self, number: str) -> None:
        """Mark a number official in the database; a confirmation it should never have had is withdrawn."""
        with self._transaction() as conn:
            row = conn.execute("SELECT status FROM numbers WHERE number = ?", [number]).fetchone()
            conn.execute("UPDATE numbers SET protected = 1 WHERE number = ?", [number])
            if row and row[0] == "confirmed":
                conn.execute("UPDATE numbers SET status = 'unverified' WHERE number = ?", [number])
                conn.execute(
                    "INSERT INTO moderation (number, status_from, status_to, moderator, reason, created_at) "
                    "VALUES (?, 'confirmed', 'unverified', 'protection', 'official line in the knowledge base', ?)",
                    [number, int(self.clock())],
                )

    def lift_protection(self, number: str, by: str, reason: str) -> tuple[str, str] | None:
        """A number that is no longer an official line (its hotline was reverted): protection off, its
        held reports count again, and the status the protection took away is given back unless someone
        moderated it since, with an audit row. (status before, status now), or None if it was not protected."""
        now = int(self.clock())
        with self._transaction() as conn:
            row = conn.execute("SELECT status, protected FROM numbers WHERE number = ?", [number]).fetchone()
            if row is None or not row[1]:
                return None
            conn.execute("UPDATE numbers SET protected = 0, held = 0 WHERE number = ?", [number])
            conn.execute("UPDATE reports SET held = 0 WHERE number = ?", [number])
            last = conn.execute(
                "SELECT status_from, status_to, moderator FROM moderation WHERE number = ? ORDER BY id DESC LIMIT 1",
                [number],
            ).fetchone()
            status = row[0]
            if last is not None and last[2] == "protection" and last[1] == status and last[0]:
                status = last[0]
                conn.execute("UPDATE numbers SET status = ? WHERE number = ?", [status, number])
            conn.execute(
                "INSERT INTO moderation (number, status_from, status_to, moderator, reason, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [number, row[0], status, by, redact(reason), now],
            )
        return row[0], status

    def history(self, number: str) -> list[dict]:
        """The moderation audit trail of one number, oldest first."""
        rows = self.read(
            "SELECT status_from, status_to, moderator, reason, created_at FROM moderation WHERE number = ? ORDER BY id",
            [number],
        )
        return [{"from": r[0], "to": r[1], "by": r[2], "reason": r[3], "at": iso(r[4])} for r in rows]

    def export(self) -> Iterable[dict]:
        """Every number with its aggregate, for `callcheck number export`."""
        rows = self.read(
            "SELECT number, status, reporters, reports, first_seen, last_seen, scripts, protected, held "
            "FROM numbers ORDER BY number"
        )
        for row in rows:
            rec = _record(row, self.is_protected(row[0]))
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
        protected = protected or self.is_protected(number)
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
        return ReportOutcome(_record(row, protected), not seen, bool(protected), confirmed_now)

    def _quorum_met(self, number: str, now: int) -> bool:
        """Whether a number's reports confirm it: a quorum that keys or accounts cannot buy.

        Each independent reporter weighs by age (their first report anywhere): NEW_WEIGHT when new,
        rising to 1 after SETTLED_SECONDS; a trusted reporter (volunteer, police, admin) weighs 1.
        The weights must reach the quorum, and the reporters come through at least two kinds of
        channel (Telegram, API, console, terminal) or include a trusted one: three API keys or three
        Telegram accounts made for the purpose confirm nothing on their own.
        """
        rows = self.db.conn.execute(
            "SELECT r.reporter, MIN(r.channel), "
            "(SELECT MIN(a.created_at) FROM reports a WHERE a.reporter = r.reporter) "
            "FROM reports r WHERE r.number = ? AND r.held = 0 GROUP BY r.reporter",
            [number],
        ).fetchall()
        weight, kinds, trusted = 0.0, set(), False
        for key, channel, first in rows:
            kinds.add(_KIND.get(channel, channel))
            if self.is_trusted(key):
                trusted = True
                weight += 1.0
                continue
            age = max(0, now - (first if first is not None else now))
            weight += NEW_WEIGHT + (1 - NEW_WEIGHT) * min(1.0, age / SETTLED_SECONDS)
        return weight >= self.quorum - 1e-9 and (len(kinds) >= 2 or trusted or self.quorum <= 1)

    def moderate(
        self,
        number: str,
        status: str,
        moderator: str,
        reason: str,
        *,
        protected: bool = False,
        confirmer_keys: Iterable[str] = (),
    ) -> NumberRecord:
        """Set a number's status by hand, with an audit row. Official lines cannot become 'confirmed'.

        `confirmer_keys`: the reporter keys of whoever decides (`reporter_key` of their identity, in
        each form it may have reported under). Nobody confirms a number only they reported: it needs
        another reporter or another moderator. A number already in `status` is left as it is, with no
        audit row, and `AlreadyDone` says so."""
        if status not in STATUSES:
            raise StoreError(f"status must be one of {', '.join(STATUSES)}")
        protected = protected or self.is_protected(number)
        if not moderator.strip() or not reason.strip():
            raise StoreError("a moderator name and a reason are required for the audit trail")
        if status == "confirmed" and protected:
            raise ProtectedNumber(
                f"{number} is an official hotline in the knowledge base; reports against it are "
                "held for review because spoofing is the likely cause, and it cannot be marked a scam"
            )
        now = int(self.clock())
        with self._transaction() as conn:
            before = conn.execute("SELECT status, protected FROM numbers WHERE number = ?", [number]).fetchone()
            if status == "confirmed" and before is not None and before[1]:
                raise ProtectedNumber(f"{number} was recorded as an official hotline; it cannot be marked a scam")
            if before is not None and before[0] == status and (before[1] or not protected):
                raise AlreadyDone(f"{number} is already {status}: nothing changed")
            keys = set(confirmer_keys)
            if status == "confirmed" and keys:
                rows = conn.execute("SELECT DISTINCT reporter FROM reports WHERE number = ?", [number])
                reporters = {r[0] for r in rows}
                if reporters and reporters <= keys:
                    raise StoreError(
                        f"you are the only one who reported {number}: a number is not confirmed by its only "
                        "reporter; another volunteer, police officer or admin must confirm it (or another "
                        "reporter report it)"
                    )
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

        `source` is the identity of whoever imports (e.g. `cli:alice`): an import counts as that
        one reporter per number, whatever the list is called, and shares their rate of reports.
        """
        key = self.reporter_key(source)
        checks = (is_protected, self.is_protected)
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
                    [(n, s, redact(note), int(any(c(n) for c in checks))) for n, s, note in chunk],
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
        rows = self.read("SELECT state, updated_at FROM chats WHERE chat = ?", [self.reporter_key(chat_id)])
        if not rows or self.clock() - rows[0][1] > max_age:
            return None
        return json.loads(rows[0][0])

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
            deleted = self._delete_reports(conn, key)
        self.checkpoint()
        return deleted

    def forget_person(self, identity: str, chat_ids: Iterable[str] = ()) -> dict[str, int]:
        """Delete every row tied to one person: reports (numbers recounted), chats, roles, audit rows,
        and whatever tables other modules registered with `register_forget`. Returns rows per table.

        Afterwards the WAL is checkpointed and truncated, and `secure_delete` has zeroed the pages,
        so nothing of theirs stays readable in the database files.
        """
        key = self.reporter_key(identity)
        out: dict[str, int] = {}
        with self._transaction() as conn:
            out["reports"] = self._delete_reports(conn, key)
            chats = [self.reporter_key(c) for c in chat_ids]
            out["chats"] = sum(conn.execute("DELETE FROM chats WHERE chat = ?", [c]).rowcount for c in chats)
            for table, column in FORGET_TABLES.items():
                if _has_table(conn, table):
                    out[table] = conn.execute(f"DELETE FROM {table} WHERE {column} = ?", [key]).rowcount
            for name, hook in FORGET_HOOKS.items():
                out[name] = int(hook(conn, key) or 0)
        self.checkpoint()
        return out

    def checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it, so deleted rows do not linger in `-wal`."""
        if str(self.path) == ":memory:":
            return
        with self.lock:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _delete_reports(self, conn: sqlite3.Connection, key: str) -> int:
        numbers = [r[0] for r in conn.execute("SELECT DISTINCT number FROM reports WHERE reporter = ?", [key])]
        deleted = conn.execute("DELETE FROM reports WHERE reporter = ?", [key]).rowcount
        for number in numbers:
            self._recount(conn, number)
        return deleted

    def _recount(self, conn: sqlite3.Connection, number: str) -> None:
        """Recount one number from its remaining reports; a confirmation by quorum falls with the quorum."""
        rows = conn.execute(
            "SELECT reporter, script, created_at, held FROM reports WHERE number = ?", [number]
        ).fetchall()
        reporters = len({r[0] for r in rows})
        current = conn.execute("SELECT status FROM numbers WHERE number = ?", [number]).fetchone()
        if current and current[0] == "confirmed" and not self._quorum_met(number, int(self.clock())):
            last = conn.execute(
                "SELECT moderator FROM moderation WHERE number = ? ORDER BY id DESC LIMIT 1", [number]
            ).fetchone()
            if last is None or last[0] == "quorum":  # a moderator's decision stands; the quorum's does not
                conn.execute("UPDATE numbers SET status = 'unverified' WHERE number = ?", [number])
                conn.execute(
                    "INSERT INTO moderation (number, status_from, status_to, moderator, reason, created_at) "
                    "VALUES (?, 'confirmed', 'unverified', 'quorum', ?, ?)",
                    [number, f"quorum lost: {reporters} independent reporters left", int(self.clock())],
                )
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
                reporters,
                len(rows),
                min(r[2] for r in rows),
                max(r[2] for r in rows),
                json.dumps(scripts),
                sum(r[3] for r in rows),
                number,
            ],
        )


# Tables holding rows tied to a person, by the column that holds their salted key. /forget deletes
# from each that exists. Modules that own such tables add theirs with `register_forget`.
FORGET_TABLES: dict[str, str] = {"roles": "member", "audit": "actor"}
FORGET_HOOKS: dict[str, Callable[[sqlite3.Connection, str], int]] = {}  # name -> hook(conn, key)


ForgetHook = Callable[[sqlite3.Connection, str], int]


def register_forget(table: str, column: str | None = None, hook: ForgetHook | None = None) -> None:
    """Make /forget reach a table: rows whose `column` equals the person's salted key are deleted,
    or `hook(conn, key)` runs inside the same transaction and returns how many rows it removed."""
    if hook is not None:
        FORGET_HOOKS[table] = hook
    elif column:
        FORGET_TABLES[table] = column
    else:
        raise ValueError("register_forget needs a column or a hook")


def _has_table(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone() is not None


_UMASK_LOCK = threading.Lock()


@contextlib.contextmanager
def _private_files():
    """Files created inside are owner-only (umask 077): how SQLite's own files get mode 0600.

    The umask is process-wide; the lock keeps two stores opening at once from restoring it early.
    """
    with _UMASK_LOCK:
        old = os.umask(0o077)
        try:
            yield
        finally:
            os.umask(old)


def _owner_only(path: Path) -> None:
    """Tighten an existing file we own to 0600, by path: never opens it (see `Store.__init__`)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode) and mode & 0o077:
        with contextlib.suppress(PermissionError):  # not ours to change
            os.chmod(path, 0o600)


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
                       AND quorum_met(:number, :now) THEN 'confirmed' ELSE status END
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
                       AND quorum_met(number, :now) THEN 'confirmed' ELSE status END
"""


def _record(row, protected_now: bool = False) -> NumberRecord:
    """A row as a NumberRecord; an official line is shown protected and never as confirmed."""
    protected = bool(row[7]) or protected_now
    status = "unverified" if protected and row[1] == "confirmed" else row[1]
    return NumberRecord(
        row[0], status, row[2], row[3], iso(row[4]), iso(row[5]), json.loads(row[6] or "{}"), protected, row[8]
    )
