"""Owner of the `trend_checks` and `spikes` tables: aggregates of what people check, for police.

- trend_checks: one row per check: the hour it fell in (epoch seconds of the hour's start), the
                region tag if the chat has one, the top script, the claimed organisation and the
                verdict. No text, no chat or user identity, no exact time.
- spikes:       every (script, region, hour) the spike detector fired on, with its figures and the
                drafted alert, so the same spike is drafted once.

It also reads `reports` (owned by store/core.py) for the numbers reported most.
"""

from __future__ import annotations

from .core import Store

HOUR = 3600


class TrendTable:
    def __init__(self, store: Store):
        self.store = store

    def add(self, at: float, region: str | None, script: str | None, org: str | None, verdict: str) -> int:
        """Record one check; returns its row id (so a follow-up on the same account can revise it)."""
        with self.store._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO trend_checks (bucket, region, script, org, verdict) VALUES (?, ?, ?, ?, ?)",
                [int(at) // HOUR * HOUR, region or None, script or None, org or None, verdict],
            )
            return int(cur.lastrowid)

    def add_many(self, rows: list[tuple[int, str | None, str | None, str | None, str]]) -> None:
        """Record many checks in one transaction: (hour start, region, script, org, verdict) each."""
        if not rows:
            return
        with self.store._transaction() as conn:
            conn.executemany(
                "INSERT INTO trend_checks (bucket, region, script, org, verdict) VALUES (?, ?, ?, ?, ?)",
                [(int(b) // HOUR * HOUR, r or None, s or None, o or None, v) for b, r, s, o, v in rows],
            )

    def revise(self, row_id: int, script: str | None, org: str | None, verdict: str) -> bool:
        """A follow-up answer changed the verdict of the same account: one account stays one row."""
        with self.store._transaction() as conn:
            cur = conn.execute(
                "UPDATE trend_checks SET script = ?, org = ?, verdict = ? WHERE id = ?",
                [script or None, org or None, verdict, int(row_id)],
            )
            return cur.rowcount > 0

    def _where(self, start: int, end: int, region: str | None) -> tuple[str, list]:
        sql = "bucket >= ? AND bucket < ?"
        args: list = [int(start), int(end)]
        if region:
            sql += " AND (lower(region) = lower(?) OR lower(region) LIKE lower(?) || '-%')"
            args += [region, region.replace("%", "").replace("_", "")]
        return sql, args

    def count_by(self, column: str, start: int, end: int, region: str | None = None) -> dict[str, int]:
        """Checks per script / org / verdict / region in [start, end)."""
        if column not in ("script", "org", "verdict", "region"):
            raise ValueError(column)
        where, args = self._where(start, end, region)
        rows = self.store.db.execute(
            f"SELECT COALESCE({column}, ''), COUNT(*) FROM trend_checks WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1",
            args,
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def count_untagged(self, start: int, end: int) -> int:
        """Checks in [start, end) that carry no region tag (a region's report says how many it leaves out)."""
        return self.store.db.execute(
            "SELECT COUNT(*) FROM trend_checks WHERE bucket >= ? AND bucket < ? AND region IS NULL",
            [int(start), int(end)],
        ).fetchone()[0]

    def series(self, start: int, end: int, region: str | None = None, step: int = HOUR) -> dict[str, dict[int, int]]:
        """script -> {bucket start (multiple of `step`) -> checks}, scripts with no match under ''."""
        where, args = self._where(start, end, region)
        rows = self.store.db.execute(
            f"SELECT COALESCE(script, ''), (bucket / ?) * ?, COUNT(*) FROM trend_checks WHERE {where} GROUP BY 1, 2",
            [int(step), int(step), *args],
        ).fetchall()
        out: dict[str, dict[int, int]] = {}
        for script, bucket, n in rows:
            out.setdefault(script, {})[bucket] = n
        return out

    def hourly(self, start: int, end: int) -> list[tuple[str, str | None, int, int]]:
        """(script, region, hour, checks) for every check with a script, for the spike detector."""
        rows = self.store.db.execute(
            "SELECT script, region, bucket, COUNT(*) FROM trend_checks WHERE bucket >= ? AND bucket < ? "
            "AND script IS NOT NULL GROUP BY 1, 2, 3",
            [int(start), int(end)],
        ).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def top_numbers(self, start: int, end: int, limit: int = 10) -> list[tuple[str, int, int, str]]:
        """(number, independent reporters, reports, status) reported in [start, end), most reporters
        first; numbers moderators cleared (not a scam) are left out."""
        rows = self.store.db.execute(
            "SELECT r.number, COUNT(DISTINCT r.reporter), COUNT(*), COALESCE(n.status, 'unverified') "
            "FROM reports r LEFT JOIN numbers n ON n.number = r.number "
            "WHERE r.created_at >= ? AND r.created_at < ? AND r.held = 0 AND COALESCE(n.status, '') != 'cleared' "
            "GROUP BY r.number ORDER BY 2 DESC, 3 DESC, r.number LIMIT ?",
            [int(start), int(end), int(limit)],
        ).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    # -- spikes ------------------------------------------------------------------------------
    def spike_seen(self, script: str, region: str, bucket: int) -> bool:
        row = self.store.db.execute(
            "SELECT 1 FROM spikes WHERE script = ? AND region = ? AND bucket = ?", [script, region, int(bucket)]
        ).fetchone()
        return row is not None

    def add_spike(
        self, script: str, region: str, bucket: int, observed: int, baseline: float, p: float, alert_id: int | None
    ) -> bool:
        """Remember a spike (once per script, region and hour); False when it was already recorded."""
        with self.store._transaction() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO spikes (script, region, bucket, observed, baseline, p, alert_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [script, region, int(bucket), int(observed), float(baseline), float(p), alert_id],
            )
            return cur.rowcount > 0

    def set_spike_alert(self, script: str, region: str, bucket: int, alert_id: int) -> None:
        with self.store._transaction() as conn:
            conn.execute(
                "UPDATE spikes SET alert_id = ? WHERE script = ? AND region = ? AND bucket = ?",
                [alert_id, script, region, int(bucket)],
            )
