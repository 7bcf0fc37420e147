"""Case search at scale: 100,000 hotline cases in a temporary database, then the console's searches.

Cases are generated (random scripts, operators, statuses, times over a year; the fraudster's
number, a receiving account, a link and an amount each; a summary and an account built from the
knowledge base's script names and a few invented phrases), written through the store's own insert,
identifier and index code in large transactions. Then each kind of search the console offers runs
many times, as an operator (own and handed-over cases) and as a supervisor (all cases), and the
p50 / p99 latencies are printed, with the supervisor's queue and a year's export. Prints numbers;
asserts nothing.

Run: python benchmarks/bench_cases.py [--cases 100000] [--runs 300] [--smoke]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import App, Settings
from bot.store.cases import STATUSES, Cases, Viewer, normalise
from bot.store.operators import Operators

YEAR = 365 * 86400
PHRASES = [
    "对方说订单异常要退款",
    "让我开通备用金再转出",
    "要我下载会议软件共享屏幕",
    "说快递丢了三倍理赔",
    "自称银行风控部门",
    "they said my account was compromised",
    "asked me to move money to a safe account",
    "a parcel fee text with a link",
    "说我的百万保障要扣费",
    "让我把验证码念给他",
]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--smoke", action="store_true", help="Tiny sizes, to check that it runs (figures mean nothing).")
    args = ap.parse_args()
    if args.smoke:
        args.cases, args.runs = 300, 3
    rnd = random.Random(22)
    tmp = Path(tempfile.mkdtemp())
    app = App(Settings(db_path=tmp / "cases.db"))
    store, kb = app.store, app.kb
    ops = Operators(store)
    accounts = []
    for i in range(20):
        ops.add(f"op{i:02d}", "benchmark password", "supervisor" if i == 0 else "operator")
        accounts.append(ops.account_of(f"op{i:02d}")["id"])
    cases = Cases(store)
    scripts = sorted(kb.scripts)
    now = int(time.time())
    numbers: dict[int, list[str]] = {a: [] for a in accounts}

    t0 = time.perf_counter()
    batch = 5000
    for start in range(0, args.cases, batch):
        with store._transaction() as conn:
            for _ in range(min(batch, args.cases - start)):
                script = rnd.choice(scripts)
                names = kb.scripts[script].names
                at = now - rnd.randrange(YEAR)
                number = f"+861{rnd.choice('3456789')}{rnd.randrange(10**9):09d}"
                said = "，".join(rnd.sample(PHRASES, 3)) + ("，还要视频笔录" if rnd.random() < 0.001 else "")
                summary = f"判断：诈骗\n话术：{names.zh}\n危险信号：{rnd.choice(PHRASES)}\n号码：{number[:8]}****"
                values = [
                    "zh",
                    "scam",
                    script,
                    None,
                    None,
                    0,
                    "[]",
                    summary,
                    said if rnd.random() < 0.5 else None,
                    "CN",
                ]
                store.clock = lambda at=at: at
                owner = rnd.choice(accounts)
                numbers[owner].append(number)
                cid = cases._insert(conn, Viewer(owner), values, at)
                cases._set_identifiers(
                    conn,
                    cid,
                    [
                        {"kind": "number", "value": number},
                        {"kind": "account", "value": f"6222{rnd.randrange(10**15):015d}"},
                        {"kind": "link", "value": f"https://refund-{rnd.randrange(5000)}.example/claim"},
                        {"kind": "amount", "value": f"{rnd.randrange(100, 90000)}元"},
                    ],
                )
                cases._index(conn, cid, f"{names.zh} {names.en}")
                if rnd.random() < 0.6:
                    conn.execute("UPDATE cases SET status = ? WHERE id = ?", [rnd.choice(STATUSES[1:]), cid])
    store.clock = time.time
    build = time.perf_counter() - t0
    size = (tmp / "cases.db").stat().st_size / 1e6
    print(f"{args.cases} cases written in {build:.1f} s ({args.cases / build:.0f}/s); database {size:.0f} MB")

    supervisor, operator = Viewer(accounts[0], True), Viewer(accounts[1])
    script = scripts[0]
    searches = {
        "number (exact, one of theirs)": lambda v: cases.search(
            v, identifier=[normalise("number", rnd.choice(numbers[accounts[1]]))]
        ),
        "words (FTS, 30% of cases: 验证码)": lambda v: cases.search(v, text="验证码"),
        "words (FTS, two words: 百万保障 扣费)": lambda v: cases.search(v, text="百万保障 扣费"),
        "words (FTS, 0.1% of cases: 视频笔录)": lambda v: cases.search(v, text="视频笔录"),
        "script + 30 days": lambda v: cases.search(v, script=script, since=now - 30 * 86400),
        "status waiting_bank": lambda v: cases.search(v, status="waiting_bank"),
        "recent (no filter)": lambda v: cases.search(v, limit=10),
    }
    print(f"{'search':38} {'viewer':10} {'p50 ms':>8} {'p99 ms':>8} {'hits':>5}")
    for name, run in searches.items():
        for label, viewer in (("supervisor", supervisor), ("operator", operator)):
            times, hits = [], 0
            for _ in range(args.runs):
                t = time.perf_counter()
                hits = len(run(viewer))
                times.append((time.perf_counter() - t) * 1000)
            print(f"{name:38} {label:10} {statistics.median(times):8.2f} {pct(times, 99):8.2f} {hits:5d}")
    t = time.perf_counter()
    queue = cases.queue()
    print(f"supervisor queue (oldest 200 open): {(time.perf_counter() - t) * 1000:.1f} ms, {len(queue)} rows")
    t = time.perf_counter()
    exported = sum(1 for _ in cases.export(since=now - 30 * 86400, script=script))
    print(f"export (30 days, one script): {exported} cases in {(time.perf_counter() - t) * 1000:.1f} ms")
    app.close()


if __name__ == "__main__":
    main()
