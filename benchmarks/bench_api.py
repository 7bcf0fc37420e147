"""Benchmark POST /v1/check against a local `callcheck serve`: requests/s, p99 and CPU per request at
1, 10 and 50 clients, beside the same analysis in this process (the per-core ratio).

Starts the real server (`callcheck serve`, uvicorn; `--workers N` where the command has it) on
127.0.0.1 with a temporary database and an API key whose limit is high enough not to interfere.
Measures, in order:
- ready: seconds from starting the process to /v1/health answering;
- the first request with a phone number in it (the number data must already be loaded);
- at each client level: requests/s, p50/p99/max latency, errors, the server's CPU ms per request
  and the cores it used (from /proc, the server and its children);
- in-process: the same texts analysed in this process (checks/s on one core), so
  per-core ratio = (requests/s / cores the server used) / in-process checks/s.
The clients run in this process: on a small machine they share its CPUs with the server, so
req/s is a floor; CPU per request and the per-core ratio depend least on what else runs.
Prints numbers; asserts nothing (--smoke: tiny sizes for CI, figures mean nothing).

Run: python benchmarks/bench_api.py [--seconds 5] [--clients 1,10,50] [--workers N]
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
sys.path.insert(0, str(ROOT))
from bot.services.roles import cli_actor  # noqa: E402

CALLCHECK = str(Path(sys.executable).with_name("callcheck"))
SALT = "benchmark-salt-not-a-secret-0123456789"  # the store refuses short salts
WITH_NUMBER = "刚才 13912345678 打来，说是快递理赔专员，让我加他QQ退款"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree(pid: int) -> list[int]:
    """The process and its descendants (uvicorn's workers are children of the supervisor)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def memory_kib(pid: int) -> dict[str, int]:
    out = {"VmRSS": 0, "VmHWM": 0}
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith(("VmRSS:", "VmHWM:")):
                    name, value = line.split(":", 1)
                    out[name] += int(value.split()[0])
        except OSError:
            pass
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the server (with its worker processes) has used, from /proc."""
    total = 0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def texts() -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "accounts.jsonl").read_text().splitlines() if line]
    return [r["text"] for r in rows if r.get("text")]


async def run(url: str, key: str, clients: int, seconds: float, bodies: list[str]) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timeout = httpx.Timeout(60.0)
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {key}"}, limits=limits, timeout=timeout
    ) as http:

        async def worker(offset: int) -> None:
            nonlocal errors
            i = offset
            while not latencies or time.perf_counter() < stop:  # at least one request each level
                body = {"text": bodies[i % len(bodies)]}
                i += clients
                t0 = time.perf_counter()
                try:
                    r = await http.post("/v1/check", json=body)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += not ok

        t0 = time.perf_counter()
        stop = t0 + seconds
        await asyncio.gather(*(worker(k) for k in range(clients)))
        elapsed = time.perf_counter() - t0
    return len(latencies) / elapsed, latencies, errors


def in_process_rate(bodies: list[str], seconds: float) -> float:
    """Checks/s of the same texts analysed in this process, on one core (CPU time, not wall)."""
    from bot.app import App, Settings

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("CALLCHECK_SALT", SALT)
        app = App(Settings(db_path=Path(tmp) / "inproc.db"))
        for b in bodies:
            app.analyzer.analyze(b)
        n = 0
        cpu0 = time.process_time()
        stop = time.perf_counter() + seconds
        while time.perf_counter() < stop:
            app.analyzer.analyze(bodies[n % len(bodies)])
            n += 1
        rate = n / max(time.process_time() - cpu0, 1e-9)
        app.close()
    return rate


def serve_has_workers() -> bool:
    out = subprocess.run([CALLCHECK, "serve", "--help"], capture_output=True, text=True).stdout
    return "--workers" in out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--clients", default="1,10,50")
    ap.add_argument("--workers", type=int, default=None, help="server processes (default: one per core, if supported)")
    ap.add_argument("--smoke", action="store_true", help="Tiny sizes: it runs (CI); figures mean nothing.")
    args = ap.parse_args()
    if args.smoke:
        args.seconds, args.clients = 0.3, "1,4"
    levels = [int(x) for x in args.clients.split(",")]

    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    env = {
        **os.environ,
        "CALLCHECK_DB": str(tmp / "bench.db"),
        "CALLCHECK_SALT": SALT,
        "CALLCHECK_ADMINS": cli_actor(),  # the terminal is the service account running the benchmark
        "TELEGRAM_BOT_TOKEN": "",
    }
    made = subprocess.run(
        [CALLCHECK, "api-key", "create", "bench", "--per-minute", "100000"],
        env=env,
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        raise SystemExit(f"could not create an API key: {made.stderr.strip()}")
    key = made.stdout.strip()
    port = free_port()
    command = [CALLCHECK, "serve", "--port", str(port)]
    workers = 1
    if serve_has_workers():
        workers = args.workers if args.workers is not None else (2 if args.smoke else (os.cpu_count() or 1))
        command += ["--workers", str(workers)]
    probe = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)  # built before: its set-up is not timed
    started = time.perf_counter()
    log = open(tmp / "server.log", "w+")  # noqa: SIM115  (a file, not a pipe: an unread pipe fills and blocks the server)
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if probe.get("/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                log.seek(0)
                raise SystemExit(f"the server did not start: {log.read()[-2000:]}")
            time.sleep(0.05)
        ready = time.perf_counter() - started
        t0 = time.perf_counter()
        first = probe.post("/v1/check", json={"text": WITH_NUMBER}, headers={"Authorization": f"Bearer {key}"})
        first_ms = (time.perf_counter() - t0) * 1000
        if first.status_code != 200:
            raise SystemExit(f"/v1/check answered {first.status_code}: {first.text}")
        bodies = texts()
        idle = memory_kib(server.pid)
        asyncio.run(run(url, key, 4, 0.2 if args.smoke else 1.0, bodies))  # warm-up: connections, caches
        inproc = in_process_rate(bodies, 0.3 if args.smoke else args.seconds)
        print(
            f"POST /v1/check, {len(bodies)} accounts round-robin, {args.seconds:g} s per level, "
            f"{workers} server process(es), clients in this process"
        )
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"ready (start to /v1/health): {ready:.2f} s; first request with a number: {first_ms:.0f} ms")
        print(f"server memory after start: {idle['VmRSS'] / 1024:.1f} MiB")
        print(f"in-process analysis (this process, one core): {inproc:,.0f} checks/s")
        print(
            f"{'clients':>7} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'errors':>6} "
            f"{'CPU ms/req':>10} {'cores':>5} {'per-core ratio':>14}"
        )
        for n in levels:
            cpu0 = cpu_seconds(server.pid)
            w0 = time.perf_counter()
            rate, lat, errors = asyncio.run(run(url, key, n, args.seconds, bodies))
            wall = time.perf_counter() - w0
            used = cpu_seconds(server.pid) - cpu0
            cpu = used / max(1, len(lat)) * 1000
            cores = used / wall
            ratio = (rate / max(cores, 1e-9)) / inproc
            lat.sort()
            p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
            print(
                f"{n:>7} {rate:>7.0f} {statistics.median(lat) * 1000:>7.1f} {p99 * 1000:>7.1f} "
                f"{lat[-1] * 1000:>7.1f} {errors:>6} {cpu:>10.2f} {cores:>5.2f} {ratio:>13.0%}"
            )
        mem = memory_kib(server.pid)
        print(f"server memory: {mem['VmRSS'] / 1024:.1f} MiB resident now, {mem['VmHWM'] / 1024:.1f} MiB peak")
        print(
            "targets (issue 21, quiet machine): 50 clients per-core ratio >= 80 %, p99 <= 100 ms, 0 errors; "
            "first request with a number <= 50 ms"
        )
    finally:
        probe.close()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


if __name__ == "__main__":
    main()
