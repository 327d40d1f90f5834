"""requirement alternatives: requirements of a service that share a `one_of` code are
alternatives, any one of which is enough (police letter or the damaged card)

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("requirement") as batch:
        batch.add_column(sa.Column("one_of", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("requirement") as batch:
        batch.drop_column("one_of")
