"""uvicorn's HTTP protocols with a deadline for receiving each request (headers and body).

uvicorn has no such timeout: `timeout_keep_alive` covers only the quiet time between requests and
is reset by every byte, so a client trickling a header a byte at a time (slowloris) holds its
connection for ever. Here each request must arrive whole within `request_timeout` seconds of the
connection opening or the previous response ending; else the connection is closed. A response
being written (however slow the analysis) is never cut: the deadline ends when the request is in.

Two parsers, the same rules: `DeadlineHttpToolsProtocol` over httptools (llhttp, in C: what
`callcheck serve` uses when it is installed, as it is with callcheck's dependencies) and
`DeadlineH11Protocol` over h11 (pure Python, the fallback). A request line and headers may take
at most `MAX_HEAD` bytes with either (h11 through uvicorn's `h11_max_incomplete_event_size`,
httptools here, answering 431).
"""

from __future__ import annotations

import asyncio
import os

from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_HEAD = 16 * 1024  # a request line and its headers
_TOO_LARGE = b"request line and headers over 16 KB\n"
_431 = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(_TOO_LARGE), _TOO_LARGE)
)


def _env_timeout() -> float:
    raw = os.environ.get("CALLCHECK_REQUEST_TIMEOUT", "")
    return float(raw) if raw.isdigit() and int(raw) >= 1 else 10.0


class _Deadline:
    """The deadline timer shared by both protocols (`self.loop` and `self.transport` are theirs):
    armed when a connection opens and when a response ends, disarmed when the connection is lost
    (and by each protocol when a whole request is in). Comes first in both protocols' bases, so its
    hooks wrap the parser's own."""

    request_timeout: float = _env_timeout()  # `with_deadline` makes one with another deadline
    _deadline: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_timeout, self._expired)  # type: ignore[attr-defined]

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():  # type: ignore[attr-defined]
            self.logger.info("request not received within %.0f s: connection closed", self.request_timeout)  # type: ignore[attr-defined]
            self.transport.close()  # type: ignore[attr-defined]

    def connection_made(self, transport: asyncio.Transport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        if not self.transport.is_closing():  # type: ignore[attr-defined]
            self._arm()  # the next request has its deadline from now

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)  # type: ignore[misc]


class DeadlineH11Protocol(_Deadline, H11Protocol):
    def _arm(self) -> None:
        self._waiting_for = self.cycle  # the request being awaited is the one after this cycle
        super()._arm()

    def handle_events(self) -> None:
        super().handle_events()
        cycle = self.cycle
        armed = self._deadline is not None
        if armed and cycle is not None and cycle is not self._waiting_for and not cycle.more_body:
            self._disarm()  # the new request is in, body and all


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools is not installed: h11 only
    HttpToolsProtocol = None  # type: ignore[assignment,misc]


class _OneWrite:
    """A response's transport that holds the response head until its first body bytes and writes
    both at once: one send (one trip through the kernel's TCP stack) per response instead of two.
    A `100 Continue` goes out at once; a head with no body is written when the response completes
    or the connection closes. Everything else is the connection's own transport."""

    __slots__ = ("_head", "_transport")

    def __init__(self, transport: asyncio.Transport):
        self._transport = transport
        self._head: bytes | None = None

    def write(self, data: bytes) -> None:
        if self._head is None and data[:9] == b"HTTP/1.1 " and data[9:13] != b"100 ":
            self._head = data
            return
        if self._head is not None:
            data, self._head = self._head + data, None
        self._transport.write(data)

    def flush(self) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            self._transport.write(head)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str):
        return getattr(self._transport, name)


if HttpToolsProtocol is not None:

    class DeadlineHttpToolsProtocol(_Deadline, HttpToolsProtocol):  # type: ignore[valid-type,misc]
        _head = 0  # bytes of the request line and headers parsed so far
        _raw = 0  # bytes received while the current request's head is incomplete
        _in_head = True
        _refused = False

        def data_received(self, data: bytes) -> None:
            if self._refused:
                return
            if self._in_head:
                self._raw += len(data)
            super().data_received(data)
            if self._in_head and self._raw > MAX_HEAD:  # a head still incomplete past the limit
                self._refuse()

        def on_message_begin(self) -> None:
            self._head = 0
            super().on_message_begin()

        def _refuse(self) -> None:
            if not self._refused:
                self._refused = True
                self._disarm()
                if not self.transport.is_closing():
                    self.transport.write(_431)
                    self.transport.close()

        def _count(self, n: int) -> bool:
            self._head += n
            if self._head > MAX_HEAD:  # a head complete, or a header line, past the limit
                self._refuse()
            return self._refused

        def on_url(self, url: bytes) -> None:
            if not self._count(len(url)):
                super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            if not self._count(len(name) + len(value) + 4):
                super().on_header(name, value)

        def on_headers_complete(self) -> None:
            if self._refused:
                return
            self._in_head, self._raw = False, 0
            super().on_headers_complete()
            cycle = self.cycle
            if cycle is not None and cycle.transport is self.transport:  # its ASGI task has not run yet
                cycle.transport = _OneWrite(self.transport)

        def on_body(self, body: bytes) -> None:
            if not self._refused:
                super().on_body(body)

        def on_message_complete(self) -> None:
            if self._refused:
                return
            self._disarm()  # the request is in, body and all
            self._in_head, self._raw = True, 0  # what comes next is the next request's head
            super().on_message_complete()

        def on_response_complete(self) -> None:
            transport = self.cycle.transport if self.cycle is not None else None
            if isinstance(transport, _OneWrite):
                transport.flush()  # a head without body bytes (HEAD, 204, 304)
            super().on_response_complete()  # then re-armed (_Deadline)


def protocol_class() -> type:
    """The protocol `callcheck serve` uses: httptools when installed, else h11."""
    return DeadlineHttpToolsProtocol if HttpToolsProtocol is not None else DeadlineH11Protocol


def protocol_name() -> str:
    """`protocol_class` as an import string (for `serve --workers N`, whose processes import it)."""
    return f"{__name__}:{protocol_class().__name__}"


def with_deadline(seconds: float) -> type:
    """The protocol class for uvicorn.Config(http=...), with its deadline."""
    base = protocol_class()
    return type(f"{base.__name__}{int(seconds)}s", (base,), {"request_timeout": float(seconds)})
