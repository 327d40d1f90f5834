"""A KIS question answered at the desk whose answer is "your PBI cover was switched off":
the officer opens a reactivation file (service pbi-aktifkan) for the same person in one step.

The question stays its own file (answered the same day); the reactivation gets its own code,
due date and workflow. Its papers start as missing, so the officer marks what was handed over
on the new file's page rather than the system assuming it.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.catalogue.service import find_service
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.files.service import accept_field_file, code_in_use, record
from kiosk.models import CaseFile, Service, User, new_uuid
from kiosk.tracking import new_code

QUESTION = "kis-keluhan"
REACTIVATION = "pbi-aktifkan"


class ReactivationRefused(DomainError):
    """This file cannot open a reactivation (not a KIS question, or the service is off)."""

    code = "reactivation_refused"
    status = 409


def offers_reactivation(case: CaseFile) -> bool:
    """Whether the file page offers "Buka berkas aktifkan kembali"."""
    return case.service.code == QUESTION


def open_reactivation_of(case: CaseFile) -> CaseFile | None:
    """The applicant's open reactivation file, if one exists already."""
    return db.session.scalar(
        select(CaseFile)
        .join(Service, CaseFile.service_id == Service.id)
        .where(
            Service.code == REACTIVATION,
            CaseFile.applicant_id == case.applicant_id,
            CaseFile.closed.is_(False),
        )
        .order_by(CaseFile.id)
        .limit(1)
    )


def open_reactivation(question: CaseFile, user: User | None) -> CaseFile:
    """Open (or find the already open) reactivation file for the question's applicant; both
    files' histories name each other."""
    if not offers_reactivation(question):
        raise ReactivationRefused(_("Hanya pertanyaan KIS yang bisa membuka berkas ini."))
    existing = open_reactivation_of(question)
    if existing is not None:
        return existing
    service = find_service(REACTIVATION)
    if service is None:
        raise ReactivationRefused(_("Layanan aktifkan kembali KIS tidak tersedia di kantor ini."))
    code = new_code()
    while code_in_use(code):
        code = new_code()
    case = accept_field_file(
        tracking_code=code,
        service=service,
        applicant=question.applicant,
        ticked=set(),
        visit_day=clock.today(),
        file_uuid=new_uuid(),
        user=user,
        notes=_("Dari pertanyaan KIS %(code)s.", code=question.tracking_code),
        source="counter",
    )
    note = _("Berkas aktifkan kembali KIS dibuka: %(code)s", code=case.tracking_code)
    record(question, "note", user, note=note)
    db.session.commit()
    return case
