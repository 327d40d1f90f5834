"""The outreach schedule: sessions staff add (evening service away from the weekly hours, home
visits by dusun/RT), merged with the evening openings of the office hours, per office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.catalogue.service import active_services, holiday_dates
from kiosk.errors import DomainError, FieldErrors
from kiosk.extensions import db
from kiosk.hours import EVENING_FROM, OfficeHours
from kiosk.models import OutreachSession, User
from kiosk.offices.current import current_office

EVENING = "layanan_malam"
HOME_VISIT = "jemput_bola"
PLACE_MAX = 120
NOTE_MAX = 200
HORIZON_DAYS = 366  # how far ahead a session may be planned


class InvalidSession(FieldErrors):
    """The session cannot be planned; `errors` says which field and why."""

    code = "invalid_session"


class UnknownSession(DomainError):
    code = "not_found"
    status = 404


@dataclass(frozen=True)
class SessionInput:
    """What the staff typed for a new session."""

    kind: str | None
    day: dt.date | None
    start: dt.time | None
    end: dt.time | None
    place: str
    services: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ScheduleEntry:
    """One date on the schedule: a stored session (`session_id`) or an evening opening of the
    weekly office hours (`session_id` None, `place` empty: the office itself)."""

    day: dt.date
    start: dt.time
    end: dt.time
    kind: str
    place: str
    services: tuple[str, ...]
    note: str
    session_id: int | None

    @property
    def from_hours(self) -> bool:
        return self.session_id is None

    def serves(self, service_code: str) -> bool:
        """Whether this date serves the service (a session for no listed service serves all)."""
        return not self.services or service_code in self.services


def check_session(
    typed: SessionInput,
    today: dt.date,
    known_services: set[str],
    hours: OfficeHours,
    holidays: set[dt.date] | frozenset[dt.date] = frozenset(),
) -> dict[str, str]:
    """The problems of a new session, field by field (empty when it can be saved)."""
    errors: dict[str, str] = {}
    if typed.kind not in OutreachSession.KINDS:
        errors["jenis"] = _("Pilih jenisnya: layanan malam atau jemput bola.")
    if typed.day is None:
        errors["tanggal"] = _("Isi tanggalnya.")
    elif typed.day < today:
        errors["tanggal"] = _("Tanggal sudah lewat. Pilih hari ini atau tanggal yang akan datang.")
    elif typed.day > today + dt.timedelta(days=HORIZON_DAYS):
        errors["tanggal"] = _("Tanggal terlalu jauh: paling lambat satu tahun dari hari ini.")
    if typed.start is None or typed.end is None:
        errors["mulai"] = _("Isi jam mulai dan jam selesai.")
    elif typed.end <= typed.start:
        errors["selesai"] = _("Jam selesai harus sesudah jam mulai.")
    elif typed.kind == EVENING and typed.start < EVENING_FROM:
        errors["mulai"] = _("Layanan malam mulai paling cepat pukul 17.00.")
    place = typed.place.strip()
    if not place:
        errors["tempat"] = _("Isi tempatnya: dusun/RT atau nama tempat, misalnya Balai Dusun.")
    elif len(place) > PLACE_MAX:
        errors["tempat"] = _("Tempat paling banyak %(max)d huruf.", max=PLACE_MAX)
    unknown = [code for code in typed.services if code not in known_services]
    if unknown:
        errors["layanan"] = _("Layanan tidak dikenal: %(codes)s.", codes=", ".join(unknown))
    if len(typed.note.strip()) > NOTE_MAX:
        errors["catatan"] = _("Catatan paling banyak %(max)d huruf.", max=NOTE_MAX)
    if not errors and typed.kind == EVENING:
        clash = _hours_clash(typed, hours, holidays)
        if clash:
            errors["mulai"] = _(
                "Jam layanan kantor sudah berisi layanan malam hari itu (%(times)s); "
                "tidak perlu ditambahkan lagi.",
                times=clash,
            )
    return errors


def _hours_clash(typed: SessionInput, hours: OfficeHours, holidays) -> str | None:
    """The weekly evening interval the session overlaps on its day (not on a holiday: the
    office is closed then), as '19.00–21.00'."""
    for interval in hours.intervals_on(typed.day, holidays):
        ends = interval.end if interval.end != dt.time(0) else dt.time.max
        if interval.is_evening and typed.start < ends and interval.start < typed.end:
            return interval.label()
    return None


def add_session(typed: SessionInput, user: User | None) -> OutreachSession:
    """Plan a session for the current office (commits); InvalidSession when it cannot be."""
    office = current_office()
    known = {service.code for service in active_services()}
    closed = holiday_dates(typed.day, 0) if typed.day else set()
    errors = check_session(typed, clock.today(), known, office.hours, closed)
    if errors:
        raise InvalidSession(errors)
    session = OutreachSession(
        office_id=office.id,
        kind=typed.kind,
        day=typed.day,
        start=typed.start,
        end=typed.end,
        place=typed.place.strip(),
        services=list(dict.fromkeys(typed.services)),
        note=typed.note.strip() or None,
        created_by_id=user.id if user else None,
        created_at=clock.utc_now(),
    )
    db.session.add(session)
    db.session.commit()
    return session


def remove_session(session_id: int) -> None:
    """Take a session of the current office off the schedule (commits)."""
    session = db.session.get(OutreachSession, session_id)
    if session is None or session.office_id != current_office().id:
        raise UnknownSession(_("Jadwal itu tidak ada (mungkin sudah dihapus)."))
    db.session.delete(session)
    db.session.commit()


def schedule(start: dt.date, end: dt.date) -> list[ScheduleEntry]:
    """The current office's dates from `start` to `end` (inclusive), in time order: its stored
    sessions and the evening openings of its weekly hours (holidays skipped). An opening a
    stored evening session repeats exactly is shown once."""
    office = current_office()
    stored = [_entry(row) for row in _sessions(office.id, start, end)]
    taken = {(e.day, e.start, e.end) for e in stored if e.kind == EVENING}
    from_hours = [
        entry
        for entry in _evening_openings(office.hours, start, end)
        if (entry.day, entry.start, entry.end) not in taken
    ]
    return sorted(stored + from_hours, key=lambda e: (e.day, e.start, e.kind, e.place))


UPCOMING_DAYS = 62
UPCOMING_LIMIT = 3


def upcoming_schedule() -> list[ScheduleEntry]:
    """The dates of the coming two months, from today."""
    today = clock.today()
    return schedule(today, today + dt.timedelta(days=UPCOMING_DAYS))


def dates_for(entries: list[ScheduleEntry], service_code: str) -> list[ScheduleEntry]:
    """The first few of `entries` that serve one service (for its sheet)."""
    return [entry for entry in entries if entry.serves(service_code)][:UPCOMING_LIMIT]


def planned_sessions(start: dt.date) -> list[OutreachSession]:
    """The current office's stored sessions from `start` on, for the edit page."""
    query = select(OutreachSession).where(
        OutreachSession.office_id == current_office().id, OutreachSession.day >= start
    )
    return list(db.session.scalars(query.order_by(OutreachSession.day, OutreachSession.start)))


def _sessions(office_id: int, start: dt.date, end: dt.date):
    query = select(OutreachSession).where(
        OutreachSession.office_id == office_id,
        OutreachSession.day >= start,
        OutreachSession.day <= end,
    )
    return db.session.scalars(query)


def _entry(row: OutreachSession) -> ScheduleEntry:
    return ScheduleEntry(
        day=row.day,
        start=row.start,
        end=row.end,
        kind=row.kind,
        place=row.place,
        services=tuple(row.services or ()),
        note=row.note or "",
        session_id=row.id,
    )


def _evening_openings(hours: OfficeHours, start: dt.date, end: dt.date) -> list[ScheduleEntry]:
    if hours.always or end < start:
        return []
    days = (end - start).days
    closed = holiday_dates(start, days)
    entries = []
    for offset in range(days + 1):
        day = start + dt.timedelta(days=offset)
        for interval in hours.intervals_on(day, closed):
            if interval.is_evening:
                entries.append(
                    ScheduleEntry(day, interval.start, interval.end, EVENING, "", (), "", None)
                )
    return entries
