"""requirement alternatives: requirements of a service that share a `one_of` code are
alternatives, any one of which is enough (police letter or the damaged card)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column: added in place on both databases (no table copy).
    op.add_column("requirement", sa.Column("one_of", sa.String(length=40), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite (3.35+) drops a plain column in place. Batch mode would copy the table and
        # drop the old one, which fails while file_requirement rows point at it.
        op.execute("ALTER TABLE requirement DROP COLUMN one_of")
    else:
        op.drop_column("requirement", "one_of")
