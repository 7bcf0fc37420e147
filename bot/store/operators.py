"""Owner of the `operators` and `operator_sessions` tables: console logins.

Passwords are hashed with scrypt from the standard library (N=2**14, r=8, p=1, 16-byte salt), in
the self-describing form `scrypt$N$r$p$salt$hash`. Sessions are random tokens kept as SHA-256
hashes, each with its own CSRF token, and expire (default 12 hours).

Every account has a stable id from `operator_accounts` (AUTOINCREMENT: never reused, kept after
removal), which is what cases belong to: removing `bob` and adding a new `bob` gives the new person
a new id and none of the old one's cases. `role` is the console role: "operator" (their own and
handed-over cases) or "supervisor" (every case of the centre).
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
CONSOLE_ROLES = ("operator", "supervisor")
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
    account: int = 0  # the stable account id (operator_accounts.id)
    role: str = "operator"

    @property
    def supervisor(self) -> bool:
        return self.role == "supervisor"


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

    def add(self, login: str, password: str, role: str | None = None) -> bool:
        """Create an operator (a new account id), or set a new password (and role) when the login exists (False)."""
        login = self.check_login(login)
        if len(password) < MIN_PASSWORD:
            raise StoreError(f"the password must have at least {MIN_PASSWORD} characters")
        if role is not None and role not in CONSOLE_ROLES:
            raise StoreError(f"the role must be one of {', '.join(CONSOLE_ROLES)}, not {role!r}")
        hashed = hash_password(password)
        now = int(self.store.clock())
        with self.store._transaction() as conn:
            row = conn.execute("SELECT account FROM operators WHERE login = ?", [login]).fetchone()
            if row is None:
                account = conn.execute(
                    "INSERT INTO operator_accounts (login, created_at) VALUES (?, ?)", [login, now]
                ).lastrowid
                conn.execute(
                    "INSERT INTO operators (login, password_hash, created_at, account, role) VALUES (?, ?, ?, ?, ?)",
                    [login, hashed, now, account, role or "operator"],
                )
            else:
                conn.execute(
                    "UPDATE operators SET password_hash = ?, role = coalesce(?, role) WHERE login = ?",
                    [hashed, role, login],
                )
            conn.execute("DELETE FROM operator_sessions WHERE login = ?", [login])
        return row is None

    def set_role(self, login: str, role: str) -> bool:
        """Make an account an operator or a supervisor; ends their sessions; False when there is none."""
        if role not in CONSOLE_ROLES:
            raise StoreError(f"the role must be one of {', '.join(CONSOLE_ROLES)}, not {role!r}")
        login = str(login).strip().lower()
        with self.store._transaction() as conn:
            conn.execute("DELETE FROM operator_sessions WHERE login = ?", [login])
            return conn.execute("UPDATE operators SET role = ? WHERE login = ?", [role, login]).rowcount > 0

    def remove(self, login: str) -> dict | None:
        """Delete an operator and end their sessions; None when there was none.

        The account id is retired, never given again: the person's cases stay with the centre
        (held by nobody, seen by supervisors). Returns {"account", "cases_with_centre"}.
        """
        login = str(login).strip().lower()
        now = int(self.store.clock())
        with self.store._transaction() as conn:
            row = conn.execute("SELECT account FROM operators WHERE login = ?", [login]).fetchone()
            conn.execute("DELETE FROM operator_sessions WHERE login = ?", [login])
            if row is None:
                return None
            account = row[0]
            conn.execute("DELETE FROM operators WHERE login = ?", [login])
            conn.execute("UPDATE operator_accounts SET removed_at = ? WHERE id = ?", [now, account])
            held = [r[0] for r in conn.execute("SELECT id FROM cases WHERE holder = ?", [account])]
            conn.execute("UPDATE cases SET holder = NULL WHERE holder = ?", [account])
            conn.executemany(
                "INSERT INTO case_events (case_id, at, actor, action, target, note) "
                "VALUES (?, ?, NULL, 'to_centre', ?, 'the account that held it was removed')",
                [(case_id, now, account) for case_id in held],
            )
        return {"account": account, "cases_with_centre": len(held)}

    def account_of(self, login: str) -> dict | None:
        """The live account of a login: {"id", "login", "role"}, or None."""
        row = self.store.db.execute(
            "SELECT account, login, role FROM operators WHERE login = ?", [str(login).strip().lower()]
        ).fetchone()
        return {"id": row[0], "login": row[1], "role": row[2]} if row else None

    def names(self) -> dict[int, str]:
        """Every account id ever made -> its login (a removed one marked so), for showing case holders."""
        rows = self.store.db.execute("SELECT id, login, removed_at FROM operator_accounts").fetchall()
        return {r[0]: r[1] + (" (removed)" if r[2] else "") for r in rows}

    def all(self) -> list[dict]:
        rows = self.store.db.execute("SELECT login, created_at, account, role FROM operators ORDER BY login").fetchall()
        return [{"login": r[0], "created": iso(r[1]), "account": r[2], "role": r[3]} for r in rows]

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
        acct = self.account_of(login) or {"id": 0, "role": "operator"}
        session = Session(login, secrets.token_urlsafe(24), now + seconds, acct["id"], acct["role"])
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
            "SELECT s.login, s.csrf, s.expires_at, o.account, o.role FROM operator_sessions s "
            "JOIN operators o ON o.login = s.login "
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
