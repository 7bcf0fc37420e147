"""Review desk figures: the hot-reload check per message, a reload, an approval (validation and
gate included), `kb test`, and full-text search over many suggestions. Prints numbers only."""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import App, Settings
from knowledge import default_root, load_knowledge
from nlu.analyzer import Analyzer
from nlu.regression import all_cases, load_regression, run


def ms(f, n=1):
    t = time.perf_counter()
    for _ in range(n):
        f()
    return (time.perf_counter() - t) * 1000 / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suggestions", type=int, default=20_000, help="suggestions stored for the search figure")
    parser.add_argument("--smoke", action="store_true", help="Tiny sizes: it runs (CI); figures mean nothing.")
    args = parser.parse_args()
    rounds = 1 if args.smoke else 5
    if args.smoke:
        args.suggestions = 300
    tmp = Path(tempfile.mkdtemp())
    kb_dir = tmp / "knowledge"
    shutil.copytree(default_root(), kb_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    app = App(Settings(kb_dir=kb_dir, db_path=tmp / "bench.db", admins=("cli:admin",)))
    app.roles.grant("cli:admin", "cli:alice", "volunteer")
    _ = app.conversations
    keeper = app.keeper
    keeper.check_every = 0
    print(f"hot-reload check, nothing changed: {ms(keeper.maybe_reload, 5 if args.smoke else 200):.2f} ms")
    print(f"reload (files + additions, validated): {ms(keeper.reload, rounds):.0f} ms")
    times = []
    for k in range(rounds):
        sid = app.review.suggest("tg:1", f"彩虹糖兑换码{k}号", "phrase").id
        t = time.perf_counter()
        app.review.approve("cli:alice", f"s{sid}", "bench", target="red_flag.asks_transfer")
        times.append((time.perf_counter() - t) * 1000)
    print(f"approve a phrase (validate + gate + reload): median {statistics.median(times):.0f} ms")
    kb = load_knowledge(kb_dir)
    cases = all_cases(kb, load_regression(kb_dir / "regression.yml")[0])
    analyzer = Analyzer(kb)
    print(f"kb test cases: {len(cases)}, run: {ms(lambda: run(cases, analyzer.analyze), min(3, rounds)):.0f} ms")
    table = app.review.table
    n = args.suggestions
    t = time.perf_counter()
    for i in range(n):
        text = "客服说退款要先开通备用金" if i % 100 == 0 else f"快递员说包裹放在{i}号柜，请及时领取"
        table.add_suggestion("phrase", text, "k", channel="bench")
    print(f"store {n} suggestions (indexed): {(time.perf_counter() - t) * 1e6 / n:.0f} µs each")
    hits = len(table.search_suggestions("退款", limit=1000))
    took = ms(lambda: table.search_suggestions("退款", limit=1000), 20)
    print(f"search 退款 over {n}: {took:.2f} ms, {hits} hits")
    app.close()
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
