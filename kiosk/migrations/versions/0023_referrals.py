"""referrals: SLRT referrals to programs with their append-only history, and the welfare
desk's suggestions found from events (a death, a birth, no KTP)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

import kiosk.db

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _create_referral()
    _create_history()
    _create_suggestion()
    for statement in kiosk.db.append_only_ddl("referral_history", op.get_bind().dialect.name):
        op.execute(statement)


def _indexes(table: str, columns: tuple[str, ...]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(f"ix_{table}_{column}", [column], unique=False)


def _create_referral() -> None:
    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("program", sa.String(length=30), nullable=False),
        sa.Column("sent_to", sa.String(length=20), nullable=False),
        sa.Column("sent_to_other", sa.String(length=120), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answer_note", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["file_id"], ["case_file.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    _indexes(
        "referral",
        ("office_id", "household_id", "person_id", "program", "follow_up_on", "state", "file_id"),
    )


def _create_history() -> None:
    op.create_table(
        "referral_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("next_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", kiosk.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _indexes("referral_history", ("referral_id",))


def _create_suggestion() -> None:
    op.create_table(
        "welfare_suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("source_file_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.Column("resolved_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("result_file_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["source_file_id"], ["case_file.id"]),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["staff_user.id"]),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.ForeignKeyConstraint(["result_file_id"], ["case_file.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "source_file_id", "person_id", name="uq_welfare_suggestion"),
    )
    _indexes(
        "welfare_suggestion", ("office_id", "household_id", "person_id", "source_file_id", "state")
    )


def downgrade() -> None:
    for statement in kiosk.db.drop_append_only_ddl("referral_history", op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("welfare_suggestion")
    op.drop_table("referral_history")
    op.drop_table("referral")
