"""offices: an office table, office_id on every office-owned row, unique keys per office

The first office is made from the running configuration (OFFICE_NAME, OFFICE_HOURS, TIMEZONE...)
and every existing row is given to it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

import kiosk.db

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# SQLite keeps unnamed unique constraints: batch mode names them by this convention to drop them.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
# table -> (office_id nullable?, [(old unique column, new unique constraint name)])
OWNED = {
    "service_group": (False, [("code", "uq_service_group_office_code")]),
    "service": (
        False,
        [("code", "uq_service_office_code"), ("prefix", "uq_service_office_prefix")],
    ),
    "counter": (False, [("name", "uq_counter_office_name")]),
    "staff_user": (True, [("username", "uq_staff_user_office_username")]),
    "ticket": (False, []),
    "case_file": (False, []),
    "handover_batch": (False, []),
}


# People are the regency's (NIK and KK stay unique everywhere); office_id says where registered.
REGISTERED = ("household", "person")
# Append-only logs: office_id for filtering, nullable (a regency account's own events).
APPEND_ONLY = ("audit_event", "data_access_log")


def _old_unique(table: str, column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"{table}_{column}_key"
    return f"uq_{table}_{column}"


def _first_office_values() -> dict:
    from flask import current_app, has_app_context

    from kiosk.config import DEFAULTS
    from kiosk.offices.settings import from_config

    values = from_config(current_app.config if has_app_context() else DEFAULTS)
    now = dt.datetime.now(dt.UTC)  # the column's UTCDateTime type stores it per database
    return {
        **values,
        "id": 1,
        "uuid": str(uuid.uuid4()),
        "code": "kantor",
        "active": True,
        "created_at": now,
    }


@contextmanager
def _sqlite_foreign_keys_off() -> Iterator[None]:
    """SQLite batch mode copies a table, drops the old one and renames the copy, and dropping a
    table other rows point at fails while foreign keys are on. SQLite's own procedure for such
    changes: foreign keys off (only possible outside a transaction, so the steps before are
    committed first), change, check every reference, foreign keys on again."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    raw = bind.connection.dbapi_connection
    raw.commit()
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"0010 left {len(broken)} rows pointing nowhere")
        raw.commit()
    except BaseException:
        raw.rollback()
        raise
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def upgrade() -> None:
    with _sqlite_foreign_keys_off():
        _upgrade()


def downgrade() -> None:
    """Back to one office per server (only a database holding a single office can step back)."""
    with _sqlite_foreign_keys_off():
        _downgrade()


def _upgrade() -> None:
    office = op.create_table(
        "office",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("timezone", sa.String(length=60), nullable=False),
        sa.Column("office_hours", sa.Text(), nullable=False),
        sa.Column("cuti_bersama_closes", sa.Boolean(), nullable=False),
        sa.Column("priority_ratio", sa.Integer(), nullable=False),
        sa.Column("base_url", sa.String(length=255), nullable=False),
        sa.Column("printer", sa.String(length=255), nullable=False),
        sa.Column("printer_paper", sa.String(length=4), nullable=False),
        sa.Column("printer_profile", sa.String(length=60), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("uuid"),
    )
    # Only this revision's columns: later revisions add settings that from_config also knows.
    first = {k: v for k, v in _first_office_values().items() if k in office.c}
    op.bulk_insert(office, [first], multiinsert=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval('office_id_seq', (SELECT MAX(id) FROM office))")
    for table, (nullable, uniques) in OWNED.items():
        with op.batch_alter_table(table, naming_convention=NAMING) as batch_op:
            batch_op.add_column(sa.Column("office_id", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET office_id = 1")
        with op.batch_alter_table(table, naming_convention=NAMING) as batch_op:
            if not nullable:
                batch_op.alter_column("office_id", existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(f"ix_{table}_office_id", ["office_id"], unique=False)
            batch_op.create_foreign_key(
                f"fk_{table}_office_id_office", "office", ["office_id"], ["id"]
            )
            for column, name in uniques:
                batch_op.drop_constraint(_old_unique(table, column), type_="unique")
                batch_op.create_unique_constraint(name, ["office_id", column])
    _setting_per_office()
    for table in REGISTERED:
        _add_office_column(table)
    for table in APPEND_ONLY:
        _logged_office(table)
    with op.batch_alter_table("holiday", naming_convention=NAMING) as batch_op:
        batch_op.add_column(sa.Column("office_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_holiday_office_id", ["office_id"], unique=False)
        batch_op.create_index("ix_holiday_day", ["day"], unique=False)
        batch_op.create_foreign_key("fk_holiday_office_id_office", "office", ["office_id"], ["id"])
        batch_op.drop_constraint(_old_unique("holiday", "day"), type_="unique")
        batch_op.create_unique_constraint("uq_holiday_office_day", ["office_id", "day"])


def _setting_per_office() -> None:
    """Settings (the display's notice line) belong to an office: the key is per office."""
    _rebuild_setting(
        [
            sa.Column("office_id", sa.Integer(), nullable=False),
            sa.Column("key", sa.String(length=60), nullable=False),
            sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
            sa.PrimaryKeyConstraint("office_id", "key"),
        ],
        "1, key",
    )


def _rebuild_setting(key_columns: list, key_values: str) -> None:
    """Copy the small setting table into one with another primary key (one way for SQLite
    and PostgreSQL alike); stepping back keeps the first office's settings."""
    op.create_table(
        "setting_new",
        *key_columns,
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", kiosk.db.UTCDateTime(), nullable=False),
    )
    condition = "" if key_values.startswith("1,") else " WHERE office_id = 1"
    op.execute(
        f"INSERT INTO setting_new SELECT {key_values}, value, updated_at FROM setting{condition}"
    )
    op.drop_table("setting")
    op.rename_table("setting_new", "setting")


def _add_office_column(table: str) -> None:
    """A nullable office_id with its index and foreign key, given to office 1 (the rows so far)."""
    with op.batch_alter_table(table, naming_convention=NAMING) as batch_op:
        batch_op.add_column(sa.Column("office_id", sa.Integer(), nullable=True))
        batch_op.create_index(f"ix_{table}_office_id", ["office_id"], unique=False)
        batch_op.create_foreign_key(
            f"fk_{table}_office_id_office", "office", ["office_id"], ["id"]
        )
    op.execute(f"UPDATE {table} SET office_id = 1")


def _logged_office(table: str) -> None:
    """An append-only log gets the office of each row (existing rows: the first office); its
    triggers step aside for this one backfill and come back."""
    dialect = op.get_bind().dialect.name
    for statement in kiosk.db.drop_append_only_ddl(table, dialect):
        op.execute(statement)
    _add_office_column(table)
    for statement in kiosk.db.append_only_ddl(table, dialect):
        op.execute(statement)


def _drop_logged_office(table: str) -> None:
    dialect = op.get_bind().dialect.name
    for statement in kiosk.db.drop_append_only_ddl(table, dialect):
        op.execute(statement)
    with op.batch_alter_table(table, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint(f"fk_{table}_office_id_office", type_="foreignkey")
        batch_op.drop_index(f"ix_{table}_office_id")
        batch_op.drop_column("office_id")
    for statement in kiosk.db.append_only_ddl(table, dialect):
        op.execute(statement)


def _downgrade() -> None:
    with op.batch_alter_table("holiday", naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint("uq_holiday_office_day", type_="unique")
        batch_op.drop_constraint("fk_holiday_office_id_office", type_="foreignkey")
        batch_op.drop_index("ix_holiday_day")
        batch_op.drop_index("ix_holiday_office_id")
    op.execute("DELETE FROM holiday WHERE office_id IS NOT NULL")
    with op.batch_alter_table("holiday", naming_convention=NAMING) as batch_op:
        batch_op.drop_column("office_id")
        batch_op.create_unique_constraint(_old_unique("holiday", "day"), ["day"])
    for table in APPEND_ONLY:
        _drop_logged_office(table)
    for table in REGISTERED:
        with op.batch_alter_table(table, naming_convention=NAMING) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_office_id_office", type_="foreignkey")
            batch_op.drop_index(f"ix_{table}_office_id")
            batch_op.drop_column("office_id")
    _rebuild_setting(
        [
            sa.Column("key", sa.String(length=60), nullable=False),
            sa.PrimaryKeyConstraint("key"),
        ],
        "key",
    )
    for table, (_nullable, uniques) in reversed(OWNED.items()):
        with op.batch_alter_table(table, naming_convention=NAMING) as batch_op:
            for column, name in uniques:
                batch_op.drop_constraint(name, type_="unique")
            batch_op.drop_constraint(f"fk_{table}_office_id_office", type_="foreignkey")
            batch_op.drop_index(f"ix_{table}_office_id")
        with op.batch_alter_table(table, naming_convention=NAMING) as batch_op:
            batch_op.drop_column("office_id")
            for column, _name in uniques:
                batch_op.create_unique_constraint(_old_unique(table, column), [column])
    op.drop_table("office")
