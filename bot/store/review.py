"""Owner of the review tables: suggestions, kb_additions, review_log, the full-text indexes
(suggestions_fts, notes_fts) and kb_snapshot.

- suggestions:  what users sent in (`/suggest`, or "you missed it" / "this was genuine" under a
                verdict), already redacted; the submitter only as a salted key.
- kb_additions: knowledge changes volunteers approved (a phrase, a genuine message, a regression
                case, an official hotline / domain / app path); official channels wait in
                `awaiting_second` until a second volunteer approves.
- review_log:   every decision on an item: who (salted key), when, what, why.
- suggestions_fts, notes_fts: FTS5 over text pre-split into character bigrams (`search_text`), so
                a two-character Chinese query such as 退款 finds rows; notes_fts indexes report notes.
- kb_snapshot:  the knowledge files as they were when they last loaded cleanly.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from .core import Store, iso

SUGGESTION_KINDS = ("phrase", "missed_scam", "false_alarm")
ADDITION_KINDS = ("phrase", "genuine", "regression", "hotline", "domain", "app_path")
OFFICIAL_KINDS = ("hotline", "domain", "app_path")  # changes to official channels: two volunteers and a source

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\W_]+", re.UNICODE)


def bigrams(text: str) -> str:
    """Index form: Chinese runs as overlapping character pairs, other words whole, lower case."""
    out: list[str] = []
    for run in _WORD.findall(str(text).lower()):
        if _CJK.fullmatch(run):
            out.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
        else:
            out.append(run)
    return " ".join(out)


def match_query(query: str) -> str | None:
    """An FTS5 query for what a volunteer typed: each word a phrase of its bigrams, all required."""
    phrases = []
    for word in str(query).split():
        grams = bigrams(word)
        if grams:
            phrases.append('"' + grams.replace('"', "") + '"')
    return " AND ".join(phrases) or None


@dataclass(frozen=True)
class Suggestion:
    id: int
    created_at: str | None
    kind: str
    text: str
    lang: str | None
    verdict: str | None
    scripts: tuple[str, ...]
    channel: str
    status: str

    def to_dict(self) -> dict:
        return {**self.__dict__, "scripts": list(self.scripts)}


@dataclass(frozen=True)
class Addition:
    id: int
    created_at: str | None
    kind: str
    target: str
    value: dict
    source: str | None
    suggestion: int | None
    status: str
    proposed_by: str
    approved_by: str | None

    def to_dict(self) -> dict:
        return dict(self.__dict__)


_S_COLS = "id, created_at, kind, text, lang, verdict, scripts, channel, status"
_A_COLS = "id, created_at, kind, target, value, source, suggestion, status, proposed_by, approved_by"


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _suggestion(row) -> Suggestion:
    return Suggestion(
        row[0], iso(row[1]), row[2], row[3], row[4], row[5], tuple(json.loads(row[6] or "[]")), row[7], row[8]
    )


def _addition(row) -> Addition:
    return Addition(row[0], iso(row[1]), row[2], row[3], json.loads(row[4]), row[5], row[6], row[7], row[8], row[9])


class ReviewStore:
    """Reads and writes the review tables; every write is one transaction."""

    def __init__(self, store: Store):
        self.store = store

    @property
    def db(self):
        return self.store.db

    def _now(self) -> int:
        return int(self.store.clock())

    # -- suggestions ----------------------------------------------------------------------
    def add_suggestion(
        self,
        kind: str,
        text: str,
        submitter_key: str,
        *,
        channel: str,
        lang: str | None = None,
        verdict: str | None = None,
        scripts: tuple[str, ...] = (),
    ) -> int:
        """Store one (already redacted) suggestion; returns its id."""
        if kind not in SUGGESTION_KINDS:
            raise ValueError(f"kind must be one of {', '.join(SUGGESTION_KINDS)}")
        grams = bigrams(text)
        with self.store._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO suggestions (created_at, kind, text, lang, verdict, scripts, channel, submitter, "
                "search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [self._now(), kind, text, lang, verdict, json.dumps(list(scripts)), channel, submitter_key, grams],
            )
            sid = cur.lastrowid
            conn.execute("INSERT INTO suggestions_fts (rowid, search_text) VALUES (?, ?)", [sid, bigrams(text)])
        return int(sid)

    def recent_count(self, submitter_key: str, since: int) -> int:
        row = self.db.execute(
            "SELECT COUNT(*) FROM suggestions WHERE submitter = ? AND created_at > ?", [submitter_key, since]
        ).fetchone()
        return row[0]

    def suggestion(self, sid: int) -> Suggestion | None:
        row = self.db.execute(f"SELECT {_S_COLS} FROM suggestions WHERE id = ?", [sid]).fetchone()
        return _suggestion(row) if row else None

    def submitter_of(self, sid: int) -> str | None:
        """The salted key of whoever sent a suggestion (None: unknown or forgotten)."""
        row = self.db.execute("SELECT submitter FROM suggestions WHERE id = ?", [sid]).fetchone()
        return row[0] if row else None

    def suggestions(self, status: str | None = "pending", limit: int = 50) -> list[Suggestion]:
        sql = f"SELECT {_S_COLS} FROM suggestions"
        args: list = []
        if status:
            sql += " WHERE status = ?"
            args.append(status)
        sql += " ORDER BY id LIMIT ?"
        return [_suggestion(r) for r in self.db.execute(sql, [*args, limit]).fetchall()]

    def set_suggestion(self, sid: int, *, status: str | None = None, text: str | None = None) -> None:
        """Change a suggestion's status or (edited, redacted) text, keeping the search index in step."""
        with self.store._transaction() as conn:
            old = conn.execute("SELECT search_text FROM suggestions WHERE id = ?", [sid]).fetchone()
            if old is None:
                return
            if status is not None:
                conn.execute(
                    "UPDATE suggestions SET status = ?, decided_at = ? WHERE id = ?",
                    [status, self._now() if status != "pending" else None, sid],
                )
            if text is not None:
                conn.execute(
                    "INSERT INTO suggestions_fts (suggestions_fts, rowid, search_text) VALUES ('delete', ?, ?)",
                    [sid, old[0]],
                )
                conn.execute(
                    "UPDATE suggestions SET text = ?, search_text = ? WHERE id = ?", [text, bigrams(text), sid]
                )
                conn.execute("INSERT INTO suggestions_fts (rowid, search_text) VALUES (?, ?)", [sid, bigrams(text)])

    def search_suggestions(self, query: str, limit: int = 50) -> list[Suggestion]:
        """Full-text search (sqlite-utils over suggestions_fts); one-character queries fall back to LIKE."""
        q = match_query(query)
        if q is None:
            return []
        if len(query.strip()) < 2:
            rows = self.db.execute(
                f"SELECT {_S_COLS} FROM suggestions WHERE text LIKE ? ORDER BY id DESC LIMIT ?",
                [f"%{query.strip()}%", limit],
            ).fetchall()
            return [_suggestion(r) for r in rows]
        ids = [r["id"] for r in self.db["suggestions"].search(q, columns=["id"], limit=limit)]
        return [s for i in ids if (s := self.suggestion(i))]

    def forget_submitter(self, submitter_key: str) -> int:
        """Delete every suggestion by one person (their /forget); returns how many."""
        with self.store._transaction() as conn:
            rows = conn.execute(
                "SELECT id, search_text FROM suggestions WHERE submitter = ?", [submitter_key]
            ).fetchall()
            for sid, search_text in rows:
                conn.execute(
                    "INSERT INTO suggestions_fts (suggestions_fts, rowid, search_text) VALUES ('delete', ?, ?)",
                    [sid, search_text],
                )
            conn.execute("DELETE FROM suggestions WHERE submitter = ?", [submitter_key])
        return len(rows)

    # -- additions ------------------------------------------------------------------------
    def add_addition(
        self,
        kind: str,
        target: str,
        value: dict,
        proposed_by: str,
        *,
        status: str,
        source: str | None = None,
        suggestion: int | None = None,
        approved_by: str | None = None,
    ) -> int:
        if kind not in ADDITION_KINDS:
            raise ValueError(f"kind must be one of {', '.join(ADDITION_KINDS)}")
        now = self._now()
        with self.store._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO kb_additions (created_at, updated_at, kind, target, value, source, suggestion, status, "
                "proposed_by, approved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [now, now, kind, target, _json(value), source, suggestion, status, proposed_by, approved_by],
            )
        return int(cur.lastrowid)

    def addition(self, aid: int) -> Addition | None:
        row = self.db.execute(f"SELECT {_A_COLS} FROM kb_additions WHERE id = ?", [aid]).fetchone()
        return _addition(row) if row else None

    def additions(self, status: str | tuple[str, ...] = "approved") -> list[Addition]:
        statuses = (status,) if isinstance(status, str) else status
        marks = ",".join("?" * len(statuses))
        rows = self.db.execute(
            f"SELECT {_A_COLS} FROM kb_additions WHERE status IN ({marks}) ORDER BY id", list(statuses)
        ).fetchall()
        return [_addition(r) for r in rows]

    def set_addition(self, aid: int, status: str, approved_by: str | None = None, value: dict | None = None) -> None:
        with self.store._transaction() as conn:
            conn.execute(
                "UPDATE kb_additions SET status = ?, approved_by = coalesce(?, approved_by), "
                "value = coalesce(?, value), updated_at = ? WHERE id = ?",
                [
                    status,
                    approved_by,
                    _json(value) if value is not None else None,
                    self._now(),
                    aid,
                ],
            )

    def additions_of(self, sid: int) -> list[Addition]:
        """The additions made from one suggestion (any status), oldest first."""
        rows = self.db.execute(f"SELECT {_A_COLS} FROM kb_additions WHERE suggestion = ? ORDER BY id", [sid]).fetchall()
        return [_addition(r) for r in rows]

    def same_change(self, add: Addition) -> list[Addition]:
        """Every addition of the same change (same kind, target and value), whatever became of it."""
        rows = self.db.execute(
            f"SELECT {_A_COLS} FROM kb_additions WHERE kind = ? AND target = ? AND value = ? ORDER BY id",
            [add.kind, add.target, _json(add.value)],
        ).fetchall()
        return [_addition(r) for r in rows]

    def history_of_change(self, item: str) -> list[dict]:
        """The audit trail of an addition (a<id>) or suggestion (s<id>) and of every other time the same
        change (the same phrase for the same indicator, the same hotline…) was proposed, approved,
        reverted or rejected: when, which item, what, who (salted key), why."""
        adds: list[Addition] = []
        if item[:1] == "a" and item[1:].isdigit():
            a = self.addition(int(item[1:]))
            adds = self.same_change(a) if a else []
        elif item[:1] == "s" and item[1:].isdigit():
            for a in self.additions_of(int(item[1:])):
                adds.extend(x for x in self.same_change(a) if x.id not in {y.id for y in adds})
        items = {item} | {f"a{a.id}" for a in adds} | {f"s{a.suggestion}" for a in adds if a.suggestion}
        marks = ",".join("?" * len(items))
        rows = self.db.execute(
            f"SELECT created_at, item, action, actor, reason FROM review_log WHERE item IN ({marks}) ORDER BY id",
            sorted(items),
        ).fetchall()
        return [{"at": iso(r[0]), "item": r[1], "action": r[2], "by": r[3], "reason": r[4]} for r in rows]

    def additions_revision(self) -> str:
        """Changes whenever the set of approved additions changes (cheap: for hot reload)."""
        row = self.store.read(  # under the store's lock: the web server asks from its event loop's thread
            "SELECT COUNT(*), coalesce(max(updated_at), 0), coalesce(sum(id * updated_at), 0) FROM kb_additions "
            "WHERE status = 'approved'"
        )[0]
        return f"{row[0]}:{row[1]}:{row[2]}"

    # -- the decision log -----------------------------------------------------------------
    def log(self, actor_key: str, item: str, action: str, reason: str | None) -> None:
        with self.store._transaction() as conn:
            conn.execute(
                "INSERT INTO review_log (created_at, actor, item, action, reason) VALUES (?, ?, ?, ?, ?)",
                [self._now(), actor_key, item, action, reason],
            )

    def history(self, item: str) -> list[dict]:
        rows = self.db.execute(
            "SELECT created_at, actor, action, reason FROM review_log WHERE item = ? ORDER BY id", [item]
        ).fetchall()
        return [{"at": iso(r[0]), "by": r[1], "action": r[2], "reason": r[3]} for r in rows]

    # -- report notes search --------------------------------------------------------------
    def index_notes(self) -> int:
        """Bring notes_fts up to date with reports (new notes in, deleted reports out); returns notes added."""
        with self.store._transaction() as conn:
            conn.execute("DELETE FROM notes_fts WHERE rowid NOT IN (SELECT id FROM reports)")
            last = conn.execute("SELECT coalesce(max(rowid), 0) FROM notes_fts").fetchone()[0]
            rows = conn.execute(
                "SELECT id, note FROM reports WHERE id > ? AND note IS NOT NULL AND note != ''", [last]
            ).fetchall()
            conn.executemany("INSERT INTO notes_fts (rowid, body) VALUES (?, ?)", [(i, bigrams(n)) for i, n in rows])
        return len(rows)

    def search_notes(self, query: str, limit: int = 50) -> list[dict]:
        """Reports whose note matches the query, newest first."""
        self.index_notes()
        q = match_query(query)
        if q is None:
            return []
        rows = self.db.execute(
            "SELECT r.id, r.number, r.script, r.note, r.created_at FROM notes_fts "
            "JOIN reports r ON r.id = notes_fts.rowid WHERE notes_fts MATCH ? ORDER BY r.id DESC LIMIT ?",
            [q, limit],
        ).fetchall()
        return [{"id": r[0], "number": r[1], "script": r[2], "note": r[3], "at": iso(r[4])} for r in rows]

    # -- the last knowledge that loaded ---------------------------------------------------
    def save_snapshot(self, files: dict[str, str]) -> bool:
        """Keep these knowledge files as the last good set; False when nothing changed."""
        digest = hashlib.sha256(json.dumps(files, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        row = self.db.execute("SELECT text FROM kb_snapshot WHERE file = ''").fetchone()
        if row and row[0] == digest:
            return False
        now = self._now()
        with self.store._transaction() as conn:
            conn.execute("DELETE FROM kb_snapshot")
            conn.executemany(
                "INSERT INTO kb_snapshot (file, text, saved_at) VALUES (?, ?, ?)",
                [("", digest, now), *((f, t, now) for f, t in sorted(files.items()))],
            )
        return True

    def snapshot(self) -> tuple[dict[str, str], str | None]:
        """The last good knowledge files and when they were saved."""
        rows = self.db.execute("SELECT file, text, saved_at FROM kb_snapshot").fetchall()
        files = {f: t for f, t, _ in rows if f}
        saved = max((s for _, _, s in rows), default=None)
        return files, iso(saved)
