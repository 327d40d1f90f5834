"""PostgreSQL: timestamptz columns, trigram index for name search

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Nothing changes on SQLite. On PostgreSQL, databases made before this revision hold naive UTC
in `timestamp` columns; they become `timestamptz` (the same instants), which the migrations
before this one now create directly. Name search gets a pg_trgm GIN index.
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TRIGRAM_INDEX = "ix_case_file_name_key_trgm"
NAIVE_COLUMNS = sa.text(
    "SELECT table_name, column_name FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND data_type = 'timestamp without time zone' "
    "ORDER BY table_name, column_name"
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # Every timestamp this app wrote is naive UTC (kiosk.db.UTCDateTime): read it as UTC.
    for table, column in bind.execute(NAIVE_COLUMNS).all():
        op.execute(
            f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE timestamptz '
            f"USING \"{column}\" AT TIME ZONE 'UTC'"
        )
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        TRIGRAM_INDEX,
        "case_file",
        ["name_key"],
        postgresql_using="gin",
        postgresql_ops={"name_key": "gin_trgm_ops"},
    )


def downgrade() -> None:
    # The columns stay timestamptz: that is what revisions 0001-0006 create on PostgreSQL now.
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index(TRIGRAM_INDEX, table_name="case_file")
