"""Benchmark adversarial inputs: the slowest message at 4,096 and at 20,000 characters.

Every input goes through the whole conversation path a Telegram update takes (state load,
engine, analysis with the number lookup, state save), plus the money pattern on its own, the
one that used to be quadratic (4,000 digits: 0.5 s). The pathological corpus (long digit and
punctuation runs, repeated phrases, nested brackets, links, mixed scripts, aliases packed
together) is also run at the API's limit, 20,000 characters, through the analyzer as
`POST /v1/check` runs it. Prints each input's median CPU time (time.process_time: what a
shared machine disturbs least) and wall time, and the slowest per size; asserts nothing.
Targets (issues 11, 20 and 21): <= 50 ms at 4,096 characters, <= 250 ms at 20,000.

Run: python benchmarks/bench_adversarial.py [--repeat 5] [--size 4096 --size 20000]
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
API_LIMIT = 20_000  # the largest text POST /v1/check accepts


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
        **pathological(size),
    }


def pathological(size: int) -> dict[str, str]:
    """Inputs that made some pattern backtrack or some check quadratic (issue 20), cut to `size`."""

    def fill(unit: str, head: str = "") -> str:
        return (head + unit * (size // max(1, len(unit)) + 1))[:size]

    return {
        "parcel then 1.": fill("1.", "your parcel "),
        "dotted digits 1.2.3": fill("1.2.3."),
        "hyphen runs a-": fill("a-"),
        "hyphen dot -.": fill("-.a"),
        "dash runs": fill("-"),
        "punctuation run": fill(".,;:!?"),
        "ellipses": fill("..."),
        "nested brackets": ("(" * (size // 2) + ")" * (size // 2))[:size],
        "nested mixed brackets": fill("([{【《"),
        "bracketed numbers": fill("[1]("),
        "links repeated": fill("http://a.com/x "),
        "bare domains packed": fill("a.com"),
        "domain labels a.b": fill("ab.cd."),
        "www runs": fill("www."),
        "tld chain .com": fill(".com"),
        "link then dots": fill(".", "see paypal.com"),
        "path of slashes": fill("/.", "go to a.com/"),
        "emails packed": fill("a@b.c"),
        "repeated english phrase": fill("your parcel is held, pay the fee now at "),
        "repeated scam steps": fill("Amazon support: refund, install AnyDesk, share the code. "),
        "aliases packed zh": fill("淘宝京东支付宝微信顺丰"),
        "aliases packed en": fill("amazon paypal royal mail hsbc "),
        "phone runs no spaces": fill("13800138000"),
        "plus runs": fill("+1 (800) "),
        "mixed scripts": fill("Amazon快递١٢٣abcПочта①"),
        "rtl and marks": fill("\u202e\u05d0\u0301a"),
        "money runs": fill("$1,000.00 "),
        "chinese money": fill("五千元"),
        "quotes and marks": fill("「“”」"),
        "newline runs": fill("\n\n."),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", type=int, action="append", help="characters per input (default: 4,096 and 20,000)")
    parser.add_argument("--smoke", action="store_true", help="Tiny sizes: it runs (CI); figures mean nothing.")
    args = parser.parse_args()
    targets = {LIMIT: 50.0, API_LIMIT: 250.0}
    if args.smoke:
        args.repeat, args.size = 1, [300]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("CALLCHECK_SALT", "benchmark-salt-not-secret")
        app = App(Settings(db_path=Path(tmp) / "bench.db"))
        conversations = app.conversations
        from bot.warm import warm

        warm(app)  # as the Telegram bot and the server start: no input pays for first-use compiles
        conversations.handle("warm", "warm", Incoming("text", text="快递丢了", now=time.time()))
        analyzer = app.analyzer
        worst_lines = []
        for size in args.size or [LIMIT, API_LIMIT]:
            rows = []
            for name, text in inputs(size).items():
                times, money, cpu = [], [], []
                for k in range(args.repeat):
                    t0, c0 = time.perf_counter(), time.process_time()
                    if size <= LIMIT:  # what fits a Telegram message takes the whole conversation path
                        chat = f"bench-{name}-{k}"
                        conversations.handle(chat, chat, Incoming("text", text=text, now=time.time()))
                    else:  # the API's limit: the analysis POST /v1/check runs
                        analyzer.analyze(text)
                    times.append((time.perf_counter() - t0) * 1000)
                    cpu.append((time.process_time() - c0) * 1000)
                    norm = normalize(text)
                    t0 = time.perf_counter()
                    find_money(norm)
                    money.append((time.perf_counter() - t0) * 1000)
                medians = (statistics.median(cpu), max(cpu), statistics.median(times), statistics.median(money))
                rows.append((*medians, name, len(text)))
            print(f"\n{size} characters ({'conversation' if size <= LIMIT else 'analyzer, as /v1/check'})")
            print(f"{'input':<26}{'chars':>7}{'CPU median':>11}{'CPU max':>9}{'wall median':>12}{'money ms':>10}")
            for median, worst, wall, money, name, length in sorted(rows, reverse=True):
                print(f"{name:<26}{length:>7}{median:>11.1f}{worst:>9.1f}{wall:>12.1f}{money:>10.2f}")
            slowest = max(rows)
            target = targets.get(size)
            worst_lines.append(
                f"{size:>6} chars: worst input {slowest[4]!r}: CPU median {slowest[0]:.1f} ms, max {slowest[1]:.1f} ms"
                f" (wall median {slowest[2]:.1f} ms)" + (f" (target <= {target:.0f} ms)" if target else "")
            )
        app.close()
    print()
    for line in worst_lines:
        print(line)


if __name__ == "__main__":
    main()
