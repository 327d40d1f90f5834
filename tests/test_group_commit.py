"""Group commit: a ticket's commit is synced to disk (one fsync of the WAL file) before the number
is answered, and commits that arrive during a sync share the next one (issue 10, point 7)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from kiosk import group_commit
from kiosk.extensions import db
from kiosk.group_commit import WalSync
from kiosk.queue.service import issue_ticket


def test_a_ticket_is_synced_to_disk_before_it_is_answered(ctx, monkeypatch):
    synced: list[tuple[str, int]] = []

    def fsync(path: str) -> None:
        count = db.session.execute(text("SELECT count(*) FROM ticket")).scalar()
        synced.append((path, count))  # the WAL holds the committed ticket when it is synced

    monkeypatch.setattr(group_commit, "_fsync", fsync)
    ticket = issue_ticket("ktp-baru")
    wal = f"{db.engine.url.database}-wal"
    assert synced == [(wal, 1)] and Path(wal).exists()
    assert ticket.label == "A-001"


def test_commits_during_a_sync_share_the_next_one(tmp_path, monkeypatch):
    wal = tmp_path / "db-wal"
    wal.write_bytes(b"frames")
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow_fsync(path: str) -> None:
        calls.append(path)
        started.set()
        release.wait(timeout=10)

    monkeypatch.setattr(group_commit, "_fsync", slow_fsync)
    syncer = WalSync(str(wal))
    first = threading.Thread(target=syncer.wait)
    first.start()
    assert started.wait(timeout=10)
    waiters = [threading.Thread(target=syncer.wait) for _ in range(5)]
    for waiter in waiters:
        waiter.start()
    release.set()
    for thread in (first, *waiters):
        thread.join(timeout=10)
        assert not thread.is_alive()
    # the first sync could not cover the five that came during it: one more covers them all
    assert syncer.syncs == len(calls) == 2


def test_a_failed_sync_fails_its_waiter_and_the_next_one_syncs_again(tmp_path, monkeypatch):
    attempts: list[str] = []

    def failing_then_working(path: str) -> None:
        attempts.append(path)
        if len(attempts) == 1:
            raise OSError("I/O error")

    monkeypatch.setattr(group_commit, "_fsync", failing_then_working)
    syncer = WalSync(str(tmp_path / "db-wal"))
    with pytest.raises(OSError):
        syncer.wait()
    syncer.wait()
    assert len(attempts) == 2 and syncer.syncs == 1


def test_a_missing_wal_needs_no_sync(tmp_path):
    WalSync(str(tmp_path / "absent-wal")).wait()  # the last connection checkpointed and removed it
