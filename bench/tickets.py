"""Ticket issue on a real `satupintu serve` (gunicorn + gevent): its ceiling, and its latency at a
steady kiosk load while waiting-room displays are connected.

Starts the server on a free port with a throw-away instance folder, then, in one run:

1. open loop: --streams display event streams (/display/events) connect and are read, and
   POST /api/v1/tickets is sent on a fixed schedule of --rate tickets/s for --open-seconds,
   whatever the answers do; each latency is measured from the request's scheduled send time,
   so a request that had to wait for a free client counts its wait (queueing counts);
2. ceiling: --clients closed-loop clients over keep-alive connections, as fast as answers come,
   first on GET /_bench/hello (a bare Flask route on the same server), then on
   POST /api/v1/tickets spread over every service without a daily quota.

The ticket clients use 127.0.0.1, exempt from the per-client limits like a kiosk
(SATUPINTU_STATUS_RATE_LIMIT_EXEMPT); the streams come from 127.0.9.x source addresses, at most
--per-address each, under the per-client stream cap (SATUPINTU_DISPLAY_STREAMS_PER_CLIENT, 8).

Usage: .venv/bin/python bench/tickets.py [--rate 20] [--open-seconds 30] [--streams 20]
                                         [--clients 8] [--seconds 10] [--json]
Targets (issue 10): closed-loop tickets/s >= 25 % of hello/s; open-loop p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import selectors
import socket
import sqlite3
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from _server import Server, call_json, machine, percentile, request
from idle_streams import open_idle_streams

TARGET_SHARE = 25.0  # closed-loop tickets/s as % of hello/s
TARGET_P99_MS = 50.0  # open loop, from the scheduled send time
IDLE_CLOSE_SECONDS = 1.0  # a sender idle this long reconnects (well inside the keep-alive)


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
            # gunicorn closes a keep-alive connection idle for 2 s, as this one may be while
            # slower clients warm up: the first measured request opens a fresh one.
            conn.close()
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
    times = [t for per_client in latencies for t in per_client]
    return summarise(name, times, sum(statuses, collections.Counter()), elapsed)


def summarise(name: str, latencies: list[float], counts: collections.Counter, elapsed: float):
    """A Result from the latencies (seconds) and status counts of a run that took `elapsed`."""
    times = sorted(latencies)
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


class StreamReader:
    """Reads every open display stream in a background thread, as the displays would, and
    counts what arrives (a stream nobody reads would fill its socket and stall the server)."""

    def __init__(self, streams: list[socket.socket]) -> None:
        self.streams = streams
        self.received = 0
        self.closed = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)

    def __enter__(self) -> StreamReader:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        for sock in self.streams:
            sock.close()

    def _read(self) -> None:
        selector = selectors.DefaultSelector()
        for sock in self.streams:
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ)
        while not self._stop.is_set():
            for key, _ in selector.select(timeout=0.1):
                try:
                    data = key.fileobj.recv(65536)
                except BlockingIOError:
                    continue
                if data:
                    self.received += len(data)
                else:
                    self.closed += 1
                    selector.unregister(key.fileobj)
        selector.close()


def run_open_loop(port: int, bodies: list[bytes], *, rate: float, seconds: float, senders: int):
    """POST /api/v1/tickets at `rate` per second on a fixed schedule; latency from schedule.

    `senders` threads with a keep-alive connection each take the next scheduled request; when all
    are busy the next one goes late, and its latency still counts from its scheduled time.
    """
    total = max(1, round(rate * seconds))
    headers = {"Content-Type": "application/json"}
    latencies: list[float] = []
    late: list[float] = []
    counts: collections.Counter = collections.Counter()
    lock = threading.Lock()
    next_index = [0]
    failures: list[BaseException] = []
    start = time.perf_counter() + 0.5  # every sender is connected and waiting by then

    def sender() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while True:
                with lock:
                    index = next_index[0]
                    next_index[0] += 1
                if index >= total:
                    return
                scheduled = start + index / rate
                pause = scheduled - time.perf_counter()
                if pause > IDLE_CLOSE_SECONDS:
                    conn.close()  # before gunicorn closes it as idle (keepalive, 2 s)
                if pause > 0:
                    time.sleep(pause)
                sent = time.perf_counter()
                status, _ = request(
                    conn, "POST", "/api/v1/tickets", bodies[index % len(bodies)], headers
                )
                done = time.perf_counter()
                with lock:
                    latencies.append(done - scheduled)
                    late.append(max(0.0, sent - scheduled))
                    counts[status] += 1
        except BaseException as error:
            failures.append(error)
        finally:
            conn.close()

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise RuntimeError(f"open loop: sender failed: {failures[0]!r}")
    result = summarise("tickets-open", latencies, counts, elapsed)
    return result, round(max(late, default=0.0) * 1000, 2)


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
    parser.add_argument("--rate", type=float, default=20.0, help="open loop: tickets per second")
    parser.add_argument("--open-seconds", type=float, default=30.0, help="open loop: length")
    parser.add_argument("--streams", type=int, default=20, help="open loop: display streams")
    parser.add_argument("--per-address", type=int, default=5, help="streams per source address")
    parser.add_argument("--senders", type=int, default=16, help="open loop: sender threads")
    parser.add_argument("--clients", type=int, default=8, help="ceiling: closed-loop clients")
    parser.add_argument("--seconds", type=float, default=10.0, help="ceiling: length of each run")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per client")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    if (
        min(args.rate, args.open_seconds, args.seconds) <= 0
        or min(args.clients, args.senders, args.per_address) < 1
        or args.streams < 0
    ):
        parser.error("rates, lengths and counts must be positive (--streams may be 0)")

    load = {"seconds": args.seconds, "total": None, "warmup": args.warmup}
    with tempfile.TemporaryDirectory(prefix="satupintu-bench-") as tmp:
        instance = Path(tmp) / "instance"
        server = Server(instance, env={"SATUPINTU_BENCH_HELLO": "1"})
        server.start()
        try:
            port = server.port
            codes = service_codes(port)
            if not codes:
                raise RuntimeError("no service without a daily quota to issue tickets for")
            bodies = [ticket_body(code) for code in codes]
            for code in codes:  # first use of each service: not what the schedule measures
                call_json(port, "POST", "/api/v1/tickets", {"service": code})
            streams = open_idle_streams(port, args.streams, 9, args.per_address)
            cpu = server.cpu_seconds()
            with StreamReader(streams) as reader:
                open_loop, latest_send = run_open_loop(
                    port, bodies, rate=args.rate, seconds=args.open_seconds, senders=args.senders
                )
            open_cpu = server.cpu_seconds() - cpu
            stream_bytes, streams_closed = reader.received, reader.closed
            hello = run_load("hello", port, "GET", "/_bench/hello", [[None]] * args.clients, **load)
            spread = [
                [bodies[(i + k) % len(bodies)] for k in range(len(bodies))]
                for i in range(args.clients)
            ]
            tickets = run_load("tickets", port, "POST", "/api/v1/tickets", spread, **load)
            memory = server.memory()
            backlog = print_backlog(instance)
        except Exception:
            # What the server said last usually explains a failed run.
            print("".join(list(server.output)[-40:]), file=sys.stderr)
            raise
        finally:
            server.stop()

    share = 100.0 * tickets.rps / hello.rps if hello.rps else 0.0
    report = {
        "machine": machine(),
        "config": {
            "rate": args.rate,
            "open_seconds": args.open_seconds,
            "streams": args.streams,
            "senders": args.senders,
            "clients": args.clients,
            "seconds": args.seconds,
            "warmup_per_client": args.warmup,
            "server": "gunicorn, 1 gevent worker",
            "services": len(codes),
        },
        "runs": [asdict(run) for run in (open_loop, hello, tickets)],
        "open_loop": {
            "latest_send_ms": latest_send,
            "server_cpu_per_ticket_ms": round(1000 * open_cpu / max(1, open_loop.requests), 2),
            "stream_bytes": stream_bytes,
            "streams_closed": streams_closed,
        },
        "checks": {
            "share_of_hello_pct": round(share, 1),
            "share_ok": share >= TARGET_SHARE,
            "open_loop_p99_ok": open_loop.p99_ms < TARGET_P99_MS,
            "no_errors": open_loop.errors == 0 and tickets.errors == 0 and hello.errors == 0,
        },
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
        f"{m['implementation']} {m['python']}, {m['platform']}; server: {c['server']}"
    )
    print(
        f"Open loop: {c['rate']:g} tickets/s for {c['open_seconds']:g} s over {c['services']} "
        f"services, {c['streams']} display streams connected, {c['senders']} sender threads"
    )
    print(
        f"Ceiling: {c['clients']} closed-loop clients (keep-alive), {c['seconds']:g} s per run, "
        f"{c['warmup_per_client']} warm-up requests per client"
    )
    print()
    hello_rps = next(r["rps"] for r in report["runs"] if r["name"] == "hello")
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
    o, k = report["open_loop"], report["checks"]
    open_run = report["runs"][0]
    print()
    print(
        f"{verdict(k['share_ok'])}  ceiling: tickets at {k['share_of_hello_pct']:.1f} % of hello "
        f"(target >= {TARGET_SHARE:g} %)"
    )
    print(
        f"{verdict(k['open_loop_p99_ok'])}  open loop: p99 {open_run['p99_ms']:.2f} ms at "
        f"{c['rate']:g} tickets/s with {c['streams']} streams (target < {TARGET_P99_MS:g} ms, "
        "from the scheduled send time)"
    )
    if not k["no_errors"]:
        print(
            "MISS  non-2xx answers: "
            + "; ".join(f"{r['name']} {r['statuses']}" for r in report["runs"])
        )
    if m["cpus_usable"] != 2:
        print(f"(targets are stated for 2 cores; this machine has {m['cpus_usable']} usable)")
    memory = report["server_memory_kib"]
    print()
    print(
        f"Open loop: server CPU {o['server_cpu_per_ticket_ms']} ms per ticket (all processes), "
        f"latest send {o['latest_send_ms']} ms after its schedule, streams read "
        f"{o['stream_bytes']} bytes, {o['streams_closed']} closed early"
    )
    print(
        f"Server memory: VmRSS {memory.get('VmRSS', 0) / 1024:.1f} MiB, "
        f"peak VmHWM {memory.get('VmHWM', 0) / 1024:.1f} MiB"
    )
    print(
        f"Print jobs at the end (receipts print after the response): {report['print_jobs_at_end']}"
    )


if __name__ == "__main__":
    sys.exit(main())
