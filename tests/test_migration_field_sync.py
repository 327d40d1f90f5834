"""Migration 0020: the field sync tables and columns, added and dropped again, leaving devices
and files as they were (a kiosk stays paired, a file stays a counter file)."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, text

from kiosk.db import alembic_config
from kiosk.extensions import db

pytestmark = pytest.mark.data_layer

NEW_TABLES = {
    "sync_record",
    "sync_record_version",
    "sync_record_blob",
    "field_assignment",
    "household_visit",
}


def _columns(connection, table: str) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns(table)}


def test_migration_0020_adds_and_drops_the_field_sync_schema(empty_app):
    with empty_app.app_context(), db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0019")
        office_id = connection.execute(text("SELECT id FROM office ORDER BY id")).scalar()
        connection.execute(
            text(
                "INSERT INTO device (office_id, kind, name, token_hash, created_at) "
                "VALUES (:office, 'kiosk', 'Kios depan', :token, CURRENT_TIMESTAMP)"
            ),
            {"office": office_id, "token": "a" * 64},
        )
        command.upgrade(alembic_config(connection), "0020")
        assert NEW_TABLES <= set(inspect(connection).get_table_names())
        assert {"user_id", "wipe_requested_at", "pending_reported"} <= _columns(
            connection, "device"
        )
        assert "source" in _columns(connection, "case_file")
        kiosk = connection.execute(text("SELECT name, token_hash, user_id FROM device")).one()
        assert tuple(kiosk) == ("Kios depan", "a" * 64, None)
        command.downgrade(alembic_config(connection), "0019")
        assert not NEW_TABLES & set(inspect(connection).get_table_names())
        assert "user_id" not in _columns(connection, "device")
        assert "source" not in _columns(connection, "case_file")
        kiosk = connection.execute(text("SELECT name, token_hash FROM device")).one()
        assert tuple(kiosk) == ("Kios depan", "a" * 64)
