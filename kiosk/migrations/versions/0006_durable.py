"""queue_event append-only

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from alembic import op

import kiosk.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # queue_event is the evidence of call order (who was called before whom): no edits.
    for statement in kiosk.db.append_only_ddl("queue_event", op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in kiosk.db.drop_append_only_ddl("queue_event", op.get_bind().dialect.name):
        op.execute(statement)
