"""The `satupintu` command, run as a real subprocess against a temporary instance folder."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys

import pytest
import zxingcpp
from PIL import Image

from kiosk.files.workflow import read_workflows


@pytest.fixture
def run(tmp_path):
    """Run `python -m kiosk.cli ARGS` with SATUPINTU_INSTANCE_PATH=tmp_path and extra env."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("SATUPINTU_")}
    base["SATUPINTU_INSTANCE_PATH"] = str(tmp_path)

    def invoke(*args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "kiosk.cli", *args],
            env={**base, **{f"SATUPINTU_{k}": v for k, v in env.items()}},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return invoke


def _query(path, sql: str):
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchone()[0]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("hours", "problem"),
    [
        ("mon 25:00-26:00", "impossible time"),
        ("funday 08:00-15:00", "unknown day 'funday'"),
    ],
)
def test_malformed_office_hours_is_a_clear_error(run, hours, problem):
    """Exit code 1, the key and the problem on stderr, no traceback."""
    result = run("init-db", OFFICE_HOURS=hours)
    assert result.returncode == 1
    assert "SATUPINTU_OFFICE_HOURS" in result.stderr
    assert problem in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_init_db_twice(run, tmp_path):
    """The first run creates schema and catalogue; the second adds nothing and still succeeds."""
    first = run("init-db")
    assert first.returncode == 0, first.stderr
    assert "Database ready." in first.stdout
    assert "Added 0 services" not in first.stdout
    database = tmp_path / "satupintu.db"
    services = _query(database, "SELECT count(*) FROM service")
    assert services >= 14
    workflows = _query(database, "SELECT count(*) FROM workflow")
    assert workflows == len(read_workflows())  # version 1 of each
    second = run("init-db")
    assert second.returncode == 0, second.stderr
    added = "Added 0 services, 0 groups, 0 holidays; 0 new requirements, 0 retired."
    assert added in second.stdout
    assert _query(database, "SELECT count(*) FROM service") == services
    assert _query(database, "SELECT count(*) FROM workflow") == workflows  # nothing changed


def test_demo_writes_config_and_seeds_past_tickets(run, tmp_path):
    """demo writes instance/satupintu.toml and a week of finished tickets, once."""
    result = run("demo")
    assert result.returncode == 0, result.stderr
    config = (tmp_path / "satupintu.toml").read_text()
    assert 'OFFICE_HOURS = "always"' in config
    assert f"file:{tmp_path / 'receipts'}" in config
    assert "Seeded" in result.stdout
    database = tmp_path / "satupintu.db"
    past = _query(database, "SELECT count(*) FROM ticket WHERE day < date('now', '+7 hours')")
    finished = _query(database, "SELECT count(*) FROM ticket WHERE finished_at IS NOT NULL")
    assert past > 0 and finished > 0
    sms = "SELECT state, kind, phone, body FROM sms_message ORDER BY created_at DESC"
    with sqlite3.connect(database) as connection:
        messages = connection.execute(sms).fetchall()
    assert [(state, kind) for state, kind, _phone, _body in messages] == [
        ("terkirim", "siap_diambil"),
        ("menunggu", "siap_diambil"),
        ("gagal", "perlu_dilengkapi"),
    ]
    assert all(phone.startswith("+62812") and "Demo" not in body for *_, phone, body in messages)
    again = run("demo")
    assert again.returncode == 0, again.stderr
    assert "already seeded" in again.stdout
    assert _query(database, "SELECT count(*) FROM ticket") == past


def test_reprint_a_demo_ticket(run, tmp_path):
    """reprint finds a ticket by number and day, prints it to the file printer and says so."""
    assert run("demo").returncode == 0
    database = tmp_path / "satupintu.db"
    label, day = (
        _query(database, f"SELECT {column} FROM ticket ORDER BY id LIMIT 1")
        for column in ("label", "day")
    )
    result = run("reprint", label, "--day", day)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(f"Reprinted {label}.")
    assert (tmp_path / "receipts" / "last-receipt.bin").read_bytes().startswith(b"\x1b@")
    assert _query(database, "SELECT status FROM print_job WHERE kind = 'reprint'") == "printed"
    missing = run("reprint", "Z-999", "--day", day)
    assert missing.returncode == 1
    assert "No ticket Z-999 found." in missing.stderr


def test_print_test_png_has_a_readable_qr(run, tmp_path):
    """print-test --png saves a preview whose QR decodes to the configured base URL."""
    png = tmp_path / "sample.png"
    result = run("print-test", "--png", str(png), BASE_URL="http://kiosk.test/")
    assert result.returncode == 0, result.stderr
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(png))]
    assert decoded == ["http://kiosk.test/"]


def test_print_test_to_a_file_printer_writes_escpos(run, tmp_path):
    """With a file: printer the sample receipt's ESC/POS bytes land in that file."""
    target = tmp_path / "printer.bin"
    result = run("print-test", PRINTER=f"file:{target}")
    assert result.returncode == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith(b"\x1b@")  # ESC @: initialise
    assert b"TES PRINTER" in data
    assert b"\x1dV" in data  # GS V: cut
    assert str(target) in result.stdout


def test_print_test_with_an_unreachable_printer_fails_cleanly(run):
    """A refused TCP printer: exit 1, the URL named, no traceback."""
    url = f"tcp://127.0.0.1:{_closed_port()}"
    result = run("print-test", PRINTER=url, PRINTER_TIMEOUT="1")
    assert result.returncode == 1
    assert url in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
