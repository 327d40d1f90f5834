"""Migration 0018: a counter's printer and the office's desk printer, added empty and dropped
again, leaving the rows (and the kiosk printer) as they were."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, text

from kiosk.db import alembic_config
from kiosk.extensions import db

pytestmark = pytest.mark.data_layer


def _columns(connection, table: str) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns(table)}


def test_migration_0018_adds_and_drops_the_place_printers(empty_app):
    with empty_app.app_context(), db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0017")
        assert "printer" not in _columns(connection, "counter")
        connection.execute(text("UPDATE office SET printer = 'tcp://10.0.0.5:9100'"))
        command.upgrade(alembic_config(connection), "0018")
        assert "printer" in _columns(connection, "counter")
        rows = connection.execute(text("SELECT printer, desk_printer FROM office")).all()
        assert rows and all(tuple(row) == ("tcp://10.0.0.5:9100", None) for row in rows)
        command.downgrade(alembic_config(connection), "0017")
        assert "printer" not in _columns(connection, "counter")
        assert "desk_printer" not in _columns(connection, "office")
        printers = connection.execute(text("SELECT printer FROM office")).scalars()
        assert set(printers) == {"tcp://10.0.0.5:9100"}
