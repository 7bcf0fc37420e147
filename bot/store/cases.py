"""Owner of the `cases`, `case_identifiers`, `case_events` and `cases_fts` tables: hotline cases.

A case is a record of one call:
- cases:            id, opened (created_at) / last change / closed times, the account id that wrote
                    it (`owner`) and the one that holds it now (`holder`; NULL = with the centre,
                    seen by supervisors only), status, the call's verdict, script, stage and
                    organisation, the redacted summary and, when the caller agreed, their redacted
                    account (the caller's part: emptied by `forget_caller` and at retention).
- case_identifiers: the fraudster's identifiers, kept UNMASKED because a centre acts on them
                    (numbers, bank accounts, wallets, payment handles, links, apps, amounts, the
                    time of payment), each with a normalised form for search and the time it was
                    reported to the number database (once per case).
- case_events:      the history: opened, status changes, hand-overs with their note, reports.
- cases_fts:        FTS5 over `search_text` (summary, account, identifiers and script names split
                    into character bigrams like review's indexes, so 备用金 finds a case).

Account ids come from `operator_accounts` (store/operators.py) and are never reused, so a new
person given a removed person's login sees none of their cases. Who may see or change a case is
decided here from the viewer's (account id, supervisor?) pair, so no route can forget it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .core import Store, StoreError, iso
from .review import bigrams, match_query

STATUSES = ("open", "waiting_bank", "referred_police", "closed")
KINDS = ("number", "account", "wallet", "handle", "link", "app", "amount", "paid_at")
_COLS = (
    "id",
    "created_at",
    "updated_at",
    "closed_at",
    "owner",
    "holder",
    "status",
    "lang",
    "verdict",
    "script",
    "stage",
    "org",
    "paid",
    "given",
    "summary",
    "account",
    "trend_row",
    "region",
)
_SELECT = ", ".join(f"c.{c}" for c in _COLS)


@dataclass(frozen=True)
class Viewer:
    """Who is asking: their stable account id and whether they supervise the centre."""

    account: int
    supervisor: bool = False


# Hong Kong's and Taiwan's words for what the mainland calls 账户 / 账号 / 转账 / 信用卡: a case typed in
# one is found by the other (after OpenCC's Traditional -> Simplified characters).
_REGIONAL_WORDS = (
    ("户口", "账户"),
    ("帐户", "账户"),
    ("帐号", "账号"),
    ("过数", "转账"),
    ("转数快", "转账"),
    ("汇款", "转账"),
    ("信用咭", "信用卡"),
    ("提款咭", "银行卡"),
)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def search_form(text: str) -> str:
    """`text` as the case index also keeps it: Simplified characters, mainland words (安全戶口 -> 安全账户)."""
    if not text or not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text or ""
    out = _t2s().convert(text)
    for word, common in _REGIONAL_WORDS:
        out = out.replace(word, common)
    return out


def normalise(kind: str, value: str) -> str:
    """The searchable form of an identifier: digits for numbers and accounts, a bare link, else folded."""
    value = str(value).strip()
    if kind == "account":  # "41234567 (sort code 20-00-00)": found by its account number
        value = re.sub(r"(?i)\s*\(sort[\s-]*code[^)]*\)\s*$", "", value)
    if kind in ("number", "account") and re.search(r"\d", value) and not re.search(r"[A-Za-z]{3,}", value):
        return re.sub(r"[^\dA-Za-z]", "", value).upper()
    if kind == "handle":
        return re.split(r"[\s:：]+", value)[-1].casefold()
    if kind == "link":
        low = value.lower()
        low = re.sub(r"^[a-z][a-z0-9+.-]*://", "", low)
        return re.sub(r"^www\.", "", low).rstrip("/")
    return value.casefold()


class Cases:
    """Cases as records: save, read, search, hand over, change status, export, forget, expire."""

    def __init__(self, store: Store):
        self.store = store
        self._adopt_old_cases()

    # -- writing -------------------------------------------------------------------------------
    def save(
        self,
        viewer: Viewer,
        fields: dict,
        case_id: int | None = None,
        identifiers: list[dict] | None = None,
    ) -> int | None:
        """Insert a case held by the viewer, or update case `case_id` they hold (any, for a supervisor).

        None when that case is not theirs to change. `identifiers` ({"kind", "value"}) replace the
        case's unreported ones (reported ones stay: the report happened).
        """
        now = int(self.store.clock())
        values = [
            fields["lang"],
            fields.get("verdict"),
            fields.get("script"),
            fields.get("stage"),
            fields.get("org"),
            int(bool(fields.get("paid"))),
            json.dumps(sorted(fields.get("given") or [])),
            fields["summary"],
            fields.get("account"),
            fields.get("region"),
        ]
        with self.store._transaction() as conn:
            if case_id is None:
                case_id = self._insert(conn, viewer, values, now)
            else:
                if not self._may_change(conn, viewer, case_id):
                    return None
                self._unindex(conn, case_id)
                conn.execute(
                    "UPDATE cases SET updated_at = ?, lang = ?, verdict = ?, script = ?, stage = ?, org = ?, paid = ?, "
                    "given = ?, summary = ?, account = ?, region = ? WHERE id = ?",
                    [now, *values, case_id],
                )
                self._event(conn, case_id, now, viewer.account, "updated")
            if identifiers is not None:
                self._set_identifiers(conn, case_id, identifiers)
            self._index(conn, case_id, fields.get("search_extra", ""))
        return case_id

    def _insert(self, conn, viewer: Viewer, values: list, now: int) -> int:
        cur = conn.execute(
            "INSERT INTO cases (operator, owner, holder, status, created_at, updated_at, lang, verdict, "
            "script, stage, org, paid, given, summary, account, region) "
            "VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [str(viewer.account), viewer.account, viewer.account, now, now, *values],
        )
        case_id = int(cur.lastrowid)
        self._event(conn, case_id, now, viewer.account, "opened", status="open")
        return case_id

    def set_trend_row(self, case_id: int, row: int) -> None:
        with self.store._transaction() as conn:
            conn.execute("UPDATE cases SET trend_row = ? WHERE id = ?", [int(row), int(case_id)])

    def set_status(self, viewer: Viewer, case_id: int, status: str, note: str = "") -> str | None:
        """Move a case to a status; None when done, else the reason it was refused.

        Only a supervisor reopens a closed case; closing records the time.
        """
        if status not in STATUSES:
            return f"the status must be one of {', '.join(STATUSES)}"
        now = int(self.store.clock())
        with self.store._transaction() as conn:
            row = conn.execute("SELECT status FROM cases WHERE id = ?", [case_id]).fetchone()
            if row is None or not self._may_change(conn, viewer, case_id):
                return "no such case, or it is not yours to change"
            if row[0] == "closed" and status != "closed" and not viewer.supervisor:
                return "only a supervisor can reopen a closed case"
            if row[0] == status:
                return None
            conn.execute(
                "UPDATE cases SET status = ?, updated_at = ?, closed_at = ? WHERE id = ?",
                [status, now, now if status == "closed" else None, case_id],
            )
            self._event(
                conn, case_id, now, viewer.account, "reopened" if row[0] == "closed" else "status", status, note
            )
        return None

    def hand_over(self, viewer: Viewer, case_id: int, to_account: int, note: str = "") -> str | None:
        """Give a case to another live account with a note; None when done, else why not.

        The holder hands over their own case; a supervisor reassigns any case (also one with the centre).
        """
        now = int(self.store.clock())
        with self.store._transaction() as conn:
            if not self._may_change(conn, viewer, case_id):
                return "no such case, or it is not yours to hand over"
            live = conn.execute("SELECT 1 FROM operators WHERE account = ?", [to_account]).fetchone()
            if live is None:
                return "there is no such operator"
            conn.execute("UPDATE cases SET holder = ?, updated_at = ? WHERE id = ?", [to_account, now, case_id])
            self._event(conn, case_id, now, viewer.account, "handed_over", target=to_account, note=note)
        return None

    def mark_reported(self, viewer: Viewer, case_id: int, ident_id: int) -> dict | None:
        """Claim an identifier for reporting (once per case): the identifier, or None when not allowed / done."""
        now = int(self.store.clock())
        with self.store._transaction() as conn:
            if not self._may_change(conn, viewer, case_id):
                return None
            row = conn.execute(
                "SELECT id, kind, value FROM case_identifiers WHERE id = ? AND case_id = ? AND reported_at IS NULL",
                [ident_id, case_id],
            ).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE case_identifiers SET reported_at = ? WHERE id = ?", [now, ident_id])
            self._event(conn, case_id, now, viewer.account, "reported", note=row[2])
            return {"id": row[0], "kind": row[1], "value": row[2]}

    def unmark_reported(self, case_id: int, ident_id: int) -> None:
        """The report did not go through (a bad number, a limit): the identifier can be reported again."""
        with self.store._transaction() as conn:
            conn.execute(
                "UPDATE case_identifiers SET reported_at = NULL WHERE id = ? AND case_id = ?", [ident_id, case_id]
            )
            conn.execute(
                "DELETE FROM case_events WHERE id = (SELECT max(id) FROM case_events WHERE case_id = ? "
                "AND action = 'reported')",
                [case_id],
            )

    def forget_caller(self, viewer: Viewer, case_id: int) -> bool:
        """Delete the caller's part (their account); the summary and the fraudster's identifiers stay."""
        now = int(self.store.clock())
        with self.store._transaction() as conn:
            if not self._may_change(conn, viewer, case_id):
                return False
            self._unindex(conn, case_id)
            conn.execute("UPDATE cases SET account = NULL, updated_at = ? WHERE id = ?", [now, case_id])
            self._index(conn, case_id)
            self._event(conn, case_id, now, viewer.account, "caller_forgotten")
        return True

    def delete(self, viewer: Viewer, case_id: int) -> bool:
        """Delete a case for good (False: not the viewer's to change). A case that holds the fraudster's
        identifiers is police evidence: only a supervisor deletes it (StoreError for an operator)."""
        with self.store._transaction() as conn:
            if not self._may_change(conn, viewer, case_id):
                return False
            held = conn.execute("SELECT COUNT(*) FROM case_identifiers WHERE case_id = ?", [case_id]).fetchone()[0]
            if held and not viewer.supervisor:
                raise StoreError(
                    f"Not deleted: case #{case_id} holds {held} fraudster identifier(s), which are police evidence; "
                    f"ask a supervisor to delete it. 未删除：案例 #{case_id} 里有骗子信息（可作警方证据），请主管删除。"
                )
            self._drop(conn, [case_id])
        return True

    def purge(self, retention_days: int) -> int:
        """Delete cases closed more than `retention_days` ago (open cases stay); returns how many."""
        cutoff = int(self.store.clock()) - int(retention_days) * 86400
        with self.store._transaction() as conn:
            ids = [
                r[0] for r in conn.execute("SELECT id FROM cases WHERE status = 'closed' AND closed_at < ?", [cutoff])
            ]
            if ids:
                self._drop(conn, ids)
        return len(ids)

    # -- reading -------------------------------------------------------------------------------
    def get(self, viewer: Viewer, case_id: int) -> dict | None:
        """A case with its identifiers and history, when the viewer may see it."""
        where, args = self._visible(viewer)
        row = self.store.db.execute(
            f"SELECT {_SELECT} FROM cases c WHERE c.id = ? AND {where}", [case_id, *args]
        ).fetchone()
        if row is None:
            return None
        case = _case(row)
        case["identifiers"] = self.identifiers(case_id)
        case["events"] = [
            {"at": iso(r[0]), "actor": r[1], "action": r[2], "status": r[3], "target": r[4], "note": r[5]}
            for r in self.store.db.execute(
                "SELECT at, actor, action, status, target, note FROM case_events WHERE case_id = ? ORDER BY id",
                [case_id],
            )
        ]
        case["may_change"] = viewer.supervisor or case["holder"] == viewer.account
        return case

    def identifiers(self, case_id: int) -> list[dict]:
        rows = self.store.db.execute(
            "SELECT id, kind, value, reported_at FROM case_identifiers WHERE case_id = ? ORDER BY id", [case_id]
        ).fetchall()
        return [{"id": r[0], "kind": r[1], "value": r[2], "reported": iso(r[3])} for r in rows]

    def search(
        self,
        viewer: Viewer,
        text: str = "",
        identifier: list[str] | tuple[str, ...] = (),
        script: str = "",
        status: str = "",
        since: int | None = None,
        until: int | None = None,
        limit: int = 50,
        before: int | None = None,
    ) -> list[dict]:
        """Cases the viewer may see, newest first, matching every filter given.

        `text` is a full-text query (two characters or more); `identifier` is a list of normalised
        forms (see `normalise`) any one of which a case's identifier must equal.
        """
        where, args = self._visible(viewer)
        sql = ["SELECT c.id FROM cases c"]
        conds, params = [where], list(args)
        fts = bool(text and len(text.strip()) >= 2 and match_query(text))
        if fts:
            q = match_query(text)
            folded = match_query(search_form(text))
            if folded and folded != q:  # Traditional or Hong Kong words: the Simplified, mainland form too
                q = f"({q}) OR ({folded})"
            sql.append("JOIN cases_fts f ON f.rowid = c.id")
            conds.append("cases_fts MATCH ?")
            params.append(q)
        elif text and text.strip():  # one character: no bigram to look up, so a plain scan
            conds.append("(c.summary LIKE ? OR c.account LIKE ?)")
            params += [f"%{text.strip()}%"] * 2
        if identifier:
            marks = ", ".join("?" * len(identifier))
            conds.append(f"c.id IN (SELECT case_id FROM case_identifiers WHERE norm IN ({marks}))")
            params += list(identifier)
        if script:
            conds.append("c.script = ?")
            params.append(script)
        if status:
            conds.append("c.status = ?")
            params.append(status)
        if since is not None:
            conds.append("c.created_at >= ?")
            params.append(int(since))
        if until is not None:
            conds.append("c.created_at < ?")
            params.append(int(until))
        if before is not None:  # the next page: older than the last case shown
            conds.append("c.id < ?")
            params.append(int(before))
        sql.append("WHERE " + " AND ".join(conds))
        # Newest first by id: the full-text index and the table both walk ids backwards and stop at
        # the limit, instead of sorting every match (a common word matches a third of all cases).
        sql.append(f"ORDER BY {'f.rowid' if fts else 'c.id'} DESC LIMIT ?")
        params.append(int(limit))
        # Ids first (sorting integers only), then the rows of the page.
        page = f"SELECT {_SELECT} FROM cases c WHERE c.id IN ({' '.join(sql)}) ORDER BY c.id DESC"
        return [_case(r) for r in self.store.db.execute(page, params).fetchall()]

    def queue(self, limit: int = 200) -> list[dict]:
        """The supervisor's queue: cases not closed, oldest first (with their age in seconds)."""
        now = int(self.store.clock())
        rows = self.store.db.execute(
            f"SELECT {_SELECT} FROM cases c WHERE c.status != 'closed' ORDER BY c.created_at, c.id LIMIT ?",
            [int(limit)],
        ).fetchall()
        out = []
        for r in rows:
            case = _case(r)
            case["age"] = now - r[1]
            out.append(case)
        return out

    def export(
        self, since: int | None = None, until: int | None = None, script: str = "", status: str = ""
    ) -> Iterator[dict]:
        """Every case in the period (all of the centre's), with its identifiers, oldest first."""
        conds, params = ["1"], []
        if since is not None:
            conds.append("c.created_at >= ?")
            params.append(int(since))
        if until is not None:
            conds.append("c.created_at < ?")
            params.append(int(until))
        if script:
            conds.append("c.script = ?")
            params.append(script)
        if status:
            conds.append("c.status = ?")
            params.append(status)
        rows = self.store.db.execute(
            f"SELECT {_SELECT} FROM cases c WHERE {' AND '.join(conds)} ORDER BY c.created_at, c.id", params
        ).fetchall()
        for r in rows:
            case = _case(r)
            case["identifiers"] = self.identifiers(case["id"])
            yield case

    def count(self) -> int:
        return self.store.db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]

    # -- inside ----------------------------------------------------------------------------------
    @staticmethod
    def _visible(viewer: Viewer) -> tuple[str, list]:
        if viewer.supervisor:
            return "1", []
        return "(c.holder = ? OR c.owner = ?)", [viewer.account, viewer.account]

    @staticmethod
    def _may_change(conn, viewer: Viewer, case_id: int) -> bool:
        row = conn.execute("SELECT holder FROM cases WHERE id = ?", [case_id]).fetchone()
        return row is not None and (viewer.supervisor or (row[0] is not None and row[0] == viewer.account))

    @staticmethod
    def _event(conn, case_id, at, actor, action, status=None, note=None, target=None) -> None:
        conn.execute(
            "INSERT INTO case_events (case_id, at, actor, action, status, target, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [case_id, at, actor, action, status, target, (note or "")[:500] or None],
        )

    @staticmethod
    def _set_identifiers(conn, case_id: int, identifiers: list[dict]) -> None:
        keep = []
        for item in identifiers:
            kind, value = item.get("kind"), str(item.get("value") or "").strip()[:200]
            if kind in KINDS and value:
                keep.append((kind, value, item.get("norm") or normalise(kind, value)))
        conn.execute("DELETE FROM case_identifiers WHERE case_id = ? AND reported_at IS NULL", [case_id])
        conn.executemany(
            "INSERT OR IGNORE INTO case_identifiers (case_id, kind, value, norm) VALUES (?, ?, ?, ?)",
            [(case_id, k, v, n) for k, v, n in keep],
        )

    @staticmethod
    def _unindex(conn, case_id: int) -> None:
        row = conn.execute("SELECT search_text FROM cases WHERE id = ?", [case_id]).fetchone()
        if row is not None:
            conn.execute(
                "INSERT INTO cases_fts (cases_fts, rowid, search_text) VALUES ('delete', ?, ?)", [case_id, row[0]]
            )

    @staticmethod
    def _index(conn, case_id: int, extra: str = "") -> None:
        row = conn.execute("SELECT summary, account FROM cases WHERE id = ?", [case_id]).fetchone()
        idents = [r[0] for r in conn.execute("SELECT value FROM case_identifiers WHERE case_id = ?", [case_id])]
        joined = " ".join([row[0] or "", row[1] or "", extra or "", *idents])
        folded = search_form(joined)  # found by Simplified, mainland words too (安全账户 finds 安全戶口)
        text = bigrams(joined if folded == joined else f"{joined} {folded}")
        conn.execute("UPDATE cases SET search_text = ? WHERE id = ?", [text, case_id])
        conn.execute("INSERT INTO cases_fts (rowid, search_text) VALUES (?, ?)", [case_id, text])

    def _drop(self, conn, ids: list[int]) -> None:
        for case_id in ids:
            self._unindex(conn, case_id)
        marks = ", ".join("?" * len(ids))
        for table, col in (("case_identifiers", "case_id"), ("case_events", "case_id"), ("cases", "id")):
            conn.execute(f"DELETE FROM {table} WHERE {col} IN ({marks})", ids)

    def _adopt_old_cases(self) -> None:
        """Cases saved before account ids (keyed by a salted login) go to the account that wrote them.

        The login's account must have existed when the case was written: a case older than the
        account was written by an earlier holder of the login, and stays with the centre.
        """
        db = self.store.db
        if db.execute("SELECT 1 FROM cases WHERE owner IS NULL AND operator != '' LIMIT 1").fetchone() is None:
            return
        accounts = {
            self.store.reporter_key(f"op:{login}"): (account, created)
            for login, account, created in db.execute("SELECT login, account, created_at FROM operators")
        }
        with self.store._transaction() as conn:
            rows = conn.execute("SELECT id, operator, created_at FROM cases WHERE owner IS NULL AND operator != ''")
            for case_id, key, created in rows.fetchall():
                account, since = accounts.get(key, (None, None))
                if account is not None and since is not None and since > created:
                    account = None
                conn.execute(
                    "UPDATE cases SET owner = ?, holder = ?, operator = '' WHERE id = ?", [account, account, case_id]
                )
                self._event(conn, case_id, created, account, "opened", status="open")
                self._index(conn, case_id)


def _case(row) -> dict:
    out = dict(zip(_COLS, row, strict=True))
    out["paid"] = bool(out["paid"])
    out["given"] = json.loads(out["given"] or "[]")
    out["opened"] = iso(out["created_at"])
    out["closed"] = iso(out.pop("closed_at"))
    out["updated"] = iso(out.pop("updated_at"))
    return out
