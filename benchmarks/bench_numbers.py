"""Benchmark the reported-scam database: import rows/s, lookup p50/p99 and file size at 1M and 10M numbers.

Run: python benchmarks/bench_numbers.py [--sizes 1000000 10000000] [--dir DIR]. Prints numbers only.
Targets (issue 3): lookup p99 <= 1 ms at 10M numbers; import >= 50,000 rows/s.
The import goes through Store.import_reports, the same path as `callcheck number import`.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from bot.store import Store

SALT = b"benchmark-salt-not-a-secret-0123456789"  # as long as the store asks of a real salt


def numbers(n: int, seed: int = 1):
    rng = random.Random(seed)
    prefixes = ["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "170", "171", "186", "188"]
    seen = set()
    while len(seen) < n:
        num = f"+86{rng.choice(prefixes)}{rng.randrange(10**8):08d}"
        if num not in seen:
            seen.add(num)
            yield num


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


def bench(size: int, folder: Path) -> None:
    path = folder / f"bench_{size}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = Store(path, salt=SALT, quorum=3)
    sample: list[str] = []
    scripts = ["refund_compensation", "credit_loan", "fake_cod", "order_anomaly"]

    def rows():
        for i, num in enumerate(numbers(size)):
            if i % max(1, size // 20_000) == 0:
                sample.append(num)
            yield num, scripts[i % 4], None

    t0 = time.perf_counter()
    result = store.import_reports(rows(), "bench-list", batch=1_000_000)
    elapsed = time.perf_counter() - t0
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size_mb = sum(os.path.getsize(str(path) + s) for s in ("", "-wal") if os.path.exists(str(path) + s)) / 2**20
    print(
        f"{size:>11,} numbers: import {result.added:,} rows in {elapsed:.1f} s = {result.added / elapsed:,.0f} rows/s; "
        f"file {size_mb:,.0f} MiB"
    )

    store.close()
    store = Store(path, salt=SALT, quorum=3)
    misses = [f"+8619{random.randrange(10**9):09d}" for _ in range(len(sample))]
    probes = sample + misses
    random.shuffle(probes)
    for num in probes[:1000]:  # warm the page cache as a running bot would be
        store.lookup(num)
    times = []
    for num in probes:
        t = time.perf_counter()
        store.lookup(num)
        times.append((time.perf_counter() - t) * 1000)
    print(
        f"{'':>11}  lookup n={len(times):,} p50={statistics.median(times):.3f} ms "
        f"p99={percentile(times, 99):.3f} ms max={max(times):.3f} ms (half hits, half misses)"
    )
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--dir", default=None, help="Where to build the databases (default: a temporary folder).")
    parser.add_argument("--keep", action="store_true", help="Keep the database files.")
    parser.add_argument("--smoke", action="store_true", help="Tiny sizes: it runs (CI); figures mean nothing.")
    args = parser.parse_args()
    if args.smoke:
        args.sizes = [2_000]
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="callcheck-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        bench(size, folder)
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(str(folder / f"bench_{size}.db") + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
