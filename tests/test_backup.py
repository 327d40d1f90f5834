"""Point 8: `satupintu backup` (consistent online copy, rotation, 0600) and `satupintu restore`
(confirmation, refused while serving, keeps the current database aside)."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import create_app
from kiosk.extensions import db
from kiosk.instance import serving
from kiosk.queue.service import issue_ticket


@pytest.fixture
def instance(tmp_path, monkeypatch) -> Path:
    """An instance folder with a migrated database (init-db)."""
    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(tmp_path))
    for key in [k for k in os.environ if k.startswith("SATUPINTU_") and "INSTANCE" not in k]:
        monkeypatch.delenv(key)
    assert cli(tmp_path, "init-db").returncode == 0
    return tmp_path


def cli(instance: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SATUPINTU_")}
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        env={**env, "SATUPINTU_INSTANCE_PATH": str(instance), "SATUPINTU_OFFICE_HOURS": "always"},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def take_tickets(count: int) -> list[str]:
    """Issue tickets through the app, as the kiosk does; their tracking codes."""
    app = create_app({"PRINTER": "dummy:", "PRINT_SYNC": True, "OFFICE_HOURS": "always"})
    with app.app_context():
        codes = [issue_ticket("ktp-baru").tracking_code for _ in range(count)]
        db.session.remove()
        db.engine.dispose()
    return codes


def rows(path: Path) -> dict[str, list]:
    """Every row of every table, order-independent."""
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: sorted(map(repr, connection.execute(f'SELECT * FROM "{t}"'))) for t in tables}


def codes_in(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {code for (code,) in connection.execute("SELECT tracking_code FROM ticket")}


def backup(instance: Path, *args: str) -> Path:
    result = cli(instance, "backup", *args)
    assert result.returncode == 0, result.stderr
    return Path(re.search(r"Backup written: (\S+)", result.stdout).group(1))


def test_backup_more_writes_restore_gives_exactly_the_backup(instance):
    database = instance / "satupintu.db"
    before = take_tickets(3)
    copy = backup(instance)
    assert copy.parent == instance / "backups"
    assert re.fullmatch(r"satupintu-\d{8}-\d{6}\.db", copy.name)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    snapshot = rows(copy)
    later = take_tickets(2)
    assert codes_in(database) == set(before + later)

    refused = cli(instance, "restore", str(copy), stdin="n\n")
    assert refused.returncode == 1 and "Aborted" in refused.stderr
    assert codes_in(database) == set(before + later)

    result = cli(instance, "restore", str(copy), "--yes")
    assert result.returncode == 0, result.stderr
    assert rows(database) == snapshot
    assert codes_in(database) == set(before)  # the later writes are gone
    (safety,) = (instance / "backups").glob("satupintu-sebelum-restore-*.db")
    assert codes_in(safety) == set(before + later)  # ...but kept aside
    assert stat.S_IMODE(safety.stat().st_mode) == 0o600


def test_restore_is_refused_while_the_server_runs(instance):
    copy = backup(instance)
    take_tickets(1)
    before = rows(instance / "satupintu.db")
    with serving(instance):  # what `satupintu serve` holds while it runs
        result = cli(instance, "restore", str(copy), "--yes")
    assert result.returncode == 1
    assert "still running" in result.stderr and "Traceback" not in result.stderr
    assert rows(instance / "satupintu.db") == before


def test_a_damaged_backup_is_refused_and_nothing_changes(instance):
    take_tickets(1)
    before = rows(instance / "satupintu.db")
    bad = instance / "satupintu-20260101-000000.db"
    bad.write_bytes(b"not a database at all" * 100)
    result = cli(instance, "restore", str(bad), "--yes")
    assert result.returncode == 1 and "not a Satu Pintu backup" in result.stderr
    assert rows(instance / "satupintu.db") == before


def test_rotation_keeps_the_newest(instance, tmp_path):
    dest = tmp_path / "elsewhere"
    made = [backup(instance, "--dest", str(dest), "--keep", "2") for _ in range(3)]
    assert sorted(dest.iterdir()) == sorted(made[1:])


def test_backup_is_consistent_while_a_write_is_in_progress(instance):
    """An uncommitted transaction is not in the copy; committed data is."""
    committed = take_tickets(1)
    writer = sqlite3.connect(instance / "satupintu.db")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO setting (office_id, key, value, updated_at) "
        "VALUES (1, 'half-done', 'x', '2026-01-01')"
    )
    try:
        copy = backup(instance)
    finally:
        writer.rollback()
        writer.close()
    assert codes_in(copy) == set(committed)
    assert all("half-done" not in row for row in rows(copy)["setting"])
