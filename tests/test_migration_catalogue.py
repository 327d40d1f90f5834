"""Migration 0011 with data: `_id`/`_en` text pairs ↔ JSON texts, files' paper lists ↔
file_requirement rows, kiosk marks ↔ requirement ids; up and down again, nothing lost."""

from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import text

from kiosk.db import alembic_config
from kiosk.extensions import db
from kiosk.files.requirements import papers
from kiosk.models import CaseFile, Ticket

pytestmark = pytest.mark.data_layer

WHEN = "2026-11-23 02:00:00"
ROWS = [
    (
        "INSERT INTO service_group (id, code, icon, name_id, name_en, position) "
        "VALUES (1, 'ktp', 'id', 'KTP-el', 'e-KTP', 0)"
    ),
    (
        "INSERT INTO service (id, code, group_id, prefix, icon, name_id, name_en, summary_id, fee, "
        "done_at, done_at_id, done_at_en, active, position) VALUES (1, 'ktp-hilang-rusak', 1, "
        "'B', 'id', 'KTP-el Hilang', 'Lost e-KTP', 'Ganti KTP', 0, 'here', 'Di desa', "
        "'At the village', :yes, 0)"
    ),
    (
        "INSERT INTO requirement (id, service_id, position, kind, icon, label_id, label_en, "
        "why_id, optional) VALUES (1, 1, 0, 'bring', 'id', 'Kartu Keluarga (KK)', "
        "'Family card (KK)', 'Data keluarga', :no)"
    ),
    (
        "INSERT INTO requirement (id, service_id, position, kind, icon, label_id, label_en, "
        "why_id, optional) VALUES (2, 1, 1, 'bring', 'id', 'Surat RT', 'RT letter', 'Adat', :no)"
    ),
    "INSERT INTO holiday (id, day, name_id, name_en, kind) VALUES "
    "(1, '2026-12-25', 'Natal', 'Christmas', 'libur')",
    (
        "INSERT INTO person (id, uuid, version, name, name_key, phone_consent, created_at) "
        "VALUES (1, '6d1f7c1e-3b7a-4a55-9a43-0c6f1b1e0a01', 1, 'Siti', 'siti', :no, :when)"
    ),
    (
        "INSERT INTO ticket (id, service_id, day, number, label, priority, state, tracking_code, "
        "source, lang, missing_requirements, issued_at, queue_service_id, queue_day, recalls) "
        "VALUES (1, 1, '2026-11-23', 1, 'B-001', :no, 'done', 'AAAA-AAAA-AAA', 'kiosk', 'id', "
        ":marks, :when, 1, '2026-11-23', 0)"
    ),
    (
        "INSERT INTO case_file (id, uuid, version, tracking_code, ticket_id, service_id, "
        "workflow, status, applicant_id, received, missing, urgent, name_mismatch, flags, "
        "accepted_at, status_since, closed) VALUES (1, '6d1f7c1e-3b7a-4a55-9a43-0c6f1b1e0a02', "
        "1, 'AAAA-AAAA-AAA', 1, 1, 'adminduk', 'perlu_dilengkapi', 1, :received, :missing, "
        ":no, :no, '[]', :when, :when, :no)"
    ),
]
RECEIVED = ["Kartu Keluarga (KK)"]
MISSING = ["Surat RT", "Fotokopi ijazah"]  # the second is in no catalogue: kept as text
MARKS = ["Surat RT", "Catatan lama"]


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def test_migration_0011_moves_texts_and_papers_to_data_and_back(empty_app):
    values = {
        "yes": True,
        "no": False,
        "when": WHEN,
        "marks": json.dumps(MARKS),
        "received": json.dumps(RECEIVED),
        "missing": json.dumps(MISSING),
    }
    with empty_app.app_context(), db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0009")
        for statement in ROWS:
            names = {k: v for k, v in values.items() if f":{k}" in statement}
            connection.execute(text(statement), names)
        command.upgrade(alembic_config(connection), "0011")

        def one(query: str):
            return connection.execute(text(query)).one()

        assert _json(one("SELECT name FROM service_group")[0]) == {"id": "KTP-el", "en": "e-KTP"}
        name, summary, done = one("SELECT name, summary, done_at_label FROM service")
        assert _json(name) == {"id": "KTP-el Hilang", "en": "Lost e-KTP"}
        assert _json(summary) == {"id": "Ganti KTP"}
        assert _json(done) == {"id": "Di desa", "en": "At the village"}
        assert _json(one("SELECT name FROM holiday")[0]) == {"id": "Natal", "en": "Christmas"}
        codes = connection.execute(text("SELECT code FROM requirement ORDER BY id")).scalars()
        assert list(codes) == ["kk", "surat-rt-2"]  # the shipped code, else one from the label
        rows = connection.execute(
            text(
                "SELECT requirement_id, legacy_label, state FROM file_requirement "
                "WHERE file_id = 1 ORDER BY id"
            )
        ).all()
        assert [tuple(r) for r in rows] == [
            (1, None, "received"),
            (2, None, "missing"),
            (None, "Fotokopi ijazah", "missing"),
        ]
        marks = one("SELECT missing_requirements FROM ticket")[0]
        assert _json(marks) == [2, "Catatan lama"]
        # The models are the newest schema's: read the moved data through them at the head.
        command.upgrade(alembic_config(connection), "head")

    with empty_app.app_context(), db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")  # the models hold later columns
    with empty_app.app_context():
        case = db.session.get(CaseFile, 1)
        assert papers(case, "en").missing == ["RT letter", "Fotokopi ijazah"]
        assert papers(case).received == ["Kartu Keluarga (KK)"]
        from kiosk.files.requirements import ticket_missing

        assert ticket_missing(db.session.get(Ticket, 1), "en") == ["RT letter", "Catatan lama"]
        db.session.remove()

    with empty_app.app_context(), db.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0009")
        received, missing = connection.execute(
            text("SELECT received, missing FROM case_file")
        ).one()
        assert (_json(received), _json(missing)) == (RECEIVED, MISSING)
        marks = connection.execute(text("SELECT missing_requirements FROM ticket")).scalar()
        assert _json(marks) == MARKS
        labels = connection.execute(
            text("SELECT label_id, label_en FROM requirement ORDER BY id")
        ).all()
        assert [tuple(r) for r in labels] == [
            ("Kartu Keluarga (KK)", "Family card (KK)"),
            ("Surat RT", "RT letter"),
        ]
        row = connection.execute(text("SELECT name_id, name_en, done_at_id FROM service")).one()
        assert tuple(row) == ("KTP-el Hilang", "Lost e-KTP", "Di desa")
        holiday = connection.execute(text("SELECT name_id, name_en FROM holiday")).one()
        assert tuple(holiday) == ("Natal", "Christmas")
