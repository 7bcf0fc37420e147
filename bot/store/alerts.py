"""Owner of the `subscribers`, `alerts` and `deliveries` tables: who gets police alerts, and the ledger.

- subscribers: one row per Telegram chat (integer id, never an @username: the rate limiter counts
               those separately), its kind, status (pending / active / inactive), language and
               region tags (space-separated), and the salted key of whoever confirmed it.
- alerts:      one row per alert: region, source (script / text / spike), the text per language
               (only the languages it has a text for), a title per language, status (draft /
               expired / scheduled / sending / done / cancelled), when a draft expires, when it is
               to be sent, who confirmed it first (alerts needing two officers) and last, the
               issuing unit and its official contact, and a lease so that only one process sends
               it at a time.
- deliveries:  the ledger, one row per (alert, chat): pending -> sending -> sent | failed |
               uncertain. A row is marked `sending` in its own committed transaction *before* the
               message goes out, so after a crash a `sending` row means "may have arrived" and is
               never sent again: nobody gets the same alert twice.
"""

from __future__ import annotations

import json

from .core import Store

DELIVERY_STATES = ("pending", "sending", "sent", "failed", "uncertain")


class SubscriberTable:
    """Chats that receive alerts."""

    def __init__(self, store: Store):
        self.store = store

    def _now(self) -> int:
        return int(self.store.clock())

    def get(self, chat_id: int) -> dict | None:
        row = self.store.db.execute(
            "SELECT chat_id, kind, status, lang, regions, approved_by, reason, created_at, updated_at "
            "FROM subscribers WHERE chat_id = ?",
            [int(chat_id)],
        ).fetchone()
        return _subscriber(row) if row else None

    def added(self, chat_id: int, kind: str, lang: str) -> None:
        """The bot was added to a chat: a pending row until someone confirms it (an active one stays)."""
        now = self._now()
        with self.store._transaction() as conn:
            conn.execute(
                "INSERT INTO subscribers (chat_id, kind, status, lang, created_at, updated_at) "
                "VALUES (?, ?, 'pending', ?, ?, ?) ON CONFLICT(chat_id) DO UPDATE SET kind = excluded.kind, "
                "status = CASE WHEN status = 'active' THEN 'active' ELSE 'pending' END, reason = NULL, "
                "updated_at = excluded.updated_at",
                [int(chat_id), kind, lang, now, now],
            )

    def activate(self, chat_id: int, kind: str, regions: list[str], lang: str, approved_by: str) -> None:
        """Subscribe (or re-subscribe) a chat with these region tags."""
        now = self._now()
        with self.store._transaction() as conn:
            conn.execute(
                "INSERT INTO subscribers (chat_id, kind, status, lang, regions, approved_by, created_at, updated_at) "
                "VALUES (?, ?, 'active', ?, ?, ?, ?, ?) ON CONFLICT(chat_id) DO UPDATE SET kind = excluded.kind, "
                "status = 'active', lang = excluded.lang, regions = excluded.regions, "
                "approved_by = excluded.approved_by, reason = NULL, updated_at = excluded.updated_at",
                [int(chat_id), kind, lang, " ".join(regions), approved_by, now, now],
            )

    def deactivate(self, chat_id: int, reason: str) -> bool:
        """Stop sending to a chat (unsubscribed, blocked or removed the bot); False if it was not active."""
        with self.store._transaction() as conn:
            cur = conn.execute(
                "UPDATE subscribers SET status = 'inactive', reason = ?, updated_at = ? "
                "WHERE chat_id = ? AND status != 'inactive'",
                [reason[:200], self._now(), int(chat_id)],
            )
            return cur.rowcount > 0

    def migrate(self, old: int, new: int) -> None:
        """A group became a supergroup: the subscription follows it to its new id."""
        with self.store._transaction() as conn:
            if conn.execute("SELECT 1 FROM subscribers WHERE chat_id = ?", [int(new)]).fetchone():
                conn.execute("DELETE FROM subscribers WHERE chat_id = ?", [int(old)])
            else:
                conn.execute(
                    "UPDATE subscribers SET chat_id = ?, kind = 'supergroup', updated_at = ? WHERE chat_id = ?",
                    [int(new), self._now(), int(old)],
                )

    def active(self) -> list[dict]:
        rows = self.store.db.execute(
            "SELECT chat_id, kind, status, lang, regions, approved_by, reason, created_at, updated_at "
            "FROM subscribers WHERE status = 'active' ORDER BY chat_id"
        ).fetchall()
        return [_subscriber(r) for r in rows]

    def counts(self) -> dict[str, int]:
        rows = self.store.db.execute("SELECT status, COUNT(*) FROM subscribers GROUP BY status").fetchall()
        return {r[0]: r[1] for r in rows}

    def forget(self, chat_id: int) -> int:
        """Delete a chat's subscription and its delivery rows (used by /forget); returns rows removed."""
        with self.store._transaction() as conn:
            n = conn.execute("DELETE FROM subscribers WHERE chat_id = ?", [int(chat_id)]).rowcount
            n += conn.execute("DELETE FROM deliveries WHERE chat_id = ?", [int(chat_id)]).rowcount
            return n


class AlertTable:
    """Alerts and their delivery ledger."""

    def __init__(self, store: Store):
        self.store = store

    def _now(self) -> int:
        return int(self.store.clock())

    # -- alerts ------------------------------------------------------------------------------
    def create(
        self,
        author: str,
        region: str,
        source: str,
        script: str | None,
        body: dict[str, str],
        status: str = "draft",
        *,
        title: dict[str, str] | None = None,
        expires_at: int | None = None,
        send_at: int | None = None,
        unit: str | None = None,
        contact: str | None = None,
    ) -> int:
        with self.store._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO alerts (created_at, author, region, source, script, body, status, title, expires_at, "
                "send_at, unit, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    self._now(),
                    author,
                    region,
                    source,
                    script,
                    json.dumps(body, ensure_ascii=False),
                    status,
                    json.dumps(title or {}, ensure_ascii=False),
                    expires_at,
                    send_at,
                    unit,
                    contact,
                ],
            )
            return int(cur.lastrowid)

    def edit(self, alert_id: int, body: dict[str, str], title: dict[str, str], expires_at: int) -> bool:
        """New texts for a draft; a first confirmation is withdrawn. False when it is no draft any more."""
        with self.store._transaction() as conn:
            cur = conn.execute(
                "UPDATE alerts SET body = ?, title = ?, expires_at = ?, first_confirmed_by = NULL, "
                "first_confirmed_at = NULL WHERE id = ? AND status = 'draft'",
                [json.dumps(body, ensure_ascii=False), json.dumps(title, ensure_ascii=False), expires_at, alert_id],
            )
            return cur.rowcount > 0

    def set_send_at(self, alert_id: int, send_at: int | None) -> bool:
        with self.store._transaction() as conn:
            cur = conn.execute(
                "UPDATE alerts SET send_at = ?, first_confirmed_by = NULL, first_confirmed_at = NULL "
                "WHERE id = ? AND status = 'draft'",
                [send_at, alert_id],
            )
            return cur.rowcount > 0

    def unschedule(self, alert_id: int, expires_at: int) -> bool:
        """A scheduled alert back to a draft, its confirmations withdrawn (it is about to change), its
        expiry started again. False when it was not scheduled any more."""
        with self.store._transaction() as conn:
            cur = conn.execute(
                "UPDATE alerts SET status = 'draft', confirmed_by = NULL, confirmed_at = NULL, "
                "first_confirmed_by = NULL, first_confirmed_at = NULL, expires_at = ? "
                "WHERE id = ? AND status = 'scheduled'",
                [int(expires_at), alert_id],
            )
            return cur.rowcount > 0

    def expire(self, now: int) -> int:
        """Drafts past their expiry become `expired` (they can no longer be confirmed)."""
        with self.store._transaction() as conn:
            return conn.execute(
                "UPDATE alerts SET status = 'expired' WHERE status = 'draft' AND expires_at IS NOT NULL "
                "AND expires_at <= ?",
                [int(now)],
            ).rowcount

    def first_confirm(self, alert_id: int, officer: str) -> bool:
        """The first of two officers confirms; False when someone else was first meanwhile."""
        with self.store._transaction() as conn:
            cur = conn.execute(
                "UPDATE alerts SET first_confirmed_by = ?, first_confirmed_at = ? "
                "WHERE id = ? AND status = 'draft' AND first_confirmed_by IS NULL",
                [officer, self._now(), alert_id],
            )
            return cur.rowcount > 0

    def schedule(
        self,
        alert_id: int,
        confirmed_by: str,
        notify_chat: int | None,
        unit: str | None,
        contact: str | None,
        send_at: int,
    ) -> bool:
        """Confirm a draft that has a send time: `scheduled`, no ledger yet (written when it is due)."""
        with self.store._transaction() as conn:
            cur = conn.execute(
                "UPDATE alerts SET status = 'scheduled', confirmed_by = ?, confirmed_at = ?, notify_chat = ?, "
                "unit = ?, contact = ?, send_at = ? WHERE id = ? AND status = 'draft'",
                [confirmed_by, self._now(), notify_chat, unit, contact, int(send_at), alert_id],
            )
            return cur.rowcount > 0

    def due(self, now: int) -> list[dict]:
        rows = self.store.db.execute(
            f"SELECT {_ALERT_COLS} FROM alerts WHERE status = 'scheduled' AND send_at <= ? ORDER BY send_at, id",
            [int(now)],
        )
        return [_alert(r) for r in rows.fetchall()]

    def start_scheduled(self, alert_id: int, recipients: list[tuple[int, str]]) -> bool:
        """A scheduled alert is due: `sending` and its ledger rows, in one transaction."""
        now = self._now()
        with self.store._transaction() as conn:
            cur = conn.execute("UPDATE alerts SET status = 'sending' WHERE id = ? AND status = 'scheduled'", [alert_id])
            if cur.rowcount == 0:
                return False
            conn.executemany(
                "INSERT OR IGNORE INTO deliveries (alert_id, chat_id, lang, status, updated_at) "
                "VALUES (?, ?, ?, 'pending', ?)",
                [(alert_id, int(chat), lang, now) for chat, lang in recipients],
            )
        return True

    def get(self, alert_id: int) -> dict | None:
        row = self.store.db.execute(f"SELECT {_ALERT_COLS} FROM alerts WHERE id = ?", [int(alert_id)]).fetchone()
        return _alert(row) if row else None

    def recent(self, limit: int = 20) -> list[dict]:
        rows = self.store.db.execute(f"SELECT {_ALERT_COLS} FROM alerts ORDER BY id DESC LIMIT ?", [int(limit)])
        return [_alert(r) for r in rows.fetchall()]

    def with_status(self, status: str) -> list[dict]:
        rows = self.store.db.execute(f"SELECT {_ALERT_COLS} FROM alerts WHERE status = ? ORDER BY id", [status])
        return [_alert(r) for r in rows.fetchall()]

    def cancel(self, alert_id: int) -> bool:
        """Discard a draft or a scheduled alert; False when it was neither any more."""
        with self.store._transaction() as conn:
            cur = conn.execute(
                "UPDATE alerts SET status = 'cancelled' WHERE id = ? AND status IN ('draft', 'scheduled')", [alert_id]
            )
            return cur.rowcount > 0

    def start(
        self,
        alert_id: int,
        confirmed_by: str,
        recipients: list[tuple[int, str]],
        notify_chat: int | None,
        *,
        unit: str | None = None,
        contact: str | None = None,
    ) -> bool:
        """Confirm a draft and write one pending ledger row per recipient, atomically.

        False when the alert was not a draft (already confirmed, e.g. a double tap, or cancelled).
        """
        now = self._now()
        with self.store._transaction() as conn:
            cur = conn.execute(
                "UPDATE alerts SET status = 'sending', confirmed_by = ?, confirmed_at = ?, notify_chat = ?, "
                "unit = COALESCE(?, unit), contact = COALESCE(?, contact) WHERE id = ? AND status = 'draft'",
                [confirmed_by, now, notify_chat, unit, contact, alert_id],
            )
            if cur.rowcount == 0:
                return False
            conn.executemany(
                "INSERT OR IGNORE INTO deliveries (alert_id, chat_id, lang, status, updated_at) "
                "VALUES (?, ?, ?, 'pending', ?)",
                [(alert_id, int(chat), lang, now) for chat, lang in recipients],
            )
        return True

    def finish(self, alert_id: int) -> None:
        """The ledger has no pending rows left: done; the officer's chat id is no longer kept."""
        with self.store._transaction() as conn:
            conn.execute(
                "UPDATE alerts SET status = 'done', finished_at = ?, notify_chat = NULL, lease = NULL, "
                "lease_until = NULL WHERE id = ?",
                [self._now(), alert_id],
            )

    # -- the lease: one sender per alert -------------------------------------------------------
    def acquire(self, alert_id: int, owner: str, ttl: int, holder_dead) -> str | None:
        """Take the sending lease; returns None on success, else the current holder.

        A lease is taken over when it expired or when `holder_dead(holder)` says its process is gone.
        """
        now = self._now()
        with self.store._transaction() as conn:
            row = conn.execute("SELECT lease, lease_until FROM alerts WHERE id = ?", [alert_id]).fetchone()
            if row is None:
                return "missing"
            holder, until = row
            if holder and holder != owner and (until or 0) > now and not holder_dead(holder):
                return holder
            conn.execute("UPDATE alerts SET lease = ?, lease_until = ? WHERE id = ?", [owner, now + ttl, alert_id])
        return None

    def renew(self, alert_id: int, owner: str, ttl: int) -> None:
        with self.store._transaction() as conn:
            conn.execute(
                "UPDATE alerts SET lease_until = ? WHERE id = ? AND lease = ?", [self._now() + ttl, alert_id, owner]
            )

    def release(self, alert_id: int, owner: str) -> None:
        with self.store._transaction() as conn:
            conn.execute(
                "UPDATE alerts SET lease = NULL, lease_until = NULL WHERE id = ? AND lease = ?", [alert_id, owner]
            )

    # -- the ledger --------------------------------------------------------------------------
    def interrupted(self, alert_id: int) -> int:
        """Rows left `sending` by a dead process may have arrived: mark them uncertain, never resend."""
        with self.store._transaction() as conn:
            return conn.execute(
                "UPDATE deliveries SET status = 'uncertain', reason = 'interrupted while sending; not resent so "
                "nobody gets it twice', updated_at = ? WHERE alert_id = ? AND status = 'sending'",
                [self._now(), alert_id],
            ).rowcount

    def uncertain_once(self, alert_id: int) -> int:
        """Uncertain rows tried only once: the ones an officer may choose to send once more."""
        return self.store.db.execute(
            "SELECT COUNT(*) FROM deliveries WHERE alert_id = ? AND status = 'uncertain' AND attempts = 1", [alert_id]
        ).fetchone()[0]

    def retry_uncertain(self, alert_id: int) -> int:
        """Put the uncertain rows tried once back to pending (the officer chose to resend them).

        The claim counts a second attempt, so a row is offered again at most once: a recipient
        is asked at most once more, never in a loop.
        """
        with self.store._transaction() as conn:
            return conn.execute(
                "UPDATE deliveries SET status = 'pending', reason = 'resent once on an officer''s request', "
                "updated_at = ? WHERE alert_id = ? AND status = 'uncertain' AND attempts = 1",
                [self._now(), alert_id],
            ).rowcount

    def pending(self, alert_id: int) -> list[tuple[int, str]]:
        rows = self.store.db.execute(
            "SELECT chat_id, lang FROM deliveries WHERE alert_id = ? AND status = 'pending' ORDER BY chat_id",
            [alert_id],
        )
        return [(r[0], r[1]) for r in rows.fetchall()]

    def claim(self, alert_id: int, chat_id: int) -> bool:
        """Mark one row `sending` (committed before the send); False if someone else has it."""
        with self.store._transaction() as conn:
            return (
                conn.execute(
                    "UPDATE deliveries SET status = 'sending', attempts = attempts + 1, updated_at = ? "
                    "WHERE alert_id = ? AND chat_id = ? AND status = 'pending'",
                    [self._now(), alert_id, int(chat_id)],
                ).rowcount
                > 0
            )

    def settle(
        self, alert_id: int, chat_id: int, status: str, reason: str | None = None, message_id: int | None = None
    ) -> None:
        """Record how a claimed row ended: sent, failed (with the reason) or uncertain."""
        if status not in ("sent", "failed", "uncertain"):
            raise ValueError(status)
        with self.store._transaction() as conn:
            conn.execute(
                "UPDATE deliveries SET status = ?, reason = ?, message_id = ?, updated_at = ? "
                "WHERE alert_id = ? AND chat_id = ? AND status = 'sending'",
                [status, (reason or "")[:200] or None, message_id, self._now(), alert_id, int(chat_id)],
            )

    def moved(self, alert_id: int, old: int, new: int, lang: str) -> bool:
        """The chat moved (group -> supergroup): close the old row, add the new id unless already there."""
        now = self._now()
        with self.store._transaction() as conn:
            conn.execute(
                "UPDATE deliveries SET status = 'failed', reason = ?, updated_at = ? "
                "WHERE alert_id = ? AND chat_id = ? AND status = 'sending'",
                [f"migrated to a supergroup; sent to its new id {int(new)}", now, alert_id, int(old)],
            )
            cur = conn.execute(
                "INSERT OR IGNORE INTO deliveries (alert_id, chat_id, lang, status, updated_at) "
                "VALUES (?, ?, ?, 'pending', ?)",
                [alert_id, int(new), lang, now],
            )
            return cur.rowcount > 0

    def counts(self, alert_id: int) -> dict[str, int]:
        rows = self.store.db.execute(
            "SELECT status, COUNT(*) FROM deliveries WHERE alert_id = ? GROUP BY status", [alert_id]
        ).fetchall()
        out = dict.fromkeys(DELIVERY_STATES, 0)
        out.update({r[0]: r[1] for r in rows})
        return out

    def failures(self, alert_id: int, limit: int = 20) -> list[tuple[str, int]]:
        """The reasons deliveries failed, most common first."""
        rows = self.store.db.execute(
            "SELECT COALESCE(reason, '?'), COUNT(*) FROM deliveries WHERE alert_id = ? "
            "AND status IN ('failed', 'uncertain') GROUP BY 1 ORDER BY 2 DESC LIMIT ?",
            [alert_id, limit],
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def deliveries(self, alert_id: int) -> list[dict]:
        rows = self.store.db.execute(
            "SELECT chat_id, lang, status, reason, message_id, attempts FROM deliveries WHERE alert_id = ? "
            "ORDER BY chat_id",
            [alert_id],
        ).fetchall()
        cols = ("chat_id", "lang", "status", "reason", "message_id", "attempts")
        return [dict(zip(cols, r, strict=True)) for r in rows]


_ALERT_COLS = (
    "id, created_at, author, region, source, script, body, status, confirmed_by, confirmed_at, finished_at, "
    "notify_chat, lease, lease_until, title, expires_at, send_at, first_confirmed_by, first_confirmed_at, unit, contact"
)


def _alert(row) -> dict:
    cols = [c.strip() for c in _ALERT_COLS.split(",")]
    out = dict(zip(cols, row, strict=True))
    out["body"] = json.loads(out["body"])
    out["title"] = json.loads(out["title"]) if out["title"] else {}
    return out


def _subscriber(row) -> dict:
    cols = ("chat_id", "kind", "status", "lang", "regions", "approved_by", "reason", "created_at", "updated_at")
    out = dict(zip(cols, row, strict=True))
    out["regions"] = out["regions"].split() if out["regions"] else []
    return out
