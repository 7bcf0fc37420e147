"""Logging that cannot leak what people send, by structure rather than by pattern.

Every log record is rebuilt when it is created (a LogRecord factory, so every handler sees the
same safe record, pytest's caplog included):
- a library's record (python-telegram-bot, httpx, tornado…) keeps its message template but none
  of its arguments: an update, a message body, a URL with the token, a user id or a first name
  never reaches a log line, at any level;
- callcheck's own records keep only arguments that cannot carry what people wrote: numbers,
  booleans, exception classes and short identifier words such as event kinds (loggers in
  `TRUSTED` build their arguments to be safe and keep them whole);
- a traceback keeps its frames (file, line, function) and exception class names, never the
  exception's message, which may quote the input.
The pattern redaction (`bot.redact.for_logs`) stays as a second net in the formatter.
"""

from __future__ import annotations

import logging
import re
import time
import traceback

from .redact import for_logs

OURS = ("callcheck", "bot", "nlu", "knowledge")  # logger names whose templates and arguments we write
# Loggers whose arguments are built to carry nothing personal, kept whole: the web access log
# (method, path with numeric segments folded, no query string, status, time, API key id).
TRUSTED = frozenset({"callcheck.web.access"})
WITHHELD = "[…]"
# Library templates whose arguments are the server's own configuration, not what people send: the
# one line an admin looks for to know where the server listens ("Uvicorn running on http://…").
CONFIG_TEMPLATES = frozenset(
    {
        ("uvicorn.error", "Uvicorn running on %s://%s:%d (Press CTRL+C to quit)"),
        ("uvicorn.error", "Uvicorn running on %s://[%s]:%d (Press CTRL+C to quit)"),
    }
)
_ADDRESS_PART = re.compile(r"[A-Za-z0-9.:_\-]{1,64}")
_SAFE_WORD = re.compile(r"[A-Za-z_]+(?:[._-][A-Za-z_]+)*")
_SPEC = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])")
_base_factory = logging.getLogRecordFactory()


def redact(text: str) -> str:
    """Redact tokens, numbers and long runs of Chinese text from one log line (the second net)."""
    return for_logs(text)


def _safe(value: object) -> bool:
    if value is None or isinstance(value, (bool, int, float)):
        return True
    if isinstance(value, type):
        return True
    return isinstance(value, str) and len(value) <= 48 and bool(_SAFE_WORD.fullmatch(value))


def _address_part(value: object) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and bool(_ADDRESS_PART.fullmatch(value)))


def _render(template: str, args: tuple | dict, keep) -> str:
    """`template % args`, with every argument `keep` refuses (or that does not fit) withheld."""
    positional = iter(args if isinstance(args, tuple) else ())
    out: list[str] = []
    last = 0
    for m in _SPEC.finditer(template):
        out.append(template[last : m.start()])
        last = m.end()
        if m.group(2) == "%":
            out.append("%")
            continue
        if m.group(1) is not None:
            value = args.get(m.group(1), WITHHELD) if isinstance(args, dict) else WITHHELD
        else:
            value = next(positional, WITHHELD)
        if isinstance(value, type):
            value = value.__name__
        if value is WITHHELD or not keep(value):
            out.append(WITHHELD)
            continue
        try:
            out.append(m.group(0) % value)
        except (TypeError, ValueError):
            out.append(WITHHELD)
    out.append(template[last:])
    return "".join(out)


def safe_traceback(exc_info) -> str:
    """Frames and exception class names only: an exception's message may quote what someone sent."""
    _, exc, tb = exc_info
    lines = ["Traceback (most recent call last):"]
    for frame in traceback.extract_tb(tb):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
    lines.append(f"{type(exc).__module__}.{type(exc).__qualname__} (message withheld)")
    cause = exc.__cause__ or exc.__context__ if exc is not None else None
    depth = 0
    while cause is not None and depth < 5:
        lines.append(f"  caused by {type(cause).__qualname__}")
        cause = cause.__cause__ or cause.__context__
        depth += 1
    return "\n".join(lines)


def guard(record: logging.LogRecord) -> logging.LogRecord:
    """Rebuild a record so that nothing people wrote can be in it (see the module docstring)."""
    if getattr(record, "_callcheck_guarded", False):
        return record
    ours = record.name.split(".", 1)[0] in OURS
    keep = (lambda value: True) if record.name in TRUSTED else _safe if ours else (lambda value: False)
    if (record.name, record.msg) in CONFIG_TEMPLATES:  # scheme, host, port of this server
        keep = _address_part
    if not isinstance(record.msg, str):
        record.msg = WITHHELD  # an object logged as the message: an update, a dict…
    elif record.args:
        record.msg = _render(record.msg, record.args, keep)
    elif not ours:
        record.msg = for_logs(record.msg)  # a library's pre-formatted message: the pattern net
    record.args = ()
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = safe_traceback(record.exc_info)
    record._callcheck_guarded = True
    return record


def _factory(*args, **kwargs) -> logging.LogRecord:
    return guard(_base_factory(*args, **kwargs))


def install_log_guard() -> None:
    """Make every log record in this process safe (idempotent)."""
    if logging.getLogRecordFactory() is not _factory:
        logging.setLogRecordFactory(_factory)


class RedactingFormatter(logging.Formatter):
    """A Formatter whose output, tracebacks included, goes through `redact` as a second net.

    The time stamp (full UTC date and time, ISO 8601) is put in front after redaction: the
    net would otherwise take its digits for a number and blank the date and hour.
    """

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"
        return f"{stamp} {redact(super().format(record))}"


def setup_logging(level: int = logging.INFO) -> None:
    """Log to stderr with the guard and redaction; keep httpx, which logs request URLs, at WARNING."""
    install_log_guard()
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
