"""Benchmark the embedded analyzer: load time, latency p50/p99 (short and 500 chars), throughput, peak RSS.

Run: python benchmarks/bench_analyzer.py [--rounds N]. Prints numbers; asserts nothing.
Targets (issue 2), on one core: p99 <= 5 ms for 500 characters, knowledge load <= 1 s.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import time

SHORT = [
    "我是淘宝客服，您的快递丢了，我们给您三倍赔偿。",
    "你好，订单卡单了，需要激活订单。",
    "【顺丰速运】您的快件已到驿站，取件码3-2-1102。",
    "Your parcel is held, pay the redelivery fee at usps-care.top",
    "明天下午三点开会。",
]
PARTS = [
    "您好，我是京东金融客服，",
    "您之前开通了京东白条学生账户，",
    "根据国家规定需要注销，",
    "不注销会影响您的征信，",
    "请您下载腾讯会议，",
    "开启屏幕共享，",
    "我们一步步指导您操作，",
    "把借呗和微粒贷的额度借出来转到我们的对公账户，",
    "核实后会原路退还，",
    "请不要挂断电话，",
    "也不要告诉家人。",
    "今天天气很好，",
    "我们去公园散步吧。",
    "Hello, this is Amazon support, ",
    "your Prime membership will renew, ",
    "please install AnyDesk. ",
    "对方电话 +86 138 0013 8000，",
    "网址 www.jd-tuikuan.com，",
    "金额5000元，",
]


def make_long(rng: random.Random, n: int = 500, parts: list[str] = PARTS) -> str:
    """A text of `n` characters drawn from `parts` (default: this benchmark's mix)."""
    out = ""
    while len(out) < n:
        out += rng.choice(parts)
    return out[:n]


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))
    return values[k]


def measure(analyze, texts: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for t in texts:
            start = time.perf_counter()
            analyze(t)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--no-freeze", action="store_true", help="Do not gc.freeze() after loading.")
    parser.add_argument("--smoke", action="store_true", help="Tiny sizes: it runs (CI); figures mean nothing.")
    args = parser.parse_args()
    if args.smoke:
        args.rounds = 1

    t0, c0 = time.perf_counter(), time.process_time()
    from knowledge import load_knowledge
    from nlu.analyzer import Analyzer

    kb = load_knowledge()
    t1, c1 = time.perf_counter(), time.process_time()
    analyzer = Analyzer(kb)
    analyzer.analyze("预热 warm-up 95188")  # first call builds lazy tables (t2s, caches)
    t2, c2 = time.perf_counter(), time.process_time()
    # Phrases compile on first use; a long-lived process compiles them all at start (bot/warm.py).
    from knowledge.phrases import compile_all

    phrases = compile_all(p for ind in kb.indicators() for p in ind.patterns)
    t3, c3 = time.perf_counter(), time.process_time()
    if not args.no_freeze:
        gc.freeze()  # as the app does after start-up: the knowledge base is long-lived
    print("                                     wall      CPU")
    print(f"knowledge load (YAML + validation): {(t1 - t0) * 1000:5.0f} ms {(c1 - c0) * 1000:5.0f} ms")
    print(f"analyzer build + first call:        {(t2 - t1) * 1000:5.0f} ms {(c2 - c1) * 1000:5.0f} ms")
    print(f"ready (imports, load, first call):  {(t2 - t0) * 1000:5.0f} ms {(c2 - c0) * 1000:5.0f} ms  (target 400 ms)")
    print(f"compile all {phrases} phrases (warm start): {(t3 - t2) * 1000:5.0f} ms {(c3 - c2) * 1000:5.0f} ms")

    rng = random.Random(7)
    longs = [make_long(rng) for _ in range(50)]
    for name, texts in (("short", SHORT), ("500 chars", longs)):
        cpu0 = time.process_time()
        times = measure(analyzer.analyze, texts, max(1, args.rounds * 10 // len(texts)))
        cpu = (time.process_time() - cpu0) * 1000 / len(times)  # what a busy machine disturbs least
        total = sum(times) / 1000
        print(
            f"{name:>10}: n={len(times)} p50={statistics.median(times):.2f} ms "
            f"p99={percentile(times, 99):.2f} ms max={max(times):.2f} ms "
            f"throughput={len(times) / total:.0f} msg/s CPU={cpu:.2f} ms/msg"
        )
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
