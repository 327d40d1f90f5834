"""Benchmark: file status lookups with 1,000,000 files and 5,000,000 history rows in SQLite.

Builds the database once (kept under bench/.data/ unless --fresh), then times public status
lookups by tracking code — the same code path as /s/<code> and GET /api/v1/files/<code> —
and prints p50/p99 latency and the database size on disk. Target: p99 < 10 ms.

    .venv/bin/python bench/status.py [--files 1000000] [--history-per-file 5] [--lookups 2000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STATUSES = ["diterima", "diverifikasi", "diteruskan", "menunggu_blanko", "siap_diambil"]


def build(path: Path, files: int, per_file: int) -> None:
    """Schema and catalogue through the app, then bulk rows through sqlite3 directly."""
    from kiosk import create_app
    from kiosk.catalogue.service import load_catalogue
    from kiosk.extensions import db
    from kiosk.tracking import new_code

    app = create_app(
        {"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "bench", "OFFICE_HOURS": "always"}
    )
    with app.app_context():
        db.create_all()
        load_catalogue()
        db.session.commit()
        db.engine.dispose()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    service_ids = [row[0] for row in connection.execute("SELECT id FROM service")]
    start = dt.datetime(2026, 1, 5, 1, 0)
    rng = random.Random(7)
    batch = 50_000
    history_id = 0
    for first in range(0, files, batch):
        file_rows, history_rows, person_rows = [], [], []
        for file_id in range(first + 1, min(files, first + batch) + 1):
            accepted = start + dt.timedelta(minutes=file_id % 400_000)
            status = STATUSES[min(per_file, len(STATUSES)) - 1]
            nik = (
                f"3201{rng.randint(10, 99)}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}"
                f"{rng.randint(50, 99)}{rng.randint(1, 9999):04d}"
            )
            person_rows.append(
                (
                    file_id,
                    str(uuid.UUID(int=file_id)),
                    nik[:8] + f"{file_id:08d}",  # unique: one person per file
                    f"Warga {file_id}",
                    f"warga {file_id}",
                    accepted.isoformat(sep=" "),
                )
            )
            file_rows.append(
                (
                    file_id,
                    str(uuid.UUID(int=file_id)),
                    new_code(),
                    rng.choice(service_ids),
                    "adminduk",
                    status,
                    file_id,
                    file_id,
                    "[]",
                    "[]",
                    0,
                    0,
                    accepted.isoformat(sep=" "),
                    (accepted.date() + dt.timedelta(days=20)).isoformat(),
                    accepted.isoformat(sep=" "),
                    0,
                )
            )
            for step in range(per_file):
                history_id += 1
                history_rows.append(
                    (
                        history_id,
                        file_id,
                        "status",
                        STATUSES[step % len(STATUSES)],
                        (accepted + dt.timedelta(days=step)).isoformat(sep=" "),
                    )
                )
        connection.executemany(
            "INSERT INTO person (id, uuid, version, nik, name, name_key, phone_consent, "
            "created_at) VALUES (?,?,1,?,?,?,0,?)",
            person_rows,
        )
        connection.executemany(
            "INSERT INTO case_file (id, uuid, version, tracking_code, service_id, workflow, "
            "status, applicant_id, subject_person_id, received, missing, urgent, "
            "name_mismatch, accepted_at, due_date, status_since, closed, office_id) "
            "VALUES (?,?,1,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1)",
            file_rows,
        )
        connection.executemany(
            "INSERT INTO file_history (id, file_id, kind, status, at) VALUES (?,?,?,?,?)",
            history_rows,
        )
        connection.commit()
        print(f"  built {min(files, first + batch):>9,} files", end="\r", flush=True)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("ANALYZE")
    connection.close()
    print()


def measure(path: Path, lookups: int) -> dict:
    """Time public lookups of random existing codes (and some unknown ones) via the app."""
    from kiosk import create_app
    from kiosk.extensions import db

    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{path}",
            "SECRET_KEY": "bench",
            "OFFICE_HOURS": "always",
            "STATUS_RATE_LIMIT": "1000000 per minute",
        }
    )
    connection = sqlite3.connect(path)
    total = connection.execute("SELECT max(id) FROM case_file").fetchone()[0]
    rng = random.Random(11)
    ids = [rng.randint(1, total) for _ in range(lookups)]
    codes = [
        connection.execute("SELECT tracking_code FROM case_file WHERE id = ?", (i,)).fetchone()[0]
        for i in ids
    ]
    history = connection.execute("SELECT count(*) FROM file_history").fetchone()[0]
    connection.close()
    results = {"lookup": []}
    from kiosk.files.service import find_file
    from kiosk.status.presenter import file_status

    with app.test_request_context():
        for code in codes[:50]:  # warm-up
            file_status(find_file(code))
        for code in codes:
            began = time.perf_counter()
            file_status(find_file(code))
            results["lookup"].append((time.perf_counter() - began) * 1000)
            db.session.remove()  # each lookup starts cold, as a new request would
    client = app.test_client()
    for label, url in (("api", "/api/v1/files/{}"), ("page", "/s/{}")):
        for code in codes[:50]:  # warm-up: caches, templates
            client.get(url.format(code))
        timings = []
        for code in codes:
            began = time.perf_counter()
            response = client.get(url.format(code))
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.status_code
        results[label] = timings
    with app.app_context():
        db.engine.dispose()
    return {"files": total, "history": history, **results}


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(pct / 100 * len(ordered))) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1_000_000)
    parser.add_argument("--history-per-file", type=int, default=5)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / ".data")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    path = args.data / f"status-{args.files}-{args.history_per_file}.db"
    os.environ.setdefault("SATUPINTU_INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-status-"))
    if args.fresh or not path.exists():
        path.unlink(missing_ok=True)
        began = time.perf_counter()
        print(f"Building {args.files:,} files x {args.history_per_file} history rows ...")
        build(path, args.files, args.history_per_file)
        print(f"  built in {time.perf_counter() - began:.0f} s")
    result = measure(path, args.lookups)
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    print(
        f"\nSatu Pintu status lookup benchmark ({platform.python_version()}, "
        f"{os.cpu_count()} cores, SQLite {sqlite3.sqlite_version})"
    )
    print(
        f"files: {result['files']:,}   history rows: {result['history']:,}   "
        f"database on disk: {size / 1e6:,.0f} MB"
    )
    print("lookup = find the file and build its public status (database work);")
    print("api = GET /api/v1/files/<code> through Flask; page = the /s/<code> HTML page.")
    for label in ("lookup", "api", "page"):
        timings = result[label]
        p99 = percentile(timings, 99)
        print(
            f"{label:>5}  p50 {statistics.median(timings):6.2f} ms   p99 {p99:6.2f} ms   "
            f"max {max(timings):6.2f} ms   ({len(timings)} lookups)   "
            f"target p99 < 10 ms: {'PASS' if p99 < 10 else 'MISS'}"
        )


if __name__ == "__main__":
    main()
