"""Benchmark adversarial inputs: the slowest message up to Telegram's size limit (4,096 characters).

Every input goes through the whole conversation path a Telegram update takes (state load,
engine, analysis with the number lookup, state save), plus the money pattern on its own, the
one that used to be quadratic (4,000 digits: 0.5 s). Prints each input's median time and the
slowest; asserts nothing. Target (issue 11): <= 50 ms for any input up to the size limit.

Run: python benchmarks/bench_adversarial.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from bot.app import App, Settings
from bot.conversation.engine import Incoming
from nlu.entities import find_money
from nlu.normalize import normalize

LIMIT = 4096  # Telegram's MessageLimit.MAX_TEXT_LENGTH; --size 20000 for the analyzer's own limit


def inputs(size: int) -> dict[str, str]:
    return {
        "digits": "1" * size,
        "digits with commas": "1," * (size // 2),
        "digits with dots": "1." * (size // 2),
        "digits with spaces": "1 " * (size // 2),
        "chinese numerals": "五" * size,
        "phone-like runs": "138 0013 8000 " * (size // 14),
        "plus and digits": "+8" * (size // 2),
        "domain labels": "a." * (size // 2),
        "long domain": "a" * (size - 4) + ".com",
        "url path": "http://a.cn/" + "x/" * (size // 2 - 6),
        "at signs": "a@" * (size // 2),
        "money symbols": "¥1" * (size // 2),
        "one chinese char": "快" * size,
        "scam phrases": ("我是淘宝客服，你的快递丢了，三倍赔偿，请下载腾讯会议共享屏幕，验证码发我。" * 2000)[:size],
        "negations": ("不要不会绝不" * 5000)[:size],
        "zero width": "\u200b" * size,
        "mixed scripts": ("abc快递١٢٣①²" * 5000)[:size],
        "percent formats": "%s%d" * (size // 4),
        "newlines": "\n1" * (size // 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", type=int, default=LIMIT, help="characters per input (default: Telegram's limit)")
    parser.add_argument("--smoke", action="store_true", help="Tiny sizes: it runs (CI); figures mean nothing.")
    args = parser.parse_args()
    if args.smoke:
        args.repeat, args.size = 1, 300
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("CALLCHECK_SALT", "benchmark-salt-not-secret")
        app = App(Settings(db_path=Path(tmp) / "bench.db"))
        conversations = app.conversations
        conversations.handle("warm", "warm", Incoming("text", text="快递丢了", now=time.time()))
        rows = []
        for name, text in inputs(args.size).items():
            times, money = [], []
            for k in range(args.repeat):
                chat = f"bench-{name}-{k}"
                t0 = time.perf_counter()
                conversations.handle(chat, chat, Incoming("text", text=text, now=time.time()))
                times.append((time.perf_counter() - t0) * 1000)
                norm = normalize(text)
                t0 = time.perf_counter()
                find_money(norm)
                money.append((time.perf_counter() - t0) * 1000)
            rows.append((statistics.median(times), max(times), statistics.median(money), name, len(text)))
        app.close()
    print(f"{'input':<22}{'chars':>7}{'median ms':>11}{'max ms':>9}{'money ms':>10}")
    for median, worst, money, name, size in sorted(rows, reverse=True):
        print(f"{name:<22}{size:>7}{median:>11.1f}{worst:>9.1f}{money:>10.2f}")
    slowest = max(rows)
    print(f"slowest input: {slowest[3]} ({slowest[4]} chars): median {slowest[0]:.1f} ms per message (target <= 50 ms)")


if __name__ == "__main__":
    main()
