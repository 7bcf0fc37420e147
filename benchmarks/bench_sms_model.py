"""Benchmark the English SMS model's pure-Python scorer: load time, latency per message, peak RSS.

Run: python benchmarks/bench_sms_model.py [--rounds N]. Prints numbers; asserts nothing.
Latency is measured for probability() alone and for probability() + strongest_sentence() (what a
flag costs), on SMS-sized texts and on 500-character accounts.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from bench_analyzer import make_long, measure, percentile  # the same loop and percentile as the analyzer bench

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SHORT = [
    "URGENT! You have won a guaranteed £1000 cash prize. Call 09061234567 to claim.",
    "USPS: your package is on hold, pay the $1.99 redelivery fee at usps-care.top",
    "Hey, are we still on for lunch tomorrow?",
    "Your Amazon order has shipped and will arrive on Tuesday. Track it in Your Orders.",
    "Dear customer, your account is suspended. Verify at www.secure-login-bank.com now.",
]

PARTS = [
    "Yesterday someone called me claiming to be from Amazon. ",
    "He said there was a charge of $999 for an iPhone on my account. ",
    "If I did not make it I should press 1. ",
    "Then they asked me to install AnyDesk so they could refund me. ",
    "I hung up and checked the app, there was no such order. ",
    "My daughter says this happens to her friends too. ",
    "Your parcel is held at the depot, pay the fee at royalmail-fee.online. ",
    "See you at dinner. ",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--smoke", action="store_true", help="Tiny sizes: it runs (CI); figures mean nothing.")
    args = ap.parse_args()
    if args.smoke:
        args.rounds = 1
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    from nlu.sms_model import MODEL_PATH, shipped_sms_model

    model = shipped_sms_model()
    load_s = time.perf_counter() - start
    if model is None:
        sys.exit(f"no usable model at {MODEL_PATH}")
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"model file: {MODEL_PATH.stat().st_size / 1024:.0f} KB gzip, {len(model.weights)} n-grams")
    print(
        f"import + load: {load_s * 1000:.1f} ms;  peak RSS {rss_after / 1024:.1f} MB"
        f" (before load {rss_before / 1024:.1f} MB)"
    )
    rng = random.Random(7)
    longs = [make_long(rng, parts=PARTS) for _ in range(20)]
    gc.collect()
    for name, fn in (
        ("probability", model.probability),
        ("probability + strongest_sentence", lambda t: (model.probability(t), model.strongest_sentence(t))),
    ):
        for label, texts, rounds in (("SMS (40-90 chars)", SHORT, args.rounds), ("500 chars", longs, args.rounds // 4)):
            times = measure(fn, texts, max(1, rounds))
            print(
                f"{name:<34} {label:<18} p50 {statistics.median(times):.3f} ms  p99 {percentile(times, 99):.3f} ms"
                f"  ({len(times)} calls)"
            )
    print(f"peak RSS at end: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB")


if __name__ == "__main__":
    main()
