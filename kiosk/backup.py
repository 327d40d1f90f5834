"""Backups: a consistent copy of the running database, kept in rotation, and a safe restore.

SQLite is copied with its online backup API (a consistent snapshot while kiosks keep writing);
PostgreSQL with pg_dump / pg_restore. Copies are owner-only files named by time, newest last.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL, make_url

PREFIX = "satupintu-"
SAFETY_PREFIX = "satupintu-sebelum-restore-"
DEFAULT_KEEP = 14
FILE_MODE = 0o600
STAMP = re.compile(r"(\d{8}-\d{6})(?:-(\d+))?\.")


class BackupError(RuntimeError):
    """A backup or restore cannot be done; the message says why and what to do."""


def make_backup(database_url: str, dest: Path, keep: int | None = DEFAULT_KEEP) -> Path:
    """Copy the database into `dest` as satupintu-<UTC time>.<ext>; keep the newest `keep`."""
    path = _new_name(dest, PREFIX, _extension(database_url))
    _copy_out(database_url, path)
    if keep is not None:
        rotate(dest, keep)
    return path


def rotate(dest: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` timestamped backups in `dest`; the deleted paths."""
    backups = sorted(
        (p for p in dest.glob(f"{PREFIX}2*") if not p.name.endswith(".partial")), key=_age_key
    )
    old = backups[:-keep] if keep > 0 else backups
    for path in old:
        path.unlink()
    return old


def restore_backup(database_url: str, backup: Path, safety_dest: Path) -> Path:
    """Replace the database's contents with `backup`; first copies the current database aside.

    The caller makes sure no server is using the database. Returns the safety copy's path.
    """
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _check_sqlite_backup(backup)
    safety = _new_name(safety_dest, SAFETY_PREFIX, _extension(database_url))
    _copy_out(database_url, safety)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(backup, Path(_sqlite_path(url)))
    else:
        _pg_tool(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"],
            url,
            str(backup),
        )
    return safety


def _copy_out(database_url: str, path: Path) -> None:
    url = make_url(database_url)
    partial = path.with_name(path.name + ".partial")  # never looks like a finished backup
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(Path(_sqlite_path(url)), partial)
    elif url.get_backend_name() == "postgresql":
        _pg_tool(["pg_dump", "--format=custom", "--file", str(partial)], url)
    else:
        raise BackupError(f"Backups of {url.get_backend_name()} databases are not supported.")
    partial.chmod(FILE_MODE)
    partial.rename(path)


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent snapshot, even while others write (WAL)."""
    if not source.exists():
        raise BackupError(f"Database file {source} does not exist.")
    with _connect(source) as src, _connect(target) as dst:
        src.backup(dst)


def _connect(path: Path | str, **options) -> closing[sqlite3.Connection]:
    """A connection that closes on leaving `with` (sqlite3's own only ends the transaction)."""
    return closing(sqlite3.connect(path, timeout=30, **options))


def _check_sqlite_backup(path: Path) -> None:
    """Refuse a file that is not an intact Satu Pintu database before touching the live one."""
    try:
        with _connect(f"file:{path}?mode=ro", uri=True) as connection:
            intact = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a Satu Pintu backup: {error}") from None
    if not intact or revision is None:
        raise BackupError(f"{path} is damaged or not a Satu Pintu backup; nothing was changed.")


def _sqlite_path(url: URL) -> str:
    if url.database in (None, "", ":memory:"):
        raise BackupError("An in-memory database cannot be backed up.")
    return url.database


def _pg_tool(command: list[str], url: URL, *args: str) -> None:
    """Run pg_dump/pg_restore on `url`; the password goes through the environment, not argv."""
    target = url.set(drivername="postgresql", password=None)
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    dbname = target.render_as_string(hide_password=False)
    try:
        result = subprocess.run(
            [*command, "--dbname", dbname, *args], env=env, capture_output=True, text=True
        )
    except FileNotFoundError:
        missing = f"{command[0]} is not installed (apt install postgresql-client)."
        raise BackupError(missing) from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _age_key(path: Path) -> tuple[str, int]:
    """Order by the time in the name, then by the serial of a second backup in that second."""
    match = STAMP.search(path.name)
    return (match.group(1), int(match.group(2) or 0)) if match else ("", 0)


def _extension(database_url: str) -> str:
    return ".db" if make_url(database_url).get_backend_name() == "sqlite" else ".pgdump"


def _new_name(folder: Path, prefix: str, extension: str) -> Path:
    """folder/<prefix><UTC time><extension>, unique, the folder created owner-only."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    path = folder / f"{prefix}{stamp}{extension}"
    serial = 1
    while path.exists():  # two backups within one second
        path = folder / f"{prefix}{stamp}-{serial}{extension}"
        serial += 1
    return path
