"""Point 8 on PostgreSQL: queue_event triggers from migration 0006, pg_dump backup and restore."""

from __future__ import annotations

import pytest
from postgres_support import postgres_database
from sqlalchemy import text

from kiosk import create_app
from kiosk.backup import make_backup, restore_backup
from kiosk.db import upgrade_schema
from kiosk.extensions import db
from kiosk.models import QueueEvent


@pytest.fixture(scope="module")
def database_url():
    with postgres_database() as url:
        yield url


@pytest.fixture
def pg_app(database_url, tmp_path, monkeypatch, clock):
    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {"DATABASE_URL": database_url, "SECRET_KEY": "x", "OFFICE_HOURS": "always", "CLOCK": clock}
    )
    upgrade_schema(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _notes() -> list[str]:
    return list(db.session.scalars(db.select(QueueEvent.note).order_by(QueueEvent.id)))


def _add_event(note: str, clock) -> int:
    event = QueueEvent(kind="notice", note=note, created_at=clock())
    db.session.add(event)
    db.session.commit()
    return event.id


def test_queue_event_refuses_update_and_delete(pg_app, clock):
    event_id = _add_event("asli", clock)
    for statement in (
        "UPDATE queue_event SET note = 'diubah' WHERE id = :id",
        "DELETE FROM queue_event WHERE id = :id",
    ):
        with pytest.raises(Exception, match="queue_event is append-only"):
            db.session.execute(text(statement), {"id": event_id})
        db.session.rollback()
    assert db.session.get(QueueEvent, event_id).note == "asli"


def test_pg_dump_backup_more_writes_restore(pg_app, clock, tmp_path):
    _add_event("sebelum backup", clock)
    snapshot = _notes()
    copy = make_backup(pg_app.config["DATABASE_URL"], tmp_path / "backups")
    assert copy.suffix == ".pgdump" and copy.stat().st_size > 0
    _add_event("sesudah backup", clock)
    db.session.remove()
    db.engine.dispose()  # restore needs the database to itself
    safety = restore_backup(pg_app.config["DATABASE_URL"], copy, tmp_path / "backups")
    assert _notes() == snapshot
    assert safety.exists() and safety.name.startswith("satupintu-sebelum-restore-")
