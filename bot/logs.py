"""Logging that cannot leak what people send: numbers, ids and long runs of text are redacted.

Code never logs message text on purpose; this formatter also covers what it does not control,
such as the message of an exception in a traceback.
"""

from __future__ import annotations

import logging

from .redact import for_logs


def redact(text: str) -> str:
    """Redact tokens, numbers and long runs of Chinese text from one log line."""
    return for_logs(text)


class RedactingFormatter(logging.Formatter):
    """A Formatter whose output, tracebacks included, goes through `redact`."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup_logging(level: int = logging.INFO) -> None:
    """Log to stderr with redaction; keep httpx, which logs request URLs, at WARNING."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
