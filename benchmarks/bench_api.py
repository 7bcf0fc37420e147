"""Benchmark POST /v1/check against a local `callcheck serve`: requests/s, p50/p99, errors and the
server's CPU per request at 1, 10 and 50 clients, beside the same analysis in this process.

Starts the real server (`callcheck serve --workers N`, uvicorn) on 127.0.0.1 with a temporary
database and an API key whose limit is high enough not to interfere. Measures, in order:
- ready: seconds from starting the process to /v1/health answering;
- the first request with a phone number in it (the number data must already be loaded);
- start-up work still running after ready (the other server processes still warming up): the
  benchmark waits until the server is idle, and prints the CPU that took, so no level pays for it;
- in-process: the same texts checked in this process as the server's worker checks them
  (`check_answer`: analysis, situation, the answer's JSON document), checks/s per second of CPU
  (before and after the levels: the mean is used);
- at each client level: requests/s, p50/p99/max latency, errors (by status), the server's CPU ms
  per request (from /proc: the server and its worker processes), the cores it used, and
  per-core ratio = (requests/s / cores the server used) / in-process checks/s
                 = in-process CPU per check / server CPU per request,
  and the HTTP overhead = server CPU per request - in-process CPU per check (µs): what serving a
  check costs beside its analysis, the figure that does not move with the analyzer's speed; the
  ratios it would give at other analysis costs are printed with it.
The load generator is as light as it can be, so the server is what gets measured: raw asyncio
keep-alive connections sending prepared requests and reading each response by its
Content-Length (no HTTP library). It shares the machine's cores with the server, so requests/s
and latencies are what is left over; its own CPU per request is printed beside the server's.
CPU figures are the ones that hold on a busy machine; wall-clock figures (req/s, p99) do not.
Prints numbers; asserts nothing (--smoke: tiny sizes for CI, figures mean nothing).

Run: python benchmarks/bench_api.py [--seconds 5] [--clients 1,10,50] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bot.services.roles import cli_actor  # noqa: E402

CALLCHECK = str(Path(sys.executable).with_name("callcheck"))
SALT = "benchmark-salt-not-a-secret-0123456789"  # the store refuses short salts
WITH_NUMBER = "刚才 13912345678 打来，说是快递理赔专员，让我加他QQ退款"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
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


def request_bytes(port: int, key: str, text: str) -> bytes:
    """One whole HTTP/1.1 keep-alive request, prepared once."""
    body = json.dumps({"text": text}, ensure_ascii=False).encode()
    head = (
        f"POST /v1/check HTTP/1.1\r\nHost: {HOST}:{port}\r\nAuthorization: Bearer {key}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes, bool]:
    """Send one request, read its response: (status, body, connection kept)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, keep = 0, True
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection" and value.strip().lower() == b"close":
            keep = False
    body = await reader.readexactly(length) if length else b""
    return status, body, keep


async def run(port: int, clients: int, seconds: float, requests: list[bytes]) -> tuple[float, list[float], dict]:
    """`clients` connections, each sending its next request as soon as the last is answered."""
    latencies: list[float] = []
    errors: collections.Counter = collections.Counter()

    async def worker(offset: int) -> None:
        i = offset
        conn = None
        while not latencies or time.perf_counter() < stop:  # at least one request each level
            request = requests[i % len(requests)]
            i += clients
            t0 = time.perf_counter()
            try:
                if conn is None:
                    conn = await asyncio.open_connection(HOST, port)
                status, _body, keep = await exchange(*conn, request)
                if not keep:
                    conn[1].close()
                    conn = None
                if status != 200:
                    errors[str(status)] += 1
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors[type(exc).__name__] += 1
                if conn is not None:
                    conn[1].close()
                conn = None
            latencies.append(time.perf_counter() - t0)
        if conn is not None:
            conn[1].close()

    t0 = time.perf_counter()
    stop = t0 + seconds
    await asyncio.gather(*(worker(k) for k in range(clients)))
    elapsed = time.perf_counter() - t0
    return len(latencies) / elapsed, latencies, dict(errors)


def in_process_rate(bodies: list[str], seconds: float) -> float:
    """Checks per second of CPU of the same texts checked in this process, on one core: the work an
    API check's worker does (`check_answer`: the analysis, the situation and the answer's JSON
    document), without the HTTP side (reading the request, the key, the hand-offs, the trend row)."""
    from bot.app import App, Settings
    from bot.channels.web.analysis import check_answer

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("CALLCHECK_SALT", SALT)
        app = App(Settings(db_path=Path(tmp) / "inproc.db"))
        for b in bodies:
            check_answer(app, b)
        n = 0
        cpu0 = time.process_time()
        stop = time.perf_counter() + seconds
        while time.perf_counter() < stop:
            check_answer(app, bodies[n % len(bodies)])
            n += 1
        rate = n / max(time.process_time() - cpu0, 1e-9)
        app.close()
    return rate


def wait_idle(pid: int, limit: float, window: float = 1.0, share: float = 0.05) -> tuple[float, bool]:
    """Wait (at most `limit` s) until the server uses under `share` of a core over `window` s:
    start-up work (processes still warming up) is not counted against any request.
    Returns the CPU seconds it used meanwhile and whether it became idle."""
    start = cpu_seconds(pid)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(window)
        if cpu_seconds(pid) - before < share * window:
            return cpu_seconds(pid) - start, True
    return cpu_seconds(pid) - start, False


def http_get(port: int, path: str, timeout: float = 1.0) -> int:
    """Status of a GET (0 when nothing answers)."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
            head = s.recv(64)
            return int(head[9:12]) if head.startswith(b"HTTP/1.1 ") else 0
    except (OSError, ValueError):
        return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--clients", default="1,10,50")
    ap.add_argument("--workers", type=int, default=None, help="server processes (default: one per core)")
    ap.add_argument("--smoke", action="store_true", help="Tiny sizes: it runs (CI); figures mean nothing.")
    args = ap.parse_args()
    if args.smoke:
        args.seconds, args.clients = 0.3, "1,4"
    levels = [int(x) for x in args.clients.split(",")]
    workers = args.workers if args.workers is not None else (2 if args.smoke else (os.cpu_count() or 1))

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
    command = [CALLCHECK, "serve", "--port", str(port), "--workers", str(workers)]
    started = time.perf_counter()
    log = open(tmp / "server.log", "w+")  # noqa: SIM115  (a file, not a pipe: an unread pipe fills and blocks the server)
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        deadline = time.monotonic() + 300  # a loaded machine: two processes loading the knowledge at once
        while http_get(port, "/v1/health") != 200:
            if time.monotonic() > deadline or server.poll() is not None:
                log.seek(0)
                raise SystemExit(f"the server did not start: {log.read()[-2000:]}")
            time.sleep(0.05)
        ready = time.perf_counter() - started

        async def first() -> tuple[int, bytes, float]:
            conn = await asyncio.open_connection(HOST, port)
            t0 = time.perf_counter()
            status, body, _ = await exchange(*conn, request_bytes(port, key, WITH_NUMBER))
            ms = (time.perf_counter() - t0) * 1000
            conn[1].close()
            return status, body, ms

        status, body, first_ms = asyncio.run(first())
        if status != 200 or "verdict" not in json.loads(body):
            raise SystemExit(f"/v1/check answered {status}: {body[:300]!r}")
        startup_cpu, idle = wait_idle(server.pid, 5 if args.smoke else 90)
        bodies = texts()
        requests = [request_bytes(port, key, t) for t in bodies]
        mem_idle = memory_kib(server.pid)
        asyncio.run(run(port, 4, 0.2 if args.smoke else 1.0, requests))  # warm-up: connections, caches
        inproc_seconds = 0.3 if args.smoke else args.seconds
        before = in_process_rate(bodies, inproc_seconds)
        print(
            f"POST /v1/check, {len(bodies)} accounts round-robin, {args.seconds:g} s per level, "
            f"{workers} server process(es); load generator: raw asyncio keep-alive connections in this process"
        )
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"ready (start to /v1/health): {ready:.2f} s; first request with a number: {first_ms:.0f} ms")
        print(
            f"start-up work after ready (other processes warming up): {startup_cpu:.1f} s CPU, "
            + ("then idle" if idle else "still busy when the levels began")
        )
        print(f"server memory after start: {mem_idle['VmRSS'] / 1024:.1f} MiB")
        rows, results = [], {}
        for n in levels:
            cpu0 = cpu_seconds(server.pid)
            client0 = time.process_time()
            w0 = time.perf_counter()
            rate, lat, errors = asyncio.run(run(port, n, args.seconds, requests))
            wall = time.perf_counter() - w0
            client = (time.process_time() - client0) / max(1, len(lat)) * 1000
            used = cpu_seconds(server.pid) - cpu0
            cpu = used / max(1, len(lat)) * 1000
            cores = used / wall
            lat.sort()
            rows.append((n, rate, lat, errors, cpu, cores, client))
        # The same analysis in this process, measured before and after the levels (the machine's
        # load moves): the ratio uses their mean, and both are printed.
        after = in_process_rate(bodies, inproc_seconds)
        inproc = (before + after) / 2
        print(
            f"in-process analysis (this process, one core): {inproc:,.0f} checks/s ({1000 / inproc:.2f} ms CPU each; "
            f"{before:,.0f} before the levels, {after:,.0f} after)"
        )
        print(
            f"{'clients':>7} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'errors':>6} "
            f"{'CPU ms/req':>10} {'cores':>5} {'per-core ratio':>14} {'HTTP overhead us':>16} {'client CPU ms/req':>17}"
        )
        for n, rate, lat, errors, cpu, cores, client in rows:
            ratio = (rate / max(cores, 1e-9)) / inproc
            p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
            overhead = cpu * 1000 - 1e6 / inproc  # µs of server CPU per request beside the analysis
            results[n] = (ratio, p99, sum(errors.values()), overhead)
            print(
                f"{n:>7} {rate:>7.0f} {statistics.median(lat) * 1000:>7.1f} {p99 * 1000:>7.1f} "
                f"{lat[-1] * 1000:>7.1f} {sum(errors.values()):>6} {cpu:>10.2f} {cores:>5.2f} {ratio:>13.0%} "
                f"{overhead:>16.0f} {client:>17.2f}" + (f"  errors: {errors}" if errors else "")
            )
        mem = memory_kib(server.pid)
        print(f"server memory: {mem['VmRSS'] / 1024:.1f} MiB resident now, {mem['VmHWM'] / 1024:.1f} MiB peak")
        top = max(levels)
        ratio, p99, errors, overhead = results[top]
        at = ", ".join(
            f"{ms:g} ms of analysis: {ms * 1000 / (ms * 1000 + max(overhead, 0)):.0%}" for ms in (1.0, 0.6, 0.3)
        )
        print(f"HTTP overhead at {top} clients: {overhead:.0f} us per request; the per-core ratio it gives at {at}")

        def mark(ok: bool) -> str:
            return "met" if ok else "NOT met"

        print(
            f"targets (issue 21, quiet machine) at {top} clients: per-core ratio >= 80 %: {ratio:.0%} "
            f"{mark(ratio >= 0.8)}; p99 <= 100 ms: {p99 * 1000:.0f} ms {mark(p99 <= 0.1)}; "
            f"0 errors: {errors} {mark(errors == 0)}; first request with a number <= 50 ms: {first_ms:.0f} ms "
            f"{mark(first_ms <= 50)}"
        )
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


if __name__ == "__main__":
    main()
