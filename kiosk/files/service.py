"""File rules: accept at intake, move through the workflow, flags, location, search, overdue.

Every change is first written to FileHistory (append-only: the database refuses edits and
deletes); the CaseFile row only caches the current values for fast lookups.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from kiosk import clock
from kiosk.auth.permissions import may_take_in
from kiosk.catalogue.service import find_service, holiday_dates
from kiosk.catalogue.subjects import subject_of
from kiosk.errors import DomainError, FieldErrors
from kiosk.extensions import db
from kiosk.files.dates import add_working_days, due_after_pause
from kiosk.files.events import file_accepted, file_status_changed
from kiosk.files.identity import clean_number
from kiosk.files.requirements import (
    add_papers,
    bring_in_missing,
    check_state,
    find_paper,
    resolve_papers,
    states_from_ticks,
    still_missing,
)
from kiosk.files.workflow import (
    Workflow,
    newest_workflow,
    status_codes,
    workflow_for_service,
    workflow_of,
)
from kiosk.models import (
    CaseFile,
    FileHistory,
    Household,
    Person,
    Service,
    Ticket,
    User,
    new_uuid,
)
from kiosk.offices.current import current_office
from kiosk.offices.service import office_filter, visible_to_staff
from kiosk.people.rules import clean_home, clean_person
from kiosk.people.rules import public_id as _public_id
from kiosk.people.service import person_for
from kiosk.queue.service import find_ticket
from kiosk.tracking import new_code, normalise


class InvalidIntake(FieldErrors):
    """The intake data has problems; `errors` maps each field to what is wrong."""

    code = "invalid_file"

    def summary(self) -> str:
        return _("Data berkas belum benar. Periksa isian yang ditandai.")


class FileExists(DomainError):
    code = "file_exists"
    status = 409


class IntakeNotAllowed(DomainError):
    """The ticket is not called or served at this officer's counter."""

    code = "forbidden"
    status = 403


class UnknownFile(DomainError):
    code = "not_found"
    status = 404


class StatusNotAllowed(DomainError):
    code = "status_not_allowed"
    status = 409


class FileChanged(DomainError):
    """Someone else changed the file since it was read: nothing was saved."""

    code = "conflict"
    status = 409


class NoteRequired(DomainError):
    code = "note_required"
    status = 422


# --- intake ---------------------------------------------------------------------------------


def clean_applicant(
    data: dict, today: dt.date | None = None, region: str | None = None
) -> tuple[dict, dict, list[str]]:
    """Validate applicant fields: (cleaned values, {field: error}, warning flag codes)."""
    person, errors, flags = clean_person(data, today)
    home, home_errors, home_flags = clean_home(data, today, region)
    return {**person, **home}, {**errors, **home_errors}, flags + home_flags


def accept_file(
    *,
    tracking_code: str | None,
    service_code: str | None,
    applicant: dict,
    received: list,
    missing: list,
    notes: str | None = None,
    name_mismatch: bool = False,
    user: User | None = None,
    subject: dict | None = None,
    subject_household: bool = False,
    file_uuid: str | None = None,
    not_needed: list = (),
    paper_uuids: dict[str, str] | None = None,
) -> CaseFile:
    """Create the file for a served ticket (or a walk-in without one) after validating it.

    The applicant (and a `subject` person, e.g. the baby of a birth certificate, or with
    `subject_household` the applicant's household) are linked records: a known NIK links
    to the person already on record. Papers are requirement ids, codes or labels
    (see kiosk.files.requirements.resolve_papers); `paper_uuids` maps one as sent to the
    client-made UUID of its row."""
    ticket = _ticket_for(tracking_code)
    if user is not None:
        ensure_may_take_in(user, ticket)
    service = (
        find_service(service_code) if service_code else (ticket.queue_service if ticket else None)
    )
    errors: dict[str, str] = {}
    if service is None:
        errors["service"] = _("Layanan tidak dikenal.")
    elif subject_of(service.code).kind == "household":
        subject_household = True  # the catalogue says KIS, DTKS, KK baru… are about the family
    region = current_office().region_code or None
    cleaned, applicant_errors, flags = clean_applicant(applicant or {}, region=region)
    errors.update(applicant_errors)
    subject_data = None
    if subject is not None:
        subject_data, subject_errors, _subject_flags = clean_applicant(
            {"address": cleaned["address"], **subject}, region=region
        )
        errors.update({f"subject.{k}": v for k, v in subject_errors.items()})
    public_id = _public_id(file_uuid, errors, "uuid")
    lists = _requirement_lists(received, missing, not_needed, errors)
    choices = resolve_papers(service, lists, errors, paper_uuids)
    missing = still_missing(choices)
    if errors:
        raise InvalidIntake(errors)
    code = ticket.tracking_code if ticket else new_code()
    if _code_taken(code):
        raise _file_exists(code)
    flow = workflow_for_service(service.code)
    now = clock.now()
    fields = {
        "uuid": public_id or new_uuid(),
        "office_id": service.office_id,
        "tracking_code": code,
        "ticket_id": ticket.id if ticket else None,
        "service_id": service.id,
        "workflow": flow.code,
        "workflow_id": flow.id,
        "status": flow.incomplete if missing else flow.start,
        "notes": (notes or "").strip() or None,
        "name_mismatch": bool(name_mismatch),
        "flags": flags,
        "accepted_at": now,
        "status_since": now,
        "due_date": _due_date(service.time_standard_days, now.date()),
        "created_by_id": user.id if user else None,
    }
    people = (cleaned, subject_data, subject_household)
    for attempt in (1, 2):
        try:
            case = _insert_file(fields, *people)
            break
        except IntegrityError:
            # Another officer accepted the same code a moment earlier, or registered the
            # same new NIK: then the person exists now, and a second try links to them.
            db.session.rollback()
            if attempt == 2 or _code_taken(code):
                raise _file_exists(code) from None
    add_papers(case, choices, user)
    note = _("Kurang: %(items)s", items="; ".join(missing)) if missing else None
    record(case, "status", user, status=case.status, note=note)
    if name_mismatch:
        record(case, "mismatch", user, value="1", note=_("Ejaan nama di KTP dan KK berbeda."))
    file_accepted.send(case, user=user)
    db.session.commit()
    return case


def accept_field_file(
    *,
    tracking_code: str,
    service: Service,
    applicant: Person,
    ticked: set[int],
    visit_day: dt.date,
    file_uuid: str,
    user: User | None,
    notes: str | None = None,
    source: str = "field",
) -> CaseFile:
    """A file taken in door to door on a field tablet (source "field"): the code made on the
    tablet, the applicant already on record, the papers ticked there (the rest missing, as
    at the kiosk), due by the time standard from the visit day. Flushed, not committed: the
    sync op commits it with its record. The caller checks the code is free."""
    flow = workflow_for_service(service.code)
    choices = states_from_ticks(service.requirements, ticked)
    missing = still_missing(choices)
    household = subject_of(service.code).kind == "household"
    now = clock.now()
    case = CaseFile(
        uuid=file_uuid,
        office_id=service.office_id,
        tracking_code=tracking_code,
        service_id=service.id,
        workflow=flow.code,
        workflow_id=flow.id,
        status=flow.incomplete if missing else flow.start,
        applicant=applicant,
        subject_person=None if household else applicant,
        subject_household=applicant.household if household else None,
        notes=(notes or "").strip() or None,
        flags=[],
        accepted_at=now,
        status_since=now,
        due_date=_due_date(service.time_standard_days, visit_day),
        source=source,
        created_by_id=user.id if user else None,
    )
    db.session.add(case)
    db.session.flush()
    add_papers(case, choices, user)
    note = _("Kurang: %(items)s", items="; ".join(missing)) if missing else None
    record(case, "status", user, status=case.status, note=note)
    file_accepted.send(case, user=user)
    return case


def code_in_use(code: str) -> bool:
    """A file or a ticket already has this tracking code."""
    return _code_taken(code) or find_ticket(code) is not None


def _insert_file(
    fields: dict, applicant: dict, subject: dict | None, subject_household: bool
) -> CaseFile:
    """Flush the file linked to its applicant and subject (found by NIK, or new)."""
    person, matched = person_for(applicant)
    if matched and applicant.get("phone") and applicant.get("phone_consent"):
        # A returning citizen who gives a number and agrees to SMS now (kiosk.notify).
        person.phone, person.phone_consent = applicant["phone"], True
    subject_person = person_for(subject, person.household)[0] if subject else person
    case = CaseFile(
        applicant=person,
        subject_person=None if subject_household else subject_person,
        subject_household=person.household if subject_household else None,
        **fields,
    )
    db.session.add(case)
    db.session.flush()
    return case


def _code_taken(code: str) -> bool:
    return db.session.scalar(select(CaseFile.id).where(CaseFile.tracking_code == code)) is not None


def ensure_may_take_in(user: User, ticket: Ticket | None) -> None:
    """Refuse intake unless the ticket is called or served at the user's counter (admin: any)."""
    if not may_take_in(user, ticket):
        raise IntakeNotAllowed(
            _(
                "Berkas hanya bisa diterima untuk nomor yang sedang dipanggil atau dilayani "
                "di loket Anda."
            )
        )


def _file_exists(code: str) -> FileExists:
    return FileExists(_("Berkas untuk kode %(code)s sudah ada.", code=code))


def _ticket_for(tracking_code: str | None) -> Ticket | None:
    if not tracking_code:
        return None
    canonical = normalise(tracking_code)
    ticket = find_ticket(canonical) if canonical else None
    if ticket is None or ticket.office_id != current_office().id:
        raise InvalidIntake({"tracking_code": _("Kode antrean tidak ditemukan.")})
    return ticket


def _requirement_lists(received, missing, not_needed, errors) -> dict[str, list]:
    """{state: items}; an item is a requirement id (int) or a code/label (text)."""
    lists = {}
    for key, value in (("received", received), ("missing", missing), ("not_needed", not_needed)):
        value = list(value) if isinstance(value, list | tuple) else value
        if not isinstance(value, list) or not all(_paper_item(v) for v in value):
            errors[key] = _("Daftar persyaratan harus berisi nama dokumen.")
            value = []
        lists[key] = value
    return lists


def _paper_item(value) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and bool(value.strip()))


def _due_date(days: int | None, start: dt.date) -> dt.date | None:
    if days is None:
        return None
    return add_working_days(start, days, _holidays_between)


def _holidays_between(first: dt.date, last: dt.date) -> set[dt.date]:
    return holiday_dates(first, days=(last - first).days)


# --- changes ----------------------------------------------------------------------------------


def change_status(
    case: CaseFile,
    target: str,
    note: str | None,
    user: User | None,
    expected_version: int | None = None,
    via: str | None = None,
) -> CaseFile:
    """Move a file along its workflow (see `move_status`) and commit.

    The UPDATE is conditional on the version read (and on `expected_version`, the one the
    officer's page or client showed): of two changes at once, one wins, the other is a 409."""
    if expected_version is not None and expected_version != case.version:
        raise _changed()
    move_status(case, target, note, user, via)
    commit_versioned(case)
    return case


def move_status(
    case: CaseFile, target: str, note: str | None, user: User | None, via: str | None = None
) -> CaseFile:
    """Move a file along its workflow without committing (for a caller that commits, e.g. a
    sync op); leaving a paused status extends the due date.

    A status reached only through its own step (workflow flag `via`, e.g. the village
    meeting's decision) needs that step named in `via`; any other move refuses it."""
    flow = file_workflow(case)
    if target not in flow.statuses or not flow.allows(case.status, target, via):
        raise StatusNotAllowed(
            _(
                "Dari status '%(current)s' berkas tidak bisa dipindah ke '%(target)s'.",
                current=flow.status(case.status).text("label"),
                target=target,
            )
        )
    note = (note or "").strip() or None
    if flow.status(target).needs_note and not note:
        raise NoteRequired(_("Tulis alasannya; warga akan membaca alasan ini."))
    now = clock.now()
    previous_due = case.due_date
    if flow.status(case.status).pauses_due and case.due_date is not None:
        paused_on = clock.local(case.status_since).date()
        case.due_date = due_after_pause(case.due_date, paused_on, now.date(), _holidays_between)
    # Moving on from "perlu dilengkapi" (except to a closing status) means the papers came in.
    papers_in = target == flow.start or (
        case.status == flow.incomplete and not flow.status(target).final
    )
    if papers_in:
        bring_in_missing(case, user)
    newest = newest_workflow(flow.code)
    if newest is not None and target in newest.statuses:
        case.workflow_id = newest.id  # moves on to the newest version's rules
    previous = case.status
    case.status = target
    case.status_since = now
    case.closed = flow.status(target).final
    record(case, "status", user, status=target, note=note)
    file_status_changed.send(
        case, user=user, previous=previous, target=target, note=note, previous_due=previous_due
    )
    return case


def set_paper_state(
    case: CaseFile, paper_uuid: str, state: str, expected_version: int | None, user: User | None
) -> CaseFile:
    """Mark one paper of a file received, missing or not needed. The UPDATE is conditional on
    the paper's version (and on `expected_version`, the one the client showed): stale is 409."""
    row = find_paper(case, paper_uuid)
    state = check_state(state)
    if expected_version is not None and expected_version != row.version:
        raise _changed()
    if row.state != state:
        row.state, row.updated_at = state, clock.now()
        row.updated_by_id = user.id if user else None
        words = {"received": _("diterima"), "missing": _("kurang"), "not_needed": _("tidak perlu")}
        record(case, "note", user, note=f"{row.label()}: {words[state]}")
        commit_versioned(case)
    return case


def commit_versioned(case: CaseFile) -> None:
    """Commit a change made to `case`; a lost race (version moved on) is FileChanged."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise _changed() from None


def _changed() -> FileChanged:
    return FileChanged(
        _(
            "Berkas ini baru saja diubah petugas lain; perubahan Anda tidak disimpan. "
            "Muat ulang halaman lalu coba lagi."
        )
    )


def set_urgent(case: CaseFile, urgent: bool, reason: str | None, user: User | None) -> CaseFile:
    """Mark a file urgent (emergencies go first) or normal again; the reason is logged."""
    reason = (reason or "").strip()
    if not reason:
        raise NoteRequired(_("Tulis alasan mengubah tanda mendesak."))
    case.urgent = urgent
    record(case, "urgent", user, value="1" if urgent else "0", note=reason)
    commit_versioned(case)
    return case


def set_name_mismatch(case: CaseFile, flag: bool, note: str | None, user: User | None) -> CaseFile:
    """Flag (or clear) a difference in the name's spelling between KTP and KK."""
    case.name_mismatch = flag
    record(case, "mismatch", user, value="1" if flag else "0", note=(note or "").strip() or None)
    commit_versioned(case)
    return case


def set_location(case: CaseFile, shelf: str, folder: str | None, user: User | None) -> CaseFile:
    """Where the paper is: shelf (rak) and folder/box (map)."""
    shelf = " ".join((shelf or "").split())[:40]
    if not shelf:
        raise NoteRequired(_("Isi rak tempat berkas disimpan."))
    case.shelf, case.folder = shelf, " ".join((folder or "").split())[:40] or None
    record(case, "location", user, value=f"{case.shelf} / {case.folder or '-'}")
    commit_versioned(case)
    return case


def add_note(case: CaseFile, note: str, user: User | None) -> CaseFile:
    """A note in the history without changing anything else."""
    note = (note or "").strip()
    if not note:
        raise NoteRequired(_("Catatan kosong."))
    record(case, "note", user, note=note)
    db.session.commit()
    return case


def record(case: CaseFile, kind: str, user: User | None, **fields) -> FileHistory:
    """Append one history row (the caller commits)."""
    entry = FileHistory(
        file_id=case.id, kind=kind, user_id=user.id if user else None, at=clock.now(), **fields
    )
    db.session.add(entry)
    return entry


# --- finding files ---------------------------------------------------------------------------


def file_workflow(case: CaseFile) -> Workflow:
    """The workflow version a file reads (kiosk.files.workflow explains which)."""
    return workflow_of(case.workflow, case.workflow_id, case.status)


def find_file(code: str | None) -> CaseFile | None:
    """A file by tracking code (any case, confusable letters tolerated)."""
    canonical = normalise(code or "")
    if canonical is None:
        return None
    return db.session.scalar(select(CaseFile).where(CaseFile.tracking_code == canonical))


def get_file(code: str | None) -> CaseFile:
    """A file of the staff member's office (any office for a regency account) by tracking
    code, or UnknownFile: another office's file is not found."""
    case = find_file(code)
    if case is None or not visible_to_staff(case):
        raise UnknownFile(_("Berkas dengan kode ini tidak ditemukan."))
    return case


def search_kind(query: str | None) -> str | None:
    """What a search looks for: "code", "nik_kk" (6+ digits), "name", or None (too short)."""
    text = " ".join((query or "").split())
    if normalise(text):
        return "code"
    digits = clean_number(text)
    if digits.isdigit() and len(digits) >= 6:
        return "nik_kk"
    return "name" if len(text) >= 2 else None


def search_files(query: str, limit: int = 50) -> list[CaseFile]:
    """Staff search by tracking code, NIK / KK (digits) or part of the name."""
    text = " ".join((query or "").split())
    kind = search_kind(text)
    if kind == "code":
        exact = find_file(text)
        return [exact] if exact and visible_to_staff(exact) else []
    if kind == "nik_kk":
        digits = clean_number(text)
        condition = or_(Person.nik.startswith(digits), Household.kk_number.startswith(digits))
    elif kind == "name":
        condition = Person.name_key.contains(text.lower(), autoescape=True)
    else:
        return []
    query = (
        select(CaseFile)
        .join(Person, CaseFile.applicant_id == Person.id)
        .outerjoin(Household, Person.household_id == Household.id)
        .where(condition)
        .where(*office_filter(CaseFile))
        .order_by(CaseFile.accepted_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def overdue_files(today: dt.date | None = None) -> list[CaseFile]:
    """Open files past their due date (not those paused while waiting for blanko), oldest first."""
    today = today or clock.today()
    paused = status_codes("pauses_due")
    return list(
        db.session.scalars(
            select(CaseFile)
            .where(
                CaseFile.closed.is_(False),
                CaseFile.due_date < today,
                CaseFile.status.not_in(paused),
                *office_filter(CaseFile),
            )
            .order_by(CaseFile.urgent.desc(), CaseFile.due_date)
        )
    )


def waiting_elsewhere(limit: int = 100) -> list[CaseFile]:
    """Open files waiting on blanko or another agency, with the longest wait first."""
    codes = status_codes("waiting_on")
    return list(
        db.session.scalars(
            select(CaseFile)
            .where(CaseFile.closed.is_(False), CaseFile.status.in_(codes))
            .where(*office_filter(CaseFile))
            .order_by(CaseFile.status_since)
            .limit(limit)
        )
    )
