"""Owner of the `operators` and `operator_sessions` tables: console logins.

Passwords are hashed with scrypt from the standard library (N=2**14, r=8, p=1, 16-byte salt), in
the self-describing form `scrypt$N$r$p$salt$hash`. Sessions are random tokens kept as SHA-256
hashes, each with its own CSRF token, and expire (default 12 hours).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from .core import Store, StoreError, iso

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 10
SESSION_SECONDS = 12 * 3600
_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


def hash_password(password: str) -> str:
    """scrypt hash with a fresh salt, as one string."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.urlsafe_b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether the password matches the stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        want = base64.urlsafe_b64decode(digest)
        got = hashlib.scrypt(
            password.encode(), salt=base64.urlsafe_b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(want)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


# Compared against when the login is unknown, so a wrong login takes as long as a wrong password.
_DUMMY = hash_password(secrets.token_hex(8))


@dataclass(frozen=True)
class Session:
    """A logged-in operator."""

    login: str
    csrf: str
    expires_at: int


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Operators:
    """Console accounts (created at the command line) and their sessions."""

    def __init__(self, store: Store):
        self.store = store

    @staticmethod
    def check_login(login: str) -> str:
        login = str(login).strip().lower()
        if not _LOGIN.match(login):
            raise StoreError(
                "a login is 2-40 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        return login

    def add(self, login: str, password: str) -> bool:
        """Create an operator, or set a new password when the login exists (False then)."""
        login = self.check_login(login)
        if len(password) < MIN_PASSWORD:
            raise StoreError(f"the password must have at least {MIN_PASSWORD} characters")
        hashed = hash_password(password)
        with self.store._transaction() as conn:
            existed = conn.execute("SELECT 1 FROM operators WHERE login = ?", [login]).fetchone() is not None
            conn.execute(
                "INSERT INTO operators (login, password_hash, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(login) DO UPDATE SET password_hash = excluded.password_hash",
                [login, hashed, int(self.store.clock())],
            )
            conn.execute("DELETE FROM operator_sessions WHERE login = ?", [login])
        return not existed

    def remove(self, login: str) -> bool:
        """Delete an operator and end their sessions; False when there was none."""
        login = str(login).strip().lower()
        with self.store._transaction() as conn:
            conn.execute("DELETE FROM operator_sessions WHERE login = ?", [login])
            return conn.execute("DELETE FROM operators WHERE login = ?", [login]).rowcount > 0

    def all(self) -> list[dict]:
        rows = self.store.db.execute("SELECT login, created_at FROM operators ORDER BY login").fetchall()
        return [{"login": r[0], "created": iso(r[1])} for r in rows]

    def stored_hash(self, login: str) -> tuple[str, str | None]:
        """The normalised login and its password hash (None for an unknown login)."""
        login = str(login).strip().lower()
        row = self.store.db.execute("SELECT password_hash FROM operators WHERE login = ?", [login]).fetchone()
        return login, (row[0] if row else None)

    def authenticate(self, login: str, password: str) -> str | None:
        """The normalised login when the password is right, else None (same cost either way)."""
        login, stored = self.stored_hash(login)
        return login if check_password(password, stored) else None

    def start_session(self, login: str, seconds: int = SESSION_SECONDS) -> tuple[str, Session]:
        """A new session; returns the cookie token (kept only as a hash) and the session."""
        token = secrets.token_urlsafe(32)
        now = int(self.store.clock())
        session = Session(login, secrets.token_urlsafe(24), now + seconds)
        with self.store._transaction() as conn:
            conn.execute("DELETE FROM operator_sessions WHERE expires_at < ?", [now])
            conn.execute(
                "INSERT INTO operator_sessions (token_hash, login, csrf, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [_token_hash(token), login, session.csrf, now, session.expires_at],
            )
        return token, session

    def session(self, token: str | None) -> Session | None:
        """The live session for a cookie token, or None."""
        if not token or len(token) > 200:
            return None
        row = self.store.db.execute(
            "SELECT s.login, s.csrf, s.expires_at FROM operator_sessions s JOIN operators o ON o.login = s.login "
            "WHERE s.token_hash = ?",
            [_token_hash(token)],
        ).fetchone()
        if row is None or row[2] < self.store.clock():
            return None
        return Session(*row)

    def end_session(self, token: str | None) -> None:
        if token:
            with self.store._transaction() as conn:
                conn.execute("DELETE FROM operator_sessions WHERE token_hash = ?", [_token_hash(token)])


def check_password(password: str, stored: str | None) -> bool:
    """verify_password, paying the same scrypt cost when there is no account (no timing hint)."""
    ok = verify_password(password, stored or _DUMMY)
    return ok and stored is not None
