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
import datetime as dt
import difflib
import logging
import os
import re
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

import yaml

from knowledge.model import KnowledgeBase, Script

from ..store import Store
from ..store.alerts import AlertTable, SubscriberTable
from .roles import Roles

log = logging.getLogger("callcheck.alerts")

MAX_FREE_TEXT = 3000  # leaves room for the title and footer inside Telegram's 4096 characters
MAX_MESSAGE = 4096
MAX_BODY = 3800  # a template is cut here, leaving room for the issuing unit, date and contact
_REGION = re.compile(r"^[A-Za-z]{2}(-[A-Za-z0-9]{1,40}){0,3}$")
ZH_COUNTRIES = ("CN", "TW", "HK", "MO")
LANGS = ("zh", "en")
DEFAULT_TZ = "Asia/Shanghai"
DRAFT_TTL = 24 * 3600  # an unconfirmed draft expires a day after it was written or last edited
QUIET_HOURS = (22, 7)  # local hours in the alert's region: nothing is sent from 22:00 to 07:00
SECOND_OFFICER_ABOVE = 500  # more recipients than this (or region ALL) need a second officer's confirmation


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
@lru_cache(maxsize=1)
def region_names() -> dict[str, dict]:
    """code -> {zh, en, aliases, tz} from texts/regions.yml."""
    data = yaml.safe_load(resources.files("bot.services").joinpath("texts", "regions.yml").read_text(encoding="utf-8"))
    return {code: {**v, "aliases": list(v.get("aliases") or [])} for code, v in data.items()}


def _fold(text: str) -> str:
    return "".join(text.split()).casefold()


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    out: dict[str, str] = {}
    for code, v in region_names().items():
        for name in (v["zh"], v["en"], *v["aliases"]):
            out[_fold(str(name))] = code
    return out


def region_by_name(text: str) -> str | None:
    """`深圳`, `Shenzhen`, `臺北`, `hong kong` -> their region code; None for an unknown name.

    A country is also known by every name the knowledge's regions give it (`bot.names`, the one
    resolver of the CLI and the chat): UK, U.K., Britain -> GB; Australia, AUS -> AU."""
    found = _name_index().get(_fold(text))
    if found:
        return found
    from ..names import name_key

    return _knowledge_countries().get(name_key(text))


@lru_cache(maxsize=1)
def _knowledge_countries() -> dict[str, str]:
    """name key -> code for the shipped knowledge's regions (knowledge/regions.yml), read alone."""
    from knowledge import default_root

    from ..names import name_key

    try:
        data = yaml.safe_load((default_root() / "regions.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    out: dict[str, str] = {}
    for r in data.get("regions") or []:
        names = r.get("names") or {}
        for name in (r.get("id"), names.get("zh"), names.get("en"), *(r.get("aliases") or [])):
            if name:
                out[name_key(str(name))] = str(r["id"])
    return out


def parse_region(tag: str, lang: str = "en") -> str:
    """A region name (深圳, Shenzhen, 臺北) or tag (`cn-gd-Shenzhen` -> `CN-GD-Shenzhen`); `all` -> `ALL`.

    AlertError, in `lang`, for anything else, with the names that come closest.
    """
    tag = tag.strip()
    if tag.upper() in ("ALL", "*") or tag in ("全部", "全部地区"):
        return "ALL"
    named = region_by_name(tag)
    if named:
        return named
    if not _REGION.match(tag):
        close = difflib.get_close_matches(_fold(tag), list(_name_index()), n=3, cutoff=0.6)
        names = [region_display(_name_index()[c], lang) for c in close]
        msg = texts(lang)["bad_region"].format(tag=tag[:40])
        if names:
            msg += " " + texts(lang)["did_you_mean"].format(options=", ".join(dict.fromkeys(names)))
        raise AlertError(msg)
    parts = tag.split("-")
    parts[0] = parts[0].upper()
    if len(parts) > 1 and len(parts[1]) <= 3:
        parts[1] = parts[1].upper()  # province / state codes
    code = "-".join(parts)
    for known in region_names():  # `cn-gd-shenzhen` is the known `CN-GD-Shenzhen`
        if known.casefold() == code.casefold():
            return known
    return code


def region_display(region: str, lang: str) -> str:
    """The region's name in `lang` (深圳 / Shenzhen), its tag when it has none."""
    if region == "ALL":
        return texts(lang)["all_regions"]
    names = region_names().get(region)
    return str(names["zh" if lang != "en" else "en"]) if names else region


def region_zone(region: str) -> dt.tzinfo:
    """The time zone of a region (its own, else its country's, else China's)."""
    names = region_names()
    for code in (region, region.split("-")[0]):
        tz = (names.get(code) or {}).get("tz")
        if tz:
            return ZoneInfo(tz)
    return ZoneInfo(DEFAULT_TZ)


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
    shown = "en" if (hint or "").startswith("en") else "zh"
    args = list(args)
    while args:
        arg = args.pop(0)
        if args and region_by_name(f"{arg} {args[0]}"):  # a two-word name: Hong Kong, New Taipei
            arg = f"{arg} {args.pop(0)}"
        if arg.lower() in ("zh", "en"):
            lang = arg.lower()
        else:
            region = parse_region(arg, shown)
            if region not in regions:
                regions.append(region)
    if not regions:
        raise AlertError(texts(shown)["subscribe_usage"])
    return regions, lang or default_lang(regions, hint)


# -- composing -----------------------------------------------------------------------------------
def _region_name(region: str, lang: str) -> str:
    return region_display(region, lang)


def anti_fraud_line(region: str, lang: str) -> str:
    """The region's anti-fraud and police line in `lang`: the texts' own wording, else the region's
    help lines from regions.yml (the Chinese half of a UK alert names Action Fraud too, trial 5, 3.3),
    else "call the police and your bank"."""
    lines = texts(lang)["anti_fraud"]
    code = region[:2].upper()
    if code in lines:
        return lines[code]
    known = _help_regions().get(code)
    if known is not None:
        from ..conversation.emergency import police_text

        said = police_text(known, lang)
        if said:
            return said + ("。" if lang == "zh" else ".")
    return lines["default"]


@lru_cache(maxsize=1)
def _help_regions() -> dict:
    """regions.yml's regions (only that file is read), for the help lines of an alert's region."""
    from knowledge.loader import default_root
    from knowledge.situations_loader import load_regions

    return load_regions(default_root(), []) or {}


def script_names(kb: KnowledgeBase, lang: str) -> list[str]:
    """Every script's name in `lang`, sorted, for usage messages."""
    return sorted(s.names.get(lang) for s in kb.scripts.values())


def find_script(kb: KnowledgeBase, text: str) -> str | None:
    """The script `text` names: its id, its name in either language, or a part only its name has."""
    from ..names import find_script as find

    return (kb.scripts and find(kb, text)) or None


def resolve_script(kb: KnowledgeBase, word: str, lang: str) -> str:
    """A script id from its id or its name in either language; AlertError with "did you mean …" otherwise.

    The suggestions are the closest scripts, by name in `lang` (the officer's language).
    """
    from ..names import UnknownScript
    from ..names import resolve_script as resolve

    word = word.strip()
    try:
        return resolve(kb, word, lang)  # the one resolver: ids, names, a part only one name has (理赔)
    except UnknownScript as exc:
        close = exc.close
    if detect_lang(word) == "zh":  # typed in Chinese (分期): "no such type" and its list in Chinese
        lang = "zh"
    t = texts(lang)
    if close:
        names = list(dict.fromkeys(kb.scripts[c].names.get(lang) for c in close))
        hint = t["did_you_mean"].format(options="、".join(names) if lang != "en" else ", ".join(names))
    else:
        hint = ""
    raise AlertError(
        t["no_script"].format(word=word[:40], hint=hint, scripts="\n".join(f"• {n}" for n in script_names(kb, lang)))
    )


_SENTENCE = re.compile(r"[\s。，、！？；：,.!?;:]")


def looks_like_one_word(text: str) -> bool:
    """An argument with no space and no sentence punctuation, short: meant as a script, not as an alert text."""
    text = text.strip()
    return bool(text) and len(text) <= 40 and not _SENTENCE.search(text)


_LANG_MARK = re.compile(r"^\s*(zh|en|中文|英文|english|chinese)\s*[:：]\s*", re.IGNORECASE | re.MULTILINE)
_MARKS = {"zh": "zh", "中文": "zh", "chinese": "zh", "en": "en", "英文": "en", "english": "en"}
_CJK = re.compile(r"[\u3400-\u9fff]")


def detect_lang(text: str) -> str:
    """Chinese when the text has Chinese characters, else English."""
    return "zh" if _CJK.search(text) else "en"


def split_languages(text: str) -> dict[str, str]:
    """Free text -> {language: text}: sections start with `zh:` / `en:` (or 中文：/ English:) on their own
    line; text without a marker is in the language it is written in."""
    marks = list(_LANG_MARK.finditer(text))
    out: dict[str, str] = {}
    head = text[: marks[0].start()] if marks else text
    if head.strip():
        out[detect_lang(head)] = head.strip()
    for i, m in enumerate(marks):
        chunk = text[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)].strip()
        if chunk:
            lang = _MARKS[m.group(1).casefold()]
            out[lang] = (out[lang] + "\n" + chunk) if lang in out else chunk
    return out


def _fitted(kb: KnowledgeBase | None, region: str, lines: list[str]) -> list[str]:
    """Lines fitted to the alert's country (knowledge/regions.yml): no WeChat/QQ or mainland lenders
    for Taipei or London, as the chat's advice is fitted (`for_region`); as they are elsewhere."""
    known = kb.regions.get(region[:2].upper()) if kb is not None else None
    if known is None or known.id == "CN":
        return lines
    from ..conversation.emergency import for_region

    return [f for x in lines if (f := for_region(kb, known, x))]


def alert_script(region: str, lang: str) -> str | None:
    """How Chinese is written for the region's subscribers: 'tw' for Taiwan, 'hk' for Hong Kong and Macao."""
    if lang == "en":
        return None
    from ..conversation.emergency import writing_of

    return writing_of(region)


def compose_from_script(script: Script, region: str, lang: str, kb: KnowledgeBase | None = None) -> str:
    """The alert template filled from a knowledge script: what happens, how to recognise it, what to do, verify.

    With `kb`, the advice is fitted to the region's country and Chinese is written as Taiwan or Hong
    Kong write it."""
    from ..conversation.strings import in_script

    return in_script(_compose_from_script(script, region, lang, kb), alert_script(region, lang))


def _compose_from_script(script: Script, region: str, lang: str, kb: KnowledgeBase | None) -> str:
    t = texts(lang)
    colon = ":" if lang == "en" else "："
    out = [t["alert_title"].format(region=_region_name(region, lang), name=script.names.get(lang)), ""]
    out += [f"{t['what']}{colon}", script.summary.get(lang), ""]
    seen: list[str] = []
    for ind in sorted(script.indicators, key=lambda i: -i.weight):
        text = ind.explain.get(lang)
        if text and text not in seen:
            seen.append(text)
    seen = _fitted(kb, region, seen)
    out.append(f"{t['recognise']}{colon}")
    out += [f"• {s}" for s in seen[:5]]
    todo: list[str] = []
    for item in [*(st.advice for st in script.stages if st.advice), *script.advice]:
        text = item.get(lang)
        if text and text not in todo:
            todo.append(text)
    todo = _fitted(kb, region, todo)
    out += ["", f"{t['todo']}{colon}"] + [f"• {s}" for s in todo[:5]]
    out += ["", f"{t['verify']}{colon}", f"• {t['verify_hang_up']}"]
    out += [f"• {g}" for g in _fitted(kb, region, [g.get(lang) for g in script.genuine[:2]])]
    out += [f"• {anti_fraud_line(region, lang)}", "", t["footer"]]
    return "\n".join(out)[:MAX_BODY]


def compose_free(text: str, region: str, lang: str) -> str:
    """An officer's own words under the alert title, with the footer."""
    t = texts(lang)
    return f"{t['alert_title_free'].format(region=_region_name(region, lang))}\n\n{text.strip()}\n\n{t['footer']}"


def issued_line(unit: str | None, contact: str | None, region: str, when: float, lang: str) -> str:
    """What lets a recipient tell a real alert from a copy: the issuing unit, the date, an official contact."""
    t = texts(lang)
    date = dt.datetime.fromtimestamp(when, region_zone(region)).strftime("%Y-%m-%d")
    from ..conversation.strings import in_script

    line = t["issued"].format(
        unit=unit or t["unit_unknown"], date=date, contact=contact or anti_fraud_line(region, lang)
    )
    return in_script(line, alert_script(region, lang))


def _title(body: dict[str, str]) -> dict[str, str]:
    """A short title per language: the alert's first line after its heading."""
    out = {}
    for lang, text in body.items():
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        first = lines[1] if len(lines) > 1 else (lines[0] if lines else "")
        out[lang] = first[:40] + ("…" if len(first) > 40 else "")
    return out


def local_time(when: float, region: str) -> str:
    return dt.datetime.fromtimestamp(when, region_zone(region)).strftime("%m-%d %H:%M")


def parse_time(word: str) -> tuple[int, int] | None:
    """`08:00`, `8:30`, `0800`, `8点`, `8時` -> (hour, minute); None when it is no clock time."""
    m = re.fullmatch(r"(\d{1,2})(?:[:：](\d{2})|[点點時时](?:(\d{1,2})分?)?)?", word.strip())
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or m.group(3) or 0)
    if ":" not in word and "：" not in word and not re.search("[点點時时]", word):
        return None  # a bare number is no time
    return (hour, minute) if hour < 24 and minute < 60 else None


def next_local(region: str, hour: int, minute: int, now: float) -> int:
    """The next moment (epoch seconds, after `now`) when the region's clock shows hour:minute."""
    zone = region_zone(region)
    local = dt.datetime.fromtimestamp(now, zone)
    at = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if at.timestamp() <= now:
        at = (local + dt.timedelta(days=1)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return int(at.timestamp())


def quiet_until(region: str, now: float, hours: tuple[int, int] | None = QUIET_HOURS) -> int | None:
    """When the region is in its quiet hours (local `start`-`end`) at `now`, the moment they end; else None."""
    if not hours:
        return None
    start, end = hours
    hour = dt.datetime.fromtimestamp(now, region_zone(region)).hour
    if (hour >= start or hour < end) if start > end else (start <= hour < end):
        return next_local(region, end, 0, now)
    return None


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
    body: dict[str, str]  # language -> the text recipients in that language get (before the issued line)
    recipients: dict[str, int]  # language -> matching subscriptions
    expires_at: int | None = None
    send_at: int | None = None  # a scheduled time (or the end of quiet hours), epoch seconds; 0: now, as asked
    quiet: tuple[int, int] | None = None  # the quiet hours whose end send_at is (not a time the officer chose)
    needs_second: bool = False  # region ALL or above the threshold: two officers must confirm
    unit: str | None = None
    contact: str | None = None
    created_at: int = 0

    @property
    def total(self) -> int:
        """Subscriptions that will get the alert (those in a language it has a text for)."""
        return sum(n for lang, n in self.recipients.items() if lang in self.body)

    @property
    def missing(self) -> dict[str, int]:
        """language -> subscriptions that get nothing because the alert has no text in their language."""
        return {lang: n for lang, n in self.recipients.items() if lang not in self.body and n}

    def text(self, lang: str, when: float | None = None) -> str:
        """The full message in `lang` as a recipient sees it, with the issuing unit, date and contact."""
        body = self.body.get(lang) or next(iter(self.body.values()))
        shown = lang if lang in self.body else next(iter(self.body))
        stamp = issued_line(self.unit, self.contact, self.region, when or self.send_at or self.created_at, shown)
        return f"{body}\n{stamp}"[:MAX_MESSAGE]


@dataclass(frozen=True)
class Confirmation:
    """What a confirmation did: `sending` now, `scheduled` for later, or `awaiting` a second officer."""

    state: str
    recipients: int
    send_at: int | None = None


def officer_label(officer: dict | None, key: str | None, lang: str = "en") -> str:
    """`Wang Wei (Nanshan anti-fraud unit)` for a named officer; the system or an unnamed key otherwise."""
    if officer:
        return f"{officer['name']} ({officer['unit']})" if lang == "en" else f"{officer['name']}（{officer['unit']}）"
    if not key:
        return "-"
    if key.startswith("system:"):
        return key
    return ("unnamed " if lang == "en" else "未登记 ") + key[:8]


class Alerts:
    """Compose, preview, confirm, cancel and inspect alerts; every step authorised and audited."""

    def __init__(
        self,
        store: Store,
        roles: Roles,
        subscriptions: Subscriptions,
        kb: KnowledgeBase,
        *,
        second_officer_above: int = SECOND_OFFICER_ABOVE,
        quiet_hours: tuple[int, int] | None = QUIET_HOURS,
        clock: Callable[[], float] | None = None,
    ):
        self.table = AlertTable(store)
        self.roles = roles
        self.subscriptions = subscriptions
        self.kb = kb
        self.second_officer_above = int(second_officer_above)
        self.quiet_hours = quiet_hours
        self.clock = clock or (lambda: store.clock())

    def compose(
        self,
        actor: str,
        region: str,
        *,
        script: str | None = None,
        text: str | dict[str, str] | None = None,
        source: str | None = None,
        authorize: bool = True,
        at: tuple[int, int] | None = None,
        now_please: bool = False,
        lang: str = "en",
        dry_run: bool = False,
    ) -> Draft:
        """A draft from a knowledge script (in both languages) or from free text (a text per language).

        `script` is an id or a name; an unknown one is refused with the closest names in `lang`.
        `text` as a string is split into languages (`zh:` / `en:` sections, else the language it is
        written in); as a dict it is {language: text}. `at` schedules it for that local time in the
        region; otherwise quiet hours there put it off until they end, unless `now_please`.
        Nothing is sent. `dry_run`: nothing is written either: the Draft has id 0 and no expiry.
        """
        region = parse_region(region, lang)
        if authorize:
            self.roles.authorize(actor, "alert.compose", target=f"region:{region}")
        if script:
            sid = resolve_script(self.kb, script, lang)
            s = self.kb.scripts[sid]
            body = {lg: compose_from_script(s, region, lg, self.kb) for lg in LANGS}
            title = {lg: s.names.get(lg) for lg in LANGS}
        else:
            sid = None
            parts = split_languages(text) if isinstance(text, str) else dict(text or {})
            parts = {lg: t.strip() for lg, t in parts.items() if lg in LANGS and t and t.strip()}
            if not parts:
                raise AlertError(texts(lang)["no_text"])
            for t in parts.values():
                if len(t) > MAX_FREE_TEXT:
                    raise AlertError(texts(lang)["too_long"].format(n=len(t), max=MAX_FREE_TEXT))
            body = {lg: compose_free(t, region, lg) for lg, t in parts.items()}
            title = _title(body)
        now = int(self.clock())
        if at:
            send_at = next_local(region, *at, now)
        else:
            send_at = 0 if now_please else quiet_until(region, now, self.quiet_hours)
        officer = self.roles.officer(actor)
        if dry_run:  # the preview of what would be drafted; no row, no number, nothing to list or send
            recipients: dict[str, int] = {}
            for _, lg in self.subscriptions.matching(region):
                recipients[lg] = recipients.get(lg, 0) + 1
            total = sum(n for lg, n in recipients.items() if lg in body)
            quiet = (
                self.quiet_hours
                if send_at and not at and send_at == quiet_until(region, now, self.quiet_hours)
                else None
            )
            return Draft(
                0,
                region,
                body,
                recipients,
                send_at=send_at,
                quiet=quiet,
                needs_second=self.needs_second(region, total),
                unit=officer["unit"] if officer else None,
                contact=officer["contact"] if officer else None,
                created_at=now,
            )
        alert_id = self.table.create(
            self.roles.key(actor),
            region,
            source or ("script" if sid else "text"),
            sid,
            body,
            title=title,
            expires_at=now + DRAFT_TTL,
            send_at=send_at,
            unit=officer["unit"] if officer else None,
            contact=officer["contact"] if officer else None,
        )
        if authorize:  # the audit ties the officer to this alert's id, not only to its region
            self.roles.record(actor, "alert.compose", "drafted", target=f"alert:{alert_id}", detail=f"region {region}")
        return self.draft(alert_id)

    def edit(self, actor: str, alert_id: int, text: str | dict[str, str], lang: str = "en") -> Draft:
        """Give a draft the text of one or more languages (the others stay); its expiry starts again.

        A first officer's confirmation is withdrawn: what they confirmed has changed.
        """
        self.roles.authorize(actor, "alert.compose", target=f"alert:{int(alert_id)}", detail="edit")
        alert = self._live_draft(alert_id, lang, reopen=True)
        parts = split_languages(text) if isinstance(text, str) else dict(text)
        parts = {lg: t.strip() for lg, t in parts.items() if lg in LANGS and t and t.strip()}
        if not parts:
            raise AlertError(texts(lang)["no_text"])
        body = dict(alert["body"])
        for lg, t in parts.items():
            if len(t) > MAX_FREE_TEXT:
                raise AlertError(texts(lang)["too_long"].format(n=len(t), max=MAX_FREE_TEXT))
            body[lg] = compose_free(t, alert["region"], lg)
        title = {**(alert["title"] or {}), **{lg: v for lg, v in _title(body).items() if lg in parts}}
        if not self.table.edit(alert["id"], body, title, int(self.clock()) + DRAFT_TTL):
            raise AlertError(texts(lang)["already"].format(id=alert["id"]))
        return self.draft(alert["id"])

    def reschedule(self, actor: str, alert_id: int, at: tuple[int, int] | None, lang: str = "en") -> Draft:
        """Send a draft at a local time in its region (`at`), or as soon as it is confirmed (None)."""
        self.roles.authorize(actor, "alert.compose", target=f"alert:{int(alert_id)}", detail="schedule")
        alert = self._live_draft(alert_id, lang, reopen=True)
        send_at = next_local(alert["region"], *at, self.clock()) if at else 0  # 0: at once, even in quiet hours
        self.table.set_send_at(alert["id"], send_at)
        return self.draft(alert["id"])

    def _live_draft(self, alert_id: int, lang: str, reopen: bool = False) -> dict:
        """The draft to change or confirm. `reopen` (an edit, a new time): a scheduled alert becomes a
        draft again first (what was confirmed is about to change, so it needs confirming again;
        `callcheck alert edit` says so). Confirming a scheduled alert stays refused as already done."""
        self.table.expire(int(self.clock()))
        alert = self.get(alert_id)
        expires = int(self.clock()) + DRAFT_TTL
        if reopen and alert["status"] == "scheduled" and self.table.unschedule(alert["id"], expires):
            self.roles.record(
                "system:alerts", "alert.compose", "back to draft", target=f"alert:{alert['id']}", detail="edited"
            )
            alert = self.get(alert_id)
        if alert["status"] == "expired":
            raise AlertError(
                texts(lang)["expired"].format(id=alert["id"], when=local_time(alert["expires_at"], alert["region"]))
            )
        if alert["status"] != "draft":
            raise AlertError(texts(lang)["already"].format(id=alert["id"]))
        return alert

    def draft(self, alert_id: int) -> Draft:
        alert = self.get(alert_id)
        recipients: dict[str, int] = {}
        for _, lang in self.subscriptions.matching(alert["region"]):
            recipients[lang] = recipients.get(lang, 0) + 1
        total = sum(n for lg, n in recipients.items() if lg in alert["body"])
        return Draft(
            alert["id"],
            alert["region"],
            alert["body"],
            recipients,
            expires_at=alert["expires_at"],
            send_at=alert["send_at"],
            quiet=self.quiet_hours
            if alert["send_at"]
            and quiet_until(alert["region"], alert["created_at"], self.quiet_hours) == alert["send_at"]
            else None,
            needs_second=self.needs_second(alert["region"], total),
            unit=alert["unit"],
            contact=alert["contact"],
            created_at=alert["created_at"],
        )

    def needs_second(self, region: str, recipients: int) -> bool:
        return region == "ALL" or recipients > self.second_officer_above

    def get(self, alert_id: int) -> dict:
        alert = self.table.get(int(alert_id))
        if alert is None:
            raise AlertError(f"there is no alert {alert_id}")
        return alert

    def recipients_of(self, alert: dict) -> list[tuple[int, str]]:
        """Matching subscriptions in a language the alert has a text for (the others get nothing)."""
        return [(c, lg) for c, lg in self.subscriptions.matching(alert["region"]) if lg in alert["body"]]

    def confirm(self, actor: str, alert_id: int, notify_chat: int | None = None, lang: str = "en") -> Confirmation:
        """The second step: authorise, then write the ledger (one pending row per recipient) or schedule it.

        An alert to ALL or above the threshold needs two different officers: the first confirmation
        is recorded (`awaiting`), the second starts it. AlertError when it is not a live draft.
        """
        self.roles.authorize(actor, "alert.send", target=f"alert:{int(alert_id)}")
        alert = self._live_draft(alert_id, lang)
        key = self.roles.key(actor)
        recipients = self.recipients_of(alert)
        if self.needs_second(alert["region"], len(recipients)):
            first = alert["first_confirmed_by"]
            if not first:
                if not self.table.first_confirm(alert["id"], key):
                    raise AlertError(texts(lang)["already"].format(id=alert["id"]))
                self.roles.record(actor, "alert.send", "first confirmation", target=f"alert:{alert['id']}")
                return Confirmation("awaiting", len(recipients), alert["send_at"])
            if first == key:
                raise AlertError(texts(lang)["second_needed"].format(id=alert["id"], n=self.second_officer_above))
        officer = self.roles.officer(actor) or {}
        unit = alert["unit"] or officer.get("unit")
        contact = alert["contact"] or officer.get("contact")
        now = int(self.clock())
        send_at = alert["send_at"]
        if send_at is None:  # no time chosen: quiet hours are checked again now, at confirmation
            send_at = quiet_until(alert["region"], now, self.quiet_hours)
        if send_at and send_at > now:
            if not self.table.schedule(alert["id"], key, notify_chat, unit, contact, send_at):
                raise AlertError(texts(lang)["already"].format(id=alert["id"]))
            return Confirmation("scheduled", len(recipients), send_at)
        if not self.table.start(alert["id"], key, recipients, notify_chat, unit=unit, contact=contact):
            raise AlertError(texts(lang)["already"].format(id=alert["id"]))
        return Confirmation("sending", len(recipients))

    def release_due(self, now: float | None = None) -> list[int]:
        """Scheduled alerts whose time has come: their ledger is written now (to today's subscribers)
        and they become `sending`, atomically, so a crash either side of it loses or repeats nothing."""
        now = int(self.clock() if now is None else now)
        out = []
        for alert in self.table.due(now):
            if self.table.start_scheduled(alert["id"], self.recipients_of(alert)):
                self.roles.record("system:scheduler", "alert.send", "released", target=f"alert:{alert['id']}")
                out.append(alert["id"])
        return out

    def cancel(self, actor: str, alert_id: int) -> None:
        """Discard a draft or a scheduled alert that has not gone out yet."""
        self.roles.authorize(actor, "alert.compose", target=f"alert:{int(alert_id)}", detail="cancel")
        if not self.table.cancel(int(alert_id)):
            raise AlertError(texts("en")["already"].format(id=int(alert_id)))

    def test_texts(self, actor: str, alert_id: int) -> list[str]:
        """ "Send to me first": every language's message exactly as recipients will get it (nothing recorded in
        the ledger); audited."""
        self.roles.authorize(actor, "alert.compose", target=f"alert:{int(alert_id)}", detail="test to self")
        draft = self.draft(alert_id)
        return [draft.text(lg, self.clock()) for lg in LANGS if lg in draft.body]

    def describe(self, alert: dict, lang: str = "en") -> dict:
        """Who composed and confirmed it (named officers), when it was sent, its title in `lang`."""
        officers = self.roles.officers

        system = {self.roles.key(SPIKE_ACTOR): SPIKE_ACTOR}

        def label(key: str | None) -> str:
            return officer_label(officers.get(key), system.get(key, key), lang)

        sent = None
        if alert["status"] in ("sending", "done"):
            sent = max(alert["confirmed_at"] or 0, alert["send_at"] or 0) or None
        title = alert.get("title") or {}
        first = alert["first_confirmed_by"]
        confirmed = [label(first)] if first and first != alert["confirmed_by"] else []
        if alert["confirmed_by"]:
            confirmed.append(label(alert["confirmed_by"]))
        return {
            "title": title.get(lang) or next(iter(title.values()), ""),
            "composed_by": label(alert["author"]),
            "confirmed_by": confirmed,
            # one officer has confirmed, the second has not: not "confirmed by" yet
            "waiting_second": bool(first) and not alert["confirmed_by"] and alert["status"] == "draft",
            "sent_at": sent,
            "scheduled_for": alert["send_at"] if alert["status"] in ("draft", "scheduled") else None,
            "expires_at": alert["expires_at"] if alert["status"] in ("draft", "expired") else None,
            "unit": alert["unit"],
        }

    def status(self, actor: str, alert_id: int, lang: str = "en") -> dict:
        """The alert with its ledger totals, failure reasons and who composed / confirmed it."""
        self.roles.authorize(actor, "alert.status", target=f"alert:{int(alert_id)}")
        self.table.expire(int(self.clock()))
        alert = self.get(alert_id)
        counts = self.table.counts(alert["id"])
        return {
            **alert,
            **self.describe(alert, lang),
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

    def recent(self, actor: str, limit: int = 20, lang: str = "en") -> list[dict]:
        self.roles.authorize(actor, "alert.status", detail="list")
        self.table.expire(int(self.clock()))
        return [{**a, **self.describe(a, lang), "counts": self.table.counts(a["id"])} for a in self.table.recent(limit)]

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
            when = max(alert["confirmed_at"] or 0, alert["send_at"] or 0) or self.alerts._now()
            bodies = {
                lang: f"{body}\n{issued_line(alert['unit'], alert['contact'], alert['region'], when, lang)}"[
                    :MAX_MESSAGE
                ]
                for lang, body in alert["body"].items()
            }
            queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue()
            for item in self.alerts.pending(alert_id):
                queue.put_nowait(item)

            async def worker() -> None:
                while True:
                    try:
                        chat, lang = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        return
                    if lang not in bodies:  # the alert has no text in this language: never the wrong one
                        if self.alerts.claim(alert_id, chat):
                            self.alerts.settle(alert_id, chat, "failed", f"no text in {lang}")
                        continue
                    moved_to = await self._deliver(alert_id, chat, bodies[lang], lang, send)
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
