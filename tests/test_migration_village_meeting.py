"""Migration 0022: the village meeting's tables, added and dropped again."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect

from kiosk.db import alembic_config
from kiosk.extensions import db

pytestmark = pytest.mark.data_layer

NEW_TABLES = {"village_meeting", "meeting_item", "meeting_attendee"}


def test_migration_0022_adds_and_drops_the_meeting_tables(empty_app):
    with empty_app.app_context(), db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0021")
        assert not NEW_TABLES & set(inspect(connection).get_table_names())
        command.upgrade(alembic_config(connection), "0022")
        assert NEW_TABLES <= set(inspect(connection).get_table_names())
        uniques = inspect(connection).get_unique_constraints("village_meeting")
        assert {"office_id", "minutes_year", "minutes_number"} in [
            set(u["column_names"]) for u in uniques
        ]
        command.downgrade(alembic_config(connection), "0021")
        assert not NEW_TABLES & set(inspect(connection).get_table_names())
