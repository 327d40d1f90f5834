"""catalogue and workflows as versioned data: texts in any language, requirement codes,
file_requirement rows, stored workflow versions

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-03
"""

import datetime as dt
import json
import re
import uuid
from pathlib import Path

import sqlalchemy as sa
import yaml
from alembic import op

import kiosk.db

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SERVICES_YAML = Path(__file__).parents[2] / "catalogue" / "data" / "services.yaml"

# table → [(JSON column, old column prefix, old type, required)]
TEXTS = {
    "service_group": [
        ("name", "name", sa.String(120), True),
        ("hint", "hint", sa.String(255), False),
    ],
    "service": [
        ("name", "name", sa.String(120), True),
        ("summary", "summary", sa.Text(), False),
        ("notice", "notice", sa.Text(), False),
        ("fee_note", "fee_note", sa.String(255), False),
        ("time_note", "time_note", sa.Text(), False),
        ("done_at_label", "done_at", sa.String(255), True),
    ],
    "requirement": [
        ("label", "label", sa.String(255), True),
        ("why", "why", sa.Text(), False),
        ("condition", "condition", sa.String(255), False),
    ],
    "holiday": [("name", "name", sa.String(255), True)],
}


# Columns are added and dropped in place (ALTER TABLE, SQLite 3.35+), never by rebuilding a
# table: SQLite cannot rebuild a table that other rows point at (service, case_file...) inside
# the migration's transaction, where foreign keys cannot be switched off.


def _add(table: str, name: str, type_, required: bool, empty: str) -> None:
    """Add a column; a required one starts with `empty` (SQLite needs a default for NOT NULL)."""
    default = sa.text(f"'{empty}'") if required else None
    op.add_column(table, sa.Column(name, type_, nullable=not required, server_default=default))


def _settle(table: str, name: str, type_, required: bool) -> None:
    """PostgreSQL: drop the temporary default (SQLite cannot alter a column in place)."""
    if required and op.get_bind().dialect.name == "postgresql":
        op.alter_column(table, name, existing_type=type_, server_default=None)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def upgrade() -> None:
    bind = op.get_bind()
    _create_workflow_tables()
    for table, fields in TEXTS.items():
        _texts_to_json(bind, table, fields)
    with op.batch_alter_table("requirement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    _requirement_codes(bind)
    with op.batch_alter_table("requirement", schema=None) as batch_op:
        batch_op.alter_column("code", existing_type=sa.String(length=40), nullable=False)
        batch_op.create_unique_constraint("uq_requirement_code", ["service_id", "code"])
    _create_file_requirement()
    _papers_to_rows(bind)
    _ticket_marks(bind, to_ids=True)
    op.drop_column("case_file", "received")
    op.drop_column("case_file", "missing")
    op.add_column("case_file", sa.Column("workflow_id", sa.Integer(), nullable=True))
    op.create_index("ix_case_file_workflow_id", "case_file", ["workflow_id"])


def downgrade() -> None:
    bind = op.get_bind()
    op.drop_index("ix_case_file_workflow_id", table_name="case_file")
    op.drop_column("case_file", "workflow_id")
    for name in ("received", "missing"):
        _add("case_file", name, sa.JSON(), True, "[]")
    _rows_to_papers(bind)
    _ticket_marks(bind, to_ids=False)
    for name in ("received", "missing"):
        _settle("case_file", name, sa.JSON(), True)
    with op.batch_alter_table("file_requirement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_file_requirement_requirement_id"))
        batch_op.drop_index(batch_op.f("ix_file_requirement_file_id"))
    op.drop_table("file_requirement")
    with op.batch_alter_table("requirement", schema=None) as batch_op:
        batch_op.drop_constraint("uq_requirement_code", type_="unique")
        batch_op.drop_column("active")
        batch_op.drop_column("code")
    for table, fields in TEXTS.items():
        _json_to_texts(bind, table, fields)
    with op.batch_alter_table("workflow_status", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workflow_status_workflow_id"))
    op.drop_table("workflow_status")
    op.drop_table("workflow")


# --- texts: `<field>_id` / `<field>_en` pairs ↔ one JSON column {language: text} -------------


def _texts_to_json(bind, table: str, fields: list) -> None:
    for column, _old, _type, required in fields:
        _add(table, column, sa.JSON(), required, "{}")
    old = [f"{prefix}_{lang}" for _c, prefix, _t, _r in fields for lang in ("id", "en")]
    rows = bind.execute(sa.text(f"SELECT id, {', '.join(old)} FROM {table}")).mappings().all()
    target = sa.table(table, sa.column("id"), *(sa.column(c, sa.JSON()) for c, *_ in fields))
    for row in rows:
        values = {}
        for column, prefix, _type, _required in fields:
            texts = {
                lang: row[f"{prefix}_{lang}"] for lang in ("id", "en") if row[f"{prefix}_{lang}"]
            }
            values[column] = texts or None
        bind.execute(target.update().where(target.c.id == row["id"]).values(**values))
    for column, prefix, _type, required in fields:
        _settle(table, column, sa.JSON(), required)
        op.drop_column(table, f"{prefix}_id")
        op.drop_column(table, f"{prefix}_en")


def _json_to_texts(bind, table: str, fields: list) -> None:
    """Back to Indonesian and English columns; other languages have nowhere to go."""
    for _column, prefix, type_, required in fields:
        _add(table, f"{prefix}_id", type_, required, "")
        _add(table, f"{prefix}_en", type_, False, "")
    source = sa.table(table, sa.column("id"), *(sa.column(c, sa.JSON()) for c, *_ in fields))
    for row in bind.execute(sa.select(source)).mappings().all():
        values = {}
        for column, prefix, _type, required in fields:
            texts = row[column] or {}
            values[f"{prefix}_id"] = texts.get("id") or ("" if required else None)
            values[f"{prefix}_en"] = texts.get("en")
        bind.execute(
            sa.text(
                f"UPDATE {table} SET "
                + ", ".join(f"{name} = :{name}" for name in values)
                + " WHERE id = :row_id"
            ),
            {**values, "row_id": row["id"]},
        )
    for column, prefix, type_, required in fields:
        _settle(table, f"{prefix}_id", type_, required)
        op.drop_column(table, column)


# --- requirement codes -------------------------------------------------------------------------


def _shipped_codes() -> dict[str, dict[str, str]]:
    """service code → {Indonesian label: requirement code} from the shipped services.yaml."""
    try:
        document = yaml.safe_load(SERVICES_YAML.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return {
        service["code"]: {
            item["label"]["id"]: item["code"]
            for item in service.get("requirements") or []
            if "code" in item
        }
        for service in document.get("services") or []
    }


def _requirement_codes(bind) -> None:
    """Give every requirement its code: the shipped one (matched by its Indonesian label), else
    one made from the label; unique within the service."""
    shipped = _shipped_codes()
    rows = bind.execute(
        sa.text(
            "SELECT r.id, r.label, s.code AS service FROM requirement r "
            "JOIN service s ON s.id = r.service_id ORDER BY r.service_id, r.position, r.id"
        )
    ).mappings()
    requirement = sa.table("requirement", sa.column("id"), sa.column("code"))
    taken: dict[str, set] = {}
    for row in rows.all():
        label = _json(row["label"]).get("id", "")
        used = taken.setdefault(row["service"], set())
        code = shipped.get(row["service"], {}).get(label)
        if not code or code in used:
            code = (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:30] or "req") + (
                f"-{row['id']}" if code in used or not code else ""
            )
        used.add(code)
        bind.execute(requirement.update().where(requirement.c.id == row["id"]).values(code=code))


def _json(value) -> dict | list:
    """A JSON column's value read through a plain text query (SQLite gives text)."""
    if isinstance(value, str):
        return json.loads(value)
    return value or {}


# --- files' papers: JSON label lists ↔ file_requirement rows -------------------------------


def _create_file_requirement() -> None:
    op.create_table(
        "file_requirement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=True),
        sa.Column("legacy_label", sa.String(length=255), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("updated_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["file_id"], ["case_file.id"]),
        sa.ForeignKeyConstraint(["requirement_id"], ["requirement.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("file_id", "requirement_id", name="uq_file_requirement"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("file_requirement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_file_requirement_file_id"), ["file_id"])
        batch_op.create_index(
            batch_op.f("ix_file_requirement_requirement_id"), ["requirement_id"]
        )


def _labels_by_service(bind) -> dict[int, dict[str, int]]:
    """service id → {label in any language: requirement id}."""
    result: dict[int, dict[str, int]] = {}
    for row in bind.execute(sa.text("SELECT id, service_id, label FROM requirement")).mappings():
        for text in _json(row["label"]).values():
            result.setdefault(row["service_id"], {}).setdefault(" ".join(text.split()), row["id"])
    return result


def _papers_to_rows(bind) -> None:
    """Each listed paper becomes a row: matched to its requirement by label, or kept as text."""
    labels = _labels_by_service(bind)
    files = sa.table(
        "case_file",
        sa.column("id"),
        sa.column("service_id"),
        sa.column("received", sa.JSON()),
        sa.column("missing", sa.JSON()),
        sa.column("accepted_at", kiosk.db.UTCDateTime()),
    )
    rows = bind.execute(sa.select(files).order_by(files.c.id)).mappings()
    papers = sa.table(
        "file_requirement",
        *(sa.column(name) for name in ("uuid", "version", "file_id", "requirement_id")),
        sa.column("legacy_label"),
        sa.column("state"),
        sa.column("updated_at", kiosk.db.UTCDateTime()),
    )
    for row in rows.all():
        known = labels.get(row["service_id"], {})
        seen = set()
        for state in ("received", "missing"):
            for label in _json(row[state]) or []:
                requirement = known.get(" ".join(str(label).split()))
                if (requirement or label) in seen:
                    continue
                seen.add(requirement or label)
                bind.execute(
                    papers.insert().values(
                        uuid=str(uuid.uuid4()),
                        version=1,
                        file_id=row["id"],
                        requirement_id=requirement,
                        legacy_label=None if requirement else str(label)[:255],
                        state=state,
                        updated_at=row["accepted_at"] or _now(),
                    )
                )


def _rows_to_papers(bind) -> None:
    """Rows back to Indonesian label lists (not-needed papers were never listed)."""
    lists: dict[int, dict[str, list]] = {}
    for row in bind.execute(
        sa.text(
            "SELECT p.file_id, p.state, p.legacy_label, r.label FROM file_requirement p "
            "LEFT JOIN requirement r ON r.id = p.requirement_id ORDER BY p.id"
        )
    ).mappings():
        label = _json(row["label"]).get("id") if row["label"] else row["legacy_label"]
        lists.setdefault(row["file_id"], {"received": [], "missing": []}).get(
            row["state"], []
        ).append(label or "")
    files = sa.table(
        "case_file", sa.column("id"), sa.column("received", sa.JSON()), sa.column("missing", sa.JSON())
    )
    for file_id in bind.execute(sa.text("SELECT id FROM case_file")).scalars().all():
        papers = lists.get(file_id, {"received": [], "missing": []})
        bind.execute(files.update().where(files.c.id == file_id).values(**papers))


def _ticket_marks(bind, to_ids: bool) -> None:
    """A ticket's kiosk "not brought" marks: labels ↔ requirement ids (unmatched text stays)."""
    labels = _labels_by_service(bind)
    by_id = {
        row["id"]: _json(row["label"]).get("id", "")
        for row in bind.execute(sa.text("SELECT id, label FROM requirement")).mappings()
    }
    tickets = sa.table("ticket", sa.column("id"), sa.column("missing_requirements", sa.JSON()))
    rows = bind.execute(
        sa.text("SELECT id, service_id, missing_requirements FROM ticket")
    ).mappings()
    for row in rows.all():
        marks = _json(row["missing_requirements"]) or []
        if not marks:
            continue
        if to_ids:
            known = labels.get(row["service_id"], {})
            converted = [known.get(" ".join(str(m).split()), m) for m in marks]
        else:
            converted = [by_id.get(m, str(m)) if isinstance(m, int) else m for m in marks]
        bind.execute(
            tickets.update().where(tickets.c.id == row["id"]).values(missing_requirements=converted)
        )


# --- workflows ---------------------------------------------------------------------------------


def _create_workflow_tables() -> None:
    """Filled from workflows.yaml by `satupintu init-db` (kiosk.files.workflow.sync_workflows),
    which also gives existing files their workflow version."""
    op.create_table(
        "workflow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("start", sa.String(length=40), nullable=False),
        sa.Column("incomplete", sa.String(length=40), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code", "version", name="uq_workflow_version"),
    )
    op.create_table(
        "workflow_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workflow_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.JSON(), nullable=False),
        sa.Column("next_step", sa.JSON(), nullable=False),
        sa.Column("pickup", sa.JSON(), nullable=True),
        sa.Column("next", sa.JSON(), nullable=False),
        sa.Column("waiting_on", sa.String(length=12), nullable=True),
        sa.Column("pauses_due", sa.Boolean(), nullable=False),
        sa.Column("needs_note", sa.Boolean(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["workflow_id"], ["workflow.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workflow_id", "code", name="uq_workflow_status"),
    )
    with op.batch_alter_table("workflow_status", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workflow_status_workflow_id"), ["workflow_id"])
