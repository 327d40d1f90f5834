"""Migration 0021: the DTKS proposal and export tables and the workflow statuses' `via` flag,
added and dropped again, leaving the stored workflow versions as they were."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import MetaData, Table, inspect, text

from kiosk.db import alembic_config
from kiosk.extensions import db

pytestmark = pytest.mark.data_layer

NEW_TABLES = {"dtks_proposal", "dtks_export"}


def _columns(connection, table: str) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns(table)}


def _store_a_version(connection) -> None:
    """A workflow version with one status, as 0020's schema stores it."""
    workflow = Table("workflow", MetaData(), autoload_with=connection)
    status = Table("workflow_status", MetaData(), autoload_with=connection)
    workflow_id = connection.execute(
        workflow.insert().values(
            code="surat_desa",
            version=1,
            name={"id": "Surat"},
            start="diterima",
            incomplete="diterima",
            services=["sktm"],
            content_hash="0" * 64,
            created_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        )
    ).inserted_primary_key[0]
    connection.execute(
        status.insert().values(
            workflow_id=workflow_id,
            code="diterima",
            label={"id": "Diterima"},
            next_step={"id": "Diproses"},
            next=[],
            pauses_due=False,
            needs_note=False,
            final=True,
            position=0,
        )
    )


def test_migration_0021_adds_and_drops_the_dtks_schema(empty_app):
    with empty_app.app_context(), db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0020")
        _store_a_version(connection)
        stored = connection.execute(text("SELECT count(*) FROM workflow_status")).scalar()
        assert stored == 1
        command.upgrade(alembic_config(connection), "0021")
        assert NEW_TABLES <= set(inspect(connection).get_table_names())
        assert "via" in _columns(connection, "workflow_status")
        vias = connection.execute(text("SELECT count(*) FROM workflow_status WHERE via IS NULL"))
        assert vias.scalar() == stored  # the versions stored before read as before
        command.downgrade(alembic_config(connection), "0020")
        assert not NEW_TABLES & set(inspect(connection).get_table_names())
        assert "via" not in _columns(connection, "workflow_status")
        assert connection.execute(text("SELECT count(*) FROM workflow_status")).scalar() == stored
