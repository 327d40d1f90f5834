"""Alembic migrations build exactly the models' schema, and step back down to nothing."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from kiosk import create_app
from kiosk.catalogue.service import load_catalogue
from kiosk.db import MIGRATIONS, upgrade_schema
from kiosk.extensions import db


@pytest.fixture
def fresh_app(tmp_path, monkeypatch, app_config):
    """An app on an empty file database: no create_all, only migrations."""
    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(tmp_path / "instance"))
    application = create_app({**app_config, "DATABASE_URL": f"sqlite:///{tmp_path / 'mig.db'}"})
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _alembic(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _diff(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def test_upgrade_gives_exactly_the_models_schema(fresh_app):
    """After upgrade to head, autogenerate finds nothing to add, drop or alter."""
    assert _tables(fresh_app) == set()
    upgrade_schema(fresh_app)
    assert _tables(fresh_app) == set(db.metadata.tables) | {"alembic_version"}
    assert _diff(fresh_app) == []


def test_database_is_stamped_with_the_single_head(fresh_app):
    """One linear history; the database records its head revision."""
    upgrade_schema(fresh_app)
    script = ScriptDirectory.from_config(_alembic(None))
    (head,) = script.get_heads()
    with fresh_app.app_context(), db.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head


def test_upgrade_twice_is_harmless_and_the_catalogue_loads(fresh_app):
    """init-db runs upgrade on every start; the second run changes nothing."""
    upgrade_schema(fresh_app)
    upgrade_schema(fresh_app)
    with fresh_app.app_context():
        assert load_catalogue().services > 0
    assert _diff(fresh_app) == []


def test_downgrade_to_base_and_back(fresh_app):
    """Every migration's downgrade runs: base leaves only alembic_version, then upgrade again."""
    upgrade_schema(fresh_app)
    with fresh_app.app_context(), db.engine.begin() as connection:
        command.downgrade(_alembic(connection), "base")
    assert _tables(fresh_app) <= {"alembic_version"}
    upgrade_schema(fresh_app)
    assert _diff(fresh_app) == []
