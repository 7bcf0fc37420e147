"""What guards the HTTP side: request-size limits, per-key rate limits, and an access log without data.

BodyLimit     ASGI middleware: 413 before reading a body whose Content-Length is too large, and
              413 as soon as a streamed (chunked) body passes the limit
RateLimiter   token buckets per key: `take` says how long to wait when a bucket is empty
AccessLog     ASGI middleware: method, path with digits folded, status, time and key id only
AccessTally   the same facts for `POST /v1/check`'s answered requests, summed: one line per
              path, status and key every few seconds instead of one per request
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import time
from collections.abc import Callable

import orjson
from fastapi import HTTPException  # FastAPI re-raises its own HTTPException from body parsing

log = logging.getLogger("callcheck.web.access")


class BodyTooLarge(HTTPException):
    """The request body passed its limit."""

    def __init__(self, limit: int):
        super().__init__(413, f"request body too large: at most {limit} bytes")


def json_bytes(body) -> bytes:
    """JSON, UTF-8, no spaces (orjson: the API's responses are encoded with it too)."""
    return orjson.dumps(body)


async def send_json(send, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
    raw = json_bytes(body)
    hdrs = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    hdrs += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": hdrs})
    await send({"type": "http.response.body", "body": raw})


class BodyLimit:
    """Reject bodies over the limit for their path prefix (longest prefix wins) without reading them."""

    def __init__(self, app, default: int, per_prefix: dict[str, int] | None = None):
        self.app = app
        self.default = default
        self.per_prefix = sorted((per_prefix or {}).items(), key=lambda kv: -len(kv[0]))

    def limit_for(self, path: str) -> int:
        return next((n for prefix, n in self.per_prefix if path.startswith(prefix)), self.default)

    def refusal(self, scope) -> tuple[int, str, dict[str, str] | None] | None:
        """(status, message, headers) when the Content-Length alone refuses the request, else None."""
        limit = self.limit_for(scope.get("path", ""))
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None:
            if not length.isdigit():
                return 400, "Content-Length is not a number", None
            if int(length) > limit:
                return 413, f"request body too large: at most {limit} bytes", {"connection": "close"}
        return None

    def limited(self, scope, receive):
        """`receive` that raises BodyTooLarge as soon as the body read passes the path's limit."""
        limit = self.limit_for(scope.get("path", ""))
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        return limited_receive

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        refused = self.refusal(scope)
        if refused is not None:
            return await send_json(send, refused[0], {"error": refused[1]}, refused[2])
        started = False

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, self.limited(scope, receive), tracking_send)
        except BodyTooLarge as exc:  # raised where no exception handler caught it
            if not started:
                await send_json(send, 413, {"error": exc.detail}, {"connection": "close"})


class RateLimiter:
    """Token buckets: `per_minute` requests a minute, bursts up to `per_minute`, one bucket per key."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, last refill)
        self._rates: dict[str, float] = {}  # key -> tokens a second (for `peek`)

    def take(self, key: str, per_minute: int) -> int:
        """0 when the request may go ahead, else the whole seconds to wait (for Retry-After)."""
        now = self.clock()
        rate = per_minute / 60.0
        self._rates[key] = rate
        if len(self._buckets) > 100_000:  # many addresses or logins: forget the full (idle) buckets
            self._prune(now)
        tokens, last = self._buckets.get(key, (float(per_minute), now))
        tokens = min(float(per_minute), tokens + (now - last) * rate)
        if tokens >= 1:
            self._buckets[key] = (tokens - 1, now)
            return 0
        self._buckets[key] = (tokens, now)
        return max(1, math.ceil((1 - tokens) / rate))

    def _prune(self, now: float) -> None:
        for k, (_tokens, last) in list(self._buckets.items()):
            if now - last > 3600:
                del self._buckets[k]
                self._rates.pop(k, None)

    def peek(self, key: str) -> int:
        """Like `take` without taking: whole seconds until the bucket has a token (0: it has one)."""
        entry = self._buckets.get(key)
        if entry is None:
            return 0
        tokens, last = entry
        rate = self._rates.get(key, 1.0)
        tokens = tokens + (self.clock() - last) * rate
        return 0 if tokens >= 1 else max(1, math.ceil((1 - tokens) / rate))


_DIGITS = re.compile(r"/\d+(?=/|$)")


class AccessLog:
    """One line per request: no query string, no body, numeric path segments folded to ':n'."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500

        async def recording_send(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            self.record(scope, status, start)

    @staticmethod
    def record(scope, status: int, start: float) -> None:
        """The request's one line (also written for routes served without the middleware stack)."""
        if not log.isEnabledFor(logging.INFO):
            return
        state = scope.get("state") or {}
        key = state.get("api_key")
        # Formatted here from fields built to be safe (a trusted logger keeps its arguments whole
        # anyway), so the log guard has no template to re-render on every request; the formatter's
        # redaction still runs over the line.
        log.info(
            f"{scope.get('method')} {_DIGITS.sub('/:n', scope.get('path', ''))[:80]} status={status} "
            f"ms={(time.perf_counter() - start) * 1000:.1f}{f' key={key}' if key else ''}"
        )


class AccessTally:
    """`POST /v1/check` answered (status under 400): counted, then logged as one line per method,
    path, status and key every `seconds` (and when the server stops), e.g.
    `POST /v1/check status=200 requests=812 in 10 s ms_mean=1.4 ms_max=38.0 key=ab12cd34`.

    A line per request, formatted and written on the event loop, cost more CPU than everything
    else a check's HTTP side does (~0.1 ms of ~0.35 ms); a count costs a dict update. Refusals and
    errors (400 and up, a 500 included) still get their own line at once, from `AccessLog.record`.
    The line carries what `AccessLog`'s does: no query string, body, text or number.
    `seconds=0`: a line per request, as every other route has.
    """

    def __init__(self, seconds: float = 10.0):
        self.seconds = seconds
        self._counts: dict[tuple, list] = {}  # (method, path, status, key) -> [requests, total ms, max ms]
        self._since = 0.0
        self._timer: asyncio.TimerHandle | None = None

    def record(self, scope, status: int, start: float) -> None:
        if status >= 400 or self.seconds <= 0:
            AccessLog.record(scope, status, start)
            return
        if not log.isEnabledFor(logging.INFO):
            return
        ms = (time.perf_counter() - start) * 1000
        key = (scope.get("method"), scope.get("path", ""), status, (scope.get("state") or {}).get("api_key"))
        counts = self._counts.get(key)
        if counts is None:
            if not self._counts:
                self._start()
            self._counts[key] = [1, ms, ms]
            return
        counts[0] += 1
        counts[1] += ms
        if ms > counts[2]:
            counts[2] = ms

    def _start(self) -> None:
        self._since = time.monotonic()
        try:
            self._timer = asyncio.get_running_loop().call_later(self.seconds, self.flush)
        except RuntimeError:  # no running loop: written by the next flush (e.g. at shutdown)
            self._timer = None

    def flush(self) -> int:
        """Log what was counted (one line per method, path, status and key); returns the lines."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        counts, self._counts = self._counts, {}
        took = max(1, round(time.monotonic() - self._since))
        for (method, path, status, key), (n, total, top) in counts.items():
            log.info(
                f"{method} {_DIGITS.sub('/:n', path)[:80]} status={status} requests={n} in {took} s "
                f"ms_mean={total / n:.1f} ms_max={top:.1f}{f' key={key}' if key else ''}"
            )
        return len(counts)


_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


class SecurityHeaders:
    """Headers every response gets, and the console's stricter set."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = self.for_path(scope.get("path", ""))

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in extra if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)

    @staticmethod
    def for_path(path: str) -> list[tuple[bytes, bytes]]:
        """The headers a response to `path` gets (unless it set them itself)."""
        return _CONSOLE_HEADERS if path.startswith("/console") else _HEADERS


_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
_CONSOLE_HEADERS = [
    *_HEADERS,
    (b"content-security-policy", _CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


class LoginGuard:
    """Console logins: back-off per account and per address, a global rate, a bounded hashing pool.

    - After `free` failures for one login from one address, each further try waits 2, 4, 8… seconds
      (at most `max_wait`); after `account_free` failures for one login from anywhere, the same.
      A success clears the login's failures: nobody is locked out for good, and the wait is short.
    - Each address may try `per_address` logins a minute, whatever the names; all addresses
      together `global_per_minute`: 200 names from one place are refused, not hashed.
    - scrypt runs in at most `hash_workers` threads with at most `hash_queue` waiting; past that the
      attempt is refused at once (no memory grows with the attempts).
    The refusal never looks at the password or the account: it costs the same for every login.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        free: int = 5,
        account_free: int = 20,
        max_wait: int = 300,
        per_address: int = 30,
        global_per_minute: int = 300,
        hash_workers: int = 2,
        hash_queue: int = 8,
    ):
        self.clock = clock
        self.free, self.account_free, self.max_wait = free, account_free, max_wait
        self.per_address, self.global_per_minute = per_address, global_per_minute
        self.rates = RateLimiter(clock)
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (failures, time of the last)
        self.hash_workers, self.hash_queue = hash_workers, hash_queue
        self._hashing = 0
        self._limiter = None  # anyio.CapacityLimiter, made on first use (needs a running loop)

    def _backoff(self, key: str, free: int) -> int:
        failures, last = self._failures.get(key, (0, 0.0))
        if failures < free:
            return 0
        wait = min(self.max_wait, 2 ** min(failures - free + 1, 20)) - (self.clock() - last)
        return max(0, math.ceil(wait))

    def wait(self, address: str, login: str) -> int:
        """0 when this attempt may be checked, else the seconds to wait (for Retry-After)."""
        login = login.strip().lower()
        backoff = max(self._backoff(f"{address}|{login}", self.free), self._backoff(login, self.account_free))
        if backoff:
            return backoff
        return self.rates.take(f"addr:{address}", self.per_address) or self.rates.take("all", self.global_per_minute)

    def failed(self, address: str, login: str) -> None:
        login = login.strip().lower()
        now = self.clock()
        if len(self._failures) > 100_000:  # forget the oldest half: memory stays bounded
            for key, _ in sorted(self._failures.items(), key=lambda kv: kv[1][1])[:50_000]:
                del self._failures[key]
        for key in (f"{address}|{login}", login):
            self._failures[key] = (self._failures.get(key, (0, 0.0))[0] + 1, now)

    def succeeded(self, address: str, login: str) -> None:
        login = login.strip().lower()
        self._failures.pop(f"{address}|{login}", None)
        self._failures.pop(login, None)

    async def check(self, fn: Callable[..., bool], *args) -> bool | None:
        """Run the password check in the bounded pool; None when the pool is full (refuse, try later)."""
        from anyio import CapacityLimiter, to_thread

        if self._hashing >= self.hash_workers + self.hash_queue:
            return None
        if self._limiter is None:
            self._limiter = CapacityLimiter(self.hash_workers)
        self._hashing += 1
        try:
            return await to_thread.run_sync(fn, *args, limiter=self._limiter)
        finally:
            self._hashing -= 1
