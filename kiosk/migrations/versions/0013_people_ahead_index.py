"""a composite index for counting the people ahead: one queue's waiting tickets of a day

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

COLUMNS = ["queue_service_id", "queue_day", "state", "issued_at"]


def upgrade() -> None:
    op.create_index("ix_ticket_queue_waiting", "ticket", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_ticket_queue_waiting", table_name="ticket")
