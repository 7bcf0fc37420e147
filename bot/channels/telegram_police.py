"""The police side of the Telegram front end: roles, subscriptions, alerts with their broadcast, trends.

Registered by `telegram.build_application` through `add_police_handlers`, in handler group -1 so
that these commands are answered before the conversation's "unknown command" reply; each handler
stops further processing with ApplicationHandlerStop. Every privileged step goes through
`Roles.authorize` (audited), including button presses: callback data can be forged by any client,
so a button is never proof of permission.

    /subscribe REGION… [zh|en]   private: yourself; group: an officer or the group's admin confirms
    /unsubscribe                 private: yourself; group: an officer or the group's admin
    /alert REGION SCRIPT-ID|TEXT officers: a draft and its preview, sent after "confirm"
    /trends [DAYS] [REGION]      officers and volunteers: counts, rising scripts, a PNG chart
    /grant ID ROLE, /revoke ID ROLE   admins
Chat member updates: the bot added to a group or channel -> a pending subscription; removed or
blocked -> deactivated.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re

from telegram import ChatMember, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from ..app import App
from ..services.alerts import (
    AlertError,
    Blocked,
    Broadcaster,
    Busy,
    Moved,
    Rejected,
    Uncertain,
    Wait,
    draft_spike_alerts,
    find_script,
    local_time,
    looks_like_one_word,
    officer_label,
    parse_region,
    parse_subscription,
    parse_time,
    region_by_name,
    region_display,
    resolve_script,
    script_names,
    texts,
)
from ..services.roles import GRANTABLE, NotAllowed, member_problem

log = logging.getLogger("callcheck.telegram.police")
POLICE_COMMANDS = ("subscribe", "unsubscribe", "alert", "trends", "grant", "revoke")
CHANNEL_COMMAND = r"^/(un)?subscribe(@\w+)?(\s|$)"
# Bad requests that mean the chat itself is gone (deleted, the bot kicked, the person's account
# deleted): the subscription is deactivated as for a block, instead of failing on every alert.
_DEAD_CHAT = re.compile(
    r"chat not found|bot was kicked|user is deactivated|group chat was (deactivated|deleted)|peer_id_invalid|"
    r"chat_write_forbidden|have no rights to send|not enough rights to send",
    re.IGNORECASE,
)
# Words after the region that send at once even in quiet hours: none an alert's text starts with.
NOW_WORDS = ("now!", "立即发送", "立即發送", "马上发送", "馬上發送")
DUE_INTERVAL = 30.0  # seconds between checks for scheduled alerts that are due


def seconds(retry_after) -> float:
    """RetryAfter.retry_after is a timedelta (PTB_TIMEDELTA) or, in older releases, an int."""
    return retry_after.total_seconds() if hasattr(retry_after, "total_seconds") else float(retry_after)


def telegram_sender(bot):
    """A `send(chat_id, text)` for the Broadcaster: Telegram's errors become the service's outcomes."""

    async def send(chat_id: int, text: str) -> int:
        try:
            message = await bot.send_message(int(chat_id), text)
        except Forbidden as exc:
            raise Blocked(exc.message) from exc
        except ChatMigrated as exc:
            raise Moved(exc.new_chat_id) from exc
        except RetryAfter as exc:
            raise Wait(seconds(exc.retry_after)) from exc
        except BadRequest as exc:
            if _DEAD_CHAT.search(exc.message or ""):  # the chat is gone: like a block, stop sending there
                raise Blocked(exc.message) from exc
            raise Rejected(exc.message) from exc
        except (TimedOut, NetworkError) as exc:
            raise Uncertain(type(exc).__name__) from exc
        return message.message_id

    return send


def build_sender_application(token: str, *, base_url: str = "", request=None, rate_limiter=None) -> Application:
    """A bare Application for sending from the CLI or a benchmark: the same rate limiter, no handlers."""
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    builder = Application.builder().token(token)
    if base_url:
        builder = builder.base_url(base_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    builder = builder.rate_limiter(rate_limiter or AIORateLimiter(max_retries=3))
    return builder.build()


def _lang(update: Update) -> str:
    user = update.effective_user
    return "en" if user and (user.language_code or "").startswith("en") else "zh"


def _keyboard(alert_id: int, lang: str) -> InlineKeyboardMarkup:
    b = texts(lang)["buttons"]
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(b["confirm"], callback_data=f"pol:ok:{alert_id}"),
                InlineKeyboardButton(b["cancel"], callback_data=f"pol:no:{alert_id}"),
            ],
            [InlineKeyboardButton(b["test"], callback_data=f"pol:me:{alert_id}")],
        ]
    )


async def _reply(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, **kwargs) -> None:
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(chat.id, text[:4096], **kwargs)


async def _is_chat_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the sender administers this group (an anonymous admin posts as the group itself)."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        return False
    return member.status in (ChatMember.OWNER, ChatMember.ADMINISTRATOR)


async def on_police_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer /subscribe, /unsubscribe, /alert, /trends, /grant and /revoke."""
    app: App = context.bot_data["app"]
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    lang = _lang(update)
    t = texts(lang)
    command = (message.text or "").split(None, 1)[0][1:].split("@", 1)[0].lower()
    args = list(context.args or [])
    identity = f"tg:{user.id}" if user else f"tg-chat:{chat.id}"
    private = chat.type == ChatType.PRIVATE
    try:
        if command == "subscribe":
            await _subscribe(update, context, identity, args, lang)
        elif command == "unsubscribe":
            if not private and not await _is_chat_admin(update, context):
                app.roles.authorize(identity, "subscription.approve", target=f"chat:{chat.type}", detail="unsubscribe")
            done = app.subscriptions.unsubscribe(chat.id)
            await _reply(update, context, t["unsubscribed"] if done else t["not_subscribed"])
        elif command == "alert":
            await _alert(update, context, identity, lang)
        elif command == "trends":
            await _trends(update, context, identity, args, lang)
        elif command in ("grant", "revoke"):
            if len(args) < 2 or args[1] not in GRANTABLE or (command == "revoke" and len(args) != 2):
                app.roles.authorize(identity, f"role.{command}", detail="usage")  # still audited
                await _reply(update, context, t["grant_usage"])
            elif command == "grant" and member_problem(args[0]) is not None:  # "@alice": no id, nobody
                app.roles.authorize(identity, "role.grant", detail="not an identity")  # still audited
                await _reply(update, context, t["grant_usage"])
            elif command == "grant":
                rest = (message.text or "").split(None, 3)[3:]  # "NAME | UNIT [| CONTACT]"
                fields = [f.strip() for f in re.split(r"[|｜]", rest[0])] if rest else []
                name, unit, contact = [*fields, None, None, None][:3]
                try:
                    fresh = app.roles.grant(identity, args[0], args[1], name=name, unit=unit, contact=contact)
                except ValueError:
                    await _reply(update, context, t["grant_usage"])
                    raise ApplicationHandlerStop from None
                await _reply(update, context, (t["granted"] if fresh else t["already_granted"]).format(role=args[1]))
            else:
                gone = app.roles.revoke(identity, args[0], args[1])
                await _reply(update, context, (t["revoked"] if gone else t["not_granted"]).format(role=args[1]))
    except NotAllowed as exc:
        await _reply(update, context, t["not_allowed"] + " " + exc.next_step(lang))
    except AlertError as exc:
        await _reply(update, context, str(exc) if lang == "en" else _zh_error(exc, t))
    raise ApplicationHandlerStop


def _zh_error(exc: AlertError, t: dict) -> str:
    text = str(exc)
    if text.startswith("I can't read the region"):
        tag = text.split("“", 1)[1].split("”", 1)[0] if "“" in text else ""
        return t["bad_region"].format(tag=tag)
    if text.startswith("Usage: /subscribe"):
        return t["subscribe_usage"]
    return text


async def _subscribe(update: Update, context, identity: str, args: list[str], lang: str) -> None:
    app: App = context.bot_data["app"]
    chat, user = update.effective_chat, update.effective_user
    t = texts(lang)
    regions, chat_lang = parse_subscription(args, user.language_code if user else None)
    shown = (
        "、".join(region_display(r, lang) for r in regions)
        if lang != "en"
        else ", ".join(region_display(r, lang) for r in regions)
    )
    if chat.type == ChatType.PRIVATE:
        app.subscriptions.subscribe_private(chat.id, regions, chat_lang)
        await _reply(update, context, t["subscribed"].format(regions=shown))
        return
    admin = await _is_chat_admin(update, context)
    app.subscriptions.subscribe_chat(identity, chat.id, chat.type, regions, chat_lang, chat_admin=admin)
    await _reply(update, context, texts(chat_lang)["group_subscribed"].format(regions=shown))


async def _alert(update: Update, context, identity: str, lang: str) -> None:
    """/alert REGION [TIME|now] SCAM-TYPE|TEXT, /alert ID (show a draft again), /alert edit ID zh: …/en: …"""
    app: App = context.bot_data["app"]
    chat, message = update.effective_chat, update.effective_message
    t = texts(lang)
    if chat.type != ChatType.PRIVATE:
        app.roles.authorize(identity, "alert.compose", detail="outside a private chat")  # audited refusal or not
        await _reply(update, context, t["private_only"])
        return
    words = (message.text or "").split()
    if len(words) == 2 and words[1].isdigit() and len(words[1]) < 12:  # show a draft (e.g. to a second officer)
        app.roles.authorize(identity, "alert.compose", target=f"alert:{words[1]}", detail="preview")
        await send_preview(
            context.bot, chat.id, app.alerts.draft(int(words[1])), lang, second=app.alerts.second_officer_above
        )
        return
    if len(words) >= 2 and words[1].lower() == "edit":
        parts = (message.text or "").split(None, 3)
        if len(parts) < 4 or not parts[2].isdigit() or len(parts[2]) >= 12:
            app.roles.authorize(identity, "alert.compose", detail="edit usage")
            await _reply(update, context, t["edit_usage"])
            return
        draft = app.alerts.edit(identity, int(parts[2]), parts[3], lang=lang)
        await send_preview(context.bot, chat.id, draft, lang, second=app.alerts.second_officer_above)
        return
    parts = (message.text or "").split(None, 2)
    two = (message.text or "").split(None, 3)
    if len(two) == 4 and region_by_name(f"{two[1]} {two[2]}"):  # a two-word name: Hong Kong, New Taipei
        parts = [two[0], f"{two[1]} {two[2]}", two[3]]
    if len(parts) < 3:
        app.roles.authorize(identity, "alert.compose", detail="usage")
        await _reply(update, context, t["alert_usage"].format(scripts="\n".join(script_names(app.kb, lang))))
        return
    region, rest = parts[1], parts[2].strip()
    at, now_please = None, False
    first, _, after = rest.partition(" ")
    if after.strip() and (parse_time(first) or first.lower() in NOW_WORDS):
        at, now_please, rest = parse_time(first), parse_time(first) is None, after.strip()
    if find_script(app.kb, rest) or looks_like_one_word(rest):
        app.roles.authorize(identity, "alert.compose", target=f"region:{region[:40]}", detail="script")
        script = resolve_script(app.kb, rest, lang)  # "did you mean …" for anything else: never sent as the text
        draft = app.alerts.compose(identity, region, script=script, at=at, now_please=now_please, lang=lang)
    else:
        draft = app.alerts.compose(identity, region, text=rest, at=at, now_please=now_please, lang=lang)
    await send_preview(context.bot, chat.id, draft, lang, second=app.alerts.second_officer_above)


def _preview_intro(draft, lang: str, second_officer_above: int) -> str:
    t = texts(lang)
    where = region_display(draft.region, lang)
    if draft.total:
        by_lang = ", ".join(f"{n} {k}" for k, n in sorted(draft.recipients.items()) if k in draft.body)
        lines = [t["preview"].format(id=draft.id, total=draft.total, by_lang=by_lang)]
    else:
        lines = [t["preview_none"].format(id=draft.id, region=where)]
    missing = sum(draft.missing.values())
    if missing:
        lines.append(t["preview_missing"].format(missing=missing, id=draft.id))
    if draft.send_at:
        when = local_time(draft.send_at, draft.region)
        if draft.quiet:
            start, end = draft.quiet
            lines.append(t["preview_quiet"].format(when=when, region=where, start=start, end=end))
        else:
            lines.append(t["preview_scheduled"].format(when=when, region=where))
    if draft.needs_second:
        lines.append(t["preview_two"].format(n=second_officer_above))
    if draft.expires_at:
        lines.append(t["preview_expires"].format(when=local_time(draft.expires_at, draft.region), region=where))
    return "\n".join(lines)


async def send_preview(bot, chat_id: int, draft, lang: str, head: str | None = None, second: int = 500) -> None:
    """The preview: recipients (and who gets nothing), when it goes out, the text in the officer's language
    exactly as sent, and confirm / cancel / send-to-me-first buttons."""
    intro = _preview_intro(draft, lang, second)
    text = f"{head}\n\n{intro}" if head else intro
    await bot.send_message(chat_id, text[:4096])
    await bot.send_message(chat_id, draft.text(lang), reply_markup=_keyboard(draft.id, lang))


async def on_police_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Confirm or cancel an alert: authorised again here, whatever the button says."""
    app: App = context.bot_data["app"]
    query = update.callback_query
    if not isinstance(query.data, str) or not query.data.startswith("pol:"):
        # python-telegram-bot passes a button without data to every pattern: not an officer's
        # button, so the chat's own handler answers it (an expired button), not "not allowed"
        return
    user = update.effective_user
    lang = _lang(update)
    t = texts(lang)
    identity = f"tg:{user.id}" if user else "tg:unknown"
    _, action, raw_id = ((query.data or "") + "::").split(":", 3)[:3]
    alert_id = int(raw_id) if raw_id.isdigit() and len(raw_id) < 12 else 0
    try:
        if not alert_id or action not in ("ok", "no", "me"):
            app.roles.authorize(identity, "alert.send", detail="malformed button")  # audited either way
            await query.answer()
        elif action == "no":
            app.alerts.cancel(identity, alert_id)
            await query.answer()
            await _reply(update, context, t["cancelled"].format(id=alert_id))
        elif action == "me":  # "send to me first": each language exactly as recipients get it
            messages = app.alerts.test_texts(identity, alert_id)
            await query.answer()
            for text in messages:
                await context.bot.send_message(update.effective_chat.id, f"{t['test_head']}\n{text}"[:4096])
        else:
            private = update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE
            notify = update.effective_chat.id if private else None
            done = app.alerts.confirm(identity, alert_id, notify_chat=notify, lang=lang)
            await query.answer()
            chat_id = update.effective_chat.id
            if done.state == "awaiting":
                await context.bot.send_message(chat_id, t["awaiting_second"].format(id=alert_id))
                await _ask_second_officer(context.application, alert_id, identity)
            elif done.state == "scheduled":
                alert = app.alerts.get(alert_id)
                when = local_time(alert["send_at"], alert["region"])
                where = region_display(alert["region"], lang)
                await context.bot.send_message(chat_id, t["scheduled"].format(id=alert_id, when=when, region=where))
            else:
                sent = await context.bot.send_message(chat_id, t["confirmed"].format(id=alert_id))
                start_broadcast(context.application, alert_id, notify=(sent.chat_id, sent.message_id, lang))
            log.info("alert %s for %d recipients", done.state, done.recipients)
    except NotAllowed as exc:
        await query.answer((t["not_allowed"] + " " + exc.next_step(lang))[:200], show_alert=True)
    except AlertError as exc:
        await query.answer()
        msg = t["already"].format(id=alert_id) if "already" in str(exc) else str(exc)
        await _reply(update, context, msg)
    raise ApplicationHandlerStop


async def _ask_second_officer(application: Application, alert_id: int, first: str) -> None:
    """Send the draft, with its buttons, to the other officers covering its region."""
    app: App = application.bot_data["app"]
    draft = app.alerts.draft(alert_id)
    officer = app.roles.officer(first)
    for chat_id, lang in app.subscriptions.officers_for(draft.region):
        if f"tg:{chat_id}" == first:
            continue
        head = texts(lang)["second_request"].format(id=alert_id, officer=officer_label(officer, None, lang))
        try:
            await send_preview(application.bot, chat_id, draft, lang, head=head, second=app.alerts.second_officer_above)
        except TelegramError as exc:
            log.info("second-officer request not delivered: %s", type(exc).__name__)


async def check_due(application: Application, now: float | None = None) -> list[int]:
    """Scheduled alerts whose time has come: write their ledger and start their broadcasts."""
    app: App = application.bot_data["app"]
    released = app.alerts.release_due(now)
    for alert_id in released:
        alert = app.alerts.get(alert_id)
        notify = None
        if alert["notify_chat"]:
            sub = app.subscriptions.get(alert["notify_chat"])
            lang = sub["lang"] if sub else "zh"
            try:
                sent = await application.bot.send_message(
                    alert["notify_chat"], texts(lang)["confirmed"].format(id=alert_id)
                )
                notify = (sent.chat_id, sent.message_id, lang)
            except TelegramError as exc:
                log.info("officer not told of the scheduled send: %s", type(exc).__name__)
        start_broadcast(application, alert_id, notify=notify)
    return released


async def _due_loop(application: Application, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await check_due(application)
        except Exception as exc:  # the scheduler must never take the bot down
            log.error("scheduled-alert check failed: %s", type(exc).__name__)


def start_broadcast(application: Application, alert_id: int, notify: tuple[int, int, str] | None = None):
    """Run the broadcast in the background; the task is kept in bot_data so tests and shutdown can await it."""
    task = asyncio.create_task(run_broadcast(application, alert_id, notify))
    application.bot_data.setdefault("broadcasts", {})[alert_id] = task
    task.add_done_callback(_log_failure)
    return task


def _log_failure(task: asyncio.Task) -> None:
    """A broadcast that died is logged by type; its ledger lets the next start resume it."""
    if not task.cancelled() and task.exception() is not None:
        log.error("broadcast stopped: %s; it resumes on the next start", type(task.exception()).__name__)


async def run_broadcast(application: Application, alert_id: int, notify: tuple[int, int, str] | None = None) -> dict:
    """Send one confirmed alert through the Application's bot and rate limiter, reporting progress."""
    app: App = application.bot_data["app"]
    options = application.bot_data.get("broadcast_options", {})
    broadcaster = Broadcaster(app.store, **options)
    bot = application.bot

    async def progress(counts: dict, done: bool) -> None:
        if notify is None:
            return
        chat_id, message_id, lang = notify
        text = texts(lang)["done" if done else "progress"].format(id=alert_id, **counts)
        try:
            if done:
                await bot.send_message(chat_id, text)
            else:
                await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
        except TelegramError as exc:
            log.info("progress message not delivered: %s", type(exc).__name__)

    try:
        counts = await broadcaster.run(alert_id, telegram_sender(bot), progress)
    except Busy as exc:
        log.warning("%s", exc)
        return {}
    app.roles.record(
        "system:broadcast",
        "alert.send",
        "finished",
        target=f"alert:{alert_id}",
        detail=f"sent {counts['sent']}, failed {counts['failed']}, uncertain {counts['uncertain']}",
    )
    return counts


async def _trends(update: Update, context, identity: str, args: list[str], lang: str) -> None:
    app: App = context.bot_data["app"]
    t = texts(lang)
    days, region = 7, None
    for arg in args[:2]:
        if arg.isdigit():
            days = int(arg)
        else:
            region = parse_region(arg, lang)
    if not 1 <= days <= 366:
        await _reply(update, context, t["trends_usage"])
        return
    app.roles.authorize(identity, "trends.view", target=f"region:{region or 'ALL'}")
    report = app.trends.report(days, None if region == "ALL" else region)
    await _reply(update, context, report.render(app.kb, lang))
    png = await asyncio.to_thread(app.trends.chart, report, lang=lang)
    await context.bot.send_photo(update.effective_chat.id, png, filename="trends.png")


async def on_channel_post(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscribe or /unsubscribe posted in a channel: only its admins can post, so they confirm it."""
    app: App = context.bot_data["app"]
    chat, message = update.effective_chat, update.effective_message
    words = (message.text or "").split()
    command = words[0][1:].split("@", 1)[0].lower()
    identity = f"tg-chat:{chat.id}"
    try:
        if command == "subscribe":
            regions, lang = parse_subscription(words[1:])
            app.subscriptions.subscribe_chat(identity, chat.id, "channel", regions, lang, chat_admin=True)
            await _reply(update, context, texts(lang)["group_subscribed"].format(regions=" ".join(regions)))
        else:
            app.subscriptions.unsubscribe(chat.id)
            app.roles.record(identity, "subscription.approve", "allowed", "chat:channel", detail="unsubscribe")
    except AlertError as exc:
        await _reply(update, context, str(exc))
    raise ApplicationHandlerStop


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was added to or removed from a chat (or blocked by a person)."""
    app: App = context.bot_data["app"]
    change = update.my_chat_member
    chat = change.chat
    was = change.old_chat_member.status
    now = change.new_chat_member.status
    gone = (ChatMember.LEFT, ChatMember.BANNED)
    if now in gone:
        app.subscriptions.removed(chat.id, "the bot was removed or blocked")
    elif was in gone and chat.type != ChatType.PRIVATE:
        lang = "en" if (change.from_user and (change.from_user.language_code or "").startswith("en")) else "zh"
        app.subscriptions.added(chat.id, chat.type, lang)
        if chat.type != ChatType.CHANNEL:
            try:
                await context.bot.send_message(chat.id, texts(lang)["added_to_chat"])
            except TelegramError as exc:
                log.info("greeting not delivered: %s", type(exc).__name__)
    raise ApplicationHandlerStop


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: its subscription follows it to the new id."""
    app: App = context.bot_data["app"]
    message = update.effective_message
    if message is not None and message.migrate_to_chat_id:
        app.subscriptions.table.migrate(message.chat.id, message.migrate_to_chat_id)
    raise ApplicationHandlerStop


async def check_spikes(application: Application, now: float | None = None) -> list:
    """Run the spike detector; send each new drafted alert to the officers of its region."""
    app: App = application.bot_data["app"]
    drafted = draft_spike_alerts(app.trends, app.alerts, now)
    for spike, draft in drafted:
        script = app.kb.scripts[spike.script]
        for chat_id, lang in app.subscriptions.officers_for(spike.region):
            head = texts(lang)["spike_draft"].format(
                name=script.names.get(lang),
                region=region_display(spike.region, lang),
                observed=spike.observed,
                baseline=spike.baseline,
                p=spike.p,
            )
            try:
                await send_preview(
                    application.bot, chat_id, draft, lang, head=head, second=app.alerts.second_officer_above
                )
            except TelegramError as exc:
                log.info("drafted alert not delivered to an officer: %s", type(exc).__name__)
    return drafted


async def _spike_loop(application: Application, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await check_spikes(application)
        except Exception as exc:  # the detector must never take the bot down
            log.error("spike check failed: %s", type(exc).__name__)


def add_police_handlers(application: Application, app: App, *, background: bool = True) -> None:
    """Register the police handlers (group -1) and, on start, resume interrupted broadcasts and watch for spikes."""
    application.bot_data["app"] = app
    application.add_handler(CommandHandler(list(POLICE_COMMANDS), on_police_command), group=-1)
    application.add_handler(
        MessageHandler(
            filters.UpdateType.CHANNEL_POST & filters.Regex(r"^/(un)?subscribe(@\w+)?(\s|$)"), on_channel_post
        ),
        group=-1,
    )
    application.add_handler(CallbackQueryHandler(on_police_button, pattern=r"^pol:"), group=-1)
    application.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER), group=-1)
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate), group=-1)
    if not background:
        return
    previous_init, previous_stop = application.post_init, application.post_stop

    async def post_init(application: Application) -> None:
        if previous_init:
            await previous_init(application)
        for alert in app.alerts.unfinished():  # a crash or restart interrupted these: resume, no duplicates
            start_broadcast(application, alert["id"])
        await check_due(application)  # scheduled alerts whose time came while the bot was down
        interval = float(app.settings.spike_interval)
        application.bot_data["spike_task"] = asyncio.create_task(_spike_loop(application, interval))
        application.bot_data["due_task"] = asyncio.create_task(_due_loop(application, min(interval, DUE_INTERVAL)))

    async def post_stop(application: Application) -> None:
        for name in ("spike_task", "due_task"):
            task = application.bot_data.pop(name, None)
            if task:
                task.cancel()
        if previous_stop:
            await previous_stop(application)

    application.post_init = post_init
    application.post_stop = post_stop
