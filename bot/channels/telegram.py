"""The Telegram front end: translate updates into `Incoming`, send the orchestrator's replies back.

The only module that imports `telegram`. Handler order is deliberate:
  1. known commands     /start /help /check /report /official /lang /privacy /forget /cancel /suggest,
                        then /queue (volunteers); /help and /start list the commands of the
                        person's roles too (police, volunteer, admin), in a private chat only
  2. other commands     -> "unknown command" (must come after 1, before text)
  3. button presses     (callback queries)
  4. text               the accounts people send
  5. photos             screenshots, read with on-device OCR and checked like text
  6. everything else    stickers, voice, video -> "I can read text only"
Status updates (members joining, pinned messages…) match none of these and are ignored.

Updates are processed concurrently; each runs the conversation in a worker thread
(`asyncio.to_thread`), so one slow message never stalls the others, and updates from one chat
are answered in order (a lock per chat).
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import logging
import os
import time
from collections import defaultdict

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType, MessageLimit, ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from ..app import App
from ..conversation.engine import COMMANDS, ChatState, Incoming, Reply
from ..conversation.queue import QueueDesk
from ..conversation.report import texts
from ..logs import install_log_guard, setup_logging

log = logging.getLogger("callcheck.telegram")
MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH
CONCURRENT_UPDATES = 16
HELP_COMMANDS = ("help", "start")  # answered with the commands of the person's roles too

MENU = {
    "zh": [
        ("start", "开始"),
        ("help", "使用帮助"),
        ("check", "查一个号码"),
        ("report", "举报诈骗号码"),
        ("official", "查官方客服渠道"),
        ("lang", "切换语言"),
        ("region", "设置所在地区"),
        ("suggest", "建议新说法给志愿者"),
        ("privacy", "隐私说明"),
        ("forget", "删除我的数据"),
        ("cancel", "结束本次核实"),
    ],
    "en": [
        ("start", "Start"),
        ("help", "How to use"),
        ("check", "Check a number"),
        ("report", "Report a scam number"),
        ("official", "Official channels"),
        ("lang", "Language"),
        ("region", "Where you are"),
        ("suggest", "Suggest a new scam wording"),
        ("privacy", "Privacy"),
        ("forget", "Delete my data"),
        ("cancel", "End this check"),
    ],
}


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """HTML-escape `text` and split it into chunks Telegram accepts, at line breaks where possible."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        piece = html.escape(line)
        while len(piece) > limit:  # one huge line: cut it, never inside an entity like &amp;
            cut = limit
            amp = piece.rfind("&", 0, cut)
            if amp != -1 and ";" not in piece[amp:cut]:
                cut = amp
            if current:
                chunks.append(current)
                current = ""
            chunks.append(piece[:cut])
            piece = piece[cut:]
        candidate = f"{current}\n{piece}" if current else piece
        if len(candidate) > limit:
            chunks.append(current)
            current = piece
        else:
            current = candidate
    if current or not chunks:
        chunks.append(current or "…")
    return chunks


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in reply.buttons]
    )


def _incoming(update: Update, context: ContextTypes.DEFAULT_TYPE, kind: str) -> Incoming:
    chat = update.effective_chat
    user = update.effective_user
    message = update.effective_message
    group = chat is not None and chat.type != ChatType.PRIVATE
    bot = context.bot
    text = (message.text or message.caption or "") if message else ""
    addressed = not group or kind in ("command", "button")
    mention = f"@{bot.username}".lower() if bot.username else None
    if group and message is not None:
        replied = message.reply_to_message
        if mention and mention in text.lower():
            addressed = True
            text = text.replace(f"@{bot.username}", "").strip()
        elif replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            addressed = True
    now = (message.date.timestamp() if message and message.date else 0.0) or 0.0
    if kind == "button" and update.callback_query is not None:
        return Incoming(
            "button",
            data=update.callback_query.data or "",
            chat_type="group" if group else "private",
            addressed=True,
            now=time.time(),
            lang_hint=user.language_code if user else None,
        )
    if kind == "command":
        word, _, args = text.partition(" ")
        command = word[1:].split("@", 1)[0]
        return Incoming(
            "command",
            command=command,
            args=args,
            chat_type="group" if group else "private",
            addressed=True,
            now=now or time.time(),
            lang_hint=user.language_code if user else None,
        )
    return Incoming(
        kind,
        text=text,
        chat_type="group" if group else "private",
        addressed=addressed,
        now=now or time.time(),
        lang_hint=user.language_code if user else None,
    )


async def _dispatch(update: Update, context: ContextTypes.DEFAULT_TYPE, kind: str, msg: Incoming | None = None) -> None:
    """Run one update through the conversation and send what comes back."""
    chat = update.effective_chat
    user = update.effective_user
    if chat is None:
        return
    msg = msg or _incoming(update, context, kind)
    conversations = context.bot_data["conversations"]
    user_key = f"tg:{user.id}" if user else f"tg-chat:{chat.id}"
    roles = context.bot_data.get("roles")
    asks_help = msg.kind == "command" and msg.command.lower() in HELP_COMMANDS and msg.chat_type == "private"

    def handle() -> list[Reply]:
        incoming = msg
        if asks_help and user is not None and roles is not None:  # /help lists the commands of their roles
            incoming = dataclasses.replace(msg, allowed=roles.allowed(user_key))
        return conversations.handle(f"tg:{chat.id}", user_key, incoming, "telegram")

    async with context.bot_data["chat_locks"][chat.id]:  # one chat's messages in order
        # Analysis is CPU work: in a worker thread it cannot stall the other chats' updates.
        replies = await asyncio.to_thread(handle)
    query = update.callback_query
    for reply in replies:
        chunks = split_text(reply.text)
        if reply.edit and query is not None and len(chunks) == 1:
            try:
                await query.edit_message_text(chunks[0], parse_mode=ParseMode.HTML, reply_markup=keyboard(reply))
                continue
            except BadRequest as exc:  # e.g. "message is not modified": fall back to a new message
                log.debug("edit failed (%s); sending instead", type(exc).__name__)
        for i, chunk in enumerate(chunks):
            markup = keyboard(reply) if i == len(chunks) - 1 else None
            await context.bot.send_message(chat.id, chunk, parse_mode=ParseMode.HTML, reply_markup=markup)


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a known command."""
    await _dispatch(update, context, "command")


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a command the bot does not have."""
    await _dispatch(update, context, "command")


async def on_queue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show a volunteer the review queue, or carry out their decision."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or user is None or message is None:
        return
    lang = "en" if (user.language_code or "").startswith("en") else "zh"
    if chat.type != ChatType.PRIVATE:
        replies = [Reply(texts(lang)["chat"]["queue"]["private"])]
    else:
        args = (message.text or "").partition(" ")[2]
        replies = context.bot_data["queue"].handle(f"tg:{user.id}", args, lang)
    for reply in replies:
        for chunk in split_text(reply.text):
            await context.bot.send_message(chat.id, chunk, parse_mode=ParseMode.HTML)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Acknowledge a button press, then answer it."""
    await update.callback_query.answer()
    await _dispatch(update, context, "button")


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Check an account someone typed or forwarded."""
    await _dispatch(update, context, "text")


MAX_PHOTO_BYTES = 10 * 1024 * 1024


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Read a screenshot with on-device OCR, then check what it says like a typed message."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    msg = _incoming(update, context, "image")
    if msg.chat_type != "private" and not msg.addressed:
        return  # a picture in a group that was not meant for the bot is not read at all
    ocr = context.bot_data.get("ocr")
    conversations = context.bot_data["conversations"]
    t = texts(conversations.engine.lang(ChatState(), msg))["chat"]
    size = message.photo[-1] if message.photo else message.document
    if ocr is None or size is None:
        await _dispatch(update, context, "other")
        return
    if (size.file_size or 0) > MAX_PHOTO_BYTES:
        await context.bot.send_message(chat.id, html.escape(t["image_failed"].format(error="too large")))
        return
    from nlu.ocr import OcrError

    try:
        tg_file = await size.get_file()
        data = bytes(await tg_file.download_as_bytearray())
        # OCR takes a second or two of CPU: off the event loop, so other chats are not held up.
        read = await asyncio.to_thread(ocr.read_text, data)
    except OcrError as exc:
        log.info("a picture could not be read: %s", type(exc).__name__)
        await context.bot.send_message(chat.id, html.escape(t["image_failed"].format(error=exc)))
        return
    text = "\n".join(x for x in (msg.text, read) if x.strip())  # the caption, then what the picture says
    await _dispatch(update, context, "image", dataclasses.replace(msg, kind="image", text=text))


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain politely that only text can be read."""
    await _dispatch(update, context, "other")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log what went wrong by type only: never message text, phone numbers or ids."""
    err = context.error
    if isinstance(err, Forbidden):
        log.info("a chat has blocked the bot or removed it; its replies were dropped")
    elif isinstance(err, RetryAfter):
        after = err.retry_after
        log.warning("Telegram flood control: retry after %s s", getattr(after, "total_seconds", lambda: after)())
    else:
        log.error("update failed: %s", type(err).__name__, exc_info=err)


async def set_menu(application: Application) -> None:
    """Set the command menu in Chinese (default) and English."""
    for lang, items in MENU.items():
        commands = [BotCommand(c, d) for c, d in items]
        await application.bot.set_my_commands(commands, language_code=None if lang == "zh" else lang)


def build_application(app: App, token: str, *, request=None, rate_limiter: bool = True) -> Application:
    """Wire the Application: handlers in order, rate limiter, error handler, services in bot_data."""
    # Opt in to python-telegram-bot's timedelta time periods (its documented switch) instead of
    # the deprecated integer form, which warns on every flood-control error.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    install_log_guard()  # no update, message or id reaches a log line, at any level
    builder = Application.builder().token(token).post_init(set_menu).concurrent_updates(CONCURRENT_UPDATES)
    if request is not None:  # tests answer the Bot API locally
        builder = builder.request(request).get_updates_request(request)
    if rate_limiter:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    application = builder.build()
    application.bot_data["conversations"] = app.conversations
    application.bot_data["roles"] = app.roles  # /help shows role holders their commands
    application.bot_data["chat_locks"] = defaultdict(asyncio.Lock)
    from .telegram_police import add_police_handlers  # police commands, group -1: before "unknown command"

    add_police_handlers(application, app)
    application.add_handler(CommandHandler(list(COMMANDS), on_command))
    application.bot_data["queue"] = QueueDesk(app.review)
    application.add_handler(CommandHandler("queue", on_queue))  # volunteers; before "unknown command"
    application.add_handler(MessageHandler(filters.COMMAND, on_unknown_command))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    application.bot_data["ocr"] = app.ocr  # the reader only; its models load on the first picture
    application.add_handler(MessageHandler(filters.PHOTO | filters.Document.IMAGE, on_photo))
    application.add_handler(MessageHandler(~filters.StatusUpdate.ALL & ~filters.TEXT, on_other))
    application.add_error_handler(on_error)
    return application


def run_bot(app: App, token: str) -> None:
    """Run the bot: a webhook with a secret token when TELEGRAM_WEBHOOK_URL is set, else long polling."""
    setup_logging()
    application = build_application(app, token)
    url = os.environ.get("TELEGRAM_WEBHOOK_URL", "").strip()
    if url:
        secret = os.environ.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
        if not secret:
            raise SystemExit("TELEGRAM_WEBHOOK_SECRET must be set with TELEGRAM_WEBHOOK_URL (letters, digits, _ and -)")
        from .webhook import serve  # our server: secret checked first, body size capped

        port = os.environ.get("CALLCHECK_WEBHOOK_PORT", "8443")
        if not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
            raise SystemExit(f"CALLCHECK_WEBHOOK_PORT must be a port number, not {port!r}")
        asyncio.run(
            serve(
                application,
                listen=os.environ.get("CALLCHECK_WEBHOOK_LISTEN", "127.0.0.1"),
                port=int(port),
                url=url,
                secret=secret,
            )
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
