"""IKM satisfaction survey: one row per survey, unique per ticket

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

import kiosk.db

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

INDEXED = ("office_id", "service_id", "day")
ELEMENTS = tuple(f"u{number}" for number in range(1, 10))


def upgrade() -> None:
    op.create_table(
        "ikm_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        *(sa.Column(code, sa.SmallInteger(), nullable=False) for code in ELEMENTS),
        sa.Column("age_group", sa.String(length=8), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("education", sa.String(length=8), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"]),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ticket_id"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("ikm_response", schema=None) as batch_op:
        for column in INDEXED:
            batch_op.create_index(f"ix_ikm_response_{column}", [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ikm_response", schema=None) as batch_op:
        for column in INDEXED:
            batch_op.drop_index(f"ix_ikm_response_{column}")
    op.drop_table("ikm_response")
