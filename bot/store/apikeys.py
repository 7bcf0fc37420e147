"""Owner of the `api_keys` table: keys for the HTTP API, stored only as hashes.

A key reads `cck_<id>_<secret>`. The id is public (it names the key in logs, limits and the
audit trail); the secret is 32 random bytes and only its SHA-256 is kept, so a copy of the
database lets nobody call the API. (A slow password hash is not needed: the secret is random,
not chosen by a person, and every request would pay for it.)

A key verified is remembered for `RECHECK` seconds (in memory only, never written): the server
then answers a partner's checks without a database query each, the largest cost of a check's
HTTP side after the access log. A key revoked through this object is forgotten at once; one
revoked by another process (`callcheck api-key revoke` beside a running server) is refused
within `RECHECK` seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass

from .core import Store, StoreError, iso

_TOKEN = re.compile(r"^cck_([a-z0-9]{8})_([A-Za-z0-9_-]{20,100})$")
RECHECK = 1.0  # seconds a verified key is trusted before the database is asked again
_REMEMBERED = 10_000  # at most this many verified tokens held; past that the memory starts anew


@dataclass(frozen=True)
class ApiKey:
    """A key's public facts (never its secret)."""

    id: str
    name: str
    per_minute: int
    created_at: int
    revoked_at: int | None
    last_used_at: int | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "per_minute": self.per_minute,
            "created": iso(self.created_at),
            "revoked": iso(self.revoked_at),
            "last_used": iso(self.last_used_at),
        }


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeys:
    """Create, verify, revoke and list API keys."""

    def __init__(self, store: Store, *, recheck: float = RECHECK, monotonic=time.monotonic):
        self.store = store
        self._touched: dict[str, int] = {}
        self.recheck = recheck
        self.monotonic = monotonic
        self._verified: dict[str, tuple[ApiKey, float]] = {}  # token -> (its key, when it was verified)

    def create(self, name: str, per_minute: int, created_by: str) -> tuple[ApiKey, str]:
        """A new key; returns it and the full token, which is shown once and never stored."""
        name = " ".join(str(name).split())[:80]
        if not name:
            raise StoreError("give the key a name (who or what uses it)")
        if not 1 <= int(per_minute) <= 100_000:
            raise StoreError("the rate limit must be between 1 and 100000 requests per minute")
        key_id = secrets.token_hex(4)
        secret = secrets.token_urlsafe(32)
        now = int(self.store.clock())
        with self.store._transaction() as conn:
            conn.execute(
                "INSERT INTO api_keys (id, name, secret_hash, per_minute, created_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [key_id, name, _hash(secret), int(per_minute), now, created_by],
            )
        return ApiKey(key_id, name, int(per_minute), now, None, None), f"cck_{key_id}_{secret}"

    def verify(self, token: str) -> ApiKey | None:
        """The active key this token belongs to, or None (malformed, unknown, wrong secret or revoked).

        A token verified less than `recheck` seconds ago is answered from memory (see the module)."""
        now_m = self.monotonic()
        seen = self._verified.get(token)
        if seen is not None and now_m - seen[1] < self.recheck:
            return seen[0]
        key = self._lookup(token)
        if key is None:
            self._verified.pop(token, None)
        else:
            if len(self._verified) >= _REMEMBERED:
                self._verified.clear()
            self._verified[token] = (key, now_m)
        return key

    def _lookup(self, token: str) -> ApiKey | None:
        m = _TOKEN.match(token or "")
        if not m:
            return None
        row = self.store.db.execute(
            "SELECT id, name, per_minute, created_at, revoked_at, last_used_at, secret_hash FROM api_keys WHERE id = ?",
            [m.group(1)],
        ).fetchone()
        if row is None or not hmac.compare_digest(row[6], _hash(m.group(2))) or row[4] is not None:
            return None
        key = ApiKey(*row[:6])
        now = int(self.store.clock())
        if now - self._touched.get(key.id, 0) >= 60:  # at most one write a minute per key
            self._touched[key.id] = now
            with self.store._transaction() as conn:
                conn.execute("UPDATE api_keys SET last_used_at = ? WHERE id = ?", [now, key.id])
        return key

    def revoke(self, key_id: str) -> bool:
        """Revoke a key at once; False when there is no such active key."""
        self._verified = {t: seen for t, seen in self._verified.items() if seen[0].id != key_id}
        with self.store._transaction() as conn:
            cur = conn.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                [int(self.store.clock()), key_id],
            )
            return cur.rowcount > 0

    def all(self) -> list[ApiKey]:
        rows = self.store.db.execute(
            "SELECT id, name, per_minute, created_at, revoked_at, last_used_at FROM api_keys ORDER BY created_at, id"
        ).fetchall()
        return [ApiKey(*r) for r in rows]
