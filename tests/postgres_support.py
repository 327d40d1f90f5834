"""A throw-away PostgreSQL server for tests (Debian's postgresql package), started once per run.

The server runs as the `postgres` user (PostgreSQL refuses root, and CI runs as root) on a
private socket folder with no TCP port, so parallel runs on one machine never meet. Tests get
databases copied from a template (`CREATE DATABASE … TEMPLATE`), which takes milliseconds,
instead of an initdb each. Without the package the PostgreSQL tests are skipped, unless
SATUPINTU_TEST_POSTGRES=required (`make test`): then they fail, so CI cannot pass by skipping.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BIN = Path("/usr/lib/postgresql/15/bin")
PORT = "54329"  # only names the socket file inside the private folder; no TCP listener
_names = itertools.count(1)


def _as_postgres(*command: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)


def _unavailable(reason: str) -> None:
    if os.environ.get("SATUPINTU_TEST_POSTGRES") == "required":
        pytest.fail(f"{reason}; SATUPINTU_TEST_POSTGRES=required", pytrace=False)
    pytest.skip(reason)


class PostgresServer:
    """A running server: SQLAlchemy URLs of its databases, and quick create/drop."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of `database` on this server."""
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}&port={PORT}"

    def execute(self, statement: str) -> None:
        """Run one statement in the maintenance database, outside a transaction."""
        import psycopg

        with psycopg.connect(
            host=str(self.folder), port=PORT, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(statement)

    def create_database(self, template: str | None = None, name: str | None = None) -> str:
        """A new database (a copy of `template` when given); its name."""
        name = name or f"test_{os.getpid()}_{next(_names)}"
        copy = f" TEMPLATE {template}" if template else ""  # WAL_LOG: faster than FILE_COPY here
        self.execute(f"CREATE DATABASE {name}{copy}")
        return name

    def drop_database(self, name: str) -> None:
        """Drop `name`, closing any connection a test left open."""
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start a server for the duration of the `with` block."""
    if not (BIN / "initdb").exists() or shutil.which("pg_dump") is None:
        _unavailable("PostgreSQL is not installed (apt-get install -y postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install -e '.[test]')")
    folder = Path(tempfile.mkdtemp(prefix="satupintu-pg-"))
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: its files belong to postgres
        shutil.chown(folder, "postgres")
    data = folder / "data"
    _as_postgres(str(BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    # A test server: durability off (fsync, full pages), enough connections for the race tests.
    options = (
        f"-k {folder} -p {PORT} -c listen_addresses='' -c fsync=off -c full_page_writes=off "
        "-c synchronous_commit=off -c max_connections=200"
    )
    _as_postgres(
        str(BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "pg.log"), "-o", options, "-w",
        "start",
    )  # fmt: skip
    try:
        yield PostgresServer(folder)
    finally:
        _as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)
