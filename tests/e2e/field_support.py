"""Support for the field PWA's browser tests: a tablet (persistent Chromium profile) and a fake
office API standing in for /api/v1 through Playwright routing, with the faults a tablet meets
(captive portal, lost answers, revoke, wipe).

The fake follows the contract's shapes (/work/briefs12/contract.md §2); the real endpoints are
exercised by the server's own tests and by the end-to-end acceptance test once merged.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import urllib.request
from pathlib import Path

from browser_support import CHROMIUM

TABLET = {"width": 800, "height": 1280}
PHONE = {"width": 390, "height": 844}
ENROLMENT_CODE = "K7QM-2XPA"
TOKEN = "tablet-token-1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]
REVOKED_MESSAGE = (
    "Tablet ini sudah dicabut aksesnya oleh admin kantor desa. Data di tablet tetap aman; "
    "hubungi kantor desa."
)


def open_tablet(browser_type, profile: Path, viewport: dict = TABLET, camera: Path | None = None):
    """A tablet: a persistent profile (IndexedDB, caches and the service worker survive a
    close and reopen with the same directory); `camera`: a Y4M file its camera films."""
    films = [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={camera}",
    ]
    return browser_type.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS + (films if camera else []),
        headless=True,
        service_workers="allow",
        viewport=viewport,
        has_touch=True,
    )


def dump(page) -> dict:
    """The tablet's IndexedDB, read through the app's read-only test hook."""
    return page.evaluate("() => window.__app.ready.then(() => window.__app.dump())")


def wait_for_outbox(page, *, every: str | None = None, some: str | None = None) -> dict:
    """Wait until every op (or some op) of the tablet's outbox is in a state ("retrying": pending
    after a failed try); the dump then. Polled in the page (IndexedDB reads are async)."""
    return page.evaluate(
        """async ([every, some]) => {
            await window.__app.ready;
            const deadline = Date.now() + 20000;
            for (;;) {
                const held = await window.__app.dump();
                const states = held.outbox.map((op) =>
                    op.state === "pending" && op.attempts ? "retrying" : op.state);
                const met = every ? states.length && states.every((s) => s === every)
                                  : states.some((s) => s === some);
                if (met) return held;
                if (Date.now() > deadline) throw new Error(`outbox states: ${states}`);
                await new Promise((resolve) => setTimeout(resolve, 50));
            }
        }""",
        [every, some],
    )


def sync(page, force: bool = True) -> dict:
    """Run the app's production sync once; its summary."""
    return page.evaluate("(force) => window.__app.sync({force})", force)


def option(value: str, label: str) -> dict:
    return {"value": value, "label": label}


MEMBER = [
    {"name": "name", "type": "text", "label": "Nama lengkap", "required": True, "max": 120},
    {
        "name": "nik_status",
        "type": "select",
        "label": "NIK",
        "required": True,
        "options": [
            option("ada", "Ada NIK"),
            option("belum_punya", "Belum punya"),
            option("hilang", "KTP/KK hilang"),
            option("lupa", "Lupa"),
        ],
    },
    {
        "name": "nik",
        "type": "nik",
        "label": "Nomor NIK",
        "required": True,
        "show_if": {"field": "nik_status", "equals": "ada"},
        "matches": {"birth_date": "birth_date", "sex": "sex"},
    },
    {
        "name": "sex",
        "type": "select",
        "label": "Jenis kelamin",
        "required": True,
        "options": [option("L", "Laki-laki"), option("P", "Perempuan")],
    },
    {"name": "birth_date", "type": "date", "label": "Tanggal lahir", "required": True},
    {
        "name": "relation",
        "type": "select",
        "label": "Hubungan",
        "required": True,
        "options": [
            option("kepala_keluarga", "Kepala keluarga"),
            option("istri", "Istri"),
            option("suami", "Suami"),
            option("anak", "Anak"),
            option("orang_tua", "Orang tua"),
            option("lainnya", "Lainnya"),
        ],
    },
]
FORMS = {
    "etag": "forms-1",
    "rules": {"provinces": [32], "max_age": 120},
    "forms": [
        {
            "id": "household",
            "version": 1,
            "record": "household",
            "title": "Pendaftaran keluarga",
            "merge": "fields",
            "fields": [
                {"name": "kk_number", "type": "kk", "label": "Nomor KK"},
                {"name": "address", "type": "text", "label": "Alamat", "required": True},
                {"name": "dusun", "type": "text", "label": "Dusun", "required": True},
                {"name": "rt", "type": "text", "label": "RT", "required": True},
                {"name": "rw", "type": "text", "label": "RW", "required": True},
                {"name": "phone", "type": "phone", "label": "Nomor HP"},
                {
                    "name": "sms_consent",
                    "type": "select",
                    "label": "Boleh dikirimi SMS?",
                    "options": [option("ya", "Ya"), option("tidak", "Tidak")],
                    "show_if": {"field": "phone", "filled": True},
                },
                {
                    "name": "members",
                    "type": "group",
                    "label": "Anggota keluarga",
                    "min": 1,
                    "max": 20,
                    "fields": MEMBER,
                },
            ],
        },
        {
            "id": "document_request",
            "version": 1,
            "record": "document_request",
            "title": "Permohonan dokumen",
            "merge": "append",
            "fields": [
                {"name": "household", "type": "ref", "ref": "household", "label": "Keluarga"},
                {"name": "member", "type": "ref", "ref": "member", "label": "Pemohon"},
                {
                    "name": "service",
                    "type": "select",
                    "label": "Layanan",
                    "required": True,
                    "options": [option("KTP", "KTP-el"), option("AKTA", "Akta kelahiran")],
                },
                {
                    "name": "papers",
                    "type": "multiselect",
                    "label": "Berkas yang dibawa",
                    "options_by": {
                        "field": "service",
                        "map": {
                            "KTP": [option("1", "Kartu Keluarga"), option("2", "Pas foto")],
                            "AKTA": [option("3", "Surat keterangan lahir")],
                        },
                    },
                },
                {"name": "photos", "type": "photo", "label": "Foto berkas", "max": 10},
                {"name": "tracking_code", "type": "code", "label": "Kode lacak"},
                {"name": "note", "type": "text", "label": "Catatan"},
            ],
        },
        {
            "id": "dtks_visit",
            "version": 1,
            "record": "dtks_visit",
            "title": "Kunjungan DTKS",
            "merge": "append",
            "criteria_version": 1,
            "fields": [
                {"name": "household", "type": "ref", "ref": "household", "label": "Keluarga"},
                {
                    "name": "outcome",
                    "type": "select",
                    "label": "Hasil kunjungan",
                    "required": True,
                    "options": [
                        option("ditemui", "Ditemui"),
                        option("tidak_ditemui", "Tidak ditemui"),
                        option("pindah", "Pindah"),
                        option("meninggal", "Meninggal"),
                    ],
                },
                {
                    "name": "criteria_met",
                    "type": "multiselect",
                    "label": "Kriteria yang terpenuhi",
                    "options": [option("k01", "Luas lantai < 8 m² per orang")],
                    "show_if": {"field": "outcome", "equals": "ditemui"},
                },
                {
                    "name": "house_photos",
                    "type": "photo",
                    "label": "Foto rumah",
                    "max": 6,
                    "show_if": {"field": "outcome", "equals": "ditemui"},
                },
                {"name": "note", "type": "text", "label": "Catatan petugas"},
            ],
        },
    ],
}
ASSIGNMENTS = [
    {
        "id": 1,
        "household_id": "6f1c1e51-1a7b-4d8e-9a43-0a8cbb3b5c01",
        "form": "dtks_visit",
        "dusun": "Krajan",
        "rt": "003",
        "rw": "001",
        "address": "Jl. Mawar 4",
        "head_name": "Bapak Sutrisno",
        "period_start": "2026-12-01",
        "period_end": "2026-12-31",
        "done": False,
    }
]
OP = re.compile(r"/api/v1/sync/ops/([0-9a-f-]{36})$")
BLOB = re.compile(r"/api/v1/sync/blobs/([0-9a-f]{64})$")


class FakeOffice:
    """The office's /api/v1 as the tablet sees it, in memory, with switchable faults."""

    def __init__(self) -> None:
        self.ops: dict[str, dict] = {}  # op_id -> stored body (applied exactly once)
        self.answers: dict[str, dict] = {}
        self.blobs: set[str] = set()
        self.requests: list[tuple[str, str]] = []  # (method, path) as received
        self.pending_header: list[str] = []
        self.offline = False
        self.captive = False
        self.revoked = False
        self.wipe = False
        self.lose_answers = 0  # commit the op, then drop the connection (this many times)
        self.refuse_blobs = False
        self.quarantined: dict[str, dict] = {}
        self.changed_records: list[dict] = []  # records the office changed, sent on pull

    def attach(self, context) -> FakeOffice:
        context.route("**/api/v1/**", self.handle)
        return self

    def handle(self, route, request) -> None:
        path = request.url.split("://", 1)[1].split("/", 1)[1]
        path = "/" + path.split("?", 1)[0]
        if self.offline:
            return route.abort("internetdisconnected")
        self.requests.append((request.method, path))
        if request.headers.get("x-satupintu-pending") is not None:
            self.pending_header.append(request.headers["x-satupintu-pending"])
        if path == "/api/v1/devices/enrol":
            return self.enrol(route, request)
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return json_reply(route, 401, {"error": "device_unknown", "message": "?"})
        if self.wipe:
            return route.fulfill(
                status=200,
                content_type="application/json",
                headers={"Clear-Site-Data": '"storage"'},
                body=json.dumps({"wipe": True}),
            )
        if self.captive:
            return route.fulfill(status=200, content_type="text/html", body="<html>Login</html>")
        if self.revoked and not OP.search(path):
            answer = {"error": "device_revoked", "message": REVOKED_MESSAGE}
            return json_reply(route, 403, answer)
        if path == "/api/v1/forms":
            return json_reply(route, 200, FORMS)
        if path == "/api/v1/sync/changes":
            return json_reply(route, 200, self.changes())
        if match := OP.search(path):
            return self.put_op(route, request, match.group(1))
        if match := BLOB.search(path):
            return self.put_blob(route, request, match.group(1))
        return json_reply(route, 404, {"error": "not_found", "message": "Tidak ada."})

    def enrol(self, route, request) -> None:
        code = json.loads(request.post_data or "{}").get("enrolment_code")
        if code != ENROLMENT_CODE:
            message = "Kode pendaftaran tidak dikenal atau sudah dipakai."
            return json_reply(route, 404, {"error": "code_unknown", "message": message})
        return json_reply(
            route,
            201,
            {
                "device_id": 7,
                "token": TOKEN,
                "officer": {"username": "lapangan1", "display_name": "Siti Rahayu"},
                "office": {"name": "Kantor Desa Sukamaju"},
            },
        )

    def changes(self) -> dict:
        return {
            "cursor": "c1",
            "more": False,
            "forms_etag": FORMS["etag"],
            "assignments": ASSIGNMENTS,
            "records": self.changed_records,
        }

    def put_op(self, route, request, op_id: str) -> None:
        body = json.loads(request.post_data)
        if self.revoked:
            self.quarantined[op_id] = body
            answer = {"error": "device_revoked", "message": REVOKED_MESSAGE}
            return json_reply(route, 403, {**answer, "op_id": op_id, "status": "quarantined"})
        if op_id in self.ops:
            if self.ops[op_id] != body:
                return json_reply(route, 409, {"error": "op_conflict", "message": "Beda isi."})
            return json_reply(route, 200, self.answers[op_id])
        missing = [sha for sha in body["blobs"] if sha not in self.blobs]
        self.ops[op_id] = body
        self.answers[op_id] = {
            "op_id": op_id,
            "record_id": body["record_id"],
            "status": "awaiting_blobs" if missing else "applied",
            "version": 1 + sum(o["record_id"] == body["record_id"] for o in self.ops.values()),
            "missing_blobs": missing,
        }
        if self.lose_answers:
            self.lose_answers -= 1
            return route.abort("connectionreset")
        return json_reply(route, 201, self.answers[op_id])

    def put_blob(self, route, request, sha: str) -> None:
        if self.refuse_blobs:
            return route.abort("connectionreset")
        data = request.post_data_buffer or b""
        if hashlib.sha256(data).hexdigest() != sha:
            return json_reply(route, 422, {"error": "bad_blob", "message": "Isi tidak cocok."})
        status = 200 if sha in self.blobs else 201
        self.blobs.add(sha)
        return json_reply(route, status, {"sha256": sha, "size": len(data)})

    def count(self, method: str, prefix: str) -> int:
        return sum(m == method and p.startswith(prefix) for m, p in self.requests)


def json_reply(route, status: int, body: dict) -> None:
    route.fulfill(status=status, content_type="application/json", body=json.dumps(body))


def jpeg(color: tuple[int, int, int], size: tuple[int, int] = (2400, 1800)) -> bytes:
    """A camera-sized JPEG (the tablet must shrink it to at most 1600 px)."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=90)
    return out.getvalue()


class RealOffice:
    """A live server's accounts and tablets, set up the way an office does: `create-user` on
    the server, a bearer token, `POST /api/v1/devices` for a one-time enrolment code."""

    PASSWORD = "kantor-desa-sukamaju-2026"

    def __init__(self, server) -> None:
        self.server = server
        for username, role in (("admin1", "admin"), ("lapangan1", "lapangan")):
            subprocess.run(
                [*server.cli, "create-user", "--username", username, "--role", role,
                 "--name", f"Petugas {username}", "--password-stdin"],
                env=server.env, input=self.PASSWORD + "\n", text=True, check=True,
                capture_output=True,
            )  # fmt: skip
        answer = self.call(
            "POST", "/api/v1/auth/token", {"username": "admin1", "password": self.PASSWORD}
        )
        self.token = answer["token"]

    def call(self, method: str, path: str, body: dict | None = None, *, token: str | None = None):
        """JSON in, JSON out (raises on a 4xx/5xx)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.server.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")

    def enrolment_code(self, name: str = "Tablet Siti") -> str:
        made = self.call(
            "POST", "/api/v1/devices", {"user": "lapangan1", "name": name}, token=self.token
        )
        return made["enrolment_code"]

    def fault(self, route: str, mode: str, times: int = 1) -> None:
        """Arm the server's test-only fault switch (SATUPINTU_SYNC_FAULTS=1)."""
        self.call("POST", "/__test__/faults", {"route": route, "mode": mode, "times": times})

    def armed(self) -> dict:
        """The faults still armed, per route: {"ops": {"mode", "times"}, ...}."""
        return self.call("GET", "/__test__/faults")

    def record(self, record_id: str) -> dict:
        """What the office holds for a record (staff view of GET /api/v1/sync/records/<id>)."""
        return self.call("GET", f"/api/v1/sync/records/{record_id}", token=self.token)


def film_qr(path: Path, text: str, size: int = 480) -> Path:
    """A one-frame grey Y4M video of a screen showing a QR code of `text`."""
    import qrcode
    from PIL import Image

    frame = Image.new("L", (size, size), 255)
    code = qrcode.make(text, box_size=6, border=4).convert("L")
    code.thumbnail((size - 40, size - 40))
    frame.paste(code, ((size - code.width) // 2, (size - code.height) // 2))
    chroma = bytes([128]) * (size * size // 2)  # 4:2:0 U and V planes, grey
    header = f"YUV4MPEG2 W{size} H{size} F10:1 Ip A1:1 C420jpeg\nFRAME\n".encode()
    path.write_bytes(header + frame.tobytes() + chroma)
    return path
