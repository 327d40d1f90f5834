"""Ticket-issuing throughput of a real `satupintu serve` (gunicorn + gevent), against its ceiling.

Starts the server on a free port with a throw-away instance folder, then drives it with N client
threads over keep-alive connections:

1. GET /_bench/hello, a bare Flask route on the same server: the ceiling;
2. POST /api/v1/tickets spread over every service without a daily quota;
3. POST /api/v1/tickets all on one service (every request takes the same counter row).

Usage: .venv/bin/python bench/tickets.py [--clients 8] [--seconds 10 | --requests N] [--json]
Targets (on 2 cores): tickets/s at least 50 % of hello/s, and p99 latency under 50 ms.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import sqlite3
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from _server import Server, machine, percentile, request

TARGET_SHARE = 50.0  # tickets/s as % of hello/s
TARGET_P99_MS = 50.0


@dataclass
class Result:
    """One load run."""

    name: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    statuses: dict[str, int] = field(default_factory=dict)


def run_load(
    name: str,
    port: int,
    method: str,
    path: str,
    bodies: list[list[bytes | None]],
    *,
    seconds: float,
    total: int | None,
    warmup: int,
) -> Result:
    """Client thread i cycles through bodies[i]: `warmup` requests each, then the measured run.

    The measured run lasts `seconds`, or until `total` requests are done when given.
    """
    clients = len(bodies)
    headers = {"Content-Type": "application/json"} if method == "POST" else {}
    ready = threading.Barrier(clients + 1)
    go = threading.Event()
    latencies: list[list[float]] = [[] for _ in range(clients)]
    statuses: list[collections.Counter] = [collections.Counter() for _ in range(clients)]
    share = (
        None
        if total is None
        else [total // clients + (i < total % clients) for i in range(clients)]
    )
    deadline = [0.0]
    failures: list[BaseException] = []

    def client(index: int) -> None:
        own = bodies[index]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            for n in range(warmup):
                request(conn, method, path, own[n % len(own)], headers)
            ready.wait()
            go.wait()
            times, counts = latencies[index], statuses[index]
            limit = share[index] if share else None
            end = deadline[0]
            n = 0
            while (n < limit) if limit is not None else (time.perf_counter() < end):
                started = time.perf_counter()
                status, _ = request(conn, method, path, own[n % len(own)], headers)
                times.append(time.perf_counter() - started)
                counts[status] += 1
                n += 1
        except BaseException as error:  # report it; never leave the barrier hanging
            failures.append(error)
            ready.abort()
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    try:
        ready.wait()
    except threading.BrokenBarrierError:
        pass
    start = time.perf_counter()
    deadline[0] = start + seconds
    go.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise RuntimeError(f"{name}: client failed: {failures[0]!r}")
    times = sorted(t for per_client in latencies for t in per_client)
    counts = sum(statuses, collections.Counter())
    ok = sum(c for s, c in counts.items() if 200 <= s < 300)
    return Result(
        name=name,
        requests=len(times),
        errors=len(times) - ok,
        seconds=round(elapsed, 3),
        rps=round(ok / elapsed, 1),
        p50_ms=round(percentile(times, 50) * 1000, 2),
        p99_ms=round(percentile(times, 99) * 1000, 2),
        max_ms=round(times[-1] * 1000, 2) if times else 0.0,
        statuses={str(s): c for s, c in sorted(counts.items())},
    )


def service_codes(port: int) -> list[str]:
    """Codes of the active services without a daily quota (a quota would turn into 409s)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        status, body = request(conn, "GET", "/api/v1/services")
    finally:
        conn.close()
    if status != 200:
        raise RuntimeError(f"GET /api/v1/services answered {status}")
    services = json.loads(body)["services"]
    return [s["code"] for s in services if s["daily_quota"] is None]


def ticket_body(code: str) -> bytes:
    return json.dumps({"service": code, "priority": False}).encode()


def print_backlog(instance: Path) -> dict[str, int]:
    """Print jobs by status: the worker thread prints receipts after the response is sent."""
    with sqlite3.connect(f"file:{instance / 'satupintu.db'}?mode=ro", uri=True) as conn:
        return dict(conn.execute("SELECT status, count(*) FROM print_job GROUP BY status"))


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each run")
    parser.add_argument(
        "--requests", type=int, default=None, help="run this many requests instead of --seconds"
    )
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per client")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.seconds <= 0 or (args.requests is not None and args.requests < 1):
        parser.error("--clients, --seconds and --requests must be positive")

    load = {"seconds": args.seconds, "total": args.requests, "warmup": args.warmup}
    with tempfile.TemporaryDirectory(prefix="satupintu-bench-") as tmp:
        instance = Path(tmp) / "instance"
        server = Server(instance, env={"SATUPINTU_BENCH_HELLO": "1"})
        server.start()
        try:
            port = server.port
            hello = run_load("hello", port, "GET", "/_bench/hello", [[None]] * args.clients, **load)
            codes = service_codes(port)
            if not codes:
                raise RuntimeError("no service without a daily quota to issue tickets for")
            spread = [
                [ticket_body(codes[(i + k) % len(codes)]) for k in range(len(codes))]
                for i in range(args.clients)
            ]
            tickets = run_load("tickets", port, "POST", "/api/v1/tickets", spread, **load)
            single = run_load(
                "tickets-1svc",
                port,
                "POST",
                "/api/v1/tickets",
                [[ticket_body(codes[0])]] * args.clients,
                **load,
            )
            memory = server.memory()
            backlog = print_backlog(instance)
        finally:
            server.stop()

    runs = [hello, tickets, single]
    checks = []
    for run in (tickets, single):
        share = 100.0 * run.rps / hello.rps if hello.rps else 0.0
        checks.append(
            {
                "run": run.name,
                "share_of_hello_pct": round(share, 1),
                "share_ok": share >= TARGET_SHARE,
                "p99_ok": run.p99_ms < TARGET_P99_MS,
                "no_errors": run.errors == 0,
            }
        )
    report = {
        "machine": machine(),
        "config": {
            "clients": args.clients,
            "seconds": None if args.requests else args.seconds,
            "requests": args.requests,
            "warmup_per_client": args.warmup,
            "server": "gunicorn, 1 gevent worker",
            "services": len(codes),
            "single_service": codes[0],
        },
        "runs": [asdict(run) for run in runs],
        "checks": checks,
        "server_memory_kib": memory,
        "print_jobs_at_end": backlog,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)
    return 0  # a benchmark reports; MISS lines are information, not a failure


def print_table(report: dict) -> None:
    m, c = report["machine"], report["config"]
    print(
        f"Machine: {m['cpus']} CPUs ({m['cpus_usable']} usable), "
        f"{m['implementation']} {m['python']}, {m['platform']}"
    )
    length = f"{c['requests']} requests" if c["requests"] else f"{c['seconds']:g} s"
    print(
        f"Load: {c['clients']} clients (keep-alive), {length} per run, "
        f"{c['warmup_per_client']} warm-up requests per client; "
        f"server: {c['server']}; "
        f"{c['services']} services, single-service run on '{c['single_service']}'"
    )
    print()
    hello_rps = report["runs"][0]["rps"]
    print(
        f"{'run':<14}{'requests':>10}{'errors':>8}{'req/s':>10}{'p50 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}{'% hello':>9}"
    )
    for run in report["runs"]:
        share = 100.0 * run["rps"] / hello_rps if hello_rps else 0.0
        print(
            f"{run['name']:<14}{run['requests']:>10}{run['errors']:>8}{run['rps']:>10.1f}"
            f"{run['p50_ms']:>9.2f}{run['p99_ms']:>9.2f}{run['max_ms']:>9.2f}{share:>8.1f}%"
        )
    print()
    for check in report["checks"]:
        run = next(r for r in report["runs"] if r["name"] == check["run"])
        print(
            f"{verdict(check['share_ok'])}  {check['run']}: {check['share_of_hello_pct']:.1f} % "
            f"of hello (target >= {TARGET_SHARE:g} %)"
        )
        print(
            f"{verdict(check['p99_ok'])}  {check['run']}: p99 {run['p99_ms']:.2f} ms "
            f"(target < {TARGET_P99_MS:g} ms)"
        )
        if not check["no_errors"]:
            print(f"MISS  {check['run']}: non-2xx answers {run['statuses']}")
    if m["cpus_usable"] != 2:
        print(f"(targets are stated for 2 cores; this machine has {m['cpus_usable']} usable)")
    memory = report["server_memory_kib"]
    print()
    print(
        f"Server memory: VmRSS {memory.get('VmRSS', 0) / 1024:.1f} MiB, "
        f"peak VmHWM {memory.get('VmHWM', 0) / 1024:.1f} MiB"
    )
    print(
        f"Print jobs at the end (receipts print after the response): {report['print_jobs_at_end']}"
    )


if __name__ == "__main__":
    sys.exit(main())
