"""people and households, identity flags, public UUIDs and versions, operation ledger, blobs

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

import kiosk.db

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

# The applicant columns a file copied before people were records of their own.
COPIED = (
    ("applicant_nik", sa.String(16)),
    ("applicant_name", sa.String(120)),
    ("name_key", sa.String(120)),
    ("kk_number", sa.String(16)),
    ("birth_date", sa.Date()),
    ("sex", sa.String(1)),
    ("address", sa.Text()),
    ("rt", sa.String(3)),
    ("rw", sa.String(3)),
    ("dusun", sa.String(60)),
    ("phone", sa.String(20)),
)
INDEXED = ("applicant_nik", "name_key", "kk_number")


def _versioned() -> list[sa.Column]:
    return [
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
    ]


CASE_FILE_TRIGRAM = "ix_case_file_name_key_trgm"


def _trigram_index(table: str) -> None:
    """PostgreSQL: the GIN trigram index that serves name search (see 0007)."""
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            f"ix_{table}_name_key_trgm",
            table,
            ["name_key"],
            postgresql_using="gin",
            postgresql_ops={"name_key": "gin_trgm_ops"},
        )


def upgrade() -> None:
    op.create_table(
        "household",
        sa.Column("id", sa.Integer(), nullable=False),
        *_versioned(),
        sa.Column("kk_number", sa.String(length=16), nullable=True),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("rt", sa.String(length=3), nullable=True),
        sa.Column("rw", sa.String(length=3), nullable=True),
        sa.Column("dusun", sa.String(length=60), nullable=True),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kk_number"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        *_versioned(),
        sa.Column("nik", sa.String(length=16), nullable=True),
        sa.Column("nik_absent", sa.String(length=12), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.String(length=120), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birth_place", sa.String(length=60), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("phone_consent", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("relation", sa.String(length=20), nullable=True),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nik"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_household_id"), ["household_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_name_key"), ["name_key"], unique=False)
    op.create_table(
        "operation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("op_id", sa.String(length=64), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("client_id", "op_id", name="uq_operation"),
    )
    with op.batch_alter_table("operation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_operation_created_at"), ["created_at"], unique=False)
    op.create_table(
        "attachment",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uuid", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("applicant_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("subject_person_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("subject_household_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("flags", sa.JSON(), server_default="[]", nullable=False))
    _people_from_files(op.get_bind())
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.alter_column("uuid", existing_type=sa.String(length=36), nullable=False)
        batch_op.alter_column("applicant_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_case_file_uuid"), ["uuid"])
        batch_op.create_foreign_key(
            batch_op.f("fk_case_file_applicant_id_person"), "person", ["applicant_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_case_file_subject_person_id_person"),
            "person",
            ["subject_person_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_case_file_subject_household_id_household"),
            "household",
            ["subject_household_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_case_file_applicant_id"), ["applicant_id"])
        batch_op.create_index(batch_op.f("ix_case_file_subject_person_id"), ["subject_person_id"])
        batch_op.create_index(
            batch_op.f("ix_case_file_subject_household_id"), ["subject_household_id"]
        )
        for name in INDEXED:
            batch_op.drop_index(batch_op.f(f"ix_case_file_{name}"))
        if op.get_bind().dialect.name == "postgresql":  # name search moves to person (0007)
            batch_op.drop_index(CASE_FILE_TRIGRAM)
        for name, _type in COPIED:
            batch_op.drop_column(name)
    _trigram_index("person")
    op.create_table(
        "attachment_link",
        sa.Column("id", sa.Integer(), nullable=False),
        *_versioned(),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", kiosk.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["file_id"], ["case_file.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["sha256"], ["attachment.sha256"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    with op.batch_alter_table("attachment_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_link_file_id"), ["file_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attachment_link_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_attachment_link_sha256"), ["sha256"], unique=False)


def _people_from_files(bind) -> None:
    """One person per NIK (the first file's data) and one household per KK, linked to files."""
    meta = sa.MetaData()
    files = sa.Table("case_file", meta, autoload_with=bind)
    people = sa.Table("person", meta, autoload_with=bind)
    homes = sa.Table("household", meta, autoload_with=bind)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    person_of: dict[str, int] = {}
    home_of: dict[str, int] = {}
    for row in bind.execute(sa.select(files).order_by(files.c.id)).mappings().all():
        home = home_of.get(row["kk_number"]) if row["kk_number"] else None
        if home is None:
            home = bind.execute(
                homes.insert().values(
                    uuid=str(uuid.uuid4()),
                    version=1,
                    kk_number=row["kk_number"],
                    address=row["address"] or "",
                    rt=row["rt"],
                    rw=row["rw"],
                    dusun=row["dusun"],
                    created_at=row["accepted_at"] or now,
                )
            ).inserted_primary_key[0]
            if row["kk_number"]:
                home_of[row["kk_number"]] = home
        person = person_of.get(row["applicant_nik"])
        if person is None:
            person = bind.execute(
                people.insert().values(
                    uuid=str(uuid.uuid4()),
                    version=1,
                    nik=row["applicant_nik"],
                    name=row["applicant_name"],
                    name_key=row["name_key"],
                    sex=row["sex"],
                    birth_date=row["birth_date"],
                    phone=row["phone"],
                    phone_consent=False,
                    household_id=home,
                    created_at=row["accepted_at"] or now,
                )
            ).inserted_primary_key[0]
            person_of[row["applicant_nik"]] = person
        bind.execute(
            files.update()
            .where(files.c.id == row["id"])
            .values(uuid=str(uuid.uuid4()), applicant_id=person, subject_person_id=person)
        )


def downgrade() -> None:
    with op.batch_alter_table("attachment_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_link_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachment_link_person_id"))
        batch_op.drop_index(batch_op.f("ix_attachment_link_file_id"))
    op.drop_table("attachment_link")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        for name, type_ in COPIED:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
    _copy_people_back(op.get_bind())
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        for name in ("applicant_nik", "applicant_name", "name_key"):
            batch_op.alter_column(name, existing_type=dict(COPIED)[name], nullable=False)
        batch_op.alter_column("address", existing_type=sa.Text(), nullable=False)
        for name in INDEXED:
            batch_op.create_index(batch_op.f(f"ix_case_file_{name}"), [name], unique=False)
    _trigram_index("case_file")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_file_subject_household_id"))
        batch_op.drop_index(batch_op.f("ix_case_file_subject_person_id"))
        batch_op.drop_index(batch_op.f("ix_case_file_applicant_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_case_file_subject_household_id_household"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_case_file_subject_person_id_person"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_case_file_applicant_id_person"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_case_file_uuid"), type_="unique")
        for name in ("flags", "subject_household_id", "subject_person_id", "applicant_id"):
            batch_op.drop_column(name)
        batch_op.drop_column("version")
        batch_op.drop_column("uuid")
    op.drop_table("attachment")
    with op.batch_alter_table("operation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_operation_created_at"))
    op.drop_table("operation")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_name_key"))
        batch_op.drop_index(batch_op.f("ix_person_household_id"))
    op.drop_table("person")
    op.drop_table("household")


def _copy_people_back(bind) -> None:
    """The old copies, from the linked applicant (a person with no NIK gets an empty one)."""
    bind.execute(
        sa.text(
            "UPDATE case_file SET "
            "applicant_nik = (SELECT coalesce(p.nik, '') FROM person p WHERE p.id = applicant_id), "
            "applicant_name = (SELECT p.name FROM person p WHERE p.id = applicant_id), "
            "name_key = (SELECT p.name_key FROM person p WHERE p.id = applicant_id), "
            "birth_date = (SELECT p.birth_date FROM person p WHERE p.id = applicant_id), "
            "sex = (SELECT p.sex FROM person p WHERE p.id = applicant_id), "
            "phone = (SELECT p.phone FROM person p WHERE p.id = applicant_id), "
            "kk_number = (SELECT h.kk_number FROM person p JOIN household h "
            "ON h.id = p.household_id WHERE p.id = applicant_id), "
            "address = coalesce((SELECT h.address FROM person p JOIN household h "
            "ON h.id = p.household_id WHERE p.id = applicant_id), ''), "
            "rt = (SELECT h.rt FROM person p JOIN household h "
            "ON h.id = p.household_id WHERE p.id = applicant_id), "
            "rw = (SELECT h.rw FROM person p JOIN household h "
            "ON h.id = p.household_id WHERE p.id = applicant_id), "
            "dusun = (SELECT h.dusun FROM person p JOIN household h "
            "ON h.id = p.household_id WHERE p.id = applicant_id)"
        )
    )
