"""The instance folder holds the database, keys, config, receipts and backups: owner-only."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077  # new files 0600, new folders 0700
FOLDER_MODE = 0o700
FILE_MODE = 0o600


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
