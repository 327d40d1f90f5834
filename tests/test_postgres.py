"""PostgreSQL only: timestamptz columns (also in databases made before migration 0007), the
trigram index that serves name search, and pg_dump backup and restore."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import event, select, text

from kiosk import create_app
from kiosk.backup import make_backup, restore_backup
from kiosk.db import UTCDateTime, alembic_config, upgrade_schema
from kiosk.extensions import db
from kiosk.files.service import search_files
from kiosk.models import QueueEvent

COLUMN_TYPES = text(
    "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND data_type LIKE 'timestamp%'"
)
ISSUED = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)  # 09:00 in Jakarta


@pytest.fixture
def backend() -> str:
    """Every test here runs on PostgreSQL only."""
    return "postgresql"


def _timestamp_types() -> dict[str, str]:
    return dict(db.session.execute(COLUMN_TYPES).all())


def _model_timestamps() -> set[str]:
    return {
        f"{table.name}.{column.name}"
        for table in db.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, UTCDateTime)
    }


def test_migrations_make_every_timestamp_timestamptz(empty_app):
    upgrade_schema(empty_app)
    with empty_app.app_context():
        types = _timestamp_types()
        assert set(types) == _model_timestamps()
        assert set(types.values()) == {"timestamp with time zone"}


def test_0007_turns_old_naive_utc_columns_into_the_same_instants(empty_app):
    """A database made by the old code held naive UTC in `timestamp` columns."""
    with empty_app.app_context(), db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0006")
        existing = connection.exec_driver_sql(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type = 'timestamp with time zone'"
        ).all()
        for table, column in existing:  # the tables revision 0006 has, not later ones
            connection.exec_driver_sql(
                f"ALTER TABLE {table} ALTER COLUMN {column} TYPE timestamp "
                f"USING {column} AT TIME ZONE 'UTC'"
            )
        connection.exec_driver_sql(
            "INSERT INTO queue_event (kind, note, created_at) "
            "VALUES ('notice', 'lama', '2026-11-23 02:00:00')"
        )
    upgrade_schema(empty_app)
    with empty_app.app_context():
        assert set(_timestamp_types().values()) == {"timestamp with time zone"}
        assert db.session.scalar(select(QueueEvent.created_at)) == ISSUED


def test_timestamps_read_back_in_utc_whatever_the_session_time_zone(
    app_config, tmp_path, monkeypatch
):
    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(tmp_path / "instance"))
    options = {"connect_args": {"options": "-c timezone=Asia/Jakarta"}}
    app = create_app({**app_config, "SQLALCHEMY_ENGINE_OPTIONS": options})
    with app.app_context():
        assert db.session.scalar(text("SHOW timezone")) == "Asia/Jakarta"
        db.session.add(QueueEvent(kind="notice", note="x", created_at=ISSUED))
        db.session.commit()
        stored = db.session.scalar(select(QueueEvent.created_at))
        assert stored == ISSUED and stored.utcoffset() == dt.timedelta(0)
        utc_text = "SELECT to_char(created_at AT TIME ZONE 'UTC', 'HH24:MI') FROM queue_event"
        assert db.session.scalar(text(utc_text)) == "02:00"
        db.session.remove()
        db.engine.dispose()


def test_name_search_can_use_the_trigram_index(ctx):
    """EXPLAIN of the very query search_files sends, with sequential scans off."""
    sent: list[tuple[str, dict]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "case_file" in statement:
            sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        assert search_files("wahyu") == []
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    ((statement, parameters),) = sent
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    connection = db.session.connection()
    plan = "\n".join(
        row[0] for row in connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
    )
    assert "ix_person_name_key_trgm" in plan, plan
    db.session.rollback()


def test_pg_dump_backup_more_writes_restore(app, tmp_path):
    """`satupintu backup` / `restore` on PostgreSQL: the restore brings back the snapshot."""

    def notes() -> list[str]:
        with app.app_context():
            return list(db.session.scalars(select(QueueEvent.note).order_by(QueueEvent.id)))

    def add(note: str) -> None:
        with app.app_context():
            db.session.add(QueueEvent(kind="notice", note=note, created_at=ISSUED))
            db.session.commit()

    add("sebelum backup")
    snapshot = notes()
    copy = make_backup(app.config["DATABASE_URL"], tmp_path / "backups")
    assert copy.suffix == ".pgdump" and copy.stat().st_size > 0
    add("sesudah backup")
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # restore needs the database to itself
    safety = restore_backup(app.config["DATABASE_URL"], copy, tmp_path / "backups")
    assert notes() == snapshot
    assert safety.exists() and safety.name.startswith("satupintu-sebelum-restore-")
