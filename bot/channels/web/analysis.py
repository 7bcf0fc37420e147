"""Analyses off the event loop: a bounded worker pool and a time budget per request.

The event loop only waits: `/v1/health`, logins and every other route keep answering while checks
run. At most `workers` analyses run at once and at most `queue` more wait; past that a request is
refused at once (503, `Busy`) instead of piling up. An analysis that passes its `budget` is not
waited for: the request gets the analysis of the text's first `short` characters, marked
`shortened` (too complex to analyse whole in time), and never a frozen server.

By default `fn(text)` runs on `workers` threads of this process over its own analyzer (the store is
safe from any thread), fed from one `queue.SimpleQueue`: a job is put on the queue, a free thread
runs it and hands its result back to the loop with one `call_soon_threadsafe`. That is the whole of
a thread pool a check needs; `ThreadPoolExecutor` does the same with a `concurrent.futures.Future`
per job (a condition variable, its locks and callbacks on both sides), which cost ~10-20 µs of CPU
per check in the server (bench_api). The threads are daemons: a text still stuck when the server
stops does not hold the process up (the trend rows are written before, see `WebState.close`).

Any `concurrent.futures.Executor` drops in instead: give `AnalysisPool(executor=
ProcessPoolExecutor(n, initializer=...), fn=module_level_function)` where the initializer builds
each worker's analyzer and `fn` returns a picklable result (the `Analysis` dataclass is).
`create_app(..., analysis=pool)` takes such a pool. Only a process can be stopped: with one, a
worker stuck past its budget could also be terminated and replaced.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from queue import Empty, SimpleQueue
from typing import Any

import orjson

from ...conversation.emergency import situation_for

log = logging.getLogger("callcheck.web.analysis")


def check_text(app: Any, text: str, region: str | None = None) -> Any:
    """One check as the API answers it, all on the worker: the analysis, and what the person says
    already went or is still open (`situation`: urgent, given, ongoing, the first action), read as
    the chat and `check --json` read it, so a partner app can put "stop the loss" or "hang up" first."""
    analysis = app.analyzer.analyze(text) if region is None else app.analyzer.analyze(text, region=region)
    body = text[: analysis.analysed_length]
    return replace(analysis, situation=situation_for(app.kb, body, analysis.verdict).to_dict())


def check_answer(app: Any, text: str, region: str | None = None) -> tuple[Any, bytes]:
    """What the API's worker does for one check: `check_text`, and the JSON document the answer
    carries (`Analysis.to_dict`, encoded by orjson), made on the worker rather than the event loop.
    The Analysis comes along for what the server records of it (the trend row)."""
    analysis = check_text(app, text, region)
    return analysis, orjson.dumps(analysis.to_dict())


class Busy(Exception):
    """Every worker is busy and the queue is full: try again in a moment."""


@dataclass(frozen=True)
class Shortened:
    """Why and how much of a text was analysed when the whole of it was too complex."""

    analysed: int
    length: int
    budget_ms: int

    def to_dict(self) -> dict:
        return {
            "reason": "too complex to analyse whole in time; the start of the text was analysed",
            "analysed": self.analysed,
            "length": self.length,
            "budget_ms": self.budget_ms,
        }


class AnalysisPool:
    """`await pool.run(text)` -> (result, Shortened | None), off the loop, within the budget."""

    def __init__(
        self,
        fn: Callable[[str], Any],
        *,
        workers: int = 2,
        queue: int = 32,
        budget: float = 2.0,
        short: int = 2000,
        executor: Executor | None = None,
    ):
        self.fn = fn
        self.workers = max(1, workers)
        self.queue = max(0, queue)
        self.budget = budget
        self.short = short
        self.executor = executor  # None: this pool's own threads (see the module)
        self.in_flight = 0  # submitted and not finished, including analyses given up on
        self._jobs: SimpleQueue = SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._stopped = False

    def _submit(self, text: str, region: str | None = None) -> asyncio.Future:
        """`fn(text)` (`fn(text, region)` when a region is given) on a worker; the returned loop
        future gets its result (one hand-off back)."""
        if self.in_flight >= self.workers + self.queue:
            raise Busy("the server is busy with other checks; try again in a few seconds")
        loop = asyncio.get_running_loop()
        waiter = loop.create_future()
        args = (text,) if region is None else (text, region)
        if self.executor is not None:
            self._submit_to_executor(loop, waiter, args)
        else:
            if self._stopped:
                raise RuntimeError("the analysis pool has been shut down")
            if len(self._threads) < self.workers:
                self._start_thread()
            self._jobs.put((args, loop, waiter))
        self.in_flight += 1
        return waiter

    def _settle(self, waiter: asyncio.Future, result: Any, exc: BaseException | None) -> None:
        """On the loop, when a worker is free again: the waiter gets the result unless it was given up on."""
        self.in_flight -= 1
        if exc is not None:
            log.debug("analysis failed: %s", type(exc).__name__)
        if waiter.done():  # given up on (past its budget) or its request went away
            return
        if exc is not None:
            waiter.set_exception(exc)
        else:
            waiter.set_result(result)

    def _start_thread(self) -> None:
        thread = threading.Thread(target=self._work, name=f"analysis_{len(self._threads)}", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _work(self) -> None:
        """A worker thread: jobs from the queue until shut down (None)."""
        fn, jobs = self.fn, self._jobs
        while True:
            job = jobs.get()
            if job is None:
                return
            args, loop, waiter = job
            result, exc = None, None
            try:
                result = fn(*args)
            except BaseException as e:  # handed to the request, as an executor's future would
                exc = e
            with contextlib.suppress(RuntimeError):  # the loop is closed: the server has stopped
                loop.call_soon_threadsafe(self._settle, waiter, result, exc)
            del job, args, waiter, result, exc

    def _submit_to_executor(self, loop, waiter: asyncio.Future, args: tuple) -> None:
        done = self.executor.submit(self.fn, *args)

        def settle(f: concurrent.futures.Future) -> None:  # on the loop
            if f.cancelled():
                self.in_flight -= 1
                if not waiter.done():
                    waiter.cancel()
                return
            exc = f.exception()
            self._settle(waiter, None if exc is not None else f.result(), exc)

        def back(f: concurrent.futures.Future) -> None:  # on the executor's thread
            with contextlib.suppress(RuntimeError):  # the loop is closed: the server has stopped
                loop.call_soon_threadsafe(settle, f)

        done.add_done_callback(back)

    async def _within(self, waiter: asyncio.Future, seconds: float):
        """The result, or TimeoutError after `seconds`; the analysis keeps its worker until it ends
        (a thread cannot be stopped), and counts in `in_flight` until then."""

        def expire() -> None:
            if not waiter.done():
                waiter.set_exception(asyncio.TimeoutError())

        timer = asyncio.get_running_loop().call_later(seconds, expire)
        try:
            return await waiter
        finally:
            timer.cancel()

    async def run(self, text: str, region: str | None = None) -> tuple[Any, Shortened | None]:
        """The analysis of `text` (`region`: where the person is, for numbers without a country code);
        past the budget, of its first `short` characters (Busy when full)."""
        future = self._submit(text, region)
        try:
            return await self._within(future, self.budget), None
        except asyncio.TimeoutError:
            pass
        log.warning("analysis passed its budget of %d ms (%d characters): shortened", self.budget * 1000, len(text))
        shortened = Shortened(min(self.short, len(text)), len(text), int(self.budget * 1000))
        if len(text) <= self.short:
            raise Busy("this text is too complex to analyse in time; try a shorter part of it")
        short_future = self._submit(text[: self.short], region)
        try:
            return await self._within(short_future, self.budget), shortened
        except asyncio.TimeoutError:
            raise Busy("this text is too complex to analyse in time; try a shorter part of it") from None

    def shutdown(self) -> None:
        """Stop taking jobs: the ones still queued are dropped (their requests cancelled), the
        threads end after the analysis they are in (not waited for)."""
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
            return
        self._stopped = True
        while True:
            try:
                job = self._jobs.get_nowait()
            except Empty:
                break
            if job is not None:
                _args, loop, waiter = job
                self.in_flight -= 1
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(waiter.cancel)
        for _ in self._threads:
            self._jobs.put(None)
