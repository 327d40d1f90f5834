"""The village meeting's domain operations: build the list, run the meeting, close it.

A decision moves the proposal's file at once (`change_status(..., via="meeting")`); the
meeting item keeps the current decision, the file history keeps every decision and correction.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from kiosk import clock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.files.service import change_status, file_workflow, record
from kiosk.models import MeetingAttendee, MeetingItem, User, VillageMeeting
from kiosk.offices.service import office_filter
from kiosk.welfare.dtks.service import listed_for_meeting

LISTED = "masuk_daftar_musyawarah"
# The file status each decision moves the proposal to (through the meeting step only).
DECISION_STATUS = {
    "setuju": "disepakati_musyawarah",
    "tidak_setuju": "tidak_disepakati_musyawarah",
}
NAME_MAX = 120
REASON_MAX = 1000


class MeetingNotFound(DomainError):
    code = "meeting_not_found"
    status = 404


class MeetingRefused(DomainError):
    """The meeting's state or the proposal's state does not allow this step."""

    code = "meeting_refused"
    status = 409


class MeetingInputError(DomainError):
    code = "meeting_invalid"
    status = 400


# --- finding -----------------------------------------------------------------------------------


def get_meeting(meeting_id: int) -> VillageMeeting:
    """The meeting of this office with this id, else 404."""
    meeting = db.session.scalar(
        select(VillageMeeting).where(
            VillageMeeting.id == meeting_id, *office_filter(VillageMeeting)
        )
    )
    if meeting is None:
        raise MeetingNotFound(_("Musyawarah tidak ditemukan."))
    return meeting


def meetings(limit: int = 50) -> list[VillageMeeting]:
    """This office's meetings, newest first."""
    return list(
        db.session.scalars(
            select(VillageMeeting)
            .where(*office_filter(VillageMeeting))
            .order_by(VillageMeeting.held_at.desc(), VillageMeeting.id.desc())
            .limit(limit)
        )
    )


def busy_proposal_ids(office_id: int | None = None) -> set[int]:
    """Proposals already on a meeting that is not closed (draft or open)."""
    query = (
        select(MeetingItem.proposal_id)
        .join(VillageMeeting, MeetingItem.meeting_id == VillageMeeting.id)
        .where(VillageMeeting.state != "closed", *office_filter(VillageMeeting, office_id))
    )
    return set(db.session.scalars(query))


def candidates(meeting: VillageMeeting) -> list:
    """Listed proposals of the meeting's area that are on no draft or open meeting."""
    busy = busy_proposal_ids(meeting.office_id)
    listed = listed_for_meeting(meeting.office_id, meeting.dusun, meeting.rt)
    return [proposal for proposal in listed if proposal.id not in busy]


# --- the meeting itself --------------------------------------------------------------------------


def _clean_text(value: str | None, limit: int = NAME_MAX) -> str:
    return " ".join((value or "").split())[:limit]


def save_meeting(
    meeting: VillageMeeting | None,
    user: User,
    *,
    kind: str,
    held_at: dt.datetime,
    place: str,
    dusun: str | None,
    rt: str | None,
    chair_name: str,
    secretary_name: str,
) -> VillageMeeting:
    """Create a meeting (meeting=None) or change a draft one's details."""
    if kind not in VillageMeeting.KINDS:
        raise MeetingInputError(_("Pilih jenis musyawarah."))
    values = {
        "place": _clean_text(place),
        "chair_name": _clean_text(chair_name),
        "secretary_name": _clean_text(secretary_name),
    }
    if not all(values.values()):
        raise MeetingInputError(_("Isi tempat, pimpinan rapat dan notulis."))
    dusun, rt = _clean_text(dusun, 60) or None, _clean_text(rt, 3) or None
    if rt and not dusun:
        raise MeetingInputError(_("Pilih dusun dulu bila musyawarah hanya untuk satu RT."))
    if meeting is None:
        now = clock.now()
        meeting = VillageMeeting(state="draft", created_at=now, created_by_id=user.id)
        db.session.add(meeting)
    else:
        _require_state(meeting, "draft", _("Data musyawarah hanya bisa diubah sebelum dibuka."))
    meeting.kind, meeting.held_at, meeting.dusun, meeting.rt = kind, held_at, dusun, rt
    for name, value in values.items():
        setattr(meeting, name, value)
    _commit()
    return meeting


def _require_state(meeting: VillageMeeting, state: str, message: str) -> None:
    if meeting.state != state:
        raise MeetingRefused(message)


def _commit() -> None:
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        raise MeetingRefused(
            _("Musyawarah ini baru saja diubah petugas lain. Muat ulang halaman lalu coba lagi.")
        ) from None


# --- the list ------------------------------------------------------------------------------------


def add_proposals(meeting: VillageMeeting, proposal_ids: list[int] | None) -> int:
    """Put listed proposals on a draft meeting (None: every candidate); returns how many."""
    _require_state(meeting, "draft", _("Daftar hanya bisa diubah sebelum musyawarah dibuka."))
    available = {proposal.id: proposal for proposal in candidates(meeting)}
    chosen = list(available) if proposal_ids is None else proposal_ids
    missing = [pid for pid in chosen if pid not in available]
    if missing:
        raise MeetingRefused(
            _(
                "Usulan ini tidak bisa dimasukkan: belum masuk daftar musyawarah, di luar wilayah "
                "musyawarah ini, atau sudah ada di musyawarah lain yang belum selesai."
            )
        )
    now = clock.now()
    for pid in chosen:
        meeting.items.append(MeetingItem(proposal_id=pid, added_at=now))
    _touch(meeting)
    _commit()
    return len(chosen)


def _touch(meeting: VillageMeeting) -> None:
    """Make the next flush write the meeting row, so its version guards the change."""
    flag_modified(meeting, "state")


def remove_item(meeting: VillageMeeting, item_id: int) -> None:
    """Take a proposal off a draft meeting (it stays listed, free for another meeting)."""
    _require_state(meeting, "draft", _("Daftar hanya bisa diubah sebelum musyawarah dibuka."))
    item = _item(meeting, item_id)
    db.session.delete(item)
    _touch(meeting)
    _commit()


def _item(meeting: VillageMeeting, item_id: int) -> MeetingItem:
    for item in meeting.items:
        if item.id == item_id:
            return item
    raise MeetingNotFound(_("Baris ini tidak ada di daftar musyawarah."))


# --- running it ----------------------------------------------------------------------------------


def open_meeting(meeting: VillageMeeting) -> VillageMeeting:
    """Start the meeting: attendance and decisions may be recorded."""
    _require_state(meeting, "draft", _("Musyawarah ini sudah dibuka."))
    if not meeting.items:
        raise MeetingRefused(_("Daftar usulan masih kosong."))
    meeting.state, meeting.opened_at = "open", clock.now()
    _commit()
    return meeting


def add_attendee(meeting: VillageMeeting, name: str, role: str, present: bool) -> MeetingAttendee:
    """Someone invited or present (not after the meeting closed)."""
    _require_not_closed(meeting)
    name = _clean_text(name)
    if not name:
        raise MeetingInputError(_("Isi nama peserta."))
    if role not in MeetingAttendee.ROLES:
        raise MeetingInputError(_("Pilih unsur peserta."))
    person = MeetingAttendee(name=name, role=role, present=present, created_at=clock.now())
    meeting.attendees.append(person)
    db.session.commit()
    return person


def set_present(meeting: VillageMeeting, attendee_id: int, present: bool) -> MeetingAttendee:
    """Tick (or untick) an attendee as present."""
    _require_not_closed(meeting)
    person = _attendee(meeting, attendee_id)
    person.present = present
    db.session.commit()
    return person


def remove_attendee(meeting: VillageMeeting, attendee_id: int) -> None:
    """Take a name off the attendance list (a typo, a duplicate)."""
    _require_not_closed(meeting)
    db.session.delete(_attendee(meeting, attendee_id))
    db.session.commit()


def _attendee(meeting: VillageMeeting, attendee_id: int) -> MeetingAttendee:
    for person in meeting.attendees:
        if person.id == attendee_id:
            return person
    raise MeetingNotFound(_("Peserta tidak ditemukan."))


def _require_not_closed(meeting: VillageMeeting) -> None:
    if meeting.state == "closed":
        raise MeetingRefused(_("Musyawarah sudah selesai; daftar hadir tidak bisa diubah."))


def decide(
    meeting: VillageMeeting, item_id: int, decision: str, reason: str | None, user: User
) -> MeetingItem:
    """Record the meeting's decision on one row and move the file at once; while the meeting
    is open a decision may be corrected, as long as the file has not moved on since."""
    _require_state(meeting, "open", _("Keputusan dicatat hanya saat musyawarah berlangsung."))
    item = _item(meeting, item_id)
    if decision not in DECISION_STATUS:
        raise MeetingInputError(_("Pilih Setuju atau Tidak setuju."))
    reason = (reason or "").strip()[:REASON_MAX] or None
    if decision == "tidak_setuju" and not reason:
        raise MeetingInputError(_("Tulis alasan yang dibacakan dalam musyawarah."))
    case = item.proposal.file
    expected = DECISION_STATUS[item.decision] if item.decision else LISTED
    if case.status != expected:
        raise MeetingRefused(
            _(
                "Berkas usulan ini sudah berpindah status (%(status)s); keputusan tidak bisa "
                "dicatat di musyawarah ini.",
                status=file_workflow(case).status(case.status).text("label"),
            )
        )
    correction = item.decision is not None
    target = DECISION_STATUS[decision]
    if case.status != target and not file_workflow(case).allows(case.status, target, via="meeting"):
        raise MeetingRefused(
            _("Keputusan ini sudah tercatat pada berkas dan tidak bisa diubah lagi di sini.")
        )
    item.decision, item.reason = decision, reason
    item.decided_at, item.decided_by_id = clock.now(), user.id
    if case.status == target:  # the same decision, another reason: a note in the history
        record(case, "note", user, note=_correction_note(reason))
        _commit()
        return item
    note = _correction_note(reason) if correction else reason
    try:
        change_status(case, target, note, user, via="meeting")
    except DomainError:
        db.session.rollback()
        raise
    return item


def _correction_note(reason: str | None) -> str:
    words = _("Koreksi keputusan musyawarah")
    return f"{words}: {reason}" if reason else words


def close_meeting(meeting: VillageMeeting) -> VillageMeeting:
    """End the meeting and number its minutes; undecided rows stay listed for the next one."""
    _require_state(meeting, "open", _("Hanya musyawarah yang sedang berlangsung bisa ditutup."))
    now = clock.now()
    year = clock.local(meeting.held_at).year
    meeting.state, meeting.closed_at = "closed", now
    meeting.minutes_year = year
    meeting.minutes_number = next_minutes_number(meeting.office_id, year)
    _commit()
    return meeting


def next_minutes_number(office_id: int, year: int) -> int:
    """The next minutes number of this office in this year (the unique key guards a race)."""
    highest = db.session.scalar(
        select(func.max(VillageMeeting.minutes_number)).where(
            VillageMeeting.office_id == office_id, VillageMeeting.minutes_year == year
        )
    )
    return (highest or 0) + 1
