"""welfare desk: DTKS (DTSEN) proposals and SIKS-NG exports; workflow statuses reached only
through their own step (workflow_status.via)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

import kiosk.db

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD/DROP COLUMN (as 0017): SQLite does both in place.
    op.add_column("workflow_status", sa.Column("via", sa.String(length=20), nullable=True))
    op.create_table(
        "dtks_export",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("made_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("layout_version", sa.Integer(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["made_by_id"], ["staff_user.id"]),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dtks_export", schema=None) as batch_op:
        batch_op.create_index("ix_dtks_export_office_id", ["office_id"], unique=False)
    op.create_table(
        "dtks_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("removal_reason", sa.String(length=12), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("export_id", sa.Integer(), nullable=True),
        sa.Column("entered_on", sa.Date(), nullable=True),
        sa.Column("decile", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=12), nullable=True),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["export_id"], ["dtks_export.id"]),
        sa.ForeignKeyConstraint(["file_id"], ["case_file.id"]),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"]),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.ForeignKeyConstraint(["visit_id"], ["household_visit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("file_id"),
    )
    with op.batch_alter_table("dtks_proposal", schema=None) as batch_op:
        for column in ("export_id", "household_id", "office_id"):
            batch_op.create_index(f"ix_dtks_proposal_{column}", [column], unique=False)


def downgrade() -> None:
    op.drop_table("dtks_proposal")
    op.drop_table("dtks_export")
    op.drop_column("workflow_status", "via")
