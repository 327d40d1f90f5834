"""outreach schedule: evening service and home-visit (jemput bola) sessions

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

import kiosk.db

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outreach_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("end", sa.Time(), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"]),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outreach_session", schema=None) as batch_op:
        batch_op.create_index("ix_outreach_session_day", ["day"], unique=False)
        batch_op.create_index("ix_outreach_session_office_id", ["office_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outreach_session", schema=None) as batch_op:
        batch_op.drop_index("ix_outreach_session_office_id")
        batch_op.drop_index("ix_outreach_session_day")
    op.drop_table("outreach_session")
