"""Queue rules: office open or not, issuing numbers, people ahead, estimated call time."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import bindparam, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from kiosk import clock
from kiosk.catalogue.service import find_service, holiday_dates
from kiosk.db import commit_keeping_loaded, write_lock
from kiosk.display import bus
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.group_commit import deferred_fsync, wait_durable
from kiosk.hours import Opening
from kiosk.models import DailyCounter, Service, Ticket
from kiosk.offices.current import current_office
from kiosk.printing.jobs import JobRow, insert_job
from kiosk.printing.places import OFFICE_KIOSK_PRINTER, printer_url_for
from kiosk.printing.worker import PrintOrder, dispatch
from kiosk.queue.position import estimate_call_at, people_ahead, remember_position
from kiosk.queue.receipt import TicketFacts, receipt_from_facts
from kiosk.tracking import new_code, normalise

PRIORITY_REASONS = ("lansia", "disabilitas", "hamil", "balita")
REQUEST_TOKEN_MAX = 64


class UnknownService(DomainError):
    """No active service has that code."""

    code = "unknown_service"
    status = 422


class OfficeClosed(DomainError):
    """Outside office hours: no number is issued."""

    code = "office_closed"
    status = 409


class QuotaReached(DomainError):
    """The service's daily quota is used up."""

    code = "quota_reached"
    status = 409


class InvalidTicketRequest(DomainError):
    """The request itself is malformed (bad priority reason, token...)."""

    code = "invalid_request"
    status = 422


@dataclass(frozen=True)
class OfficeStatus:
    """Whether numbers can be taken now, and if the office does not serve yet, when it opens.

    `early`: the kiosk issues numbers before the day's first opening (the office's
    early_issue_minutes); calling starts at `next_opening`."""

    is_open: bool
    current: Opening | None
    next_opening: Opening | None
    early: bool = False
    issue_from: dt.datetime | None = None  # when closed: when numbers can be taken again


def office_status(moment: dt.datetime | None = None) -> OfficeStatus:
    """Open or closed at `moment` (default now), with the next opening when closed."""
    moment = moment or clock.now()
    hours = current_office().hours
    # "always" is open on holidays too: no need to read them
    holidays = () if hours.always else holiday_dates(moment.date() - dt.timedelta(days=1), days=90)
    current = hours.opening_at(moment, holidays)
    if current is not None:
        return OfficeStatus(True, current, None)
    upcoming = hours.next_opening(moment, holidays)
    issue_from = _early_issue_from(upcoming, hours, holidays)
    if issue_from is not None and issue_from <= moment:
        return OfficeStatus(True, None, upcoming, early=True, issue_from=issue_from)
    return OfficeStatus(False, None, upcoming, issue_from=issue_from)


def _early_issue_from(upcoming: Opening | None, hours, holidays) -> dt.datetime | None:
    """When numbers may be taken for `upcoming`: some minutes before it if it is its day's first
    opening (not after a lunch break), else at its start."""
    if upcoming is None:
        return None
    minutes = current_office().early_issue_minutes
    day_start = upcoming.start.replace(hour=0, minute=0, second=0, microsecond=0)
    first = hours.next_opening(day_start - dt.timedelta(microseconds=1), holidays)
    if minutes <= 0 or first is None or first.start != upcoming.start:
        return upcoming.start
    return max(upcoming.start - dt.timedelta(minutes=minutes), day_start)


def issue_ticket(
    service_code: str,
    *,
    priority: bool = False,
    priority_reason: str | None = None,
    request_token: str | None = None,
    missing: list[int] | tuple[int, ...] = (),
    source: str = "kiosk",
    lang: str = "id",
    printer: str | None = OFFICE_KIOSK_PRINTER,
) -> Ticket:
    """Issue the next number of a service; the same request token always gives the same ticket.

    Its receipt prints on `printer` (a URL; by default the office's kiosk printer); with
    NO_PRINTER no print job is made (a number shown on a phone)."""
    if priority_reason is not None and priority_reason not in PRIORITY_REASONS:
        raise InvalidTicketRequest(_("Jenis prioritas tidak dikenal."))
    if request_token is not None and not (0 < len(request_token) <= REQUEST_TOKEN_MAX):
        raise InvalidTicketRequest(_("Token permintaan tidak sah."))
    service = find_service(service_code)
    if service is None:
        raise UnknownService(_("Layanan tidak ditemukan."))
    if request_token and (earlier := _ticket_for_token(request_token)):
        return earlier
    moment = clock.now()
    status = office_status(moment)
    if not status.is_open:
        raise OfficeClosed(closed_message(status), opens_at=_iso(status.next_opening))
    try:
        return _insert_ticket(
            status.next_opening.start if status.early else None,
            service,
            moment,
            priority or priority_reason is not None,
            priority_reason,
            request_token,
            missing,
            source,
            lang,
            printer_url_for(printer),
        )
    except QuotaReached:
        raise QuotaReached(quota_message(moment)) from None  # worded outside the write lock
    except IntegrityError:
        # Two kiosks sent the same token at once: the other insert won, hand out its ticket.
        db.session.rollback()
        earlier = _ticket_for_token(request_token) if request_token else None
        if earlier is None:
            raise
        return earlier


def quota_message(moment: dt.datetime) -> str:
    """The quota is used up: say the next day the office opens ("Senin, ..." before a weekend,
    never a plain "besok")."""
    from kiosk.i18n import format_opening

    hours = current_office().hours
    day_end = moment.replace(hour=23, minute=59, second=59, microsecond=0)
    holidays = () if hours.always else holiday_dates(moment.date(), days=90)
    upcoming = hours.next_opening(day_end, holidays)  # None when always open
    if upcoming is None:
        return _(
            "Kuota hari ini untuk layanan ini sudah habis. Silakan datang lagi pada hari "
            "kerja berikutnya."
        )
    return _(
        "Kuota hari ini untuk layanan ini sudah habis. Silakan datang lagi %(when)s.",
        when=format_opening(upcoming),
    )


def _insert_ticket(
    calls_from,
    service,
    moment,
    priority,
    priority_reason,
    request_token,
    missing,
    source,
    lang,
    printer_url,
):
    day = moment.date()
    row = {
        "office_id": service.office_id,
        "service_id": service.id,
        "queue_service_id": service.id,
        "day": day,
        "queue_day": day,
        "priority": priority,
        "priority_reason": priority_reason,
        "state": "waiting",
        "tracking_code": new_code(),
        "request_token": request_token,
        "missing_requirements": list(missing),
        "source": source,
        "lang": lang,
        "issued_at": moment,
        **_NOT_YET,
    }
    # From taking the number to the commit: keep this short. The commit writes the WAL without
    # syncing it; wait_durable() syncs it, for this ticket and the others meanwhile, outside the
    # lock and off the gevent hub, before the number is shown to anyone.
    with write_lock(), deferred_fsync():
        number = _next_number(service.id, day)
        if service.daily_quota is not None and number > service.daily_quota:
            db.session.rollback()
            raise QuotaReached(_("Kuota hari ini untuk layanan ini sudah habis."))
        row.update(number=number, label=format_number(service.prefix, number))
        # Core inserts: building ORM objects and flushing them cost more than the inserts.
        connection = db.session.connection()
        row["id"] = connection.execute(_INSERT_TICKET, row).inserted_primary_key[0]
        job = insert_job(row["id"], printer_url) if printer_url is not None else None
        commit_keeping_loaded()  # the service stays loaded for the answer
    wait_durable()
    bus.notify(wake=False)  # the board shows the new waiting count at its next poll
    ticket = _as_loaded(row, service)
    if job is not None:
        _print_receipt(ticket, job, calls_from)
    return ticket


_INSERT_TICKET = insert(Ticket.__table__)
# Columns a new ticket has no value for yet: set, so the object built from the row is complete.
_NOT_YET = {
    "called_at": None,
    "started_at": None,
    "finished_at": None,
    "target_counter_id": None,
    "counter_id": None,
    "recalls": 0,
    "closed_reason": None,
    "line_at": None,
}


def _as_loaded(row: dict, service: Service) -> Ticket:
    """The inserted ticket as a persistent object, as if just loaded: no SELECT to answer."""
    ticket = Ticket(**row)
    ticket.service = ticket.queue_service = service
    make_transient_to_detached(ticket)  # what it holds counts as loaded, not as changes
    db.session.add(ticket)
    return ticket


def _print_receipt(ticket: Ticket, job: JobRow, calls_from: dt.datetime | None = None) -> None:
    """Hand the worker the receipt's facts, counted once for the answer and the receipt both."""
    ahead = people_ahead(ticket)
    estimate = estimate_call_at(ticket, ahead)
    remember_position(ticket, ahead, estimate)
    facts = TicketFacts.of(ticket, ahead, estimate, calls_from=calls_from)
    order = PrintOrder(
        job_id=job.id,
        label=ticket.label,
        created_at=job.created_at,
        printer_url=job.printer_url,
        compose=lambda: receipt_from_facts(facts),
        office=current_office(),
        lang=facts.lang,
    )
    dispatch(order)


def _next_number(service_id: int, day: dt.date) -> int:
    """Atomically take the next number: one upsert, which also takes the write lock first."""
    connection = db.session.connection()
    statement = _next_number_statement(connection.dialect.name)
    return connection.execute(statement, {"service_id": service_id, "day": day}).scalar_one()


@functools.cache
def _next_number_statement(dialect: str):
    """The upsert, built once per dialect: building it costs more than running it."""
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    counters = DailyCounter.__table__  # the table, not the entity: no ORM layer on the way
    return (
        upsert(counters)
        .values(service_id=bindparam("service_id"), day=bindparam("day"), last_number=1)
        .on_conflict_do_update(
            index_elements=[counters.c.service_id, counters.c.day],
            set_={"last_number": counters.c.last_number + 1},
        )
        .returning(counters.c.last_number)
    )


def format_number(prefix: str, number: int) -> str:
    """A-001: prefix and at least three digits."""
    return f"{prefix}-{number:03d}"


def _ticket_for_token(token: str) -> Ticket | None:
    return db.session.scalar(select(Ticket).where(Ticket.request_token == token))


def find_ticket(tracking_code: str) -> Ticket | None:
    """A ticket by its canonical tracking code."""
    return db.session.scalar(select(Ticket).where(Ticket.tracking_code == tracking_code))


def closed_message(status: OfficeStatus) -> str:
    """'Kantor sedang tutup. Buka lagi Senin, 24 November pukul 08.00.' in the current language."""
    from kiosk.i18n import clock_time, format_opening

    if status.next_opening is None:
        return _("Kantor sedang tutup. Nomor antrean tidak dapat diambil sekarang.")
    if status.issue_from is not None and status.issue_from < status.next_opening.start:
        return _(
            "Kantor sedang tutup. Buka lagi %(when)s. Nomor antrean bisa diambil mulai pukul "
            "%(time)s.",
            when=format_opening(status.next_opening),
            time=clock_time(status.issue_from),
        )
    return _(
        "Kantor sedang tutup. Buka lagi %(when)s. Nomor antrean baru bisa diambil saat buka.",
        when=format_opening(status.next_opening),
    )


def _iso(opening: Opening | None) -> str | None:
    return opening.start.isoformat() if opening else None


def find_ticket_for_staff(number_or_code: str, day: str | None = None) -> Ticket | None:
    """A ticket by its number on a day (A-007, a7) or by its tracking code."""
    canonical = normalise(number_or_code)
    if canonical:
        ticket = find_ticket(canonical)
        return ticket if ticket is not None and ticket.office_id == current_office().id else None
    text = number_or_code.strip().upper().replace("-", "").replace(" ", "")
    # ASCII digits only, and few of them: "A²" or "A9999999999999999999" is no ticket number.
    if not re.fullmatch(r"[A-Z][0-9]{1,6}", text):
        return None
    try:
        when = dt.date.fromisoformat(day) if day else clock.today()
    except ValueError:
        return None
    query = (
        select(Ticket)
        .join(Ticket.service)
        .where(Service.prefix == text[0], Ticket.number == int(text[1:]), Ticket.day == when)
        .where(Ticket.office_id == current_office().id)
    )
    return db.session.scalar(query)
