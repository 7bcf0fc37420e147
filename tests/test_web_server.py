"""The real server (uvicorn with callcheck's settings) on 127.0.0.1: what only sockets show.

X-Forwarded-For is not believed from an untrusted peer, and a request trickled a byte at a time
is closed at its deadline. Each test starts its own server on a free port and stops it.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time

import httpx
import pytest
import uvicorn

from bot.app import App, Settings
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


@pytest.fixture
def running(tmp_path, kb):
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
