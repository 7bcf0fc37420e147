"""Settings and the long-lived services, wired once and passed to every front end.

Nothing here runs at import: settings are read by `Settings.from_env`, services are built on first
use. The CLI, the terminal chat and the Telegram bot all get the same App.
"""

from __future__ import annotations

import gc
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from knowledge import KnowledgeError
from knowledge.model import KnowledgeBase

DEFAULT_DB = "callcheck.db"


class ConfigError(Exception):
    """A setting has a value callcheck cannot use; the message says which and why."""


@dataclass
class Settings:
    """Application settings, read once from options and the environment and passed down."""

    kb_dir: Path | None = None
    region: str = "CN"  # as typed (UK, gb, Hong Kong): `App.region` resolves it (bot.names.phone_region)
    region_given: bool = False  # --region or CALLCHECK_REGION was set (else numbers with a code are read as theirs)
    db_path: Path = Path(DEFAULT_DB)
    quorum: int = 3
    reports_per_hour: int = 20
    backend: str = "embedded"  # embedded | rasa | combined
    rasa_url: str = "http://127.0.0.1:5005"
    admins: tuple[str, ...] = ()  # identities from CALLCHECK_ADMINS (Telegram ids or cli:/op: names)
    telegram_api: str = ""  # CALLCHECK_TELEGRAM_API: a self-hosted Bot API server's base URL (ends in /bot)
    spike_interval: int = 300  # CALLCHECK_SPIKE_INTERVAL: seconds between spike checks while the bot runs
    second_officer_above: int = 500  # CALLCHECK_SECOND_OFFICER_ABOVE: alerts to more subscriptions need two officers
    quiet_hours: tuple[int, int] | None = (22, 7)  # CALLCHECK_QUIET_HOURS: "22-7" local in the region, or "off"

    @classmethod
    def from_env(
        cls, kb_dir: str | None = None, region: str | None = None, db: str | None = None, env: dict | None = None
    ) -> Settings:
        """Options win over the environment: CALLCHECK_KB, _REGION, _DB, _QUORUM, _REPORTS_PER_HOUR."""
        env = os.environ if env is None else env
        kb = kb_dir or env.get("CALLCHECK_KB")
        return cls(
            kb_dir=Path(kb) if kb else None,
            region=(region or env.get("CALLCHECK_REGION") or "CN").strip(),
            region_given=bool((region or env.get("CALLCHECK_REGION") or "").strip()),
            db_path=Path(db or env.get("CALLCHECK_DB") or DEFAULT_DB),
            quorum=_int(env, "CALLCHECK_QUORUM", 3),
            reports_per_hour=_int(env, "CALLCHECK_REPORTS_PER_HOUR", 20),
            backend=_backend(env.get("CALLCHECK_BACKEND") or "embedded"),
            rasa_url=env.get("CALLCHECK_RASA_URL") or "http://127.0.0.1:5005",
            admins=_admins(env.get("CALLCHECK_ADMINS")),
            telegram_api=(env.get("CALLCHECK_TELEGRAM_API") or "").strip(),
            spike_interval=_int(env, "CALLCHECK_SPIKE_INTERVAL", 300),
            second_officer_above=_int(env, "CALLCHECK_SECOND_OFFICER_ABOVE", 500),
            quiet_hours=_quiet(env.get("CALLCHECK_QUIET_HOURS")),
        )


def _backend(value: str) -> str:
    if value not in ("embedded", "rasa", "combined"):
        raise ConfigError(f"CALLCHECK_BACKEND must be embedded, rasa or combined, not {value!r}")
    return value


def _quiet(value: str | None) -> tuple[int, int] | None:
    """CALLCHECK_QUIET_HOURS: `22-7` (from 22:00 to 07:00 in the alert's region), `off` for none."""
    if value is None or not value.strip():
        return (22, 7)
    if value.strip().lower() in ("off", "none", "0"):
        return None
    start, sep, end = value.strip().partition("-")
    if not sep or not start.isdigit() or not end.isdigit() or int(start) > 23 or int(end) > 23:
        raise ConfigError(f"CALLCHECK_QUIET_HOURS must look like 22-7 (hours) or be off, not {value!r}")
    return (int(start), int(end))


def _admins(value: str | None) -> tuple[str, ...]:
    from .services.roles import admins_from_env

    return admins_from_env(value)


def _int(env: dict, name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise ConfigError(f"{name} must be at least 1")
    return value


class App:
    """The knowledge base, analyzer, number service and store, each built on first use."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._analyzer = None
        self._store = None
        self._numbers = None
        self._conversations = None
        self._roles = None
        self._keeper = None
        self._review = None
        self._subscriptions = None
        self._alerts = None
        self._trends = None
        self._ocr = None

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge being served: files plus approved additions (KnowledgeError only with nothing to serve)."""
        return self.keeper.kb

    @property
    def keeper(self):
        """Loads and hot-reloads the knowledge; keeps the last good one when a file breaks."""
        if self._keeper is None:
            from .services.knowledge import KnowledgeKeeper
            from .store.review import ReviewStore

            reviews = ReviewStore(self.store)
            self._keeper = KnowledgeKeeper(
                self.settings.kb_dir,
                additions=lambda: reviews.additions("approved"),
                additions_revision=reviews.additions_revision,
                snapshot=lambda: reviews.snapshot()[0],
                save_snapshot=reviews.save_snapshot,
                gate=True,  # approved additions that make any case worse are not served
            )
            self._keeper.listeners.append(self._knowledge_changed)
        return self._keeper

    @property
    def loaded_keeper(self):
        """The knowledge keeper when the knowledge has been loaded (else None: the first use loads it fresh)."""
        return self._keeper

    def _knowledge_changed(self, kb: KnowledgeBase) -> None:
        """Rebuild what holds the knowledge (analyzer, number intel, engine); the store stays."""
        had_analyzer = self._analyzer is not None
        self._analyzer = None
        self._numbers = None
        if self._conversations is not None:
            from .conversation.engine import Engine

            numbers = self.numbers
            self._conversations.engine = Engine(kb, self.analyzer.analyze, numbers.check, numbers.parse)
        elif had_analyzer:
            _ = self.analyzer

    @property
    def review(self):
        """Suggestions, review queues and decisions (every one authorised and audited)."""
        if self._review is None:
            from .services.review import Review

            self._review = Review(self.store, self.roles, self.keeper, lambda: self.numbers)
        return self._review

    @property
    def store(self):
        """The reported-scam database, created on first use."""
        if self._store is None:
            from .store import Store, load_salt

            path = self.settings.db_path
            self._store = Store(
                path, salt=load_salt(path), quorum=self.settings.quorum, reports_per_hour=self.settings.reports_per_hour
            )
            # Official lines of the knowledge base in use, checked on every status change and lookup.
            self._store.is_protected = lambda number: self.numbers.intel.protected(number)
            self._store.is_trusted = lambda key: (
                bool(self.roles.table.roles_of(key) & {"volunteer", "police"}) or (key in self.roles._admin_keys)
            )
        return self._store

    @property
    def roles(self):
        """Roles and the audited authorisation check for every privileged action."""
        if self._roles is None:
            from .services.roles import Roles

            self._roles = Roles(self.store, self.settings.admins)
        return self._roles

    @property
    def subscriptions(self):
        """Chats that receive police alerts, by region."""
        if self._subscriptions is None:
            from .services.alerts import Subscriptions

            self._subscriptions = Subscriptions(self.store, self.roles)
        return self._subscriptions

    @property
    def alerts(self):
        """Police alerts: compose, preview, confirm (the broadcast itself runs in a channel)."""
        if self._alerts is None:
            from .services.alerts import Alerts

            self._alerts = Alerts(
                self.store,
                self.roles,
                self.subscriptions,
                self.kb,
                second_officer_above=self.settings.second_officer_above,
                quiet_hours=self.settings.quiet_hours,
            )
        return self._alerts

    @property
    def trends(self):
        """Aggregate rows per check, trend reports, charts and the spike detector."""
        if self._trends is None:
            from .services.trends import Trends

            self._trends = Trends(self.store, self.kb)
        return self._trends

    def _chat_region(self, chat_id: str) -> str | None:
        """A Telegram chat's region tag, when it has a single-region alert subscription."""
        ident = chat_id[3:] if chat_id.startswith("tg:") else ""
        return self.subscriptions.region_of(int(ident)) if ident.lstrip("-").isdigit() else None

    def _forget_chat(self, chat_id: str, user_id: str) -> None:
        """/forget also removes the chat's alert subscription and delivery rows."""
        ident = chat_id[3:] if chat_id.startswith("tg:") else ""
        if ident.lstrip("-").isdigit():
            self.subscriptions.forget(int(ident))

    @property
    def region(self) -> str:
        """The default phone region as a two-letter code: `--region` / CALLCHECK_REGION resolved by the
        one resolver every entry point uses (UK -> GB, " hong kong " -> HK); ConfigError if unknown."""
        from .names import UnknownRegion, phone_region

        try:
            code = phone_region(self.kb, self.settings.region)
        except UnknownRegion as exc:
            raise ConfigError(f"--region / CALLCHECK_REGION: {exc}") from None
        self.settings.region = code
        return code

    @property
    def numbers(self):
        """Number parsing, signals and reports."""
        if self._numbers is None:
            from nlu.phones import NumberIntel

            from .services.numbers import NumberService

            self._numbers = NumberService(NumberIntel(self.kb, self.region), self.store)
            self._numbers.region_given = self.settings.region_given
        return self._numbers

    @property
    def analyzer(self):
        """The embedded analyzer, checking the numbers it finds against the database."""
        if self._analyzer is None:
            from nlu.analyzer import Analyzer

            self._analyzer = Analyzer(self.kb, region=self.region, number_lookup=self.numbers.lookup_for_analysis)
            if self.settings.backend != "embedded":
                from nlu.rasa_backend import RasaBackend

                self._analyzer = RasaBackend(self._analyzer, self.settings.rasa_url, mode=self.settings.backend)
            # The knowledge base lives as long as the process: keep it out of GC sweeps, which
            # otherwise cause multi-millisecond pauses in the middle of an analysis.
            gc.freeze()
        return self._analyzer

    @property
    def conversations(self):
        """The conversation orchestrator shared by the terminal chat and the Telegram bot."""
        if self._conversations is None:
            from .conversation.engine import Engine
            from .conversation.orchestrator import Conversations

            numbers = self.numbers
            try:
                self.store.purge_chats()  # expired conversation states are deleted, not just ignored
            except sqlite3.Error as exc:  # a read-only or busy database: checks are still answered
                logging.getLogger("callcheck").warning("expired conversation states not purged: %s", type(exc).__name__)
            engine = Engine(self.kb, self.analyzer.analyze, numbers.check, numbers.parse)
            self._conversations = Conversations(
                engine,
                self.store,
                lambda raw, script, who, channel: self.numbers.report(raw, script, who, channel=channel),
                trends=self.trends,
                region_of=self._chat_region,
                forget_hooks=(self._forget_chat,),
            )
            self._conversations.refresh = self.keeper.maybe_reload  # hot reload between messages
            self._conversations.suggest = self.review.suggest
            # /forget also deletes the person's suggestions
            self._conversations.forget_hooks += (lambda chat_id, user_id: self.review.forget(user_id),)
        return self._conversations

    @property
    def ocr(self):
        """On-device text recognition for screenshots; its models load on the first picture."""
        if self._ocr is None:
            from nlu.ocr import Reader

            self._ocr = Reader()
        return self._ocr

    def close(self) -> None:
        if self._trends is not None:
            try:  # trend rows recorded `later` (the web API) are written before the store closes
                self._trends.close()
            except Exception as exc:
                logging.getLogger("callcheck").warning("trend rows not written at close: %s", type(exc).__name__)
        if self._store is not None:
            self._store.close()


__all__ = ["App", "ConfigError", "KnowledgeError", "Settings"]
