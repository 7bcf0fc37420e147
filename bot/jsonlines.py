"""Read JSON Lines robustly: a bad line is reported with its number and skipped, never fatal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO


def read_jsonl(stream: BinaryIO, require: tuple[str, ...] = ("text",)) -> Iterator[dict]:
    """Yield each object; a line that cannot be used yields {"__error__": "line N: why"}."""
    for n, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield {"__error__": f"line {n}: not valid UTF-8 (byte {exc.start}); line skipped"}
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {"__error__": f"line {n}: not valid JSON ({exc.msg}, column {exc.colno}); line skipped"}
            continue
        if not isinstance(obj, dict):
            yield {"__error__": f'line {n}: expected a JSON object like {{"id": …, "text": …}}'}
            continue
        missing = [k for k in require if k not in obj]
        if missing:
            yield {"__error__": f'line {n}: no "{missing[0]}" field; line skipped'}
            continue
        obj.setdefault("__line__", n)
        yield obj
