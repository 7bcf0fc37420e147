"""Analyse many texts on several cores, results in input order (`analyze --jsonl` and `eval --workers N`).

Each worker is a process with its own App built from the same Settings (its own knowledge, read
back compiled from the knowledge cache, and its own database connection: SQLite connections never
cross a process boundary). Rows travel in small chunks, at most `AHEAD` chunks per worker in
flight: every worker always has the next chunk waiting, memory stays bounded whatever the file's
size, and results are handed back in the input's order as soon as the oldest chunk is done. The
parent only reads rows and writes what the workers rendered (e.g. the JSON line), so nearly all of
the CPU is in the workers. One worker (the default) analyses in this process.

A row whose analysis raises gets a `RowError` in its place (the exception's type and where it was
raised, never the text) and every other row is analysed; a worker process that dies stops the run
with `BatchError` after every result before it was handed back in order.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHUNK = 64  # rows per task at most: the pipe's and the pool's cost per task is shared by this many rows
CHUNK_CHARS = 24_000  # characters per task at most: long texts make smaller tasks, so the cores stay balanced
AHEAD = 4  # tasks in flight per worker: one running, the next ones queued (memory: AHEAD x CHUNK rows each)

# What a worker imports before its first row: the analysis, the knowledge keeper and its cache, the
# database layer it opens (sqlite-utils, which imports numpy), the number service and OpenCC.
PRELOAD = [
    "bot.batch",
    "bot.app",
    "knowledge",
    "knowledge.kbcache",
    "knowledge.additions",
    "nlu.analyzer",
    "nlu.evaluate",
    "bot.store",
    "bot.store.review",
    "bot.services.knowledge",
    "bot.services.numbers",
    "sqlite_utils",
    "opencc",
]

_app = None  # the worker process's App
_render: Callable[[Any, Any], Any] | None = None
_ready_cpu = 0.0  # the worker's CPU seconds when it was ready (imports, knowledge, analyzer)


class BatchError(Exception):
    """The run cannot go on (a worker process died); every result before it was handed back."""


@dataclass(frozen=True)
class RowError:
    """In place of a row's result when its analysis raised: what was raised and where, never the text."""

    what: str

    def __str__(self) -> str:
        return f"analysis failed ({self.what})"


@dataclass
class BatchStats:
    """Where the CPU went: this process's, and each worker's (its start-up apart), in seconds."""

    workers: int = 1
    rows: int = 0
    wall: float = 0.0
    parent_cpu: float = 0.0
    worker_cpu: dict[int, float] = field(default_factory=dict)  # pid -> CPU seconds, start-up included
    worker_start_cpu: dict[int, float] = field(default_factory=dict)  # pid -> CPU seconds until ready
    worker_rows: dict[int, int] = field(default_factory=dict)

    def summary(self) -> str:
        busy = sum(self.worker_cpu.values())
        total = self.parent_cpu + busy
        line = (
            f"{self.rows:,} rows in {self.wall:.1f} s on {self.workers} worker(s); CPU {total:.2f} s: "
            f"this process {self.parent_cpu:.2f} s ({self.parent_cpu / max(total, 1e-9):.0%})"
        )
        if self.worker_cpu:
            each = ", ".join(
                f"{self.worker_cpu[pid]:.2f} s ({self.worker_rows.get(pid, 0):,} rows, "
                f"start {self.worker_start_cpu.get(pid, 0):.2f} s)"
                for pid in sorted(self.worker_cpu)
            )
            line += f"; workers {each}"
        return line

    def as_dict(self) -> dict:
        return {
            "workers": self.workers,
            "rows": self.rows,
            "wall_s": round(self.wall, 3),
            "parent_cpu_s": round(self.parent_cpu, 3),
            "worker_cpu_s": [round(self.worker_cpu[p], 3) for p in sorted(self.worker_cpu)],
            "worker_start_cpu_s": [round(self.worker_start_cpu.get(p, 0.0), 3) for p in sorted(self.worker_cpu)],
            "worker_rows": [self.worker_rows.get(p, 0) for p in sorted(self.worker_cpu)],
        }


def cpu_count() -> int:
    """Cores this process may use (the scheduler's affinity where known)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def resolve_workers(workers: int) -> int:
    """0 means one worker per core."""
    return cpu_count() if workers == 0 else max(1, workers)


def json_line(result, key) -> str:
    """`analyze --jsonl`'s output line for one result (rendered in the worker: only the line travels back)."""
    return json.dumps(result.to_dict(key), ensure_ascii=False)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _init(settings, render) -> None:
    global _app, _render, _ready_cpu
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no traceback per worker
    from .app import App

    _app = App(settings)
    _render = render
    _ = _app.analyzer  # load the knowledge (compiled, from the cache) before the first text arrives
    _ready_cpu = _cpu()


def _where(exc: BaseException) -> str:
    """`TypeError at nlu/analyzer.py:123`: what was raised and where, without its message (it may quote the text)."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    path = Path(last.filename)
    short = "/".join(path.parts[-2:])
    return f"{type(exc).__name__} at {short}:{last.lineno}"


def _analyze_rows(analyzer, render, items) -> list[tuple[Any, float]]:
    out: list[tuple[Any, float]] = []
    for key, text in items:
        if text is None:
            out.append((None, 0.0))
            continue
        start = time.perf_counter()
        try:
            result = analyzer.analyze(text)
            value = render(result, key) if render else result
        except Exception as exc:  # one row's failure must not cost the others their results
            out.append((RowError(_where(exc)), 0.0))
            continue
        out.append((value, (time.perf_counter() - start) * 1000))
    return out


def _analyze_chunk(items: list[tuple[Any, str | None]]) -> tuple[list[tuple[Any, float]], int, float, float]:
    out = _analyze_rows(_app.analyzer, _render, items)
    return out, os.getpid(), _ready_cpu, _cpu()


def _context():
    # A process that runs no other thread (the command line) forks its workers: they start at once
    # with every module this process has imported, each then loading the rest and the knowledge in
    # parallel. They never use this process's database connection (each opens its own) and leave
    # without closing it. Where another thread runs (a server, a test runner), a fork could copy a
    # lock that thread holds, so the workers come from a clean server process (forkserver) instead,
    # which imports what a worker needs once (PRELOAD) and forks each worker from there.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _chunks(items: Iterable[tuple[Any, str | None]]) -> Iterator[list[tuple[Any, str | None]]]:
    """Consecutive rows, at most CHUNK of them and about CHUNK_CHARS characters of text."""
    chunk: list[tuple[Any, str | None]] = []
    chars = 0
    for item in items:
        chunk.append(item)
        chars += len(item[1] or "")
        if len(chunk) >= CHUNK or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def analyze_many(
    app,
    items: Iterable[tuple[Any, str | None]],
    workers: int = 1,
    render: Callable[[Any, Any], Any] | None = None,
    stats: BatchStats | None = None,
) -> Iterator[tuple[Any, float]]:
    """Yield (result, milliseconds) for each (key, text) in order; text None yields (None, 0).

    `render(result, key)` runs where the analysis ran (in the worker), so only its output travels
    back: e.g. the JSON line for `analyze`. Without it the Analysis itself is returned. A row whose
    analysis or rendering raised yields (RowError, 0). `stats`, when given, is filled in at the end.
    """
    workers = resolve_workers(workers)
    stats = stats if stats is not None else BatchStats()
    stats.workers = workers
    start_wall, start_cpu = time.perf_counter(), _cpu()
    try:
        if workers == 1:  # row by row: a line typed on standard input is answered at once
            analyzer = app.analyzer
            for item in items:
                stats.rows += 1
                yield _analyze_rows(analyzer, render, (item,))[0]
        else:
            yield from _in_workers(app, items, workers, render, stats)
    finally:
        stats.wall = time.perf_counter() - start_wall
        stats.parent_cpu = _cpu() - start_cpu


def _in_workers(app, items, workers: int, render, stats: BatchStats) -> Iterator[tuple[Any, float]]:
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # a forked worker flushes its copy of these buffers when it ends: nothing may be in them
    # The database (and its salt file) is created and migrated here, once, before any worker opens it:
    # workers starting together on a fresh database would each create it, and one could find it locked.
    _ = app.store
    pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_init, initargs=(app.settings, render))
    pending: deque[Future] = deque()
    chunks = _chunks(items)
    limit = workers * AHEAD
    clean = False
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                else:
                    pending.append(pool.submit(_analyze_chunk, chunk))
            if not pending:
                break
            try:
                results, pid, ready, cpu = pending.popleft().result()
            except BrokenProcessPool as exc:
                raise BatchError(
                    f"a worker process stopped unexpectedly (killed, or out of memory) after {stats.rows:,} "
                    "result(s) were handed back in order; the rows after them were not analysed"
                ) from exc
            stats.worker_start_cpu[pid] = ready
            stats.worker_cpu[pid] = max(cpu, stats.worker_cpu.get(pid, 0.0))
            stats.worker_rows[pid] = stats.worker_rows.get(pid, 0) + len(results)
            stats.rows += len(results)
            yield from results
        clean = True
    finally:
        # On an error or Ctrl-C: drop what is queued and let the workers finish their current chunk.
        pool.shutdown(wait=clean, cancel_futures=not clean)


class Progress:
    """A line on stderr every `every` seconds for long runs ("eval: 12,000 rows, 950 rows/s"); quiet otherwise."""

    def __init__(self, what: str, every: float = 10.0, stream=None):
        self.what = what
        self.every = every
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.next = self.start + every
        self.count = 0
        self.shown = False

    def tick(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if now >= self.next:
            self.next = now + self.every
            self.shown = True
            rate = self.count / max(now - self.start, 1e-9)
            print(f"{self.what}: {self.count:,} rows, {rate:,.0f} rows/s", file=self.stream, flush=True)

    def done(self) -> None:
        if self.shown:
            elapsed = time.monotonic() - self.start
            print(f"{self.what}: {self.count:,} rows in {elapsed:.0f} s", file=self.stream, flush=True)
