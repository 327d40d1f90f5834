"""Point 8: queue_event (the evidence of call order) refuses UPDATE and DELETE, in the database
(triggers from the models and from migration 0006) and in the ORM."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from kiosk import clock
from kiosk.db import AppendOnlyError, upgrade_schema
from kiosk.extensions import db
from kiosk.models import QueueEvent

pytestmark = pytest.mark.data_layer

STATEMENTS = (
    "UPDATE queue_event SET note = 'rewritten' WHERE id = :id",
    "UPDATE queue_event SET created_at = created_at WHERE id = :id",
    "DELETE FROM queue_event WHERE id = :id",
)


def _event() -> QueueEvent:
    event = QueueEvent(kind="notice", note="Loket 2 istirahat", created_at=clock.now())
    db.session.add(event)
    db.session.commit()
    return event


def _assert_sql_refused(event_id: int) -> None:
    for statement in STATEMENTS:
        with pytest.raises(Exception, match="queue_event is append-only"):
            db.session.execute(text(statement), {"id": event_id})
        db.session.rollback()
    assert db.session.get(QueueEvent, event_id).note == "Loket 2 istirahat"


def test_database_refuses_update_and_delete(ctx):
    _assert_sql_refused(_event().id)


def test_orm_refuses_update_and_delete(ctx):
    event = _event()
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError, match="queue_event is append-only"):
        db.session.commit()
    db.session.rollback()
    db.session.delete(event)
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(QueueEvent, event.id).note == "Loket 2 istirahat"


def test_migrated_database_refuses_too(empty_app):
    """Migration 0006 installs the same triggers on a database built by `init-db`."""
    upgrade_schema(empty_app)
    with empty_app.test_request_context():
        _assert_sql_refused(_event().id)
