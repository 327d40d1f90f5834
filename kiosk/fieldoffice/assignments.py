"""The field worklist at the office: which households an officer visits in which period.

An assignment names a household, an officer of the office whose role does field work, the
form to fill in (a DTKS visit by default) and a period. Assigning the same household to the
same officer for the same form and period again changes nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from kiosk import clock
from kiosk.auth.permissions import Action, roles_with
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import FieldAssignment, Household, Person, User
from kiosk.sync.changes import ensure_household_record

DEFAULT_FORM = "dtks_visit"
SEARCH_LIMIT = 200
LIST_LIMIT = 500
MAX_PERIOD_DAYS = 366


class InvalidAssignment(DomainError):
    """The officer or period cannot be used (not a field officer, dates the wrong way round)."""

    code = "invalid_assignment"
    status = 422


@dataclass(frozen=True)
class Period:
    """The days an assignment is open, both included."""

    start: dt.date
    end: dt.date


def this_month(today: dt.date | None = None) -> Period:
    """The default period: the current month."""
    today = today or clock.today()
    last = calendar.monthrange(today.year, today.month)[1]
    return Period(today.replace(day=1), today.replace(day=last))


def field_officers(office_id: int) -> list[User]:
    """Active accounts of the office whose role does field work, by name."""
    query = (
        select(User)
        .where(
            User.office_id == office_id,
            User.active.is_(True),
            User.role.in_(roles_with(Action.FIELD_WORK)),
        )
        .order_by(User.display_name, User.username)
    )
    return list(db.session.scalars(query))


def officer_choices(office_id: int) -> list[tuple[str | int, str]]:
    """The officer select's options: "choose" first (nobody is picked by accident)."""
    officers = [
        (u.id, f"{u.display_name or u.username} ({u.username})") for u in field_officers(office_id)
    ]
    return [("", _("— pilih petugas —"))] + officers if officers else []


def field_officer(officer_id: int | None, office_id: int) -> User:
    """The chosen officer, if they may do field work for this office."""
    officer = db.session.get(User, officer_id) if officer_id else None
    if officer is None or officer not in field_officers(office_id):
        raise InvalidAssignment(_("Pilih petugas lapangan kantor ini."))
    return officer


def checked_period(start: dt.date | None, end: dt.date | None) -> Period:
    """A period the office can plan: both days given, end not before start, at most a year."""
    if start is None or end is None:
        raise InvalidAssignment(_("Isi tanggal mulai dan tanggal selesai tugas."))
    if end < start:
        raise InvalidAssignment(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if (end - start).days > MAX_PERIOD_DAYS:
        raise InvalidAssignment(_("Masa tugas paling lama satu tahun."))
    return Period(start, end)


def office_households(office_id: int) -> select:
    """The households of the office (registered here), as a query to narrow down."""
    return select(Household).where(Household.office_id == office_id)


def find_households(
    office_id: int, dusun: str | None = None, rt: str | None = None, name: str | None = None
) -> list[Household]:
    """The office's households in a dusun / RT, or whose member's name contains `name`."""
    query = office_households(office_id)
    if dusun:
        query = query.where(func.lower(Household.dusun) == dusun.strip().lower())
    if rt:
        query = query.where(Household.rt == rt.strip().zfill(3))
    if name and name.strip():
        members = select(Person.household_id).where(
            Person.name_key.contains(name.strip().lower(), autoescape=True)
        )
        query = query.where(Household.id.in_(members))
    query = query.order_by(Household.dusun, Household.rt, Household.rw, Household.address)
    return list(db.session.scalars(query.limit(SEARCH_LIMIT)))


def office_dusun(office_id: int) -> list[str]:
    """Every dusun named by the office's households (for the filter)."""
    query = (
        select(Household.dusun)
        .where(Household.office_id == office_id, Household.dusun.is_not(None))
        .distinct()
        .order_by(Household.dusun)
    )
    return [name for name in db.session.scalars(query) if name]


def dusun_choices(office_id: int) -> list[tuple[str, str]]:
    """The dusun filter's options: all, then each dusun of the office."""
    return [("", _("Semua dusun"))] + [(name, name) for name in office_dusun(office_id)]


def assign(
    household_ids: list[int],
    officer: User,
    period: Period,
    created_by: User | None,
    office_id: int,
    form: str = DEFAULT_FORM,
) -> tuple[int, int]:
    """Assign the office's households to the officer: (newly assigned, already assigned).

    Commits, then gives each household its sync record (what the tablet pulls)."""
    wanted = set(household_ids)
    homes = db.session.scalars(office_households(office_id).where(Household.id.in_(wanted))).all()
    if len(homes) != len(wanted):
        raise InvalidAssignment(_("Sebagian keluarga yang dipilih tidak ditemukan di kantor ini."))
    existing = set(
        db.session.scalars(
            select(FieldAssignment.household_id).where(
                FieldAssignment.household_id.in_(wanted),
                FieldAssignment.officer_id == officer.id,
                FieldAssignment.form == form,
                FieldAssignment.period_start == period.start,
                FieldAssignment.period_end == period.end,
            )
        )
    )
    now = clock.now()
    for home in homes:
        if home.id in existing:
            continue
        db.session.add(
            FieldAssignment(
                office_id=office_id,
                household_id=home.id,
                officer_id=officer.id,
                form=form,
                period_start=period.start,
                period_end=period.end,
                created_at=now,
                created_by_id=created_by.id if created_by else None,
                updated_at=now,
            )
        )
    db.session.commit()  # before the records: they are written under the write lock
    for home in homes:
        ensure_household_record(home)
    return len(homes) - len(existing), len(existing)


@dataclass(frozen=True)
class AssignmentRow:
    """One line of the worklist overview."""

    assignment: FieldAssignment
    head_name: str

    @property
    def done(self) -> bool:
        return self.assignment.done_at is not None


def current_assignments(office_id: int, today: dt.date | None = None) -> list[AssignmentRow]:
    """Assignments whose period has not ended, by dusun / RT / address, with the head's name."""
    today = today or clock.today()
    head = (
        select(Person.household_id, func.min(Person.name).label("name"))
        .where(Person.relation == "kepala_keluarga")
        .group_by(Person.household_id)
        .subquery()
    )
    query = (
        select(FieldAssignment, head.c.name)
        .join(Household, FieldAssignment.household_id == Household.id)
        .outerjoin(head, head.c.household_id == Household.id)
        .where(and_(FieldAssignment.office_id == office_id, FieldAssignment.period_end >= today))
        .order_by(Household.dusun, Household.rt, Household.rw, Household.address)
        .limit(LIST_LIMIT)
    )
    return [AssignmentRow(row, name or "") for row, name in db.session.execute(query)]
