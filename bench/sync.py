"""Field sync throughput and server memory: records and photos through the real sync endpoints.

Starts the demo office (`satupintu serve`: gunicorn, one gevent worker), adds field officers,
enrols one tablet per officer through the API (POST /api/v1/devices, POST /api/v1/devices/enrol)
and has each tablet send its share of the batch as a tablet does: every photo first
(PUT /api/v1/sync/blobs/<sha256>), then the record's op (PUT /api/v1/sync/ops/<op_id>). Half the
records are household registrations (one member, no photo), half DTKS household visits with
--photos-per-visit generated JPEG photos (~300 KB each, unique bytes) of that household.

Runs the batch at each --sizes (default 500 and 2,000 records) on a fresh server and prints
records/s, photo MB/s, the server's CPU and its peak memory (VmHWM summed over its processes),
then whether the peak grows with the batch (target: it does not; < 10 % or < 20 MB more at the
larger size). Every record is read back at the end: each must be "complete".

Usage: .venv/bin/python bench/sync.py [--sizes 500 2000] [--tablets 4] [--photo-kb 300] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import io
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from _server import ROOT, Server, call_json, machine

PASSWORD = "satupintu"  # the demo accounts'
OFFICER_PASSWORD = "bench-lapangan-1"
GROWTH_LIMIT = 0.10
GROWTH_FLOOR_KIB = 20 * 1024


def base_photo(kb: int, seed: int = 7) -> bytes:
    """A noise JPEG of about `kb` kilobytes (noise barely compresses, like a real photo)."""
    from PIL import Image

    rng = random.Random(seed)
    side = 200
    while True:
        pixels = bytes(rng.getrandbits(8) for _ in range(side * side * 3))
        buffer = io.BytesIO()
        Image.frombytes("RGB", (side, side), pixels).save(buffer, "JPEG", quality=85)
        if buffer.tell() >= kb * 1024 or side > 2000:
            return buffer.getvalue()
        side = int(side * 1.08)


def unique_photo(base: bytes, label: str) -> bytes:
    """The base JPEG with a comment segment (COM) after SOI: a valid JPEG with its own hash."""
    comment = label.encode()
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return base[:2] + segment + base[2:]


def household_op(record_id: str, index: int) -> dict:
    """A household registration: one member without a NIK."""
    return {
        "record_id": record_id,
        "form": "household",
        "form_version": 1,
        "base_version": None,
        "fields": {
            "address": f"Jalan Bench {index}",
            "dusun": f"Dusun {index % 7 + 1}",
            "rt": str(index % 12 + 1),
            "rw": str(index % 5 + 1),
            "members": [
                {
                    "id": str(uuid.uuid4()),
                    "name": f"Warga Bench {index}",
                    "nik_status": "belum_punya",
                    "sex": "P" if index % 2 else "L",
                    "birth_date": "1970-01-01",
                    "relation": "kepala_keluarga",
                }
            ],
        },
        "blobs": [],
    }


def visit_op(record_id: str, household_id: str, photos: list[str]) -> dict:
    """A DTKS household visit with its house photos."""
    return {
        "record_id": record_id,
        "form": "dtks_visit",
        "form_version": 1,
        "base_version": None,
        "fields": {
            "household": household_id,
            "outcome": "ditemui",
            "criteria_met": ["k01", "k04", "k07"],
            "house_photos": photos,
            "note": "Rumah berdinding bambu.",
        },
        "blobs": photos,
    }


class Tablet(threading.Thread):
    """One enrolled tablet sending its households and visits over one keep-alive connection."""

    def __init__(self, port: int, token: str, count: int, photos: int, base: bytes, tag: str):
        super().__init__(daemon=True)
        self.port, self.token, self.count, self.photos, self.base, self.tag = (
            port,
            token,
            count,
            photos,
            base,
            tag,
        )
        self.records: list[str] = []
        self.photo_bytes = 0
        self.errors: list[str] = []

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            for index in range(self.count // 2):
                household = str(uuid.uuid4())
                self._op(household_op(household, index), conn)
                shas = []
                for n in range(self.photos):
                    photo = unique_photo(self.base, f"{self.tag}-{index}-{n}")
                    sha = hashlib.sha256(photo).hexdigest()
                    self._send(conn, "PUT", f"/api/v1/sync/blobs/{sha}", photo, "image/jpeg")
                    self.photo_bytes += len(photo)
                    shas.append(sha)
                self._op(visit_op(str(uuid.uuid4()), household, shas), conn)
        except Exception as error:  # noqa: BLE001 - reported with the numbers
            self.errors.append(repr(error))
        finally:
            conn.close()

    def _op(self, op: dict, conn: http.client.HTTPConnection) -> None:
        op_id = str(uuid.uuid4())
        body = self._send(conn, "PUT", f"/api/v1/sync/ops/{op_id}", json.dumps(op).encode())
        answer = json.loads(body)
        if answer.get("op_id") != op_id or answer.get("status") != "applied":
            self.errors.append(f"op {answer}")
        self.records.append(op["record_id"])

    def _send(self, conn, method: str, path: str, body: bytes, kind="application/json") -> bytes:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": kind}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        if response.status not in (200, 201):
            raise RuntimeError(f"{method} {path}: {response.status} {data[:200]!r}")
        return data


class MemorySampler(threading.Thread):
    """The server's summed RSS every 0.2 s (VmHWM is read at the end as well)."""

    def __init__(self, server: Server):
        super().__init__(daemon=True)
        self.server, self.peak_rss, self.stop = server, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            self.peak_rss = max(self.peak_rss, self.server.memory().get("VmRSS", 0))


def admin_token(server: Server) -> str:
    """A bearer token of the demo admin."""
    status, body = call_json(
        server.port, "POST", "/api/v1/auth/token", {"username": "admin", "password": PASSWORD}
    )
    if status != 200:
        raise RuntimeError(f"admin login: {status} {body}")
    return body["token"]


def enrolment_code(server: Server, admin: str, username: str) -> str:
    """A new field officer `username` (role lapangan) and a tablet for them: its one-time code."""
    subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "create-user", "--username", username,
         "--role", "lapangan", "--password-stdin"],
        cwd=ROOT, env=server.env, input=OFFICER_PASSWORD + "\n", text=True,
        capture_output=True, check=True,
    )  # fmt: skip
    status, made = call_json(
        server.port,
        "POST",
        "/api/v1/devices",
        {"user": username, "name": f"Tablet {username}"},
        admin,
    )
    if status != 201:
        raise RuntimeError(f"create device: {status} {made}")
    return made["enrolment_code"]


def enrol_tablets(server: Server, count: int) -> list[str]:
    """Officers bench1..N, one tablet each, enrolled through the API: their bearer tokens."""
    admin = admin_token(server)
    tokens = []
    for n in range(count):
        code = enrolment_code(server, admin, f"bench{n + 1}")
        status, enrolled = call_json(
            server.port, "POST", "/api/v1/devices/enrol", {"enrolment_code": code}
        )
        if status != 201:
            raise RuntimeError(f"enrol: {status} {enrolled}")
        tokens.append(enrolled["token"])
    return tokens


def incomplete(port: int, token_by_record: dict[str, str]) -> int:
    """How many records the server does not hold as complete."""
    missing = 0
    for record_id, token in token_by_record.items():
        status, body = call_json(port, "GET", f"/api/v1/sync/records/{record_id}", token=token)
        if status != 200 or not body.get("complete"):
            missing += 1
    return missing


def run_size(size: int, args, base: bytes) -> dict:
    with tempfile.TemporaryDirectory(prefix="satupintu-bench-") as tmp:
        server = Server(Path(tmp) / "instance", setup="demo")
        server.start()
        try:
            tokens = enrol_tablets(server, args.tablets)
            sampler = MemorySampler(server)
            sampler.start()
            before_cpu = server.cpu_seconds()
            share = size // args.tablets
            tablets = [
                Tablet(server.port, token, share, args.photos_per_visit, base, f"{size}-{n}")
                for n, token in enumerate(tokens)
            ]
            started = time.perf_counter()
            for tablet in tablets:
                tablet.start()
            for tablet in tablets:
                tablet.join()
            elapsed = time.perf_counter() - started
            cpu = server.cpu_seconds() - before_cpu
            sampler.stop.set()
            memory = server.memory()
            errors = [e for t in tablets for e in t.errors]
            sent = {r: t.token for t in tablets for r in t.records}
            photo_bytes = sum(t.photo_bytes for t in tablets)
            records = len(sent)
            return {
                "records": records,
                "photos": records // 2 * args.photos_per_visit,
                "seconds": round(elapsed, 2),
                "records_per_s": round(records / elapsed, 1),
                "photo_mb_per_s": round(photo_bytes / 1e6 / elapsed, 2),
                "server_cpu_s": round(cpu, 1),
                "peak_rss_kib": max(sampler.peak_rss, memory.get("VmRSS", 0)),
                "vmhwm_kib": memory.get("VmHWM", 0),
                "incomplete": incomplete(server.port, sent),
                "errors": errors[:5],
                "error_count": len(errors),
            }
        except Exception:
            print("".join(list(server.output)[-40:]), file=sys.stderr)
            raise
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--tablets", type=int, default=4)
    parser.add_argument("--photos-per-visit", type=int, default=4)
    parser.add_argument("--photo-kb", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if min(args.sizes) < 2 * args.tablets or args.tablets < 1 or args.photos_per_visit < 0:
        parser.error("each size must be at least 2 records per tablet")
    base = base_photo(args.photo_kb)
    runs = [run_size(size, args, base) for size in sorted(args.sizes)]
    small, large = runs[0], runs[-1]
    growth = large["vmhwm_kib"] - small["vmhwm_kib"]
    flat = growth < max(GROWTH_FLOOR_KIB, small["vmhwm_kib"] * GROWTH_LIMIT)
    ok = flat and all(r["incomplete"] == 0 and r["error_count"] == 0 for r in runs)
    report = {
        "machine": machine(),
        "photo_bytes": len(base),
        "runs": runs,
        "peak_growth_kib": growth,
        "memory_flat": flat,
        "ok": ok,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"photo ~{len(base) / 1024:.0f} KiB, {args.tablets} tablets, one gevent worker")
        print(f"{'records':>8} {'photos':>7} {'s':>7} {'rec/s':>7} {'MB/s':>6} "
              f"{'cpu s':>6} {'peak MiB':>9} {'incomplete':>10} {'errors':>6}")  # fmt: skip
        for r in runs:
            print(
                f"{r['records']:>8} {r['photos']:>7} {r['seconds']:>7} {r['records_per_s']:>7} "
                f"{r['photo_mb_per_s']:>6} {r['server_cpu_s']:>6} "
                f"{r['vmhwm_kib'] / 1024:>9.1f} {r['incomplete']:>10} {r['error_count']:>6}"
            )
            for error in r["errors"]:
                print(f"  error: {error}")
        verdict = "flat" if flat else "GROWS"
        print(f"peak memory {small['records']} -> {large['records']} records: "
              f"{growth / 1024:+.1f} MiB ({verdict}; target < 10 % or < 20 MiB)")  # fmt: skip
        print("OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
