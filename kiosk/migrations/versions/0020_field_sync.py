"""field sync: tablets' officer/wipe/queue report, synced records and their versions and
photos, field assignments, household visits, a file's source (counter or field)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

import kiosk.db

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

DEVICE_TIMES = ("wipe_requested_at", "wiped_at", "pending_reported_at", "last_sync_at")


def upgrade() -> None:
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        for name in DEVICE_TIMES:
            batch_op.add_column(sa.Column(name, kiosk.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("pending_reported", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_device_user_id_staff_user", "staff_user", ["user_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index("ix_device_user_id", ["user_id"], unique=False)
    # A plain ADD/DROP COLUMN (as 0017): SQLite does both in place, no rebuild of case_file.
    op.add_column(
        "case_file",
        sa.Column("source", sa.String(length=10), server_default="counter", nullable=False),
    )
    _create_sync_tables()
    _create_field_tables()


def _create_sync_tables() -> None:
    op.create_table(
        "sync_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=40), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("quarantined", sa.Boolean(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"]),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("sync_record", schema=None) as batch_op:
        for column in ("device_id", "kind", "office_id", "quarantined"):
            batch_op.create_index(f"ix_sync_record_{column}", [column], unique=False)
    op.create_table(
        "sync_record_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("op_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("incoming", sa.JSON(), nullable=False),
        sa.Column("fields_after", sa.JSON(), nullable=False),
        sa.Column("changed", sa.JSON(), nullable=False),
        sa.Column("clashes", sa.JSON(), nullable=False),
        sa.Column("merge_kind", sa.String(length=10), nullable=True),
        sa.Column("quarantined", sa.Boolean(), nullable=False),
        sa.Column("review", sa.String(length=10), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.Column("received_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"]),
        sa.ForeignKeyConstraint(["record_id"], ["sync_record.id"]),
        sa.ForeignKeyConstraint(["reviewed_by_id"], ["staff_user.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("op_id", name="uq_sync_record_version_op"),
    )
    with op.batch_alter_table("sync_record_version", schema=None) as batch_op:
        for column in ("device_id", "record_id", "review"):
            batch_op.create_index(f"ix_sync_record_version_{column}", [column], unique=False)
    op.create_table(
        "sync_record_blob",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["sync_record.id"]),
        sa.PrimaryKeyConstraint("record_id", "sha256"),
    )
    with op.batch_alter_table("sync_record_blob", schema=None) as batch_op:
        batch_op.create_index("ix_sync_record_blob_sha256", ["sha256"], unique=False)


def _create_field_tables() -> None:
    op.create_table(
        "field_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("done_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"]),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"]),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.ForeignKeyConstraint(["officer_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("field_assignment", schema=None) as batch_op:
        for column in ("household_id", "office_id", "officer_id"):
            batch_op.create_index(f"ix_field_assignment_{column}", [column], unique=False)
    op.create_table(
        "household_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("criteria_version", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("criteria_met", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("gps", sa.JSON(), nullable=True),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("visited_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"]),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"]),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.ForeignKeyConstraint(["officer_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("household_visit", schema=None) as batch_op:
        for column in ("household_id", "office_id", "officer_id", "visited_at"):
            batch_op.create_index(f"ix_household_visit_{column}", [column], unique=False)


def downgrade() -> None:
    for table in (
        "household_visit",
        "field_assignment",
        "sync_record_blob",
        "sync_record_version",
        "sync_record",
    ):
        op.drop_table(table)
    op.drop_column("case_file", "source")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_index("ix_device_user_id")
        batch_op.drop_constraint("fk_device_user_id_staff_user", type_="foreignkey")
        batch_op.drop_column("pending_reported")
        for name in reversed(DEVICE_TIMES):
            batch_op.drop_column(name)
        batch_op.drop_column("user_id")
