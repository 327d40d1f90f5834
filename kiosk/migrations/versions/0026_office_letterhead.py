"""office letterhead: regency and district names, the head of the village and their title, for
the monthly report's letterhead and signature

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN, not batch mode: a batch rebuild drops and recreates `office`, which
# SQLite refuses while tickets, files and staff rows point at it (foreign keys are on).
COLUMNS = (
    ("regency_name", 120, ""),
    ("district_name", 120, ""),
    ("head_title", 60, "Kepala Desa"),
    ("head_name", 120, ""),
)


def upgrade() -> None:
    for name, length, default in COLUMNS:
        op.add_column(
            "office",
            sa.Column(name, sa.String(length=length), server_default=default, nullable=False),
        )


def downgrade() -> None:
    for name, _length, _default in reversed(COLUMNS):
        op.drop_column("office", name)
