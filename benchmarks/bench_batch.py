"""Benchmark batch analysis on several cores: `callcheck analyze --jsonl --workers N` at 1 and 2 (or more).

Feeds the labelled accounts of tests/data/accounts.jsonl, repeated to --rows rows, through the real
command and prints the wall time, rows/s and the speed-up over one worker (target, issue 21: 2
workers >= 1.8x one; wall time, so only meaningful on a quiet machine). The output is checked to be
identical whatever the number of workers. Prints numbers; asserts nothing else.

Run: python benchmarks/bench_batch.py [--rows 20000] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALLCHECK = str(Path(sys.executable).with_name("callcheck"))
SALT = "benchmark-salt-not-a-secret-0123456789"


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
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "rows.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for k in range(args.rows):
                fh.write(json.dumps({"id": k, "text": texts[k % len(texts)]}, ensure_ascii=False) + "\n")
        env = {**os.environ, "CALLCHECK_DB": str(Path(tmp) / "b.db"), "CALLCHECK_SALT": SALT}
        print(f"analyze --jsonl: {args.rows:,} rows; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        base = None
        outputs = set()
        for n in (int(x) for x in args.workers.split(",")):
            t0 = time.perf_counter()
            done = subprocess.run(
                [CALLCHECK, "analyze", "--jsonl", str(src), "--workers", str(n)],
                env=env,
                capture_output=True,
                check=True,
            )
            wall = time.perf_counter() - t0
            outputs.add(done.stdout)
            base = base or wall
            print(f"workers {n}: {wall:6.1f} s  {args.rows / wall:7,.0f} rows/s  speed-up {base / wall:4.2f}x")
        print(f"output identical across worker counts: {len(outputs) == 1}")


if __name__ == "__main__":
    main()
