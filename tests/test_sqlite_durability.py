"""Point 8: every SQLite connection syncs each commit: an acknowledged ticket survives a cut."""

from sqlalchemy import text

from kiosk.extensions import db

FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def test_every_connection_commits_with_synchronous_full(ctx):
    with db.engine.connect() as first, db.engine.connect() as second:
        for connection in (first, second):
            assert connection.execute(text("PRAGMA synchronous")).scalar() == FULL
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
