"""A throw-away PostgreSQL server for tests (Debian's postgresql package; skipped without it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BIN = Path("/usr/lib/postgresql/15/bin")
PORT = "54329"


def _as_postgres(*command: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A running server on a private socket with an empty database; its SQLAlchemy URL."""
    if not (BIN / "initdb").exists() or shutil.which("pg_dump") is None:
        pytest.skip("PostgreSQL is not installed (apt-get install -y postgresql)")
    pytest.importorskip("psycopg")
    folder = Path(tempfile.mkdtemp(prefix="satupintu-pg-"))
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: its files belong to postgres
        shutil.chown(folder, "postgres")
    data = folder / "data"
    _as_postgres(str(BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    options = f"-k {folder} -p {PORT} -c listen_addresses='' -c fsync=off"
    _as_postgres(
        str(BIN / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(folder / "pg.log"),
        "-o",
        options,
        "-w",
        "start",
    )
    try:
        _as_postgres(str(BIN / "createdb"), "-h", str(folder), "-p", PORT, "satupintu")
        yield f"postgresql+psycopg://postgres@/satupintu?host={folder}&port={PORT}"
    finally:
        _as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop")
        shutil.rmtree(folder, ignore_errors=True)
