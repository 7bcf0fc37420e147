"""Benchmark on-device OCR of screenshots: milliseconds per image and peak memory.

Draws the same screenshots the tests use (tests/screens.py: zh and en, light and dark), reads
each one with nlu/ocr.py and prints per-image and summary figures. Asserts nothing.
Needs a CJK font (apt-get install fonts-wqy-microhei).

Run: python benchmarks/bench_ocr.py [--rounds 2]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from screens import CASES, cjk_font, screenshot

from nlu.ocr import Reader


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="times each picture is read (after a warm-up)")
    parser.add_argument("--smoke", action="store_true", help="Tiny sizes: it runs (CI); figures mean nothing.")
    args = parser.parse_args()
    if args.smoke:
        args.rounds = 1
    font = cjk_font()
    if font is None:
        raise SystemExit("no CJK font installed: apt-get install fonts-wqy-microhei")
    pictures = [
        (f"{lang}-{theme}-{i}", screenshot([text], sender, theme, font))
        for i, (lang, sender, text, _) in enumerate(CASES)
        for theme in ("light", "dark")
    ]
    if args.smoke:
        pictures = pictures[:2]
    before = rss_mib()
    reader = Reader()
    t0 = time.perf_counter()
    reader.read(pictures[0][1])  # the first picture loads the models
    load_ms = (time.perf_counter() - t0) * 1000
    times: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for name, png in pictures:
            t = time.perf_counter()
            reader.read(png)
            times.setdefault(name, []).append((time.perf_counter() - t) * 1000)
    every = [ms for v in times.values() for ms in v]
    for name, v in times.items():
        print(f"{name:<22} {statistics.median(v):7.0f} ms")
    print(f"images: {len(pictures)} x {args.rounds} rounds (720 px wide, 1-4 lines of text)")
    print(f"first picture (loads the models): {load_ms:.0f} ms")
    med, mean = statistics.median(every), statistics.mean(every)
    print(f"per image: median {med:.0f} ms, mean {mean:.0f} ms, max {max(every):.0f} ms")
    print(f"peak memory: {rss_mib():.0f} MiB (before OCR: {before:.0f} MiB)")


if __name__ == "__main__":
    main()
