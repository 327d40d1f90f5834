"""Handing over the finished document ("Sudah diambil"): who collected it, and whether it was
the applicant, kept in the file's append-only history next to the status change."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.files.service import change_status, record
from kiosk.models import CaseFile, User

COLLECTED = "diambil"  # the workflows' status for a document taken home
BY_APPLICANT, BY_PROXY = "pemohon", "wakil"  # the history row's value
WHO = {BY_APPLICANT: _l("pemohon sendiri"), BY_PROXY: _l("diwakilkan, bukan pemohon")}
NAME_MAX = 120


class CollectorRequired(DomainError):
    code = "collector_required"
    status = 422


def collect(
    case: CaseFile,
    *,
    who: str | None,
    name: str | None,
    note: str | None,
    user: User | None,
    expected_version: int | None = None,
) -> CaseFile:
    """Move the file to "Sudah diambil", recording who took the document (one commit)."""
    if who not in WHO:
        raise CollectorRequired(_("Pilih siapa yang mengambil: pemohon sendiri atau wakilnya."))
    name = " ".join((name or "").split())
    if not name and who == BY_APPLICANT:
        name = case.applicant.name or ""
    if not 2 <= len(name) <= NAME_MAX:
        raise CollectorRequired(_("Tulis nama orang yang mengambil dokumen."))
    try:
        record(case, "collected", user, value=who, note=name)
        return change_status(case, COLLECTED, note, user, expected_version)
    except DomainError:
        db.session.rollback()  # the collector row goes with the refused change
        raise


def collected_label(who: str | None) -> str:
    """'pemohon sendiri' or 'diwakilkan, bukan pemohon' for the history."""
    return str(WHO.get(who or "", ""))
