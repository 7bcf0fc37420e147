"""Helpers for the web tests: an in-process ASGI client on one thread, and a fake clock."""

from __future__ import annotations

import asyncio

import httpx

from bot.app import App, Settings
from bot.channels.web.server import WebConfig, create_app
from bot.store.apikeys import ApiKeys


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


class Client:
    """httpx over ASGITransport, driven from one event loop on the test's thread.

    The store holds one SQLite connection, used on the thread that serves requests; keeping the
    app and the test on one thread lets tests read the database directly between requests.
    """

    def __init__(self, web):
        self.loop = asyncio.new_event_loop()
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=web), base_url="https://127.0.0.1"
        )  # https: Secure cookies are sent

    def request(self, method: str, url: str, **kw) -> httpx.Response:
        return self.loop.run_until_complete(self.http.request(method, url, **kw))

    def get(self, url: str, **kw) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw) -> httpx.Response:
        return self.request("POST", url, **kw)

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


class Web:
    """An App, its ASGI application with a hand-moved rate-limit clock, and a client."""

    def __init__(self, tmp_path, kb=None, quorum: int = 3, reports_per_hour: int = 20, **config):
        self.app = App(Settings(db_path=tmp_path / "web.db", quorum=quorum, reports_per_hour=reports_per_hour))
        if kb is not None:
            self.app._kb = kb  # the session's knowledge base: loading it takes seconds
        self.app.analyzer.analyze("warm up")  # as `callcheck serve` does: building the analyzer takes seconds
        # (the number data is imported once per test process by conftest's `number_data_loaded`)

        self.clock = Clock()
        self.web = create_app(self.app, WebConfig(**config))
        self.state = self.web.state.web
        self.state.limiter.clock = self.clock
        self.state.logins.clock = self.state.logins.rates.clock = self.clock
        self.client = Client(self.web)

    def key(self, name: str = "partner", per_minute: int = 60) -> str:
        _, token = ApiKeys(self.app.store).create(name, per_minute, "test")
        return token

    def count(self, table: str) -> int:
        return self.app.store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def close(self) -> None:
        self.client.close()
        self.app.close()
