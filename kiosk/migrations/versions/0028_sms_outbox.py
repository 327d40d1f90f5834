"""sms: templates, the outbox and delivery log, and each office's SMS settings

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

import kiosk.db

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

MESSAGE_INDEXED = ("created_at", "file_id", "next_try_at", "office_id", "sent_at", "state")


def upgrade() -> None:
    op.create_table(
        "sms_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("office_id", "kind", name="uq_sms_template_office_kind"),
    )
    with op.batch_alter_table("sms_template", schema=None) as batch_op:
        batch_op.create_index("ix_sms_template_office_id", ["office_id"], unique=False)
    op.create_table(
        "sms_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("event", sa.String(length=80), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=255), nullable=True),
        sa.Column("backend_ref", sa.String(length=255), nullable=True),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.Column("sent_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"]),
        sa.ForeignKeyConstraint(["file_id"], ["case_file.id"]),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("file_id", "kind", "event", name="uq_sms_message_file_kind_event"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("sms_message", schema=None) as batch_op:
        for column in MESSAGE_INDEXED:
            batch_op.create_index(f"ix_sms_message_{column}", [column], unique=False)
    op.create_table(
        "sms_setting",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("daily_cap", sa.Integer(), nullable=False),
        sa.Column("quiet_from", sa.Time(), nullable=False),
        sa.Column("quiet_until", sa.Time(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("office_id"),
    )


def downgrade() -> None:
    op.drop_table("sms_setting")
    with op.batch_alter_table("sms_message", schema=None) as batch_op:
        for column in MESSAGE_INDEXED:
            batch_op.drop_index(f"ix_sms_message_{column}")
    op.drop_table("sms_message")
    with op.batch_alter_table("sms_template", schema=None) as batch_op:
        batch_op.drop_index("ix_sms_template_office_id")
    op.drop_table("sms_template")
