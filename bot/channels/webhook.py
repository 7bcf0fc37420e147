"""The Telegram webhook server: checks the secret before reading a byte of the body, and caps it.

python-telegram-bot's own webhook server buffers the whole body (up to 100 MB) before it looks at
the secret token, and compares the token with `!=`. This one, on the same Tornado:
- refuses a request whose `X-Telegram-Bot-Api-Secret-Token` is wrong (compared in constant time)
  as soon as its headers arrive, without reading the body;
- refuses a body larger than `MAX_BODY` (Telegram's updates are a few KB) from its Content-Length,
  and stops reading one that grows past it;
- hands a valid update to the Application's queue, exactly as the library's server does.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from http import HTTPStatus

import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer

log = logging.getLogger("callcheck.webhook")
MAX_BODY = 1024 * 1024
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@tornado.web.stream_request_body
class UpdateHandler(tornado.web.RequestHandler):
    """POST /telegram: one update per request."""

    def initialize(self, ptb: Application, secret: str, max_body: int) -> None:
        self.ptb = ptb
        self.secret = secret.encode()
        self.max_body = max_body
        self.chunks: list[bytes] = []
        self.size = 0

    def prepare(self) -> None:
        """Runs once the headers are in, before any of the body is read."""
        if self.request.method != "POST":
            raise tornado.web.HTTPError(HTTPStatus.METHOD_NOT_ALLOWED)
        token = self.request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(token, self.secret):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        length = self.request.headers.get("Content-Length", "")
        if not (length.isascii() and length.isdigit()):
            raise tornado.web.HTTPError(HTTPStatus.LENGTH_REQUIRED)
        if int(length) > self.max_body:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        self.request.connection.set_max_body_size(self.max_body)

    def data_received(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.max_body:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        self.chunks.append(chunk)

    async def post(self) -> None:
        try:
            data = json.loads(b"".join(self.chunks))
            update = Update.de_json(data, self.ptb.bot)
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            log.info("webhook body refused: %s", type(exc).__name__)
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        if update is None:
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST)
        await self.ptb.update_queue.put(update)
        self.set_status(HTTPStatus.OK)

    def write_error(self, status_code: int, **kwargs) -> None:
        self.finish(HTTPStatus(status_code).phrase)

    def log_exception(self, typ, value, tb) -> None:  # refusals are expected, not errors
        if not isinstance(value, tornado.web.HTTPError):
            log.error("webhook handler failed: %s", typ.__name__)


def make_app(application: Application, secret: str, path: str = "/telegram", max_body: int = MAX_BODY):
    """The Tornado application serving one path."""
    return tornado.web.Application(
        [(path, UpdateHandler, {"ptb": application, "secret": secret, "max_body": max_body})],
        log_function=lambda handler: None,  # request lines carry paths and addresses: not logged
    )


def make_server(application: Application, secret: str, path: str = "/telegram", max_body: int = MAX_BODY):
    """An HTTPServer that never buffers more than `max_body` of a request body."""
    return HTTPServer(make_app(application, secret, path, max_body), max_body_size=max_body, idle_connection_timeout=60)


async def serve(application: Application, *, listen: str, port: int, url: str, secret: str, path: str = "/telegram"):
    """Run the bot on a webhook until SIGINT or SIGTERM."""
    async with application:
        if application.post_init:
            await application.post_init(application)
        await application.bot.set_webhook(url=url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
        await application.start()
        server = make_server(application, secret, path)
        server.listen(port, listen)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            server.stop()
            await application.stop()
