"""printers per place: a counter's own printer, the office's desk printer

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("counter", sa.Column("printer", sa.String(length=255), nullable=True))
    op.add_column("office", sa.Column("desk_printer", sa.String(length=255), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+ too): a batch copy of `office` would drop the table that
    # every other table's office_id refers to.
    op.drop_column("office", "desk_printer")
    op.drop_column("counter", "printer")
