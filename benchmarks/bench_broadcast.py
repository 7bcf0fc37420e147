"""Benchmark a police alert broadcast: 1,000 channels through the real Application and AIORateLimiter.

Run: python benchmarks/bench_broadcast.py [--channels 1000] [--latency 0.03] [--concurrency 8]
Prints numbers only. The Bot API is a local stand-in on 127.0.0.1 (tests/fake_bot_api.py) that
enforces Telegram's limits the way AIORateLimiter models them — 30 messages a second overall
(token bucket, burst 30) and 20 a minute per group or channel — and answers 429 with
`retry_after` when a request exceeds them. The broadcast goes through the same code as
`callcheck alert send`: services/alerts.Broadcaster, the SQLite ledger, telegram_sender.

The bound the limits imply for N channels with one message each: N / 30 s (1,000 -> 33.3 s); the
30-message burst both sides allow makes the true floor (N - 30) / 30 s. Target: within 5 % of N / 30.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_bot_api import BotAPIStandIn  # noqa: E402

from bot.app import App, Settings  # noqa: E402
from bot.channels.telegram_police import build_sender_application, telegram_sender  # noqa: E402
from bot.services.alerts import Broadcaster  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--channels", type=int, default=1000)
    ap.add_argument("--latency", type=float, default=0.03, help="seconds the stand-in takes per request")
    ap.add_argument("--concurrency", type=int, default=8, help="messages in flight")
    ap.add_argument("--rate", type=float, default=30, help="overall messages a second (Telegram: about 30)")
    ap.add_argument("--smoke", action="store_true", help="Tiny sizes: it runs (CI); figures mean nothing.")
    args = ap.parse_args()
    if args.smoke:
        args.channels, args.latency, args.rate = 12, 0.0, 1000

    server = BotAPIStandIn(overall_per_second=args.rate, latency=args.latency)
    with tempfile.TemporaryDirectory() as tmp:
        app = App(Settings(db_path=Path(tmp) / "bench.db", admins=("cli:bench", "cli:bench-second"), quiet_hours=None))
        chats = [-1_001_000_000_000 - i for i in range(args.channels)]
        for chat in chats:
            app.subscriptions.table.activate(chat, "channel", ["CN-GD"], "zh", "bench")
        draft = app.alerts.compose("cli:bench", "CN-GD", script="order_anomaly")
        first = app.alerts.confirm("cli:bench", draft.id)
        if first.state != "sending":  # 1,000 recipients: a second officer must confirm too (not for --smoke's 12)
            assert app.alerts.confirm("cli:bench-second", draft.id).state == "sending"

        async def broadcast() -> tuple[dict, float]:
            application = build_sender_application("123:BENCH", base_url=server.base_url)
            async with application:
                start = time.perf_counter()
                counts = await Broadcaster(app.store, concurrency=args.concurrency).run(
                    draft.id, telegram_sender(application.bot)
                )
                return counts, time.perf_counter() - start

        counts, elapsed = asyncio.run(broadcast())
        app.close()
    server.close()

    bound = args.channels / args.rate
    floor = max(0.0, (args.channels - args.rate) / args.rate)
    print(f"channels                 {args.channels}")
    print(f"limits                   {args.rate:g}/s overall, 20/min per channel; latency {args.latency * 1000:.0f} ms")
    print(f"sent / failed / unsure   {counts['sent']} / {counts['failed']} / {counts['uncertain']}")
    print(f"total time               {elapsed:.2f} s")
    print(f"bound (N / {args.rate:g})          {bound:.2f} s   -> {100 * (elapsed - bound) / bound:+.1f} %")
    print(f"floor with 30-msg burst  {floor:.2f} s")
    print(f"429 answers              {server.too_many}")
    print(f"duplicates               {server.duplicates()}")
    print(f"messages delivered       {sum(server.delivered.values())} to {len(server.delivered)} chats")


if __name__ == "__main__":
    main()
