"""Group commit on SQLite: a ticket's commit skips SQLite's own fsync, and the request then waits
for one fsync of the WAL file that covers its commit and every other commit made meanwhile.

With synchronous=FULL, SQLite syncs the WAL inside each commit, holding the write lock and, under
gevent, the whole worker: a burst of tickets waits for one fsync after another, and nothing else
runs meanwhile. Here the ticket commits with synchronous=NORMAL (`deferred_fsync`: the WAL
frames are written, not yet synced) and `wait_durable()` syncs the WAL file before the answer goes
out, in a real thread (kiosk.blocking), once for every commit that landed before that sync began.
A number the citizen has seen survives a power cut as before: its frames are on disk first.
Elsewhere (PostgreSQL, an in-memory SQLite, a SQLite file not in WAL mode) the commit syncs
itself as usual and this does nothing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import text

from kiosk.blocking import off_the_hub
from kiosk.db import without_fsync
from kiosk.extensions import db

KEY = "satupintu.wal_sync"


class WalSync:
    """One WAL file's syncs: each waiter is covered by the first sync that starts after it came."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.syncs = 0  # fsyncs done: fewer than the waiters under load
        self._changed = threading.Condition()
        self._requested = 0
        self._synced = 0
        self._running = False

    def wait(self) -> None:
        """Return once the WAL is on disk up to at least every commit made before this call."""
        with self._changed:
            self._requested += 1
            mine = self._requested
            while self._synced < mine:
                if self._running:
                    self._changed.wait()
                    continue
                self._running, target, done = True, self._requested, False
                self._changed.release()
                try:
                    off_the_hub(_fsync, self.path)
                    done = True
                finally:
                    self._changed.acquire()
                    self._running = False
                    if done:
                        self._synced, self.syncs = max(self._synced, target), self.syncs + 1
                    self._changed.notify_all()


def _fsync(path: str) -> None:
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return  # no WAL: the last connection closed it, after checkpointing and syncing it
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def wal_sync() -> WalSync | None:
    """The app's WAL syncer; None where the commit must sync itself: PostgreSQL, an in-memory
    SQLite, or a SQLite file that is not in WAL mode."""
    app = current_app._get_current_object()
    if KEY not in app.extensions:
        url = db.engine.url
        file_backed = url.get_backend_name() == "sqlite" and url.database not in ("", ":memory:")
        wal = file_backed and db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        app.extensions[KEY] = WalSync(f"{url.database}-wal") if wal else None
    return app.extensions[KEY]


@contextmanager
def deferred_fsync() -> Iterator[None]:
    """Around a commit that wait_durable() will make durable: SQLite skips its own fsync when
    the WAL file can be synced instead; otherwise the commit syncs as usual."""
    if wal_sync() is None:
        yield
        return
    with without_fsync():
        yield


def wait_durable() -> None:
    """After a commit made under deferred_fsync(): return once it is on disk."""
    syncer = wal_sync()
    if syncer is not None:
        syncer.wait()
