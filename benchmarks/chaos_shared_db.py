"""Chaos: one database shared by writer processes and many short-lived "CLI" processes.

Writer processes (what `callcheck serve` or the bot do under `/v1/reports` load) add reports in a
loop; opener processes do what every `callcheck number check`, `review list` or `api-key list`
does: open the store, read, close, hundreds of times. A process that opens SQLite's files behind
its back drops SQLite's fcntl locks, and the next opener re-initialises the wal-index under the
running ones: they die of SIGBUS. Prints the counts; exits 1 on any crash or lost write.

Run: python benchmarks/chaos_shared_db.py [--writers 3] [--openers 2] [--opens 300]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, when run as a script

SALT = b"chaos-test-salt-not-a-secret"


def _store(db: str):
    from bot.store import Store

    return Store(db, salt=SALT, quorum=1000, reports_per_hour=10**9)


def writer(db: str, index: int, stop_at: float, counts) -> None:
    """Add reports until `stop_at`; counts[index] is how many were committed."""
    store = _store(db)
    n = 0
    while time.time() < stop_at:
        store.add_report(f"+86138{index:02d}{n % 100000:05d}", "refund_compensation", f"w{index}", channel="api")
        n += 1
        counts[index] = n
    store.close()


def opener(db: str, opens: int, done) -> None:
    """Open the store, read a little, close it: `opens` times, like as many CLI commands."""
    for _ in range(opens):
        store = _store(db)
        store.db.execute("SELECT count(*) FROM reports").fetchone()
        store.lookup("+8613800000000")
        store.close()
        with done.get_lock():
            done.value += 1


def cli_commands(db: str, count: int) -> list[int]:
    """Real `callcheck number check` processes on the same database; their exit codes."""
    import subprocess

    env = {**os.environ, "CALLCHECK_DB": db, "CALLCHECK_SALT": SALT.decode()}
    command = [sys.executable, "-c", "from bot.cli import main; main()", "number", "check", "+8613800138000"]
    root = str(Path(__file__).resolve().parent.parent)
    return [subprocess.run(command, env=env, cwd=root, capture_output=True).returncode for _ in range(count)]


def run(writers: int = 3, openers: int = 2, opens: int = 300, db: str | None = None, cli: int = 0) -> dict:
    """Run the chaos; returns the counts (crashes, exit codes, writes committed and found, opens)."""
    ctx = mp.get_context("spawn")  # fresh interpreters, like separate commands
    with tempfile.TemporaryDirectory() as tmp:
        path = db or str(Path(tmp) / "chaos.db")
        _store(path).close()
        counts = ctx.Array("l", writers)
        done = ctx.Value("l", 0)
        stop_at = time.time() + 3600
        procs = [ctx.Process(target=writer, args=(path, i, stop_at, counts)) for i in range(writers)]
        for p in procs:
            p.start()
        time.sleep(0.5)
        openers_ = [ctx.Process(target=opener, args=(path, opens, done)) for _ in range(openers)]
        for p in openers_:
            p.start()
        cli_codes = cli_commands(path, cli) if cli else []
        for p in openers_:
            p.join()
        alive = [p for p in procs if p.is_alive()]
        for p in alive:  # the writers ran through the whole opening storm: stop them now
            os.kill(p.pid, signal.SIGTERM)
        for p in procs:
            p.join()
        codes = [p.exitcode for p in procs] + [p.exitcode for p in openers_]
        # A writer we stopped exits by SIGTERM; a crash is any other non-zero exit.
        stopped = {id(p) for p in alive}
        crashes = [
            c
            for p, c in zip(procs + openers_, codes, strict=True)
            if c not in (0, None) and not (id(p) in stopped and c == -signal.SIGTERM)
        ]
        store = _store(path)
        found = store.db.execute("SELECT count(*) FROM reports").fetchone()[0]
        integrity = store.db.execute("PRAGMA integrity_check").fetchone()[0]
        store.close()
    committed = sum(counts[:])
    return {
        "writers": writers,
        "openers": openers,
        "opens": done.value,
        "cli_commands": len(cli_codes),
        "cli_failures": sum(1 for c in cli_codes if c != 0),
        "writes_committed": committed,
        "writes_found": found,
        "crashes": len(crashes),
        "crash_signals": sorted({signal.Signals(-c).name if c < 0 else f"exit {c}" for c in crashes}),
        "writers_alive_at_end": len(alive),
        "integrity": integrity,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--openers", type=int, default=2)
    parser.add_argument("--opens", type=int, default=300, help="opens per opener process")
    parser.add_argument("--cli", type=int, default=20, help="real `callcheck number check` runs meanwhile")
    args = parser.parse_args()
    t0 = time.time()
    result = run(args.writers, args.openers, args.opens, cli=args.cli)
    for key, value in result.items():
        print(f"{key:<22}{value}")
    print(f"seconds               {time.time() - t0:.1f}")
    # Every committed write is found (a writer stopped between commit and count adds one more).
    ok = not result["crashes"] and not result["cli_failures"] and result["writes_found"] >= result["writes_committed"]
    return 0 if ok and result["integrity"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
