"""Read JSON Lines robustly: a bad line is reported with its number and skipped, never fatal.

Not JSON and so refused: NaN, Infinity, numbers too large for a double, nesting deeper than the
parser can follow. Unpaired surrogate escapes ("\\ud800") become U+FFFD so every field can be
printed and stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import BinaryIO


def read_jsonl(stream: BinaryIO, require: tuple[str, ...] = ("text",), strings: tuple[str, ...] = ()) -> Iterator[dict]:
    """Yield each object; a line that cannot be used yields {"__error__": "line N: why", "__line__": N}
    (with its "id" when it has one). Blank lines are no records and yield nothing. The fields in
    `strings` must be strings with something in them ({"text": ""} and {"text": 123} are refused)."""
    for n, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield {"__error__": f"line {n}: not valid UTF-8 (byte {exc.start}); line skipped", "__line__": n}
            continue
        try:
            obj = json.loads(line, parse_constant=_refuse_constant, parse_float=_finite_float)
        except json.JSONDecodeError as exc:
            yield {
                "__error__": f"line {n}: not valid JSON ({exc.msg}, column {exc.colno}); line skipped",
                "__line__": n,
            }
            continue
        except RecursionError:
            yield {"__error__": f"line {n}: nested too deeply to read; line skipped", "__line__": n}
            continue
        except ValueError as exc:  # NaN, Infinity, 1e999, an integer of thousands of digits
            yield {"__error__": f"line {n}: not valid JSON ({str(exc)[:80]}); line skipped", "__line__": n}
            continue
        if _SURROGATE_ESCAPE.search(line):  # the only way a lone surrogate gets in (bytes are checked above)
            obj = _valid_text(obj)
        if not isinstance(obj, dict):
            yield {"__error__": f'line {n}: expected a JSON object like {{"id": …, "text": …}}', "__line__": n}
            continue
        missing = [k for k in require if k not in obj]
        why = f'no "{missing[0]}" field' if missing else _unusable(obj, strings)
        if why:
            yield {
                "__error__": f"line {n}: {why}; line skipped",
                "__line__": n,
                **({"id": obj["id"]} if "id" in obj else {}),
            }
            continue
        obj.setdefault("__line__", n)
        yield obj


def _unusable(obj: dict, strings: tuple[str, ...]) -> str | None:
    """Why a text field cannot be analysed: not a string ({"text": 123}), or empty ("")."""
    for k in strings:
        value = obj[k]
        if not isinstance(value, str):
            return f'"{k}" must be a string, not {"null" if value is None else type(value).__name__}'
        if not value.strip():
            return f'"{k}" is empty'
    return None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:20]} is too large for a number")
    return value


def _valid_text(obj):
    """The object unchanged, or, if some string holds an unpaired surrogate, with it replaced."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
        return obj
    except UnicodeEncodeError:
        return json.loads(re.sub("[\ud800-\udfff]", "\ufffd", json.dumps(obj, ensure_ascii=False)))
