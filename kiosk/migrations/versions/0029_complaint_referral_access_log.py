"""access log: looks at a complaint's or a referral's page

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

import kiosk.db

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

TABLE = "data_access_log"
LINKS = (("complaint_id", "complaint"), ("referral_id", "referral"))


def _without_triggers(change) -> None:
    """SQLite's batch mode rebuilds the table, which drops its append-only triggers: put the
    triggers back afterwards (on PostgreSQL the same steps are harmless)."""
    dialect = op.get_bind().dialect.name
    for statement in kiosk.db.drop_append_only_ddl(TABLE, dialect):
        op.execute(statement)
    change()
    for statement in kiosk.db.append_only_ddl(TABLE, dialect):
        op.execute(statement)


def _add_links() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        for column, table in LINKS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(f"fk_{TABLE}_{column}_{table}", table, [column], ["id"])
            batch_op.create_index(f"ix_{TABLE}_{column}", [column], unique=False)


def _drop_links() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        for column, table in LINKS:
            batch_op.drop_index(f"ix_{TABLE}_{column}")
            batch_op.drop_constraint(f"fk_{TABLE}_{column}_{table}", type_="foreignkey")
            batch_op.drop_column(column)


def upgrade() -> None:
    _without_triggers(_add_links)


def downgrade() -> None:
    _without_triggers(_drop_links)
