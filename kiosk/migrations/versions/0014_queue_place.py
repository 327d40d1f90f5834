"""a ticket's place in line when it is not its issue time (a no-show put back at the front)

A plain nullable column: SQLite (3.35+) adds and drops it in place, so batch mode never copies
the ticket table (which rows of other tables point at).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

import kiosk.db

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("line_at", kiosk.db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ticket", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("line_at")
