"""Alembic migrations build exactly the models' schema, and step back down to nothing, on
SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from kiosk.catalogue.service import load_catalogue
from kiosk.db import alembic_config, on_this_database, upgrade_schema
from kiosk.extensions import db

pytestmark = pytest.mark.data_layer


def _diff(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        include = on_this_database(connection.dialect.name)
        opts = {"compare_type": True, "include_object": include}
        context = MigrationContext.configure(connection, opts=opts)
        return compare_metadata(context, db.metadata)


def _tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def test_upgrade_gives_exactly_the_models_schema(empty_app):
    """After upgrade to head, autogenerate finds nothing to add, drop or alter."""
    assert _tables(empty_app) == set()
    upgrade_schema(empty_app)
    assert _tables(empty_app) == set(db.metadata.tables) | {"alembic_version"}
    assert _diff(empty_app) == []


def test_database_is_stamped_with_the_single_head(empty_app):
    """One linear history; the database records its head revision."""
    upgrade_schema(empty_app)
    script = ScriptDirectory.from_config(alembic_config(None))
    (head,) = script.get_heads()
    with empty_app.app_context(), db.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head


def test_upgrade_twice_is_harmless_and_the_catalogue_loads(empty_app):
    """init-db runs upgrade on every start; the second run changes nothing."""
    upgrade_schema(empty_app)
    upgrade_schema(empty_app)
    with empty_app.app_context():
        assert load_catalogue().services > 0
    assert _diff(empty_app) == []


def test_downgrade_to_base_and_back(empty_app):
    """Every migration's downgrade runs: base leaves only alembic_version, then upgrade again."""
    upgrade_schema(empty_app)
    with empty_app.app_context(), db.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert _tables(empty_app) <= {"alembic_version"}
    upgrade_schema(empty_app)
    assert _diff(empty_app) == []
