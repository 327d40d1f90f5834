"""office: numbers may be taken some minutes before the day's first opening

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "office",
        sa.Column("early_issue_minutes", sa.Integer(), server_default="30", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("office", "early_issue_minutes")
