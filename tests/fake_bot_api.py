"""A local Telegram Bot API stand-in on 127.0.0.1 that enforces Telegram's broadcast limits.

Used by the crash-resume test (a sender subprocess talks to it over HTTP) and by
benchmarks/bench_broadcast.py. Limits, as token buckets like the ones python-telegram-bot's
AIORateLimiter uses: OVERALL messages a second across all chats (burst OVERALL), and GROUP
messages a minute per group or channel (negative chat ids). A request over a limit is answered
429 with `retry_after`, as Telegram does. Every delivered sendMessage is counted per chat, so
duplicates are visible. The server runs in a daemon thread and stops with `close()`.
"""

from __future__ import annotations

import itertools
import json
import math
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class Bucket:
    """A token bucket: `capacity` at once, refilled at `rate` tokens a second."""

    def __init__(self, capacity: float, rate: float, now: float):
        self.capacity, self.rate = capacity, rate
        self.tokens, self.at = capacity, now

    def take(self, now: float) -> float:
        """Take a token and return 0, or return the seconds until one is available."""
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class BotAPIStandIn:
    """Start with `BotAPIStandIn()`; `base_url` goes to the Application; `delivered` counts per chat."""

    def __init__(
        self,
        overall_per_second: float = 30,
        group_per_minute: float = 20,
        latency: float = 0.0,
        on_send=None,
        enforce: bool = True,
    ):
        self.overall = overall_per_second
        self.group = group_per_minute
        self.latency = latency
        self.on_send = on_send  # called with (chat_id, n-th delivery) after recording, before answering
        self.enforce = enforce
        self.lock = threading.Lock()
        self.delivered: Counter[int] = Counter()
        self.too_many = 0
        self.requests = 0
        self.first_send: float | None = None
        self.last_send: float | None = None
        self._buckets: dict[object, Bucket] = {}
        self._ids = itertools.count(1)
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test and benchmark output clean
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                status, body = stand_in.handle(self.path, self.headers.get("Content-Type", ""), raw)
                payload = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client went away (e.g. the sender was killed)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def duplicates(self) -> int:
        return sum(n - 1 for n in self.delivered.values() if n > 1)

    def _params(self, content_type: str, raw: bytes) -> dict:
        if "json" in content_type:
            return json.loads(raw or b"{}")
        if "multipart" in content_type:
            out = {}
            boundary = content_type.split("boundary=", 1)[1].encode()
            for part in raw.split(b"--" + boundary):
                head, _, value = part.partition(b"\r\n\r\n")
                if b'name="' in head:
                    name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode()
                    out[name] = value.rstrip(b"\r\n").decode(errors="replace")
            return out
        return {k: v[0] for k, v in parse_qs(raw.decode()).items()}

    def _wait(self, chat_id: int, now: float) -> float:
        overall = self._buckets.setdefault("all", Bucket(self.overall, self.overall, now))
        waits = [overall.take(now)]
        if chat_id < 0:
            group = self._buckets.setdefault(chat_id, Bucket(self.group, self.group / 60, now))
            waits.append(group.take(now))
        return max(waits)

    def handle(self, path: str, content_type: str, raw: bytes) -> tuple[int, dict]:
        method = path.rsplit("/", 1)[-1]
        params = self._params(content_type, raw)
        if self.latency:
            time.sleep(self.latency)
        with self.lock:
            self.requests += 1
        if method == "getMe":
            return 200, {
                "ok": True,
                "result": {"id": 999, "is_bot": True, "first_name": "callcheck", "username": "callcheck_bot"},
            }
        if method != "sendMessage":
            return 200, {"ok": True, "result": True}
        chat_id = int(params["chat_id"])
        now = time.monotonic()
        with self.lock:
            wait = self._wait(chat_id, now) if self.enforce else 0.0
            if wait > 0:
                self.too_many += 1
                retry = max(1, math.ceil(wait))
                return 429, {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry}",
                    "parameters": {"retry_after": retry},
                }
            self.delivered[chat_id] += 1
            n = sum(self.delivered.values())
            self.first_send = self.first_send or now
            self.last_send = now
        if self.on_send:
            self.on_send(chat_id, n)
        message = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "channel" if chat_id < 0 else "private"},
            "text": params.get("text", ""),
        }
        return 200, {"ok": True, "result": message}
