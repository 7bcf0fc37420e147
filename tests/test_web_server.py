"""The real server (uvicorn with callcheck's settings) on 127.0.0.1: what only sockets show.

X-Forwarded-For is not believed from an untrusted peer, a request trickled a byte at a time is
closed at its deadline, a request head over 16 KB is refused, a response without body still ends,
and stopping the server writes the trend rows and access-log counts still waiting. Each test
starts its own server on a free port and stops it, with each HTTP parser callcheck can serve
with (httptools, h11).
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import threading
import time

import httpx
import pytest
import uvicorn

from bot.app import App, Settings
from bot.channels.web import protocol
from bot.channels.web.server import WebConfig, create_app, server_config
from bot.services.roles import Roles
from bot.store.operators import Operators

PASSWORD = "correct horse battery"


class Running:
    def __init__(self, tmp_path, kb, **config):
        self.app = App(Settings(db_path=tmp_path / "srv.db"))
        self.app._kb = kb
        self.app.analyzer.analyze("warm up")
        web = create_app(self.app, WebConfig(cookie_secure=False, **config))
        self.server = uvicorn.Server(server_config(web, "127.0.0.1", 0, web.state.web.config))
        self.thread = threading.Thread(target=lambda: asyncio.run(self.server.serve()), daemon=True)
        self.thread.start()
        for _ in range(600):
            if self.server.started:
                break
            time.sleep(0.05)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.app.close()


@pytest.fixture(params=["httptools", "h11"])
def running(request, tmp_path, kb, monkeypatch):
    chosen = {"httptools": protocol.DeadlineHttpToolsProtocol, "h11": protocol.DeadlineH11Protocol}[request.param]
    monkeypatch.setattr(protocol, "protocol_class", lambda: chosen)
    made = []

    def start(**config) -> Running:
        r = Running(tmp_path / str(len(made)), kb, **config)
        made.append(r)
        return r

    yield start
    for r in made:
        r.stop()


def test_a_rotated_x_forwarded_for_does_not_reset_the_login_limit(running):
    srv = running()
    Operators(srv.app.store).add("alice", PASSWORD)
    Roles(srv.app.store, ("cli:admin",)).grant("cli:admin", "op:alice", "operator")
    statuses = []
    with httpx.Client(base_url=srv.url) as c:
        for n in range(12):
            page = c.get("/console/login")
            token = re.search(r'name="prelogin" value="([^"]+)"', page.text).group(1)
            r = c.post(
                "/console/login",
                data={"login": "alice", "password": "wrong password", "prelogin": token},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
            )
            statuses.append(r.status_code)
    assert 429 in statuses


def test_a_trickled_request_is_closed_at_its_deadline(running):
    srv = running(request_timeout=1)
    with socket.create_connection(("127.0.0.1", srv.port), timeout=20) as s:
        s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        closed = False
        for _ in range(40):  # one header line every 0.25 s: forever, unless the server closes
            try:
                s.sendall(b"X-Slow: 1\r\n")
                s.settimeout(0.25)
                if s.recv(1024) == b"":
                    closed = True
                    break
            except TimeoutError:
                continue
            except (ConnectionResetError, BrokenPipeError):
                closed = True
                break
    assert closed


def test_a_quick_request_still_gets_its_answer(running):
    srv = running(request_timeout=1)
    with httpx.Client(base_url=srv.url) as c:
        assert c.get("/v1/health").status_code == 200
        time.sleep(0.1)
        assert c.get("/v1/health").status_code == 200  # the same kept-alive connection, re-armed


def test_the_parser_in_use_is_the_one_asked_for(running):
    srv = running()
    assert issubclass(srv.server.config.http, protocol.protocol_class())


def test_a_request_head_over_16_kb_is_refused_and_closed(running):
    srv = running()
    with socket.create_connection(("127.0.0.1", srv.port), timeout=20) as s:
        s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        s.sendall(b"".join(b"X-Filler-%d: %s\r\n" % (n, b"f" * 1000) for n in range(17)))  # and no end
        answer = b""
        while chunk := s.recv(4096):
            answer += chunk
    assert answer.split(b" ", 2)[1] in (b"431", b"400")  # httptools: 431; h11: uvicorn's 400
    assert b"status" not in answer  # never served


def test_a_response_without_a_body_ends_and_the_connection_goes_on(running):
    srv = running()
    with socket.create_connection(("127.0.0.1", srv.port), timeout=20) as s:
        s.sendall(b"HEAD /console/static/console.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            head += s.recv(1)
        assert head.startswith(b"HTTP/1.1 200") and b"content-length" in head.lower()
        s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")  # the same connection
        answer = b""
        while b'"status":"ok"' not in answer:
            chunk = s.recv(4096)
            assert chunk, answer
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200")


def test_stopping_the_server_writes_the_trend_rows_and_access_counts_still_waiting(running, caplog):
    from bot.store.apikeys import ApiKeys

    caplog.set_level(logging.INFO, logger="callcheck.web.access")
    srv = running(access_log_seconds=3600)  # only the shutdown can write the access line
    srv.app.trends.deferred.interval = 3600  # only the shutdown can write them
    _, token = ApiKeys(srv.app.store).create("partner", 600, "test")
    texts = [f"Courier desk: parcel {n} held, pay the customs fee by card now" for n in range(6)]
    with httpx.Client(base_url=srv.url, headers={"Authorization": f"Bearer {token}"}) as c:
        assert all(c.post("/v1/check", json={"text": t}).status_code == 200 for t in texts)
    srv.server.should_exit = True
    srv.thread.join(30)
    assert not srv.thread.is_alive()
    (rows,) = srv.app.store.db.execute("SELECT COUNT(*) FROM trend_checks").fetchone()
    assert rows == len(texts)
    lines = [r.getMessage() for r in caplog.records if r.name == "callcheck.web.access"]
    assert len(lines) == 1 and lines[0].startswith(f"POST /v1/check status=200 requests={len(texts)} in ")
