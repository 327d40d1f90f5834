"""Database engine setup: SQLite pragmas (WAL, busy timeout), UTC timestamps, migrations."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask
from sqlalchemy import DDL, DateTime, Index, Table, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import Pool
from sqlalchemy.types import TypeDecorator

from kiosk.extensions import db

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# Up to 32 pooled connections for the requests served at once (greenlets under `serve`): a
# connection beyond the pool is closed after each use and reopened (pragmas rerun) on the next
# request, and past the overflow (10) a request waits for one. SQLite opens them only when needed;
# open display streams hold none between their polls.
SQLITE_POOL_SIZE = 32
_sqlite_writer = threading.Lock()


class UTCDateTime(TypeDecorator):
    """Aware datetimes, read back in UTC: `timestamptz` on PostgreSQL, naive UTC text on SQLite
    (which has no time zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one")
        utc = value.astimezone(dt.UTC)
        return utc if dialect.name == "postgresql" else utc.replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        # PostgreSQL answers in the session's time zone; SQLite gives back the naive UTC stored.
        return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)


def trigram_index(table: Table, name: str, column: str) -> Index:
    """A PostgreSQL GIN trigram index on `column`, which serves `LIKE '%text%'` searches.

    PostgreSQL only (SQLite has no such index); the pg_trgm extension is created first.
    """
    extension = DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql")
    event.listen(table, "before_create", extension)
    index = Index(
        name,
        table.c[column],
        postgresql_using="gin",
        postgresql_ops={column: "gin_trgm_ops"},
    )
    index.info["only_on"] = "postgresql"
    return index.ddl_if(dialect="postgresql")


def on_this_database(dialect: str) -> Callable[..., bool]:
    """Alembic's include_object: leave out what the models make on another database only
    (autogenerate does not read `ddl_if`)."""

    def include(obj, name, type_, reflected, compare_to) -> bool:
        only_on = getattr(obj, "info", {}).get("only_on")
        return only_on in (None, dialect)

    return include


def init_db_engine(app: Flask) -> None:
    """Bind SQLAlchemy to the app, with SQLite tuned for several kiosks writing at once."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    # Database errors would otherwise quote the applicant's data in logs and tracebacks.
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {}).setdefault("hide_parameters", True)
    if uri.startswith("sqlite"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        options.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
        if make_url(uri).database not in (None, "", ":memory:"):
            options.setdefault("pool_size", SQLITE_POOL_SIZE)
    db.init_app(app)


@contextmanager
def write_lock() -> Iterator[None]:
    """Hold around a short write transaction (first write … commit) on the hot paths.

    SQLite lets one writer in at a time and makes the others poll in its busy handler, sleeping
    up to 100 ms between tries, so under load a ticket could wait long after the lock was free.
    On SQLite this process's writers queue on a lock instead and go in as soon as it is released
    (busy_timeout still covers other processes). A failure rolls back before the lock is let go.
    Enter it with nothing uncommitted written yet, or a writer waiting for it could stall on us.
    Elsewhere (PostgreSQL) it does nothing: the row lock of the upsert already queues writers.
    """
    if db.session.get_bind().dialect.name != "sqlite":
        yield
        return
    with _sqlite_writer:
        try:
            yield
        except BaseException:
            db.session.rollback()
            raise


def commit_keeping_loaded() -> None:
    """Commit without expiring the session's objects, so the caller answers from what it has
    just written instead of reloading each row (the ticket path: one SELECT per object saved)."""
    session = db.session()
    keep, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


_RELAXED = "satupintu.synchronous_normal"


@contextmanager
def without_fsync() -> Iterator[None]:
    """Let the commit inside skip SQLite's fsync: for bookkeeping whose loss at a power cut is
    harmless (a print job's status: the next start settles it). In WAL the write still lands in
    order, and the next full commit (a ticket) syncs it. SQLite refuses the change inside a
    transaction, so a write already begun keeps FULL; the connection is back to FULL when it
    returns to the pool. Elsewhere (PostgreSQL) it does nothing."""
    connection = db.session.connection()
    raw = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite" and not raw.in_transaction:
        raw.execute("PRAGMA synchronous=NORMAL")
        connection.connection.info[_RELAXED] = True
    yield


@event.listens_for(Pool, "checkin")
def _restore_fsync(dbapi_connection, connection_record) -> None:
    """A connection relaxed by without_fsync syncs every commit again once it is given back."""
    if dbapi_connection is not None and connection_record.info.pop(_RELAXED, False):
        dbapi_connection.execute("PRAGMA synchronous=FULL")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL lets readers run while one writer writes; busy_timeout makes writers queue up.

    synchronous=FULL syncs the WAL on every commit: NORMAL may lose the last commits (tickets
    already handed to a citizen) when the power goes, though the file stays consistent.
    """
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged write survives a power cut
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def alembic_config(connection=None) -> Config:
    """Alembic's configuration of our migrations, run on `connection` (see migrations/env.py)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_schema(app: Flask) -> None:
    """Bring the database to the newest Alembic revision (used by init-db and demo)."""
    from alembic import command

    with app.app_context():
        with db.engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")


def append_only_ddl(table: str, dialect: str) -> list[str]:
    """Triggers that make the database refuse UPDATE and DELETE on `table` (audit trails)."""
    message = f"{table} is append-only"
    if dialect == "postgresql":
        return [
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
        ]
    return [
        f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        for action in ("UPDATE", "DELETE")
    ]


def drop_append_only_ddl(table: str, dialect: str) -> list[str]:
    """Undo append_only_ddl."""
    if dialect == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_append_only()",
        ]
    return [f"DROP TRIGGER IF EXISTS {table}_no_{action} " for action in ("update", "delete")]


def make_append_only(table) -> None:
    """Install the triggers whenever metadata.create_all creates `table` (tests, fresh dbs)."""
    from sqlalchemy import event

    @event.listens_for(table, "after_create")
    def _install(target, connection, **kw):
        for statement in append_only_ddl(target.name, connection.dialect.name):
            connection.exec_driver_sql(statement)


class AppendOnlyError(RuntimeError):
    """Code tried to change or remove a row of an audit trail."""


def guard_append_only(model: type) -> None:
    """Refuse ORM updates and deletes of `model` rows before the database's triggers are asked."""
    from sqlalchemy import event

    def refuse_update(mapper, connection, target) -> None:
        session = db.session.object_session(target)
        if session is None or session.is_modified(target, include_collections=False):
            raise AppendOnlyError(f"{model.__tablename__} is append-only")

    def refuse_delete(mapper, connection, target) -> None:
        raise AppendOnlyError(f"{model.__tablename__} is append-only")

    event.listen(model, "before_update", refuse_update)
    event.listen(model, "before_delete", refuse_delete)
