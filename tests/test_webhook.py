"""The webhook server: a wrong secret or an oversized body is refused before the body is read."""

from __future__ import annotations

import asyncio
import hmac
import json
import socket

import pytest
from test_telegram import USER_ID, FakeBotAPI, message_update
from tornado.netutil import bind_sockets

from bot.app import App, Settings
from bot.channels import webhook
from bot.channels.telegram import build_application

SECRET = "s3cret_token-for-tests"


async def _request(port: int, headers: dict, body: bytes, declared: int | None = None) -> int:
    """Send headers and `body` (possibly less than declared), then read the status line."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = {"Host": "127.0.0.1", "Content-Type": "application/json", **headers}
    head["Content-Length"] = str(len(body) if declared is None else declared)
    writer.write(
        ("POST /telegram HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in head.items()) + "\r\n").encode() + body
    )
    await writer.drain()
    try:
        line = await asyncio.wait_for(reader.readline(), 5)
    finally:
        writer.close()
    return int(line.split()[1])


@pytest.fixture
def served(tmp_path):
    app = App(Settings(db_path=tmp_path / "w.db"))
    application = build_application(app, "123:TEST", request=FakeBotAPI())
    yield application
    app.close()


def _run(application, scenario):
    async def main():
        sockets = bind_sockets(0, "127.0.0.1", family=socket.AF_INET)
        server = webhook.make_server(application, SECRET)
        server.add_sockets(sockets)
        try:
            return await scenario(sockets[0].getsockname()[1])
        finally:
            server.stop()

    return asyncio.run(main())


def test_wrong_or_missing_secret_is_refused_without_reading_a_90mb_body(served):
    async def scenario(port):
        wrong = await _request(port, {webhook.SECRET_HEADER: "guess"}, b"x" * 1024, declared=90_000_000)
        missing = await _request(port, {}, b"x" * 1024, declared=90_000_000)
        return wrong, missing

    assert _run(served, scenario) == (403, 403)
    assert served.update_queue.qsize() == 0


def test_oversized_body_is_refused_from_its_length(served):
    async def scenario(port):
        return await _request(port, {webhook.SECRET_HEADER: SECRET}, b"{" * 1024, declared=90_000_000)

    assert _run(served, scenario) == 413


def test_a_valid_update_is_queued_and_the_secret_compared_in_constant_time(served, monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(webhook.hmac, "compare_digest", spy)
    body = json.dumps(message_update("你好", chat_id=USER_ID)).encode()

    async def scenario(port):
        ok = await _request(port, {webhook.SECRET_HEADER: SECRET}, body)
        bad_json = await _request(port, {webhook.SECRET_HEADER: SECRET}, b"[" * 5000)
        return ok, bad_json

    assert _run(served, scenario) == (200, 400)
    assert served.update_queue.qsize() == 1 and calls
