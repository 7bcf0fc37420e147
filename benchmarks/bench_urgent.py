"""The urgent-message matrix: how often a person in trouble gets the right first line and region.

Generated from parts (tests/urgent_matrix.py: who × what was given × rail × done or still
happening × question or plea × language, dialect and region). Prints the hit rate (first line's
action right AND the region's own contact on the first screen, no other region's) per language
and per region, and the misses. `--min 0.98` exits 1 when any group is below the line (the gate).

Run: python benchmarks/bench_urgent.py [--min 0.98] [--misses N] [--smoke]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min", type=float, default=None, help="fail (exit 1) when a group's hit rate is below this")
    parser.add_argument("--misses", type=int, default=10, help="how many misses to print")
    parser.add_argument("--smoke", action="store_true", help="40 messages spread over the matrix (CI)")
    args = parser.parse_args()

    from urgent_matrix import rates, run

    from bot.services.numbers import NumberService
    from bot.store import Store
    from knowledge import load_knowledge
    from nlu.analyzer import Analyzer
    from nlu.phones import NumberIntel

    kb = load_knowledge()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db", salt=b"bench")
        numbers = NumberService(NumberIntel(kb), store)
        analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
        started = time.perf_counter()
        results = run(kb, analyzer.analyze, numbers.check, numbers.parse, limit=40 if args.smoke else None)
        took = time.perf_counter() - started
        store.close()
    hits = sum(r.hit for r in results)
    print(f"urgent matrix: {len(results)} messages, {took:.1f}s")
    print(f"  ALL                 {hits / len(results):.3f}  ({hits}/{len(results)})")
    failed = []
    for title, key in (("lang", lambda c: c.lang), ("region", lambda c: c.region), ("action", lambda c: c.action)):
        for group, (h, n) in sorted(rates(results, key).items()):
            rate = h / n
            mark = ""
            if args.min is not None and rate < args.min and title != "action":
                failed.append(f"{title}:{group}")
                mark = "  FAIL"
            print(f"  {title}:{group:<14} {rate:.3f}  ({h}/{n}){mark}")
    misses = [r for r in results if not r.hit]
    for r in misses[: args.misses]:
        what = ("first line" if not r.first_ok else "") + (" region" if not r.region_ok else "")
        print(
            f"  miss [{r.case.lang} {r.case.region} {r.case.action}:{what.strip()}]",
            f"{r.case.text[:70]} -> {r.first_line[:50]}",
        )
    if failed:
        print(f"urgent gate FAILED below {args.min}: {', '.join(failed)}")
        return 1
    if args.min is not None:
        print(f"urgent gate passed (every language and region >= {args.min})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
