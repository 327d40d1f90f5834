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


def upgrade() -> None:
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("regency_name", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("district_name", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "head_title", sa.String(length=60), server_default="Kepala Desa", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("head_name", sa.String(length=120), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.drop_column("head_name")
        batch_op.drop_column("head_title")
        batch_op.drop_column("district_name")
        batch_op.drop_column("regency_name")
