"""Roles and the one authorisation function every privileged action passes.

    NotAllowed     the identity lacks a role the action needs (already audited when raised)

Identities are namespaced strings: `tg:<telegram user id>`, `cli:<account>` (the terminal),
`op:<console login>`, `api:<key id>`. Admins come from configuration (`CALLCHECK_ADMINS`), never
from the database, so nobody can make themselves an admin. Police, volunteers and operators are
granted and revoked by an admin. Every call of `authorize` leaves an audit row, allowed or
refused, keyed by the salted identity.

The terminal is one identity: `cli_actor()`, the service account running the command. The
database files are 0600, so whoever can open them *is* that account; no option or environment
variable makes the terminal someone else, so one shell is never two people of a two-person rule.
People act as themselves where they are authenticated (Telegram, the console). Listing
`cli:<account>` in `CALLCHECK_ADMINS` can make only the service account an admin at the terminal,
and that account already owns the files (it could change them with `sqlite3`): the admin list
is configuration, and setting it grants nothing the account does not already have. Roles at the
terminal guard against mistakes and leave an audit trail; the boundary against other people is
the file permissions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..store import Store
from ..store.audit import AuditLog, OfficerTable, RoleTable

ROLES = ("admin", "police", "volunteer", "operator")
GRANTABLE = ("police", "volunteer", "operator")

# action -> roles allowed to do it. One table, so a reader sees every privilege at once.
PERMISSIONS: dict[str, frozenset[str]] = {
    "role.grant": frozenset({"admin"}),
    "role.revoke": frozenset({"admin"}),
    "role.list": frozenset({"admin"}),
    "alert.compose": frozenset({"admin", "police"}),
    "alert.send": frozenset({"admin", "police"}),
    "alert.status": frozenset({"admin", "police"}),
    "subscription.approve": frozenset({"admin", "police"}),
    "trends.view": frozenset({"admin", "police", "volunteer"}),
    "review.queue": frozenset({"admin", "volunteer"}),
    "review.decide": frozenset({"admin", "volunteer"}),
    "db.browse": frozenset({"admin", "volunteer"}),  # `callcheck db browse`: the volunteers' read-only view
    "number.moderate": frozenset({"admin", "volunteer", "police"}),
    "number.import": frozenset({"admin", "volunteer", "police"}),  # a bulk list is a moderator's job
    "reports.forget": frozenset({"admin"}),  # deleting someone else's reports
    "audit.view": frozenset({"admin"}),
    "audit.unit": frozenset({"admin", "police"}),  # the audit of one's own unit (admins: any unit)
    "console.use": frozenset({"admin", "operator"}),
    "apikey.manage": frozenset({"admin"}),
    "operator.manage": frozenset({"admin"}),
    "cases.export": frozenset({"admin", "police"}),  # `callcheck case export`: the hotline's cases for police
}


class NotAllowed(Exception):
    """The identity may not do this; the message is safe to show them, and says how to get the role
    (`next_step`, written in one place for every refusal: CLI, Telegram, the console)."""

    def __init__(self, message: str, identity: str = "", roles: Iterable[str] = ()):
        super().__init__(message)
        self.identity = identity
        self.roles = tuple(roles)

    def next_step(self, lang: str = "en") -> str:
        return how_to_get(self.identity, self.roles, lang)


def how_to_get(identity: str, roles: Iterable[str], lang: str = "en") -> str:
    """The next step after a refusal: who grants which role, with the exact command.

    Admins are configuration (CALLCHECK_ADMINS), never granted; police are granted with a name and
    a unit; volunteers and operators with the role alone."""
    roles = [r for r in ROLES if r in set(roles)]
    grantable = [r for r in roles if r in GRANTABLE]
    who = normalise_identity(identity) if identity else ""
    member = who.removeprefix("tg:") if who.startswith("tg:") else who or "ID"
    if not grantable:  # admins only
        if lang == "zh":
            return f"管理员由配置决定：在服务的配置里设置 CALLCHECK_ADMINS={who or '你的身份'}（或把它加入列表）。"
        who = who or "your identity"
        return f"admins come from configuration: set CALLCHECK_ADMINS={who} (or add it to the list) for the service."
    role = "volunteer" if "volunteer" in grantable else grantable[0]
    extra = " --name NAME --unit UNIT" if role == "police" else ""
    tg = " NAME | UNIT | PHONE" if role == "police" else ""
    cli = f"callcheck role grant {member} {role}{extra}"
    chat = f"/grant {member} {role}{tg}"
    if lang == "zh":
        return f"请管理员授权：在终端运行 `{cli}`，或在与机器人的私聊中发送 `{chat}`。"
    return f"ask an admin to grant it: `{cli}` at the terminal, or `{chat}` in a private chat with the bot."


class Roles:
    """Who has which role, and the authorisation check that audits every attempt."""

    def __init__(self, store: Store, admins: Iterable[str] = ()):
        self.store = store
        self.table = RoleTable(store)
        self.audit = AuditLog(store)
        self.officers = OfficerTable(store)
        self._admin_keys = {store.reporter_key(normalise_identity(a)) for a in admins if str(a).strip()}
        # the configured admins by name (CALLCHECK_ADMINS is configuration, not a secret): a volunteer
        # reading "proposed by" sees "cli:root (admin)", not a salted key
        self._admin_names = {
            store.reporter_key(normalise_identity(a)): normalise_identity(a) for a in admins if str(a).strip()
        }

    def admin_names(self) -> dict[str, str]:
        """Salted key -> "cli:root (admin)" for every configured admin."""
        return {k: f"{v} (admin)" for k, v in self._admin_names.items()}

    def key(self, identity: str) -> str:
        """The salted key stored for an identity."""
        return self.store.reporter_key(normalise_identity(identity))

    def keys_of(self, identity: str) -> set[str]:
        """Every reporter key an identity may have reported under (`12345` and `tg:12345` alike)."""
        forms = {str(identity).strip(), normalise_identity(identity)}
        forms |= {f[3:] for f in forms if f.startswith("tg:")}
        return {self.store.reporter_key(f) for f in forms}

    def roles_of(self, identity: str) -> set[str]:
        key = self.key(identity)
        roles = self.table.roles_of(key)
        if key in self._admin_keys:
            roles.add("admin")
        return roles

    def can(self, identity: str, action: str) -> bool:
        """Whether the identity may do the action (no audit row: use for showing menus only)."""
        allowed = PERMISSIONS.get(action)
        if allowed is None:
            raise KeyError(f"unknown action {action!r}")
        return bool(self.roles_of(identity) & allowed)

    def allowed(self, identity: str) -> frozenset[str]:
        """Every action the identity may do (no audit row: for showing their commands in /help)."""
        roles = self.roles_of(identity)
        return frozenset(action for action, allowed in PERMISSIONS.items() if roles & allowed)

    def authorize(self, identity: str, action: str, target: str | None = None, detail: str | None = None) -> None:
        """Allow the action or raise NotAllowed; either way, leave an audit row."""
        ok = self.can(identity, action)
        self.audit.record(self.key(identity), action, "allowed" if ok else "refused", target, detail)
        if not ok:
            roles = sorted(PERMISSIONS[action])
            raise NotAllowed(
                f"not allowed: {action} needs one of the roles {', '.join(roles)} (you are "
                f"{normalise_identity(identity)}); {how_to_get(identity, roles)}",
                identity,
                roles,
            )

    def record(self, identity: str, action: str, outcome: str, target: str | None = None, detail: str | None = None):
        """Audit the outcome of an authorised action (e.g. "sent 120, failed 3")."""
        self.audit.record(self.key(identity), action, outcome, target, detail)

    def grant(
        self,
        actor: str,
        member: str,
        role: str,
        *,
        name: str | None = None,
        unit: str | None = None,
        contact: str | None = None,
    ) -> bool:
        """An admin gives `member` a role; False when they already had it.

        Police are named: the officer's display name and unit (and the unit's official contact,
        printed on its alerts) are recorded with the role, and shown wherever they act.
        """
        if role not in GRANTABLE:
            raise ValueError(f"role must be one of {', '.join(GRANTABLE)}, not {role!r}")
        name, unit, contact = ((v or "").strip()[:80] or None for v in (name, unit, contact))
        if role == "police" and not (name and unit):
            if not self.can(actor, "role.grant"):
                self.authorize(actor, "role.grant", target=role, detail="no name or unit")  # audited, raises
            # Allowed to grant, but nothing is granted: the audit says so (never "allowed").
            self.record(actor, "role.grant", "failed", target=role, detail="not granted: no name or unit")
            raise ValueError("an officer needs a display name and a unit (e.g. name: Wang Wei, unit: Nanshan PSB)")
        self.authorize(actor, "role.grant", target=role, detail=f"{name} ({unit})" if name else None)
        if name and unit:
            self.officers.put(self.key(member), name, unit, contact)
        return self.table.grant(self.key(member), role, self.key(actor))

    def officer(self, identity: str) -> dict | None:
        """{name, unit, contact} of a named officer, None for anyone else."""
        return self.officers.get(self.key(identity))

    def revoke(self, actor: str, member: str, role: str) -> bool:
        """An admin takes a role away; False when they did not have it."""
        if role not in GRANTABLE:
            raise ValueError(f"role must be one of {', '.join(GRANTABLE)}, not {role!r}")
        self.authorize(actor, "role.revoke", target=role)
        return self.table.revoke(self.key(member), role)

    def is_admin(self, identity: str) -> bool:
        return self.key(identity) in self._admin_keys


def cli_actor() -> str:
    """The one identity of the terminal: `cli:<service account>`, from the process's user id.

    Never from $LOGNAME, $USER, $CALLCHECK_USER or an option (`getpass.getuser()` reads those
    first): the account is whoever the operating system says opened the database.
    """
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    if uid is None:  # not a POSIX system: the login is the best there is
        import getpass

        return f"cli:{getpass.getuser()}"
    try:
        import pwd

        return f"cli:{pwd.getpwuid(uid).pw_name}"
    except (ImportError, KeyError):  # no user database in some containers
        return f"cli:{uid}"


def normalise_identity(identity: str | int) -> str:
    """`12345` and `tg:12345` are the same Telegram user; other namespaces pass through."""
    text = str(identity).strip()
    if text.isascii() and text.isdigit():
        return f"tg:{text}"
    return text


def member_problem(member: str, operator_exists=None) -> str | None:
    """Why a role granted to `member` could never be used, or None when someone can act as it.

    A Telegram user id (digits), `op:LOGIN` of a console account that exists (`operator_exists`
    tells), or `cli:` the account this terminal runs as. "@alice", "abc" or another `cli:` name are
    stored without complaint otherwise, and the admin believes a role was given that nobody holds.
    """
    who = normalise_identity(member)
    if who.startswith("tg:") and who[3:].isdigit():
        return None
    if who.startswith("@"):
        return f"{who[:40]!r} is a Telegram username, not a user id: a role needs the numeric id (digits only)"
    if who.startswith("op:"):
        login = who[3:].strip().lower()
        if operator_exists is None or operator_exists(login):
            return None
        return f"there is no console account {login[:40]!r}: create it first with `callcheck operator add {login[:40]}`"
    if who.startswith("cli:"):
        if who == cli_actor():
            return None
        return (
            f"{who[:40]!r} can never act: the terminal is always {cli_actor()!r}, the account running it "
            "(README, Roles)"
        )
    return f"{who[:40]!r} is no identity: give a Telegram user id (digits), op:LOGIN or cli:<account>"


def admins_from_env(value: str | None) -> tuple[str, ...]:
    """CALLCHECK_ADMINS: comma- or space-separated Telegram user ids or namespaced identities."""
    if not value:
        return ()
    return tuple(normalise_identity(part) for part in value.replace(",", " ").split() if part)
