"""uvicorn's h11 protocol with a deadline for receiving each request (headers and body).

uvicorn has no such timeout: `timeout_keep_alive` covers only the quiet time between requests and
is reset by every byte, so a client trickling a header a byte at a time (slowloris) holds its
connection for ever. Here each request must arrive whole within `request_timeout` seconds of the
connection opening or the previous response ending; else the connection is closed. A response
being written (however slow the analysis) is never cut: the deadline ends when the request is in.
"""

from __future__ import annotations

import asyncio
import os

from uvicorn.protocols.http.h11_impl import H11Protocol


def _env_timeout() -> float:
    raw = os.environ.get("CALLCHECK_REQUEST_TIMEOUT", "")
    return float(raw) if raw.isdigit() and int(raw) >= 1 else 10.0


class DeadlineH11Protocol(H11Protocol):
    request_timeout: float = _env_timeout()  # `with_deadline` makes one with another deadline

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._waiting_for = self.cycle  # the request being awaited is the one after this cycle
        self._deadline = self.loop.call_later(self.request_timeout, self._expired)

    def _disarm(self) -> None:
        handle = getattr(self, "_deadline", None)
        if handle is not None:
            handle.cancel()
        self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.logger.info("request not received within %.0f s: connection closed", self.request_timeout)
            self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        cycle = self.cycle
        armed = getattr(self, "_deadline", None) is not None
        if armed and cycle is not None and cycle is not self._waiting_for and not cycle.more_body:
            self._disarm()  # the new request is in, body and all

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def with_deadline(seconds: float) -> type[DeadlineH11Protocol]:
    """The protocol class for uvicorn.Config(http=...), with its deadline."""
    return type("DeadlineH11", (DeadlineH11Protocol,), {"request_timeout": float(seconds)})
