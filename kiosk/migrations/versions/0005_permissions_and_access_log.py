"""permissions: full-view grant, personal-data access log

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa
import kiosk.db


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pii_full_view", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "data_access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", kiosk.db.UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("search_by", sa.String(length=12), nullable=True),
        sa.Column("results", sa.Integer(), nullable=True),
        sa.Column("masked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["file_id"], ["case_file.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("data_access_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_data_access_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_data_access_log_file_id"), ["file_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_data_access_log_user_id"), ["user_id"], unique=False)
    for statement in kiosk.db.append_only_ddl("data_access_log", op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in kiosk.db.drop_append_only_ddl("data_access_log", op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table("data_access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_data_access_log_user_id"))
        batch_op.drop_index(batch_op.f("ix_data_access_log_file_id"))
        batch_op.drop_index(batch_op.f("ix_data_access_log_at"))
    op.drop_table("data_access_log")
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_column("pii_full_view")
