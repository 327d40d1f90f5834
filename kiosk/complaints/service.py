"""Complaint rules: take one in (kiosk, counter, field), assign, answer, close.

Every change is first written to ComplaintHistory (append-only); the complaint row caches the
current values. Every UPDATE is conditional on the complaint's version: a change made on a
stale page is refused (409), never lost.
"""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from kiosk import clock
from kiosk.auth.permissions import Action, allowed
from kiosk.catalogue.service import holiday_dates
from kiosk.complaints.categories import ASKED_TO_PAY, find_category
from kiosk.complaints.visibility import may_see
from kiosk.errors import DomainError, FieldErrors
from kiosk.extensions import db
from kiosk.files.dates import add_working_days
from kiosk.files.service import code_in_use
from kiosk.models import Complaint, ComplaintHistory, Counter, User, new_uuid
from kiosk.offices.current import current_office
from kiosk.tracking import new_code, normalise

TEXT_MAX = 1000
ANSWER_MAX = 2000
NAME_MAX = 120
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")


class InvalidComplaint(FieldErrors):
    """What was typed cannot be taken in; `errors` says which field and why."""

    code = "invalid_complaint"


class ComplaintChanged(DomainError):
    """Someone else changed the complaint since the page was read: nothing was saved."""

    code = "conflict"
    status = 409


class ComplaintStepRefused(DomainError):
    """This step does not fit the complaint's state (e.g. closing one not yet answered)."""

    code = "state_not_allowed"
    status = 409


# --- taking one in ------------------------------------------------------------------------------


def create_complaint(
    *,
    channel: str,
    category: str,
    asked_to_pay: bool = False,
    text: str | None = None,
    officer_name: str | None = None,
    officer_id: int | None = None,
    reporter_name: str | None = None,
    reporter_phone: str | None = None,
    phone_consent: bool = False,
    user: User | None = None,
    lang: str = "id",
    tracking_code: str | None = None,
    uuid: str | None = None,
    request_token: str | None = None,
    received_on: dt.date | None = None,
    office_id: int | None = None,
) -> Complaint:
    """Take a complaint in (flushed; the caller commits). Anonymous unless a name is given;
    a phone only with consent. The answer is due `days` working days after `received_on`."""
    if request_token:
        done = db.session.scalar(select(Complaint).where(Complaint.request_token == request_token))
        if done is not None:
            return done  # the same form sent twice: one complaint
    found, values, errors = checked(
        category, text, officer_name, reporter_name, reporter_phone, phone_consent
    )
    if channel not in Complaint.CHANNELS:
        errors["channel"] = _("Saluran pengaduan tidak dikenal.")
    code = _code(tracking_code, errors)
    if errors:
        raise InvalidComplaint(errors)
    office_id = office_id or current_office().id
    officer = _officer(office_id, officer_id, values["officer_name"])
    now = clock.now()
    day = received_on or clock.local(now).date()
    complaint = Complaint(
        uuid=uuid or new_uuid(),
        office_id=office_id,
        tracking_code=code,
        request_token=request_token or None,
        channel=channel,
        category=found.code,
        asked_to_pay=bool(asked_to_pay) or found.code == ASKED_TO_PAY,
        about_officer=bool(values["officer_name"] or officer),
        officer_id=officer.id if officer else None,
        lang=lang if lang in ("id", "en") else "id",
        state="baru",
        due_date=add_working_days(day, found.days, _holidays_between),
        created_at=now,
        created_by_id=user.id if user else None,
        **values,
    )
    db.session.add(complaint)
    db.session.flush()
    _record(complaint, "created", user, state="baru", value=channel)
    return complaint


def checked(category, text, officer_name, reporter_name, reporter_phone, consent):
    """(category, cleaned values, {field: error}) of what was typed; nothing is written."""
    found = find_category(category)
    values, errors = _clean(text, officer_name, reporter_name, reporter_phone, consent)
    if found is None:
        errors["category"] = _("Pilih jenis pengaduan.")
    return found, values, errors


def _clean(text, officer_name, reporter_name, reporter_phone, consent) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    text = (text or "").strip() or None
    if text and len(text) > TEXT_MAX:
        errors["text"] = _("Cerita paling banyak %(max)d huruf.", max=TEXT_MAX)
    officer_name = " ".join((officer_name or "").split()) or None
    reporter_name = " ".join((reporter_name or "").split()) or None
    for field, value in (("officer_name", officer_name), ("reporter_name", reporter_name)):
        if value and len(value) > NAME_MAX:
            errors[field] = _("Nama paling banyak %(max)d huruf.", max=NAME_MAX)
    phone = re.sub(r"[\s\-.]", "", reporter_phone or "") or None
    if phone and not _PHONE.match(phone):
        errors["reporter_phone"] = _("Nomor HP hanya angka, 8 sampai 15 digit.")
    elif phone and not consent:
        errors["phone_consent"] = _(
            "Centang persetujuan agar petugas boleh menghubungi nomor ini, atau kosongkan nomornya."
        )
    values = {
        "text": text,
        "officer_name": officer_name,
        "reporter_name": reporter_name,
        "reporter_phone": phone,
        "phone_consent": bool(phone and consent),
    }
    return values, errors


def _code(tracking_code: str | None, errors: dict) -> str:
    """The tablet's code (checked, unused) or a fresh one unused by any file, ticket or
    complaint."""
    if tracking_code is not None:
        code = normalise(tracking_code)
        if code is None or complaint_code_in_use(code):
            errors["tracking_code"] = _("Kode lacak tidak sah atau sudah dipakai.")
        return code or ""
    code = new_code()
    while complaint_code_in_use(code):
        code = new_code()
    return code


def complaint_code_in_use(code: str) -> bool:
    """A file, a ticket or a complaint already has this tracking code."""
    taken = select(Complaint.id).where(Complaint.tracking_code == code)
    return code_in_use(code) or db.session.scalar(taken) is not None


def _officer(office_id: int, officer_id: int | None, officer_name: str | None) -> User | None:
    """The staff account a complaint names: chosen at the counter, else found by the name or
    counter the citizen typed (exactly one match), else none (the name still counts)."""
    if officer_id is not None:
        officer = db.session.get(User, officer_id)
        if officer is None or officer.office_id != office_id:
            raise InvalidComplaint({"officer_id": _("Petugas tidak ditemukan.")})
        return officer
    if not officer_name:
        return None
    name = officer_name.lower()
    users = select(User).where(User.office_id == office_id, User.active.is_(True))
    matches = db.session.scalars(
        users.where((func.lower(User.display_name) == name) | (func.lower(User.username) == name))
    ).all()
    if not matches:
        at_counter = users.join(Counter, User.counter_id == Counter.id)
        matches = db.session.scalars(at_counter.where(func.lower(Counter.name) == name)).all()
    return matches[0] if len(matches) == 1 else None


def _holidays_between(first: dt.date, last: dt.date) -> set[dt.date]:
    return holiday_dates(first, days=(last - first).days)


# --- handling -----------------------------------------------------------------------------------


def assign(complaint: Complaint, officer_id: int | None, user: User, expected_version=None):
    """Give the complaint to an officer who may handle it (never the officer it names)."""
    _check(complaint, expected_version)
    if complaint.state == "selesai":
        raise ComplaintStepRefused(_("Pengaduan yang sudah selesai tidak bisa ditugaskan lagi."))
    officer = db.session.get(User, officer_id) if officer_id else None
    if officer is None or not may_handle(officer, complaint):
        raise InvalidComplaint(
            {"officer_id": _("Pilih petugas yang boleh menangani pengaduan ini.")}
        )
    complaint.assigned_to_id = officer.id
    if complaint.state == "baru":
        complaint.state = "diproses"
    _record(complaint, "assigned", user, state=complaint.state, value=officer.display_name[:120])
    return _commit(complaint)


def answer(complaint: Complaint, text: str | None, user: User, expected_version=None):
    """Write the answer the citizen reads on the status page; the complaint is 'dijawab'."""
    _check(complaint, expected_version)
    if complaint.state == "selesai":
        raise ComplaintStepRefused(_("Pengaduan ini sudah selesai."))
    text = (text or "").strip()
    if not text:
        raise InvalidComplaint({"answer": _("Tulis jawabannya; warga akan membaca jawaban ini.")})
    if len(text) > ANSWER_MAX:
        raise InvalidComplaint(
            {"answer": _("Jawaban paling banyak %(max)d huruf.", max=ANSWER_MAX)}
        )
    complaint.answer = text
    complaint.answered_at, complaint.answered_by_id = clock.now(), user.id
    complaint.state = "dijawab"
    _record(complaint, "answer", user, state="dijawab", note=text)
    return _commit(complaint)


def close(complaint: Complaint, user: User, expected_version=None):
    """Close an answered complaint."""
    _check(complaint, expected_version)
    if complaint.state != "dijawab":
        raise ComplaintStepRefused(_("Jawab pengaduan ini dulu sebelum menutupnya."))
    complaint.state = "selesai"
    _record(complaint, "state", user, state="selesai")
    return _commit(complaint)


def may_handle(officer: User, complaint: Complaint) -> bool:
    """Whether `officer` may be given this complaint: same office, may handle complaints, and
    may see it (a complaint naming an officer: kepala or admin, never the named one)."""
    if not officer.active or officer.office_id != complaint.office_id:
        return False
    if not allowed(officer, Action.COMPLAINTS_HANDLE):
        return False
    return may_see(officer, complaint)


def handlers_for(complaint: Complaint) -> list[User]:
    """The accounts of the office this complaint may be assigned to."""
    users = db.session.scalars(
        select(User).where(User.office_id == complaint.office_id).order_by(User.display_name)
    ).all()
    return [officer for officer in users if may_handle(officer, complaint)]


def office_staff() -> list[User]:
    """Active staff accounts of the current office (whom a complaint may name)."""
    query = select(User).where(User.office_id == current_office().id, User.active.is_(True))
    return list(db.session.scalars(query.order_by(User.display_name)))


def _check(complaint: Complaint, expected_version) -> None:
    if expected_version is not None and expected_version != complaint.version:
        raise _changed()


def _commit(complaint: Complaint) -> Complaint:
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise _changed() from None
    return complaint


def _changed() -> ComplaintChanged:
    return ComplaintChanged(
        _(
            "Pengaduan ini baru saja diubah petugas lain; perubahan Anda tidak disimpan. "
            "Muat ulang halaman lalu coba lagi."
        )
    )


def _record(complaint: Complaint, kind: str, user: User | None, **fields) -> ComplaintHistory:
    entry = ComplaintHistory(
        complaint_id=complaint.id,
        kind=kind,
        user_id=user.id if user else None,
        at=clock.now(),
        **fields,
    )
    db.session.add(entry)
    return entry
