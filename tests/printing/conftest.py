"""Shared fixtures for the printer tests: the sample ticket and a fake TCP (port 9100) printer."""

from __future__ import annotations

import queue
import socketserver
import threading
from collections.abc import Callable, Iterator

import pytest

from printer import Receipt, clear_recorded_jobs

STATUS_QUERY = b"\x10\x04\x04"  # DLE EOT 4: transmit roll paper sensor status
STATUS_PAPER_OK = b"\x12"  # only the fixed bits 1 and 4 set
STATUS_PAPER_OUT = b"\x72"  # fixed bits plus bits 5 and 6: roll paper end
QR_DATA = "http://192.168.1.10:8000/s/K7QM-2XPA-9RT"
TRACKING_CODE = "K7QM-2XPA-9RT"


def build_sample_receipt() -> Receipt:
    """The queue ticket used by the golden files; change it only together with the goldens."""
    return (
        Receipt()
        .heading("Kantor Desa Sukamaju")
        .text("Jl. Raya Sukamaju No. 1, Kec. Cibadak", align="center")
        .rule()
        .heading("ANTRIAN")
        .big("A-007")
        .text("KTP-el Baru", align="center", bold=True)
        .text("Senin, 23 Nov 2026 08:15", align="center")
        .text("Orang di depan Anda: 3", align="center")
        .rule()
        .text("Siapkan persyaratan berikut:", bold=True)
        .checkbox("Fotokopi Kartu Keluarga (KK)")
        .checkbox("Surat pengantar RT/RW yang sudah ditandatangani dan distempel")
        .checkbox("Pas foto berwarna 3x4 (2 lembar)")
        .rule()
        .pair("Biaya", "GRATIS (UU 24/2013 Pasal 79A)")
        .pair("Waktu", "14 hari kerja")
        .rule()
        .text("Pengaduan: kotak saran di ruang tunggu atau SMS 0812-3456-7890 (Senin–Jumat).")
        .blank()
        .qr(QR_DATA, caption=TRACKING_CODE)
        .text("Pindai untuk cek status berkas", align="center")
        .blank()
        .text("Terima kasih", align="center")
    )


@pytest.fixture
def sample_receipt() -> Receipt:
    """A fresh copy of the sample queue ticket."""
    return build_sample_receipt()


@pytest.fixture
def recorder() -> Iterator[None]:
    """Start and end each test with an empty `dummy:` job list."""
    clear_recorded_jobs()
    yield
    clear_recorded_jobs()


class _Handler(socketserver.BaseRequestHandler):
    """One printer connection, behaving as the server's `mode` says."""

    server: FakePrinter

    def handle(self) -> None:
        if self.server.mode == "silent":
            # Accepts the connection (the kernel does) but never reads nor answers.
            self.server.release.wait(10)
            return
        self.request.settimeout(5)  # a safety net only: clients normally close first
        received = b""
        answered = False
        while True:
            try:
                chunk = self.request.recv(65536)
            except (TimeoutError, ConnectionError):
                break
            if not chunk:
                break
            received += chunk
            if not answered and received.startswith(STATUS_QUERY):
                answered = True
                if self.server.mode != "mute":
                    self.request.sendall(self.server.status)
        if received.startswith(STATUS_QUERY):
            self.server.queries += 1
            received = received[len(STATUS_QUERY) :]
        self.server.jobs.put(received)


class FakePrinter(socketserver.ThreadingTCPServer):
    """A TCP printer on 127.0.0.1 that records each connection's job bytes.

    Modes: "ok" answers the paper query with paper present, "paper-out" with paper end,
    "mute" reads but never answers, "silent" never reads at all.
    """

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, mode: str = "ok") -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = mode
        self.status = STATUS_PAPER_OUT if mode == "paper-out" else STATUS_PAPER_OK
        self.jobs: queue.Queue[bytes] = queue.Queue()
        self.queries = 0
        self.release = threading.Event()

    @property
    def url(self) -> str:
        """The printer URL that reaches this fake."""
        return f"tcp://127.0.0.1:{self.server_address[1]}"

    def next_job(self) -> bytes:
        """Wait (bounded) for the next finished connection and return its job bytes."""
        return self.jobs.get(timeout=5)


@pytest.fixture
def fake_printer() -> Iterator[Callable[..., FakePrinter]]:
    """Factory fixture: `fake_printer(mode)` starts a FakePrinter, stopped after the test."""
    started: list[FakePrinter] = []

    def start(mode: str = "ok") -> FakePrinter:
        server = FakePrinter(mode)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.release.set()
        server.shutdown()
        server.server_close()
