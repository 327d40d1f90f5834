"""village meeting: the meeting, its list of DTKS proposals with decisions, its attendees

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

import kiosk.db

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "village_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("held_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=False),
        sa.Column("dusun", sa.String(length=60), nullable=True),
        sa.Column("rt", sa.String(length=3), nullable=True),
        sa.Column("chair_name", sa.String(length=120), nullable=False),
        sa.Column("secretary_name", sa.String(length=120), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("opened_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.Column("closed_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.Column("minutes_year", sa.Integer(), nullable=True),
        sa.Column("minutes_number", sa.Integer(), nullable=True),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"]),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "office_id", "minutes_year", "minutes_number", name="uq_village_meeting_minutes"
        ),
    )
    with op.batch_alter_table("village_meeting", schema=None) as batch_op:
        for column in ("office_id", "state"):
            batch_op.create_index(f"ix_village_meeting_{column}", [column], unique=False)
    op.create_table(
        "meeting_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_at", kiosk.db.UTCDateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["decided_by_id"], ["staff_user.id"]),
        sa.ForeignKeyConstraint(["meeting_id"], ["village_meeting.id"]),
        sa.ForeignKeyConstraint(["proposal_id"], ["dtks_proposal.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "proposal_id", name="uq_meeting_item"),
    )
    with op.batch_alter_table("meeting_item", schema=None) as batch_op:
        for column in ("meeting_id", "proposal_id"):
            batch_op.create_index(f"ix_meeting_item_{column}", [column], unique=False)
    op.create_table(
        "meeting_attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["village_meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_attendee_meeting_id", ["meeting_id"], unique=False)


def downgrade() -> None:
    op.drop_table("meeting_attendee")
    op.drop_table("meeting_item")
    op.drop_table("village_meeting")
