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

LIMIT = 4096  # Telegram's MessageLimit.MAX_TEXT_LENGTH

INPUTS = {
    "digits": "1" * LIMIT,
    "digits with commas": "1," * (LIMIT // 2),
    "digits with dots": "1." * (LIMIT // 2),
    "digits with spaces": "1 " * (LIMIT // 2),
    "chinese numerals": "五" * LIMIT,
    "phone-like runs": "138 0013 8000 " * (LIMIT // 14),
    "plus and digits": "+8" * (LIMIT // 2),
    "domain labels": "a." * (LIMIT // 2),
    "long domain": "a" * (LIMIT - 4) + ".com",
    "url path": "http://a.cn/" + "x/" * (LIMIT // 2 - 6),
    "at signs": "a@" * (LIMIT // 2),
    "money symbols": "¥1" * (LIMIT // 2),
    "one chinese char": "快" * LIMIT,
    "scam phrases": ("我是淘宝客服，你的快递丢了，三倍赔偿，请下载腾讯会议共享屏幕，验证码发我。" * 200)[:LIMIT],
    "negations": ("不要不会绝不" * 1000)[:LIMIT],
    "zero width": "\u200b" * LIMIT,
    "mixed scripts": ("abc快递١٢٣①²" * 500)[:LIMIT],
    "percent formats": "%s%d" * (LIMIT // 4),
    "newlines": "\n1" * (LIMIT // 2),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("CALLCHECK_SALT", "benchmark-salt-not-secret")
        app = App(Settings(db_path=Path(tmp) / "bench.db"))
        conversations = app.conversations
        conversations.handle("warm", "warm", Incoming("text", text="快递丢了", now=time.time()))
        rows = []
        for name, text in INPUTS.items():
            times, money = [], []
            for k in range(args.repeat):
                chat = f"bench-{name}-{k}"
                t0 = time.perf_counter()
                conversations.handle(chat, chat, Incoming("text", text=text, now=time.time()))
                times.append((time.perf_counter() - t0) * 1000)
                norm = normalize(text[:4000])
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
