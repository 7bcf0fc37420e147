"""Benchmark POST /v1/check against a local `callcheck serve`: requests/s and p99 at 1, 8 and 32 clients.

Starts the real server (`callcheck serve`, uvicorn, one process) on 127.0.0.1 with a temporary
database and an API key whose limit is high enough not to interfere, sends the labelled accounts
of tests/data/accounts.jsonl round-robin from N concurrent keep-alive clients (httpx), and prints
throughput, latency percentiles and the server's resident memory (VmRSS, peak VmHWM). Prints
numbers; asserts nothing. The clients run in this process: on a small machine they share its CPUs
with the server, so the figures are a floor; the server's CPU time per request (from /proc) is
the figure that depends least on what else runs on the machine.

Run: python benchmarks/bench_api.py [--seconds 5] [--clients 1,8,32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CALLCHECK = str(Path(sys.executable).with_name("callcheck"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_kib(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            name, value = line.split(":", 1)
            out[name] = int(value.split()[0])
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def texts() -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "accounts.jsonl").read_text().splitlines() if line]
    return [r["text"] for r in rows if r.get("text")]


async def run(url: str, key: str, clients: int, seconds: float, bodies: list[str]) -> tuple[int, list[float], int]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {key}"}, limits=limits) as http:

        async def worker(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < stop:
                body = {"text": bodies[i % len(bodies)]}
                i += clients
                t0 = time.perf_counter()
                r = await http.post("/v1/check", json=body)
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(clients)))
        elapsed = time.perf_counter() - t0
    return int(len(latencies) / elapsed), latencies, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--clients", default="1,8,32")
    args = ap.parse_args()
    levels = [int(x) for x in args.clients.split(",")]

    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    env = {
        **os.environ,
        "CALLCHECK_DB": str(tmp / "bench.db"),
        "CALLCHECK_SALT": "bench-salt-not-secret-0123456789",
        "CALLCHECK_ADMINS": "cli:bench",
        "TELEGRAM_BOT_TOKEN": "",
    }
    key = subprocess.run(
        [CALLCHECK, "api-key", "create", "bench", "--per-minute", "100000", "--as", "bench"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    port = free_port()
    server = subprocess.Popen(
        [CALLCHECK, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        bodies = texts()
        idle = memory_kib(server.pid)
        asyncio.run(run(url, key, 4, 1.0, bodies))  # warm-up: wording model and caches
        print(f"POST /v1/check, {len(bodies)} accounts round-robin, {args.seconds:.0f} s per level, one server process")
        print(f"server memory after start: {idle['VmRSS'] / 1024:.1f} MiB")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(
            f"{'clients':>7} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'errors':>6} "
            f"{'server CPU ms/req':>17}"
        )
        for n in levels:
            cpu0 = cpu_seconds(server.pid)
            rate, lat, errors = asyncio.run(run(url, key, n, args.seconds, bodies))
            cpu = (cpu_seconds(server.pid) - cpu0) / max(1, len(lat)) * 1000
            lat.sort()
            p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
            print(
                f"{n:>7} {rate:>7} {statistics.median(lat) * 1000:>7.1f} {p99 * 1000:>7.1f} "
                f"{lat[-1] * 1000:>7.1f} {errors:>6} {cpu:>17.2f}"
            )
        mem = memory_kib(server.pid)
        print(f"server memory: {mem['VmRSS'] / 1024:.1f} MiB resident now, {mem['VmHWM'] / 1024:.1f} MiB peak")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
