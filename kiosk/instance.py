"""The instance folder holds the database, keys, config, receipts and backups: owner-only."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_UMASK = 0o077  # new files 0600, new folders 0700
FOLDER_MODE = 0o700
FILE_MODE = 0o600
SERVE_LOCK = "serve.lock"


def secure_instance(path: Path) -> None:
    """From now on create files owner-only, and tighten what the folder already holds.

    The umask is process-wide on purpose: SQLite creates -wal/-shm files, the print process
    writes receipts, backups land here; one rule at start covers every writer.
    """
    os.umask(PRIVATE_UMASK)
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    path.chmod(FOLDER_MODE)
    for root, folders, names in os.walk(path):
        for name in folders:
            _tighten(Path(root) / name, FOLDER_MODE)
        for name in names:
            _tighten(Path(root) / name, FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    if path.is_symlink():  # chmod would change the link's target, which may not be ours
        return
    if path.stat().st_mode & 0o777 != mode:
        path.chmod(mode)


@contextmanager
def serving(instance: Path) -> Iterator[None]:
    """Held while `satupintu serve` runs (a shared lock: several servers may share a database).

    The kernel drops the lock when the process ends, even by kill -9 or a power cut.
    """
    with (instance / SERVE_LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        yield


def server_running(instance: Path) -> bool:
    """Whether a `satupintu serve` of this instance folder is running now."""
    with (instance / SERVE_LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False
