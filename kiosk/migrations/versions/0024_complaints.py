"""complaints (pengaduan): complaint, its append-only history, and print jobs of complaint
receipts

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

import kiosk.db

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

INDEXED = (
    "about_officer",
    "assigned_to_id",
    "category",
    "created_at",
    "due_date",
    "office_id",
    "officer_id",
    "state",
)


def upgrade() -> None:
    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("tracking_code", sa.String(length=16), nullable=False),
        sa.Column("request_token", sa.String(length=64), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("asked_to_pay", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("about_officer", sa.Boolean(), nullable=False),
        sa.Column("officer_name", sa.String(length=120), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("reporter_name", sa.String(length=120), nullable=True),
        sa.Column("reporter_phone", sa.String(length=20), nullable=True),
        sa.Column("phone_consent", sa.Boolean(), nullable=False),
        sa.Column("lang", sa.String(length=5), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("assigned_to_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["answered_by_id"], ["staff_user.id"]),
        sa.ForeignKeyConstraint(["assigned_to_id"], ["staff_user.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"]),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.ForeignKeyConstraint(["officer_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_token"),
        sa.UniqueConstraint("tracking_code"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        for column in INDEXED:
            batch_op.create_index(f"ix_complaint_{column}", [column], unique=False)
    op.create_table(
        "complaint_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=True),
        sa.Column("value", sa.String(length=120), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", kiosk.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaint.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_history", schema=None) as batch_op:
        batch_op.create_index("ix_complaint_history_complaint_id", ["complaint_id"], unique=False)
    for statement in kiosk.db.append_only_ddl("complaint_history", op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("complaint_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_print_job_complaint_id", ["complaint_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_print_job_complaint", "complaint", ["complaint_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.drop_constraint("fk_print_job_complaint", type_="foreignkey")
        batch_op.drop_index("ix_print_job_complaint_id")
        batch_op.drop_column("complaint_id")
    for statement in kiosk.db.drop_append_only_ddl("complaint_history", op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table("complaint_history", schema=None) as batch_op:
        batch_op.drop_index("ix_complaint_history_complaint_id")
    op.drop_table("complaint_history")
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        for column in INDEXED:
            batch_op.drop_index(f"ix_complaint_{column}")
    op.drop_table("complaint")
