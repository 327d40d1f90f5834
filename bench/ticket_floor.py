"""Where a ticket's CPU goes, in one process: the bare route, the ticket's SQL alone, the ticket.

bench/tickets.py measures the served ceiling; this script explains it. Through Flask's test client
(no gunicorn, no network), on a throw-away instance folder, it times the process CPU of:

1. hello:  GET /_bench/hello, the bare route of the ceiling (every app-wide hook runs);
2. floor:  POST to a route this script adds for itself: the ticket's own SQL and nothing else
           (take the number, insert the ticket and its print job, count the people ahead,
           commit), through the same SQLAlchemy engine, answered with three fields as JSON;
3. ticket: POST /api/v1/tickets from a paired kiosk, with everything it does (limits, schema,
           office hours, the estimate, the receipt handed to the printer, the durable commit).

The floor is not a path of the app: it is the lower bound of any ticket path built on this
stack, so floor/hello says how close to the ceiling a ticket could come at best.

Usage: .venv/bin/python bench/ticket_floor.py [--requests 2000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _server import machine  # noqa: E402


def _setup(instance: str) -> str:
    """An office and a paired kiosk's code, as bench/tickets.py makes them."""
    os.environ.update(
        {
            "SATUPINTU_INSTANCE_PATH": instance,
            "SATUPINTU_OFFICE_HOURS": "always",
            "SATUPINTU_PRINTER": "dummy:",
            "SATUPINTU_RECEIPT_PREVIEW_DIR": "",
            "SATUPINTU_BASE_URL": "http://127.0.0.1:9",
            "SATUPINTU_SECRET_KEY": "bench-secret",
            "SATUPINTU_STATUS_RATE_LIMIT_EXEMPT": '["127.0.0.1"]',
            "SATUPINTU_BENCH_HELLO": "1",
        }
    )
    cli = [sys.executable, "-m", "kiosk.cli"]
    subprocess.run([*cli, "init-db"], check=True, capture_output=True, cwd=ROOT)
    made = subprocess.run(
        [*cli, "kiosk-code", "--name", "Kios bench"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return re.search(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}\b", made.stdout).group(0)


def _add_floor_route(app) -> None:
    """POST /_bench/floor: the ticket's SQL and a three-field answer, nothing else."""
    from flask import jsonify, request
    from sqlalchemy import select

    from kiosk import clock
    from kiosk.extensions import csrf, db
    from kiosk.models import Service
    from kiosk.printing.jobs import insert_job
    from kiosk.queue import service as queue
    from kiosk.queue.position import _ahead_statement
    from kiosk.tracking import new_code

    services: dict[str, tuple[int, int, str]] = {}

    def floor():
        code = request.get_json()["service"]
        if code not in services:
            found = db.session.scalar(select(Service).where(Service.code == code))
            services[code] = (found.id, found.office_id, found.prefix)
        service_id, office_id, prefix = services[code]
        now = clock.now()
        day = now.date()
        connection = db.session.connection()
        statement = queue._next_number_statement(connection.dialect.name)
        number = connection.execute(statement, {"service_id": service_id, "day": day}).scalar_one()
        row = {
            "office_id": office_id,
            "service_id": service_id,
            "queue_service_id": service_id,
            "day": day,
            "queue_day": day,
            "priority": False,
            "priority_reason": None,
            "state": "waiting",
            "tracking_code": new_code(),
            "request_token": None,
            "missing_requirements": [],
            "source": "kiosk",
            "lang": "id",
            "issued_at": now,
            "number": number,
            "label": queue.format_number(prefix, number),
            **queue._NOT_YET,
        }
        ticket_id = connection.execute(queue._INSERT_TICKET, row).inserted_primary_key[0]
        insert_job(ticket_id, "dummy:")
        ahead = connection.execute(
            _ahead_statement(False, False),
            {"counter": None, "service": service_id, "day": day, "place": now, "id": ticket_id},
        ).scalar()
        db.session.commit()
        answer = {
            "number": row["label"],
            "people_ahead": ahead,
            "tracking_code": row["tracking_code"],
        }
        return jsonify(answer), 201

    app.add_url_rule("/_bench/floor", "bench_floor", floor, methods=["POST"])
    csrf.exempt(floor)


def _paired_client(app, code: str):
    client = app.test_client()
    page = client.get("/kios/pasang")
    csrf = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.data).group(1)
    paired = client.post("/kios/pasang", data={"code": code, "csrf_token": csrf.decode()})
    if paired.status_code != 303:
        raise RuntimeError(f"pairing the bench kiosk failed: {paired.status_code}")
    return client


def _cpu_ms(send, requests: int) -> float:
    """Process CPU (every thread: the print worker's bookkeeping counts) per request, in ms."""
    start = time.process_time()
    for index in range(requests):
        send(index)
    return 1000 * (time.process_time() - start) / requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="satupintu-floor-") as instance:
        code = _setup(instance)
        from sqlalchemy import select

        from kiosk import create_app
        from kiosk.extensions import db
        from kiosk.models import Service

        app = create_app()
        _add_floor_route(app)
        client = _paired_client(app, code)
        with app.app_context():
            services = list(db.session.scalars(select(Service.code).where(Service.active)))

        def hello(index: int) -> None:
            assert client.get("/_bench/hello").status_code == 200

        def post(path: str):
            def send(index: int) -> None:
                body = {"service": services[index % len(services)]}
                answer = client.post(path, json=body)
                assert answer.status_code == 201, answer.data[:200]

            return send

        runs = {"hello": hello, "floor": post("/_bench/floor"), "ticket": post("/api/v1/tickets")}
        for send in runs.values():
            _cpu_ms(send, 100)  # warm: first-use loads, caches
        costs = {name: _cpu_ms(send, args.requests) for name, send in runs.items()}
    shares = {name: 100 * costs["hello"] / cost for name, cost in costs.items()}
    if args.json:
        print(json.dumps({"machine": machine(), "cpu_ms": costs, "share_of_hello": shares}))
        return
    print(f"Machine: {machine()['cpus']} CPUs, CPython {machine()['python']}")
    print(f"{args.requests} requests each, in one process (Flask test client)\n")
    print("run       CPU ms/request   hello/run")
    for name, cost in costs.items():
        print(f"{name:<9} {cost:14.3f} {shares[name]:10.1f} %")
    print(
        "\nfloor = the ticket's SQL alone; a served ticket can at best reach about "
        f"{shares['floor']:.0f} % of hello on this stack (target 25 %)."
    )


if __name__ == "__main__":
    main()
