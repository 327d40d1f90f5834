"""Demo files for /laporan: applications standing in several stages, some overdue, some ready
on time and some late, cards waiting for blanko, and a letterhead, so `make run` shows
meaningful reports. Made once (skipped when the demo office already has files of its own)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from kiosk import clock
from kiosk.extensions import db
from kiosk.files.workflow import workflow_for_service
from kiosk.models import CaseFile, FileHistory, Office, Person, Service
from kiosk.tracking import new_code

# (service, status, days in it, due in days from today (None: no standard), ready days ago)
FILES = (
    ("ktp-baru", "diterima", 2, 12, None),
    ("ktp-baru", "diverifikasi", 5, 4, None),
    ("ktp-baru", "diteruskan", 9, 3, None),
    ("ktp-baru", "menunggu_blanko", 24, -10, None),
    ("ktp-baru", "menunggu_blanko", 12, 2, None),
    ("kia", "menunggu_blanko", 8, 6, None),
    ("kk-baru", "diterima", 1, 13, None),
    ("kk-baru", "diteruskan", 16, -2, None),
    ("kk-baru", "diteruskan", 21, -7, None),
    ("kk-baru", "perlu_dilengkapi", 6, 8, None),
    ("akta-kelahiran", "diteruskan", 11, 1, None),
    ("akta-kelahiran", "siap_diambil", 3, 2, 3),
    ("sktm", "siap_diambil", 1, 0, 1),
    ("kk-baru", "diambil", 4, -3, 6),
    ("kk-perubahan", "diambil", 7, -6, 12),
    ("ktp-baru", "diambil", 2, -1, 3),
    ("akta-kelahiran", "diambil", 5, -9, 8),
    ("sktm", "diambil", 9, -12, 10),
    ("domisili", "diambil", 2, None, 4),
)
LETTERHEAD = {
    "regency_name": "Contoh",
    "district_name": "Sukamaju",
    "head_title": "Kepala Desa",
    "head_name": "Bambang Sutejo",
}


def seed_report_demo() -> str:
    """The demo files and the first office's letterhead (once)."""
    office = db.session.scalar(select(Office).order_by(Office.id).limit(1))
    if db.session.scalar(select(Person.id).where(Person.name == "Demo Laporan 1")) is not None:
        return ""
    for key, value in LETTERHEAD.items():
        if not getattr(office, key) or key == "head_title":
            setattr(office, key, value)
    now = clock.now()
    for number, row in enumerate(FILES, start=1):
        _demo_file(office.id, number, now, *row)
    db.session.commit()
    return f"Seeded {len(FILES)} report demo files."


def _demo_file(office_id, number, now, code, status, days, due_in, ready_ago) -> None:
    service = db.session.scalar(
        select(Service).where(Service.office_id == office_id, Service.code == code)
    )
    since = now - dt.timedelta(days=days)
    accepted = since - dt.timedelta(days=(ready_ago or 0) + 2)
    person = Person(
        name=f"Demo Laporan {number}",
        name_key=f"demo laporan {number}",
        nik_absent="belum_punya",
        created_at=accepted,
        office_id=office_id,
    )
    db.session.add(person)
    db.session.flush()
    today = clock.today()
    case = CaseFile(
        office_id=office_id,
        tracking_code=new_code(),
        service_id=service.id,
        workflow=workflow_for_service(code).code,
        status=status,
        applicant_id=person.id,
        accepted_at=accepted,
        due_date=None if due_in is None else today + dt.timedelta(days=due_in),
        status_since=since,
        closed=status == "diambil",
    )
    db.session.add(case)
    db.session.flush()
    moves = [("diterima", accepted)]
    if ready_ago is not None and status != "siap_diambil":
        moves.append(("siap_diambil", now - dt.timedelta(days=ready_ago)))
    moves.append((status, since))
    for moved_to, moment in moves:
        db.session.add(FileHistory(file_id=case.id, kind="status", status=moved_to, at=moment))
