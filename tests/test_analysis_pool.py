"""The analysis pool's own hand-off (bot/channels/web/analysis.py): results, errors, the queue limit,
shutting down with a text still stuck, and the same answers through any concurrent.futures
Executor. Nothing here measures speed (`benchmarks/bench_api.py` prints that)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.channels.web.analysis import AnalysisPool, Busy

ROOT = Path(__file__).resolve().parent.parent


def shout(text: str, region: str | None = None) -> str:
    if text.startswith("boom"):
        raise ValueError(f"cannot take {len(text)} characters")
    return f"{text.upper()}|{region or '-'}"


def pools(fn, **options) -> list[AnalysisPool]:
    """The pool with its own threads, and the same pool over a ThreadPoolExecutor."""
    workers = options.get("workers", 2)
    return [
        AnalysisPool(fn, **options),
        AnalysisPool(fn, executor=ThreadPoolExecutor(workers), **options),
    ]


@pytest.mark.parametrize("own", [True, False], ids=["own-threads", "executor"])
@pytest.mark.parametrize("workers", [1, 3])
def test_answers_and_errors_come_back_to_their_own_requests(own, workers):
    pool = pools(shout, workers=workers, queue=64)[0 if own else 1]
    words = [f"{w}{i}" for i, w in enumerate(["parcel", "boomerang", "refund", "boom", "bank", "courier"] * 4)]
    regions = [None, "HK", "GB"]

    async def scenario():
        calls = [pool.run(w, region=regions[i % 3]) for i, w in enumerate(words)]
        return await asyncio.gather(*calls, return_exceptions=True)

    try:
        got = asyncio.run(scenario())
    finally:
        pool.shutdown()
    for i, (word, answer) in enumerate(zip(words, got, strict=True)):
        if word.startswith("boom"):
            assert isinstance(answer, ValueError) and str(len(word)) in str(answer)
        else:
            assert answer == (f"{word.upper()}|{regions[i % 3] or '-'}", None)
    assert pool.in_flight == 0


def test_past_workers_and_queue_a_check_is_refused_at_once():
    release = threading.Event()
    pool = AnalysisPool(lambda text: release.wait(30) and text, workers=2, queue=1, budget=30)

    async def scenario():
        held = [asyncio.ensure_future(pool.run(f"text {i}")) for i in range(3)]
        await asyncio.sleep(0)
        with pytest.raises(Busy):
            await pool.run("one too many")
        release.set()
        return await asyncio.gather(*held)

    try:
        assert [r for r, _ in asyncio.run(scenario())] == ["text 0", "text 1", "text 2"]
    finally:
        release.set()
        pool.shutdown()


def test_shutdown_cancels_what_waits_and_does_not_wait_for_a_stuck_text():
    entered, release = threading.Event(), threading.Event()

    def stuck(text: str) -> str:
        entered.set()
        release.wait(30)
        return text

    pool = AnalysisPool(stuck, workers=1, queue=4, budget=30)

    async def scenario():
        first = asyncio.ensure_future(pool.run("stuck"))
        queued = [asyncio.ensure_future(pool.run(f"waiting {i}")) for i in range(3)]
        while not entered.is_set():
            await asyncio.sleep(0.01)
        pool.shutdown()
        done = await asyncio.gather(*queued, return_exceptions=True)
        assert all(isinstance(d, asyncio.CancelledError) for d in done)
        with pytest.raises(RuntimeError):
            await pool.run("after the end")
        release.set()
        return await first  # the analysis it was in still answers

    try:
        assert asyncio.run(scenario()) == ("stuck", None)
    finally:
        release.set()
    assert pool.in_flight == 0


def test_a_process_exits_while_an_analysis_is_still_stuck():
    """The server's exit is not held up by a text that never finishes (the threads are daemons)."""
    code = (
        "import asyncio, threading\n"
        "from bot.channels.web.analysis import AnalysisPool\n"
        "entered = threading.Event()\n"
        "def never(text):\n"
        "    entered.set()\n"
        "    threading.Event().wait()\n"
        "pool = AnalysisPool(never, workers=1, budget=0.05, short=3)\n"
        "async def main():\n"
        "    task = asyncio.ensure_future(pool.run('a text that never ends'))\n"
        "    while not entered.is_set():\n"
        "        await asyncio.sleep(0.01)\n"
        "    pool.shutdown()\n"
        "    task.cancel()\n"
        "asyncio.run(main())\n"
        "print('stopped')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stopped"
