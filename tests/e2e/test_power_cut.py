"""Point 8 and 7 with a real server: kill -9 during a ticket load, restart; every acknowledged
ticket is kept, stale receipts are expired and never printed, and the instance folder is private."""

from __future__ import annotations

import http.client
import json
import os
import sqlite3
import stat
import threading
import urllib.request
from pathlib import Path

import pytest
from browser_support import LiveServer, kiosk_headers

POSTERS = 6
ACKNOWLEDGED_BEFORE_CUT = 30
OUTAGE = "-10 minutes"  # how long the power was out, applied to the jobs' creation times


def _post_ticket(server: LiveServer) -> dict:
    request = urllib.request.Request(
        server.url + "/api/v1/tickets",
        data=json.dumps({"service": "ktp-baru"}).encode(),
        headers={"Content-Type": "application/json", **kiosk_headers(server)},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201
        return json.load(response)


class TicketLoad:
    """Threads posting tickets until the server goes away; what was acknowledged."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.acknowledged: list[dict] = []
        self.lock = threading.Lock()
        self.enough = threading.Event()
        self.threads = [threading.Thread(target=self._post) for _ in range(POSTERS)]

    def _post(self) -> None:
        while True:
            try:
                ticket = _post_ticket(self.server)
            except (OSError, http.client.HTTPException, ValueError):
                return  # the power went off before the answer was complete: not acknowledged
            with self.lock:
                self.acknowledged.append(ticket)
                if len(self.acknowledged) >= ACKNOWLEDGED_BEFORE_CUT:
                    self.enough.set()

    def __enter__(self) -> TicketLoad:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        for thread in self.threads:
            thread.join(timeout=60)


def _query(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture
def server(tmp_path):
    """A server whose printer never takes the paper (a FIFO nobody reads): jobs pile up."""
    fifo = tmp_path / "printer.fifo"
    os.mkfifo(fifo, 0o600)
    live = LiveServer(
        tmp_path,
        PRINTER=f"file:{fifo}",
        PRINTER_TIMEOUT="60",
        STATUS_RATE_LIMIT_EXEMPT='["127.0.0.1"]',
    )
    live.fifo = fifo
    yield live.start()
    live.stop()


def _read_printer(fifo: Path, into: list[bytes]) -> threading.Thread:
    """Take what the printer is sent, as a printer would, until the sender closes."""

    def read() -> None:
        with fifo.open("rb") as source:
            into.append(source.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_power_cut_during_ticket_load(server):
    database = server.root / "satupintu.db"
    server.kiosk_token()  # paired before the load starts
    with TicketLoad(server) as load:
        assert load.enough.wait(timeout=120), "the server acknowledged too few tickets"
        server.power_cut()
    acknowledged = {ticket["tracking_code"] for ticket in load.acknowledged}
    assert len(acknowledged) >= ACKNOWLEDGED_BEFORE_CUT

    # Every acknowledged ticket survived the cut.
    stored = {code for (code,) in _query(database, "SELECT tracking_code FROM ticket")}
    assert acknowledged <= stored
    # Their receipts never printed: they are left queued / printing.
    left = _query(database, "SELECT id FROM print_job WHERE status IN ('queued', 'printing')")
    assert len(left) >= ACKNOWLEDGED_BEFORE_CUT
    with sqlite3.connect(database) as connection:  # the power stays off for a while
        connection.execute(f"UPDATE print_job SET created_at = datetime(created_at, '{OUTAGE}')")

    server.restart()
    server.wait_for_log(f"0 printed again, {len(left)} expired.")
    statuses = _query(database, "SELECT DISTINCT status FROM print_job")
    assert statuses == [("expired",)]

    # The printer gets the next citizen's receipt and nothing of the stale backlog.
    printed: list[bytes] = []
    reader = _read_printer(server.fifo, printed)
    fresh = _post_ticket(server)
    reader.join(timeout=60)
    (data,) = printed
    assert fresh["number"].encode() in data
    stale_labels = {ticket["number"] for ticket in load.acknowledged}
    assert not [label for label in stale_labels if label.encode() in data]

    # Point 7: after init-db, serve and tickets, the instance folder is owner-only.
    loose = [
        (str(path), oct(stat.S_IMODE(path.stat().st_mode)))
        for path in server.root.rglob("*")
        if stat.S_IMODE(path.stat().st_mode) != (0o700 if path.is_dir() else 0o600)
    ]
    assert loose == []
    assert stat.S_IMODE(server.root.stat().st_mode) == 0o700
    assert (server.root / "satupintu.db-wal").exists()
