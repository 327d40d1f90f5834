"""staff_user.kecamatan_scope: a regency account limited to one kecamatan's offices (a camat);
empty: every office of the regency (Dinsos, the regency admin)

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN (see 0026): rows point at staff_user, a batch rebuild is refused.
    op.add_column(
        "staff_user",
        sa.Column("kecamatan_scope", sa.String(length=6), server_default="", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("staff_user", "kecamatan_scope")
