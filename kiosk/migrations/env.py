"""Alembic environment: runs on the connection handed over by kiosk.db.upgrade_schema."""

from alembic import context

from kiosk import models  # noqa: F401  (registers every table on the metadata)
from kiosk.db import on_this_database
from kiosk.extensions import db

config = context.config
target_metadata = db.metadata


def run_migrations_online() -> None:
    """Migrate on the given connection; render_as_batch lets SQLite alter tables."""
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through `satupintu init-db`")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=on_this_database(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
