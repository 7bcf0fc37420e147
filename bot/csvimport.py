"""Read number lists from CSV without trusting them: bad rows are reported by line and skipped.

A line longer than MAX_LINE bytes is skipped without being held in memory, so a 1 GB line costs
one pass over it and nothing else.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

MAX_LINE = 64 * 1024
COLUMNS = ("number", "script", "note")


class CsvFormatError(ValueError):
    """The file cannot be imported at all (empty, or no 'number' column)."""


@dataclass(frozen=True)
class CsvRow:
    line: int
    number: str
    script: str
    note: str | None


def _lines(stream: BinaryIO, on_bytes: Callable[[int], None] | None) -> Iterator[tuple[int, bytes | None]]:
    n = 0
    while True:
        line = stream.readline(MAX_LINE)
        if not line:
            return
        n += 1
        if on_bytes:
            on_bytes(len(line))
        if len(line) >= MAX_LINE and not line.endswith(b"\n"):
            while True:  # discard the rest of an oversized line in chunks
                rest = stream.readline(MAX_LINE)
                if on_bytes:
                    on_bytes(len(rest))
                if not rest or rest.endswith(b"\n"):
                    break
            yield n, None
            continue
        yield n, line


def read_rows(stream: BinaryIO, errors: list[str], on_bytes: Callable[[int], None] | None = None) -> Iterator[CsvRow]:
    """Yield good rows; append 'line N: why' to `errors` for each bad one."""
    lines = _lines(stream, on_bytes)
    header: list[str] | None = None
    for n, raw in lines:
        if raw is None:
            errors.append(f"line {n}: longer than {MAX_LINE // 1024} KB; skipped")
            continue
        text = raw.decode("utf-8-sig", errors="replace").strip()
        if not text:
            continue
        header = [h.strip().lower() for h in next(csv.reader([text]))]
        break
    if header is None:
        raise CsvFormatError("the file is empty: expected a header line 'number,script,note' and one row per number")
    if "number" not in header:
        raise CsvFormatError(
            f"no 'number' column in the header ({', '.join(header) or 'nothing'}); "
            "the first line must name the columns, e.g. number,script,note"
        )
    idx = {c: header.index(c) for c in COLUMNS if c in header}
    for n, raw in lines:
        if raw is None:
            errors.append(f"line {n}: longer than {MAX_LINE // 1024} KB; skipped")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            errors.append(f"line {n}: not valid UTF-8 (byte {exc.start}); skipped")
            continue
        if not text.strip():
            continue
        try:
            cells = next(csv.reader([text]))
        except csv.Error as exc:
            errors.append(f"line {n}: not valid CSV ({exc}); skipped")
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            i = idx.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        number = cell("number")
        if not number:
            errors.append(f"line {n}: the number is empty; skipped")
            continue
        yield CsvRow(n, number, cell("script"), cell("note") or None)
