"""devices: kiosks paired with a one-time code (later field tablets); phone tickets per office

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

import kiosk.db

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("printer", sa.String(length=255), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("code_expires_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.Column("paired_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.Column("last_seen_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.Column("revoked_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
        sa.UniqueConstraint("code_hash"),
    )
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.create_index("ix_device_office_id", ["office_id"], unique=False)
    # A plain ADD/DROP COLUMN (as 0017): SQLite does both in place, no table rebuild.
    op.add_column(
        "office", sa.Column("phone_tickets", sa.Boolean(), server_default=sa.false(), nullable=False)
    )


def downgrade() -> None:
    op.drop_column("office", "phone_tickets")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_index("ix_device_office_id")
    op.drop_table("device")
