"""Police alerts: subscriptions by region, compose -> preview -> confirm, and the broadcast with its ledger.

    AlertError      something the officer asked for cannot be done; the message says why
      └── Busy      another process holds the sending lease of this alert
    Blocked, Moved, Wait, Rejected, Uncertain
                    what a channel's `send` raises for one chat (the Telegram adapter translates
                    Forbidden, ChatMigrated, RetryAfter, BadRequest and timeouts into these), so
                    this module never imports a channel

Delivery is at most once: each ledger row is marked `sending` in a committed transaction before
its message goes out, and a row found `sending` after a crash is marked `uncertain`, never resent.
Rate limits are the channel's job (python-telegram-bot's AIORateLimiter); `Wait` is waited out
here only when the limiter's own retries are exhausted.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from knowledge.model import KnowledgeBase, Script

from ..store import Store
from ..store.alerts import AlertTable, SubscriberTable
from .roles import Roles

log = logging.getLogger("callcheck.alerts")

MAX_FREE_TEXT = 3000  # leaves room for the title and footer inside Telegram's 4096 characters
MAX_MESSAGE = 4096
_REGION = re.compile(r"^[A-Za-z]{2}(-[A-Za-z0-9]{1,40}){0,3}$")
ZH_COUNTRIES = ("CN", "TW", "HK", "MO")


class AlertError(Exception):
    """The request cannot be done; the message is meant for the officer."""


class Busy(AlertError):
    """Another live process is sending this alert."""


class Blocked(Exception):
    """The chat blocked the bot or removed it: deactivate the subscription."""


class Moved(Exception):
    """The group became a supergroup with a new id."""

    def __init__(self, new_chat_id: int):
        super().__init__(f"moved to {new_chat_id}")
        self.new_chat_id = int(new_chat_id)


class Wait(Exception):
    """Flood control: try this chat again after `seconds`."""

    def __init__(self, seconds: float):
        super().__init__(f"retry after {seconds} s")
        self.seconds = float(seconds)


class Rejected(Exception):
    """The API refused this message for this chat (bad request): failed, with the reason."""


class Uncertain(Exception):
    """The request may or may not have arrived (timeout, connection lost): never resend."""


Send = Callable[[int, str], Awaitable["int | None"]]


@lru_cache(maxsize=2)
def texts(lang: str) -> dict:
    """The police texts for 'zh' or 'en' (Chinese for anything else)."""
    data = yaml.safe_load(resources.files("bot.services").joinpath("texts", "police.yml").read_text(encoding="utf-8"))
    return data["en" if lang == "en" else "zh"]


# -- regions -----------------------------------------------------------------------------------
def parse_region(tag: str) -> str:
    """`cn-gd-Shenzhen` -> `CN-GD-Shenzhen`; `all` -> `ALL`; AlertError for anything else."""
    tag = tag.strip()
    if tag.upper() in ("ALL", "*"):
        return "ALL"
    if not _REGION.match(tag):
        raise AlertError(texts("en")["bad_region"].format(tag=tag[:40]))
    parts = tag.split("-")
    parts[0] = parts[0].upper()
    if len(parts) > 1 and len(parts[1]) <= 3:
        parts[1] = parts[1].upper()  # province / state codes
    return "-".join(parts)


def overlaps(a: str, b: str) -> bool:
    """Whether an alert for one region concerns a subscriber of the other: equal, or one contains the other.

    `CN-GD` contains `CN-GD-Shenzhen`; `ALL` contains everything.
    """
    a, b = a.casefold(), b.casefold()
    return "all" in (a, b) or a == b or a.startswith(b + "-") or b.startswith(a + "-")


def default_lang(regions: list[str], hint: str | None = None) -> str:
    """Chinese for Chinese-speaking regions, else the client's language, else English."""
    if regions and regions[0] != "ALL":
        return "zh" if regions[0][:2].upper() in ZH_COUNTRIES else "en"
    return "en" if (hint or "").startswith("en") else "zh"


def parse_subscription(args: list[str], hint: str | None = None) -> tuple[list[str], str]:
    """`/subscribe` arguments -> (region tags, language); AlertError on a bad tag or none."""
    lang = None
    regions: list[str] = []
    for arg in args:
        if arg.lower() in ("zh", "en"):
            lang = arg.lower()
        else:
            region = parse_region(arg)
            if region not in regions:
                regions.append(region)
    if not regions:
        raise AlertError(texts("en")["subscribe_usage"])
    return regions, lang or default_lang(regions, hint)


# -- composing -----------------------------------------------------------------------------------
def _region_name(region: str, lang: str) -> str:
    return texts(lang)["all_regions"] if region == "ALL" else region


def anti_fraud_line(region: str, lang: str) -> str:
    lines = texts(lang)["anti_fraud"]
    return lines.get(region[:2].upper(), lines["default"])


def compose_from_script(script: Script, region: str, lang: str) -> str:
    """The alert template filled from a knowledge script: what happens, how to recognise it, what to do, verify."""
    t = texts(lang)
    colon = ":" if lang == "en" else "："
    out = [t["alert_title"].format(region=_region_name(region, lang), name=script.names.get(lang)), ""]
    out += [f"{t['what']}{colon}", script.summary.get(lang), ""]
    seen: list[str] = []
    for ind in sorted(script.indicators, key=lambda i: -i.weight):
        text = ind.explain.get(lang)
        if text and text not in seen:
            seen.append(text)
    out.append(f"{t['recognise']}{colon}")
    out += [f"• {s}" for s in seen[:5]]
    todo: list[str] = []
    for item in [*(st.advice for st in script.stages if st.advice), *script.advice]:
        text = item.get(lang)
        if text and text not in todo:
            todo.append(text)
    out += ["", f"{t['todo']}{colon}"] + [f"• {s}" for s in todo[:5]]
    out += ["", f"{t['verify']}{colon}", f"• {t['verify_hang_up']}"]
    out += [f"• {g.get(lang)}" for g in script.genuine[:2]]
    out += [f"• {anti_fraud_line(region, lang)}", "", t["footer"]]
    return "\n".join(out)[:MAX_MESSAGE]


def compose_free(text: str, region: str, lang: str) -> str:
    """An officer's own words under the alert title, with the footer."""
    t = texts(lang)
    return f"{t['alert_title_free'].format(region=_region_name(region, lang))}\n\n{text.strip()}\n\n{t['footer']}"


# -- subscriptions -------------------------------------------------------------------------------
class Subscriptions:
    """Who receives alerts. Groups and channels need an officer or the chat's own admin to confirm."""

    def __init__(self, store: Store, roles: Roles):
        self.table = SubscriberTable(store)
        self.roles = roles

    def added(self, chat_id: int, kind: str, lang: str = "zh") -> None:
        """The bot was added to a group or channel: pending until confirmed."""
        self.table.added(int(chat_id), kind, lang)

    def removed(self, chat_id: int, reason: str = "the bot was removed from the chat") -> bool:
        return self.table.deactivate(int(chat_id), reason)

    def subscribe_private(self, chat_id: int, regions: list[str], lang: str) -> None:
        """A person subscribes themselves to alerts for their region."""
        self.table.activate(int(chat_id), "private", regions, lang, self.roles.key(f"tg:{int(chat_id)}"))

    def subscribe_chat(
        self, actor: str, chat_id: int, kind: str, regions: list[str], lang: str, *, chat_admin: bool
    ) -> None:
        """Confirm a group or channel: an officer (authorised and audited) or the chat's own admin (audited)."""
        target = f"chat:{kind}"  # never a chat id in the audit table
        if chat_admin:
            self.roles.record(actor, "subscription.approve", "allowed", target, detail="chat admin")
        else:
            self.roles.authorize(actor, "subscription.approve", target=target)
        self.table.activate(int(chat_id), kind, regions, lang, self.roles.key(actor))

    def unsubscribe(self, chat_id: int, reason: str = "unsubscribed") -> bool:
        return self.table.deactivate(int(chat_id), reason)

    def get(self, chat_id: int) -> dict | None:
        return self.table.get(int(chat_id))

    def region_of(self, chat_id: int) -> str | None:
        """The region tag of an active private subscription with exactly one tag, else None."""
        row = self.table.get(int(chat_id))
        if row and row["status"] == "active" and len(row["regions"]) == 1 and row["regions"][0] != "ALL":
            return row["regions"][0]
        return None

    def matching(self, region: str) -> list[tuple[int, str]]:
        """(chat id, language) of every active subscription whose regions overlap `region`."""
        return [
            (row["chat_id"], row["lang"])
            for row in self.table.active()
            if any(overlaps(region, r) for r in row["regions"])
        ]

    def officers_for(self, region: str) -> list[tuple[int, str]]:
        """Private subscribers covering `region` who hold the police role (they get drafted alerts)."""
        out = []
        for row in self.table.active():
            if row["kind"] != "private" or not any(overlaps(region, r) for r in row["regions"]):
                continue
            if self.roles.can(f"tg:{row['chat_id']}", "alert.send"):
                out.append((row["chat_id"], row["lang"]))
        return out

    def forget(self, chat_id: int) -> int:
        """Delete a chat's subscription and delivery rows (for /forget)."""
        return self.table.forget(int(chat_id))


# -- alerts --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Draft:
    id: int
    region: str
    body: dict[str, str]
    recipients: dict[str, int]  # language -> matching subscriptions

    @property
    def total(self) -> int:
        return sum(self.recipients.values())


class Alerts:
    """Compose, preview, confirm, cancel and inspect alerts; every step authorised and audited."""

    def __init__(self, store: Store, roles: Roles, subscriptions: Subscriptions, kb: KnowledgeBase):
        self.table = AlertTable(store)
        self.roles = roles
        self.subscriptions = subscriptions
        self.kb = kb

    def compose(
        self,
        actor: str,
        region: str,
        *,
        script: str | None = None,
        text: str | None = None,
        source: str | None = None,
        authorize: bool = True,
    ) -> Draft:
        """A draft from a knowledge script (in both languages) or from free text; nothing is sent."""
        region = parse_region(region)
        if authorize:
            self.roles.authorize(actor, "alert.compose", target=f"region:{region}")
        if script:
            if script not in self.kb.scripts:
                raise AlertError(f"no script {script!r}; known: {', '.join(sorted(self.kb.scripts))}")
            s = self.kb.scripts[script]
            body = {lang: compose_from_script(s, region, lang) for lang in ("zh", "en")}
        else:
            text = (text or "").strip()
            if not text:
                raise AlertError("an alert needs a script id or some text")
            if len(text) > MAX_FREE_TEXT:
                raise AlertError(f"the text is {len(text)} characters; keep it under {MAX_FREE_TEXT}")
            body = {lang: compose_free(text, region, lang) for lang in ("zh", "en")}
        alert_id = self.table.create(
            self.roles.key(actor), region, source or ("script" if script else "text"), script, body
        )
        return self.draft(alert_id)

    def draft(self, alert_id: int) -> Draft:
        alert = self.get(alert_id)
        recipients: dict[str, int] = {}
        for _, lang in self.subscriptions.matching(alert["region"]):
            recipients[lang] = recipients.get(lang, 0) + 1
        return Draft(alert["id"], alert["region"], alert["body"], recipients)

    def get(self, alert_id: int) -> dict:
        alert = self.table.get(int(alert_id))
        if alert is None:
            raise AlertError(f"there is no alert {alert_id}")
        return alert

    def confirm(self, actor: str, alert_id: int, notify_chat: int | None = None) -> int:
        """The second step: authorise, then write the ledger (one pending row per matching chat).

        Returns the number of recipients; AlertError when the alert is not a draft any more.
        """
        self.roles.authorize(actor, "alert.send", target=f"alert:{int(alert_id)}")
        alert = self.get(alert_id)
        recipients = self.subscriptions.matching(alert["region"])
        if not self.table.start(alert["id"], self.roles.key(actor), recipients, notify_chat):
            raise AlertError(texts("en")["already"].format(id=alert["id"]))
        return len(recipients)

    def cancel(self, actor: str, alert_id: int) -> None:
        self.roles.authorize(actor, "alert.compose", target=f"alert:{int(alert_id)}", detail="cancel")
        if not self.table.cancel(int(alert_id)):
            raise AlertError(texts("en")["already"].format(id=int(alert_id)))

    def status(self, actor: str, alert_id: int) -> dict:
        """The alert with its ledger totals and failure reasons."""
        self.roles.authorize(actor, "alert.status", target=f"alert:{int(alert_id)}")
        alert = self.get(alert_id)
        counts = self.table.counts(alert["id"])
        return {
            **alert,
            "counts": counts,
            "total": sum(counts.values()),
            "failures": self.table.failures(alert["id"]),
            "resendable": self.table.uncertain_once(alert["id"]),
        }

    def resend_uncertain(self, actor: str, alert_id: int) -> int:
        """An officer's deliberate choice: send the uncertain deliveries once more (each at most once).

        Returns how many rows went back to pending; the broadcast (resume) then sends them.
        """
        self.roles.authorize(actor, "alert.send", target=f"alert:{int(alert_id)}", detail="resend uncertain")
        alert = self.get(alert_id)
        if alert["status"] not in ("sending", "done"):
            raise AlertError(f"alert {alert_id} is {alert['status']}: only a confirmed alert is resent")
        return self.table.retry_uncertain(alert["id"])

    def recent(self, actor: str, limit: int = 20) -> list[dict]:
        self.roles.authorize(actor, "alert.status", detail="list")
        return [{**a, "counts": self.table.counts(a["id"])} for a in self.table.recent(limit)]

    def unfinished(self) -> list[dict]:
        """Alerts confirmed but not finished (a crash or restart interrupted them): to resume."""
        return self.table.with_status("sending")


def totals(counts: dict[str, int]) -> dict[str, int]:
    """Ledger counts for the progress message."""
    return {**counts, "total": sum(counts.values())}


# -- the broadcast -------------------------------------------------------------------------------
def _pid_dead(holder: str) -> bool:
    """Whether the lease holder `host:pid:…` is a process on this machine that no longer runs."""
    host, _, rest = holder.partition(":")
    pid = rest.split(":", 1)[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class Broadcaster:
    """Sends one confirmed alert to every pending chat in its ledger, resumable and without duplicates."""

    def __init__(
        self,
        store: Store,
        *,
        concurrency: int = 8,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        max_waits: int = 5,
        lease_ttl: int = 60,
        progress_every: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.alerts = AlertTable(store)
        self.subscribers = SubscriberTable(store)
        self.concurrency = max(1, concurrency)
        self.sleep = sleep
        self.max_waits = max_waits
        self.lease_ttl = lease_ttl
        self.progress_every = progress_every
        self.clock = clock
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.waited = 0.0  # seconds spent waiting out flood control, for reports and tests

    async def run(
        self,
        alert_id: int,
        send: Send,
        progress: Callable[[dict[str, int], bool], Awaitable[None]] | None = None,
    ) -> dict[str, int]:
        """Send to every pending row; returns the ledger totals. Safe to call again after a crash."""
        alert = self.alerts.get(alert_id)
        if alert is None:
            raise AlertError(f"there is no alert {alert_id}")
        if alert["status"] not in ("sending", "done"):
            raise AlertError(f"alert {alert_id} is {alert['status']}: only a confirmed alert is sent")
        holder = self.alerts.acquire(alert_id, self.owner, self.lease_ttl, _pid_dead)
        if holder is not None:
            raise Busy(f"alert {alert_id} is being sent by another process ({holder.split(':')[0]})")
        try:
            interrupted = self.alerts.interrupted(alert_id)
            if interrupted:
                log.warning("alert %s: %d deliveries were interrupted; marked uncertain", alert_id, interrupted)
            bodies = alert["body"]
            queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue()
            for item in self.alerts.pending(alert_id):
                queue.put_nowait(item)

            async def worker() -> None:
                while True:
                    try:
                        chat, lang = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        return
                    moved_to = await self._deliver(alert_id, chat, bodies.get(lang) or bodies["zh"], lang, send)
                    if moved_to is not None:
                        queue.put_nowait((moved_to, lang))

            reporter = asyncio.create_task(self._report(alert_id, progress)) if progress else None
            try:
                # Workers that find the queue empty stop; one that appends a moved chat keeps going.
                await asyncio.gather(*(worker() for _ in range(self.concurrency)))
            finally:
                if reporter:
                    reporter.cancel()
            counts = self.alerts.counts(alert_id)
            if counts["pending"] == 0 and counts["sending"] == 0:
                self.alerts.finish(alert_id)
            if progress:
                await progress(totals(counts), True)
            return totals(counts)
        finally:
            self.alerts.release(alert_id, self.owner)

    async def _report(self, alert_id: int, progress) -> None:
        while True:
            await asyncio.sleep(self.progress_every)
            self.alerts.renew(alert_id, self.owner, self.lease_ttl)
            try:
                await progress(totals(self.alerts.counts(alert_id)), False)
            except Exception as exc:  # a failed progress message must not stop the broadcast
                log.warning("progress report failed: %s", type(exc).__name__)

    async def _deliver(self, alert_id: int, chat: int, text: str, lang: str, send: Send) -> int | None:
        """One chat: claim its row, send, settle. Returns a new chat id to send to after a migration."""
        if not self.alerts.claim(alert_id, chat):
            return None  # another sender has it, or it was settled meanwhile
        waits = 0
        while True:
            try:
                message_id = await send(chat, text)
            except Wait as exc:
                waits += 1
                if waits > self.max_waits:
                    self.alerts.settle(alert_id, chat, "failed", f"flood control: still limited after {waits} waits")
                    return None
                self.waited += exc.seconds
                await self.sleep(exc.seconds)
                continue  # a 429 means it was not delivered: sending again is no duplicate
            except Blocked as exc:
                self.alerts.settle(alert_id, chat, "failed", f"forbidden: {exc}")
                self.subscribers.deactivate(chat, f"forbidden: {exc}")
                return None
            except Moved as exc:
                self.subscribers.migrate(chat, exc.new_chat_id)
                added = self.alerts.moved(alert_id, chat, exc.new_chat_id, lang)
                return exc.new_chat_id if added else None
            except Rejected as exc:
                self.alerts.settle(alert_id, chat, "failed", f"bad request: {exc}")
                return None
            except Uncertain as exc:
                self.alerts.settle(alert_id, chat, "uncertain", f"may have arrived: {exc}")
                return None
            except Exception as exc:  # unknown: the message may have gone out, so never resend
                log.error("alert %s: delivery failed: %s", alert_id, type(exc).__name__)
                self.alerts.settle(alert_id, chat, "uncertain", f"error: {type(exc).__name__}")
                return None
            self.alerts.settle(alert_id, chat, "sent", message_id=message_id)
            return None


SPIKE_ACTOR = "system:spike-detector"


def draft_spike_alerts(trends, alerts: Alerts, now: float | None = None) -> list[tuple[object, Draft]]:
    """The closed loop: a drafted alert for every new spike, for the region's officers to review."""
    out = []
    for spike in trends.new_spikes(now):
        if spike.script not in alerts.kb.scripts:
            continue
        draft = alerts.compose(SPIKE_ACTOR, spike.region, script=spike.script, source="spike", authorize=False)
        alerts.roles.record(
            SPIKE_ACTOR,
            "alert.compose",
            "drafted",
            target=f"alert:{draft.id}",
            detail=f"spike {spike.script} {spike.region}: {spike.observed} vs {spike.baseline:.2f}/h, p={spike.p:.1e}",
        )
        trends.link_spike(spike, draft.id)
        out.append((spike, draft))
    return out
