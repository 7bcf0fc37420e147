"""The one orchestrator: loads chat state, runs the engine, carries out its effects, saves state.

Front ends (Telegram, terminal) translate their input into `Incoming`, call `Conversations.handle`
and send the replies they get back. Only this module reads or writes conversation state.
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3

from nlu.regexcache import compile as re_compile

from ..store import Store, StoreError
from .engine import ChatState, CountCheck, Engine, ForgetUser, Incoming, Reply, ReportNumber, Suggest
from .report import texts

log = logging.getLogger("callcheck.conversation")
PURGE_EVERY = 600  # seconds between sweeps of expired conversation states while running


_SURROGATE = re_compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """Text that can be stored and sent: unpaired surrogates (from broken clients) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if text else text


def clean_incoming(msg: Incoming) -> Incoming:
    """The same message with every text field made valid UTF-8."""
    fields = {f: clean(getattr(msg, f)) for f in ("text", "command", "args", "data")}
    return dataclasses.replace(msg, lang_hint=clean(msg.lang_hint or "") or None, **fields)


class Conversations:
    """Turns (chat, user, incoming) into replies, persisting state in the store."""

    def __init__(self, engine: Engine, store: Store, report_number, trends=None, region_of=None, forget_hooks=()):
        self.engine = engine
        self.store = store
        self.report_number = report_number  # (raw, script, reporter_id, channel) -> (parsed, outcome)
        self.trends = trends  # services.trends.Trends: one aggregate row per checked account
        self.region_of = region_of  # chat_id -> region tag or None
        self.forget_hooks = tuple(forget_hooks)  # (chat_id, user_id) -> None, run by /forget
        self.refresh = None  # called before each message: hot-reloads changed knowledge
        self.suggest = None  # (user_id, text, kind, channel, verdict=, scripts=) -> Submitted
        self._purged_at = float("-inf")

    def handle(self, chat_id: str, user_id: str, msg: Incoming, channel: str = "telegram") -> list[Reply]:
        """Answer one message; chat_id and user_id are opaque strings, stored only as salted hashes."""
        chat_id, user_id, msg = clean(str(chat_id)), clean(str(user_id)), clean_incoming(msg)
        state = ChatState()
        try:
            if self.refresh is not None:
                self.refresh()
            self._purge_expired()
            raw = self.store.load_chat(chat_id)
            state = ChatState.from_dict(raw) if raw else ChatState()
            return self._handle(chat_id, user_id, msg, channel, state, raw)
        except Exception as exc:  # a bug must not leave a frightened person without an answer
            log.exception("conversation failed on a %s message: %s", msg.kind, type(exc).__name__)
            return [Reply(self._t(state, msg)["error"])]

    def _purge_expired(self) -> None:
        """Delete expired conversation states now and then while running, not only at start-up."""
        now = self.store.clock()
        if now - self._purged_at >= PURGE_EVERY:
            self._purged_at = now
            try:
                self.store.purge_chats()
            except sqlite3.Error as exc:  # a read-only or busy database: answer anyway, purge next time
                log.warning("expired conversation states not purged yet: %s", type(exc).__name__)

    def _handle(
        self, chat_id: str, user_id: str, msg: Incoming, channel: str, state: ChatState, raw: dict | None
    ) -> list[Reply]:
        outcome = self.engine.handle(state, msg)
        replies = list(outcome.replies)
        forget = False
        trend_row = (raw or {}).get("_trend")
        for effect in outcome.effects:
            if isinstance(effect, ReportNumber):
                replies.append(self._report(effect, user_id, channel, outcome.state, msg))
            elif isinstance(effect, Suggest):
                replies.append(self._suggest(effect, user_id, channel, outcome.state, msg))
            elif isinstance(effect, CountCheck):
                trend_row = self._count(effect, trend_row, chat_id, outcome.state)
            elif isinstance(effect, ForgetUser):
                forget = True
                for hook in self.forget_hooks:
                    hook(chat_id, user_id)
                deleted = self.store.forget_person(user_id, chat_ids=[chat_id])
                replies.append(
                    Reply(self._t(outcome.state, msg)["forgotten"].format(reports=deleted.get("reports", 0)))
                )
        if forget:  # nothing of theirs is kept, not even the language choice
            return replies
        saved = outcome.state.to_dict()
        if trend_row:
            saved["_trend"] = trend_row  # the orchestrator's own note: which trend row this account is
        try:
            self.store.save_chat(chat_id, saved)
        except (StoreError, sqlite3.Error, ValueError) as exc:  # answer anyway; the next message starts afresh
            log.error("could not save a conversation state: %s", type(exc).__name__)
        log.info("chat event kind=%s replies=%d effects=%d", msg.kind, len(replies), len(outcome.effects))
        return replies

    def _count(self, effect: CountCheck, row: int | None, chat_id: str, state: ChatState) -> int | None:
        """Record (or revise) the trend row of this account; never lets a failure reach the person."""
        if self.trends is None:
            return None
        try:
            if effect.revises and row and self.trends.revise(row, effect.script, effect.org, effect.verdict):
                return row
            region = getattr(state, "region", None) or (self.region_of(chat_id) if self.region_of else None)
            return self.trends.record(effect.script, effect.org, effect.verdict, region=region)
        except Exception as exc:
            log.error("trend row not recorded: %s", type(exc).__name__)
            return row

    def reset(self, chat_id: str) -> None:
        """Start a chat afresh (the terminal does this at each start)."""
        try:
            self.store.delete_chat(chat_id)
        except sqlite3.Error as exc:  # a read-only or busy database: the chat still answers
            log.warning("could not start the conversation afresh: %s", type(exc).__name__)

    def _t(self, state: ChatState, msg: Incoming) -> dict:
        return texts(self.engine.lang(state, msg))["chat"]

    def _suggest(self, effect: Suggest, user_id: str, channel: str, state: ChatState, msg: Incoming) -> Reply:
        t = self._t(state, msg)["suggest"]
        if self.suggest is None:
            return Reply(t["failed"].format(error="-"))
        from ..services.review import ReviewError

        try:
            sent = self.suggest(
                user_id, effect.text, effect.kind, channel, verdict=effect.verdict, scripts=effect.scripts
            )
        except ReviewError as exc:
            return Reply(t["failed"].format(error=exc))
        # An account's review copy was redacted when it arrived: say what was removed then, too.
        earlier = state.review_removed if effect.kind != "phrase" else {}
        kinds = [t["kinds"].get(k, k) for k in {**earlier, **sent.text.removed}]
        removed = t["removed"].format(what=("、" if _zh(t) else ", ").join(kinds))
        return Reply(t["sent"].format(id=sent.id, removed=removed if kinds else t["nothing_removed"]))

    def _report(self, effect: ReportNumber, user_id: str, channel: str, state: ChatState, msg: Incoming) -> Reply:
        t = self._t(state, msg)
        try:
            parsed, outcome = self.report_number(effect.number, effect.script, user_id, channel)
        except StoreError as exc:
            return Reply(t["report_failed"].format(error=exc))
        if outcome.held:
            return Reply(t["reported_held"].format(number=parsed.canonical))
        rec = outcome.record
        status = texts(self.engine.lang(state, msg))["status"].get(rec.status, rec.status)
        return Reply(t["reported"].format(number=parsed.canonical, reporters=rec.reporters, status=status))


def _zh(t: dict) -> bool:
    return not t["kinds"]["name"].isascii()
