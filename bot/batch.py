"""Analyse many texts on several cores, results in input order (`analyze --jsonl` and `eval --workers N`).

Each worker is a process with its own App built from the same Settings (its own knowledge, its
own database connection: SQLite connections never cross a process boundary). Texts go out in windows so a
file of any size is never held in memory whole, and the next window is already being analysed
while the previous one is written out. One worker (the default) analyses in this process, as
before.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

WINDOW = 2048  # texts per window handed to the pool (two windows in flight at most)
CHUNK = 16  # texts per task: enough to hide the pipe's cost, small enough to balance the cores

_app = None  # the worker process's App
_render: Callable[[Any, Any], Any] | None = None


def cpu_count() -> int:
    """Cores this process may use (the scheduler's affinity where known)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def resolve_workers(workers: int) -> int:
    """0 means one worker per core."""
    return cpu_count() if workers == 0 else max(1, workers)


def _init(settings, render) -> None:
    global _app, _render
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no traceback per worker
    from .app import App

    _app = App(settings)
    _render = render
    _ = _app.analyzer  # load the knowledge before the first text arrives


def _analyze_chunk(items: list[tuple[Any, str | None]]) -> list[tuple[Any, float]]:
    out = []
    for key, text in items:
        if text is None:
            out.append((None, 0.0))
            continue
        start = time.perf_counter()
        result = _app.analyzer.analyze(text)
        ms = (time.perf_counter() - start) * 1000
        out.append((_render(result, key) if _render else result, ms))
    return out


def _context():
    # Workers start from a clean server process (forkserver) rather than as forks of this one: a
    # fork would copy this process's threads' locks and its open SQLite connection. The server
    # imports the analysis code once, so each worker forks from it with the modules loaded.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["bot.batch", "bot.app", "knowledge", "nlu.analyzer"])
        return ctx
    return multiprocessing.get_context("spawn")


def analyze_many(
    app,
    items: Iterable[tuple[Any, str | None]],
    workers: int = 1,
    render: Callable[[Any, Any], Any] | None = None,
) -> Iterator[tuple[Any, float]]:
    """Yield (result, milliseconds) for each (key, text) in order; text None yields (None, 0).

    `render(result, key)` runs where the analysis ran (in the worker), so only its output travels
    back: e.g. the JSON line for `analyze`. Without it the Analysis itself is returned.
    """
    workers = resolve_workers(workers)
    if workers == 1:
        for key, text in items:
            if text is None:
                yield None, 0.0
                continue
            start = time.perf_counter()
            result = app.analyzer.analyze(text)
            ms = (time.perf_counter() - start) * 1000
            yield (render(result, key) if render else result), ms
        return
    it = iter(items)
    pool = _context().Pool(workers, initializer=_init, initargs=(app.settings, render))
    try:
        pending: deque = deque()
        while True:
            window = list(islice(it, WINDOW))
            if window:
                chunks = [window[k : k + CHUNK] for k in range(0, len(window), CHUNK)]
                pending.append(pool.imap(_analyze_chunk, chunks))
            if pending and (len(pending) > 1 or not window):
                for chunk in pending.popleft():
                    yield from chunk
            if not window and not pending:
                break
        pool.close()
        pool.join()
    finally:
        pool.terminate()


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
