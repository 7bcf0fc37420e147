"""Benchmark batch analysis on several cores: `callcheck analyze --jsonl --workers N` at 1 and 2 (or more).

Feeds the labelled accounts of tests/data/accounts.jsonl, repeated to --rows rows, through the real
command and prints, for each number of workers:
- wall time, rows/s and the wall speed-up over one worker (target, issue 21: 2 workers >= 1.8x one).
  Wall time is only meaningful on a quiet machine: on a shared one other processes take the cores.
- CPU, which other processes do not change much: the whole command's (this process becomes the
  "subreaper" of the command's process tree, so the workers and the forkserver they fork from are
  counted too, through RUSAGE_CHILDREN), the parent's share while analysing, each worker's (its
  start-up apart) and the CPU per row in a worker against in one process (from `--stats`).
- the speed-up those CPU figures allow on an otherwise idle machine with that many cores:
  one worker's CPU / (the serial part + the larger of the busiest worker and the run's CPU shared
  over the cores). It is an estimate, not a measurement; the wall figure on a quiet machine is the one
  that counts.
The output is checked to be identical whatever the number of workers. Prints numbers; asserts nothing else.

Run: python benchmarks/bench_batch.py [--rows 20000] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALLCHECK = str(Path(sys.executable).with_name("callcheck"))
SALT = "benchmark-salt-not-a-secret-0123456789"
PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Orphans of the command (its forkserver) are then reparented here and their CPU counted when reaped."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_orphans(wait: float = 5.0) -> None:
    """Wait for the command's leftover processes (the forkserver ends once the command has)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # none left
        if pid == 0:
            if time.monotonic() > deadline:
                return
            time.sleep(0.02)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(src: Path, workers: int, env: dict) -> dict:
    before = children_cpu()
    t0 = time.perf_counter()
    done = subprocess.run(
        [CALLCHECK, "analyze", "--jsonl", str(src), "--workers", str(workers), "--stats"],
        env=env,
        capture_output=True,
        check=True,
    )
    wall = time.perf_counter() - t0
    reap_orphans()
    stats = next(
        json.loads(line.split("stats: ", 1)[1])
        for line in done.stderr.decode().splitlines()
        if line.startswith("analyze stats: ")
    )
    return {"wall": wall, "cpu": children_cpu() - before, "stats": stats, "stdout": done.stdout}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--smoke", action="store_true", help="Tiny sizes: it runs (CI); figures mean nothing.")
    args = ap.parse_args()
    if args.smoke:
        args.rows = 60
    texts = [
        json.loads(line)["text"]
        for line in (ROOT / "tests" / "data" / "accounts.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    counts = [int(x) for x in args.workers.split(",")]
    if counts[0] != 1:
        counts.insert(0, 1)  # the figures are ratios to one worker
    whole_tree = become_subreaper()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "rows.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for k in range(args.rows):
                fh.write(json.dumps({"id": k, "text": texts[k % len(texts)]}, ensure_ascii=False) + "\n")
        env = {**os.environ, "CALLCHECK_DB": str(Path(tmp) / "b.db"), "CALLCHECK_SALT": SALT}
        print(
            f"analyze --jsonl: {args.rows:,} rows; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
            + ("" if whole_tree else " (no subreaper here: the command's CPU leaves out its workers)")
        )
        base: dict | None = None
        outputs = set()
        for n in counts:
            r = run(src, n, env)
            outputs.add(r["stdout"])
            s = r["stats"]
            base = base or r
            print(
                f"workers {n}: {r['wall']:6.1f} s wall  {args.rows / r['wall']:7,.0f} rows/s  "
                f"speed-up {base['wall'] / r['wall']:4.2f}x (wall)  command CPU {r['cpu']:5.2f} s"
            )
            busy = s["worker_cpu_s"]
            if n == 1:
                per_row = s["parent_cpu_s"] / max(s["rows"], 1) * 1000
                print(f"    one process: {s['parent_cpu_s']:.2f} s CPU analysing, {per_row:.3f} ms a row")
                continue
            starts = s["worker_start_cpu_s"]
            analysing = sum(busy) - sum(starts)
            per_row = analysing / max(s["rows"], 1) * 1000
            share = s["parent_cpu_s"] / max(s["parent_cpu_s"] + sum(busy), 1e-9)
            print(
                f"    parent {s['parent_cpu_s']:.2f} s CPU ({share:.1%} of the run's, "
                f"{s['parent_cpu_s'] / max(s['rows'], 1) * 1e6:.0f} us a row); workers "
                + ", ".join(
                    f"{c:.2f} s ({rows:,} rows, start {st:.2f} s)"
                    for c, rows, st in zip(busy, s["worker_rows"], starts, strict=True)
                )
                + f"; {per_row:.3f} ms a row in a worker"
            )
            serial = max(r["cpu"] - s["parent_cpu_s"] - sum(busy), 0.0)  # start-up of the command and its forkserver
            cores = min(n, os.cpu_count() or n)
            bound = serial + max(max(busy, default=0.0), (s["parent_cpu_s"] + sum(busy)) / cores)
            print(
                f"    from CPU: serial {serial:.2f} s + parallel {bound - serial:.2f} s -> "
                f"speed-up estimate {base['cpu'] / max(bound, 1e-9):4.2f}x on an idle {cores}-core machine"
                + ("" if whole_tree else " (serial part unknown)")
            )
        print(f"output identical across worker counts: {len(outputs) == 1}")


if __name__ == "__main__":
    main()
