"""Counter rules: call next (with the priority ratio), recall, no-show, serve, transfer, break.

Every action is logged as a QueueEvent; claiming a ticket is one conditional UPDATE, so two
counters pressing "call next" at the same instant never get the same ticket.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from kiosk import clock
from kiosk.catalogue.service import find_service
from kiosk.display import bus
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import Counter, QueueEvent, Service, Ticket, User
from kiosk.offices.current import current_office
from kiosk.offices.settings import clean_printer_url
from kiosk.queue.position import place_in_line
from kiosk.queue.service import find_ticket_for_staff

ACTIVE_STATES = ("called", "serving")
MAX_CLAIM_ATTEMPTS = 50


class UnknownCounter(DomainError):
    code = "unknown_counter"
    status = 404


class InvalidCounter(DomainError):
    code = "invalid_counter"
    status = 422


class QueueEmpty(DomainError):
    code = "queue_empty"
    status = 404


class CounterOnBreak(DomainError):
    code = "counter_on_break"
    status = 409


class NoCurrentTicket(DomainError):
    code = "no_current_ticket"
    status = 409


class TicketAtCounter(DomainError):
    code = "ticket_at_counter"
    status = 409


class WrongTicketState(DomainError):
    code = "wrong_state"
    status = 409


class RecallFirst(DomainError):
    code = "recall_first"
    status = 409


class InvalidTransfer(DomainError):
    code = "invalid_transfer"
    status = 422


class ReasonRequired(DomainError):
    code = "reason_required"
    status = 422


# --- counters -------------------------------------------------------------------------------


def create_counter(name: str, service_codes: list[str], printer: str | None = None) -> Counter:
    """A new counter serving the given services, with its own printer if one is given."""
    printer = clean_printer_url(printer, optional=True)
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise InvalidCounter(_("Nama loket wajib diisi (paling banyak 60 huruf)."))
    office_id = current_office().id
    same_name = select(Counter.id).where(Counter.name == name, Counter.office_id == office_id)
    if db.session.scalar(same_name):
        raise InvalidCounter(_("Loket bernama %(name)s sudah ada.", name=name))
    counter = Counter(name=name, created_at=clock.now(), office_id=office_id, printer=printer)
    counter.services = _services(service_codes)
    db.session.add(counter)
    db.session.commit()
    bus.notify()
    return counter


def update_counter_services(counter: Counter, service_codes: list[str]) -> Counter:
    """Change which services a counter calls."""
    counter.services = _services(service_codes)
    db.session.commit()
    return counter


def set_counter_printer(counter: Counter, printer: str | None) -> Counter:
    """Give a counter its own receipt printer (a URL), or none (empty: the office's)."""
    counter.printer = clean_printer_url(printer, optional=True)
    db.session.commit()
    return counter


def _services(codes: list[str]) -> list[Service]:
    if not isinstance(codes, list) or not codes:
        raise InvalidCounter(_("Pilih paling sedikit satu layanan untuk loket ini."))
    services = []
    for code in codes:
        service = find_service(code) if isinstance(code, str) else None
        if service is None:
            raise InvalidCounter(_("Layanan %(code)s tidak dikenal.", code=code))
        services.append(service)
    return services


def list_counters() -> list[Counter]:
    """Active counters by name."""
    return list(
        db.session.scalars(
            select(Counter)
            .where(Counter.active.is_(True), Counter.office_id == current_office().id)
            .order_by(Counter.name)
        )
    )


def get_counter(counter_id: int) -> Counter:
    """An active counter, or UnknownCounter."""
    counter = db.session.get(Counter, counter_id)
    if counter is None or not counter.active or counter.office_id != current_office().id:
        raise UnknownCounter(_("Loket tidak ditemukan."))
    return counter


# --- the queue a counter sees ---------------------------------------------------------------


def waiting_tickets(counter: Counter, day: dt.date | None = None):
    """Select of the tickets this counter may call, in queue order (oldest issue first)."""
    day = day or clock.today()
    service_ids = [service.id for service in counter.services]
    return (
        select(Ticket)
        .where(
            Ticket.state == "waiting",
            Ticket.queue_day == day,
            or_(
                and_(Ticket.target_counter_id.is_(None), Ticket.queue_service_id.in_(service_ids)),
                Ticket.target_counter_id == counter.id,
            ),
        )
        .order_by(place_in_line(), Ticket.id)
    )


def current_ticket(counter: Counter) -> Ticket | None:
    """The ticket called to or being served at this counter."""
    return db.session.scalar(
        select(Ticket)
        .where(Ticket.counter_id == counter.id, Ticket.state.in_(ACTIVE_STATES))
        .order_by(Ticket.called_at.desc(), Ticket.id.desc())
    )


def _priority_due(counter: Counter) -> bool:
    """True when none of this counter's last PRIORITY_RATIO calls today was a priority ticket."""
    ratio = current_office().priority_ratio
    if ratio <= 0:
        return True
    recent = db.session.scalars(
        select(Ticket.priority)
        .join(QueueEvent, QueueEvent.ticket_id == Ticket.id)
        .where(
            QueueEvent.counter_id == counter.id,
            QueueEvent.kind == "call",
            QueueEvent.created_at >= _start_of_today(),
        )
        .order_by(QueueEvent.id.desc())
        .limit(ratio)
    ).all()
    return not any(recent)


def next_candidate(counter: Counter) -> Ticket | None:
    """Who "call next" would call now: the oldest regular ticket, or the oldest priority one
    when it is priority's turn (or nobody regular waits)."""
    query = waiting_tickets(counter)
    regular = db.session.scalar(query.where(Ticket.priority.is_(False)).limit(1))
    priority = db.session.scalar(query.where(Ticket.priority.is_(True)).limit(1))
    if regular is None or priority is None:
        return regular or priority
    return priority if _priority_due(counter) else regular


def _start_of_today() -> dt.datetime:
    now = clock.now()
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


# --- actions ----------------------------------------------------------------------------------


def call_next(counter: Counter, user: User | None = None) -> Ticket:
    """Finish the counter's current ticket and call the next one (priority ratio applied)."""
    for _attempt in range(MAX_CLAIM_ATTEMPTS):
        _lock(counter)
        _require_open(counter)
        _finish_current(counter, user)
        candidate = next_candidate(counter)
        if candidate is None:
            db.session.commit()
            raise QueueEmpty(_("Tidak ada antrean yang menunggu untuk loket ini."))
        if _claim(candidate, counter):
            _log_and_publish("call", candidate, counter, user)
            return candidate
        db.session.rollback()  # another counter took it first: look again
    raise QueueEmpty(_("Antrean sedang sibuk. Coba tekan lagi."))


def call_specific(counter: Counter, number_or_code: str, reason: str, user: User | None) -> Ticket:
    """Call one waiting ticket out of order; the reason is required and logged."""
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ReasonRequired(_("Tulis alasan memanggil di luar urutan."))
    _lock(counter)
    _require_open(counter)
    ticket = find_ticket_for_staff(number_or_code or "")
    if ticket is None or ticket.queue_day != clock.today():
        raise WrongTicketState(
            _("Nomor %(num)s tidak ada di antrean hari ini.", num=number_or_code)
        )
    if ticket.state != "waiting":
        raise WrongTicketState(_("Nomor %(num)s tidak sedang menunggu.", num=ticket.label))
    _finish_current(counter, user)
    if not _claim(ticket, counter):
        db.session.rollback()
        raise WrongTicketState(_("Nomor %(num)s baru saja dipanggil loket lain.", num=ticket.label))
    _log_and_publish("call", ticket, counter, user, _("Di luar urutan: %(reason)s", reason=reason))
    return ticket


def recall(counter: Counter, user: User | None = None) -> Ticket:
    """Call the current ticket again (the display announces it again)."""
    ticket = _current_in(counter, ("called",))
    ticket.recalls += 1
    _log_and_publish("recall", ticket, counter, user)
    return ticket


def no_show(counter: Counter, user: User | None = None) -> Ticket:
    """Mark the called citizen absent, allowed once they were recalled enough times."""
    ticket = _current_in(counter, ("called",))
    needed = int(current_app.config["NO_SHOW_AFTER_RECALLS"])
    if ticket.recalls < needed:
        raise RecallFirst(
            _(
                "Panggil ulang dulu (%(done)d dari %(needed)d kali) sebelum menandai tidak hadir.",
                done=ticket.recalls,
                needed=needed,
            )
        )
    ticket.state = "no_show"
    ticket.finished_at = clock.now()
    _log_and_publish("no_show", ticket, counter, user)
    return ticket


def start(counter: Counter, user: User | None = None) -> Ticket:
    """The citizen arrived at the counter: service starts."""
    ticket = _current_in(counter, ("called",))
    ticket.state = "serving"
    ticket.started_at = clock.now()
    _log_and_publish("start", ticket, counter, user)
    return ticket


def finish(counter: Counter, user: User | None = None) -> Ticket:
    """Service done."""
    ticket = _current_in(counter, ACTIVE_STATES)
    _mark_done(ticket)
    _log_and_publish("finish", ticket, counter, user)
    return ticket


def transfer(
    counter: Counter,
    *,
    service_code: str | None = None,
    counter_id: int | None = None,
    user: User | None = None,
) -> Ticket:
    """Send the current ticket to another service's queue or another counter.

    The number stays the same and the ticket keeps its place: queues are ordered by the
    time the number was taken, so it waits behind only those who came before it.
    """
    if bool(service_code) == bool(counter_id):
        raise InvalidTransfer(_("Pilih satu tujuan: layanan lain atau loket lain."))
    ticket = _current_in(counter, ACTIVE_STATES)
    if service_code:
        service = find_service(service_code) if isinstance(service_code, str) else None
        if service is None:
            raise InvalidTransfer(_("Layanan tujuan tidak dikenal."))
        ticket.queue_service_id = service.id
        ticket.target_counter_id = None
        note = _("Dialihkan ke layanan %(name)s", name=service.text("name"))
    else:
        target = db.session.get(Counter, counter_id) if isinstance(counter_id, int) else None
        if target is not None and target.office_id != counter.office_id:
            target = None
        if target is None or not target.active or target.id == counter.id:
            raise InvalidTransfer(_("Loket tujuan tidak dikenal atau sama dengan loket ini."))
        ticket.target_counter_id = target.id
        note = _("Dialihkan ke %(name)s", name=target.name)
    ticket.state = "waiting"
    ticket.counter_id = None
    ticket.started_at = None
    _log_and_publish("transfer", ticket, counter, user, note)
    return ticket


def set_break(counter: Counter, on_break: bool, user: User | None = None) -> Counter:
    """Put the counter on break (no calls) or back to work."""
    _lock(counter)
    if on_break and current_ticket(counter) is not None:
        raise WrongTicketState(_("Selesaikan dulu nomor yang sedang dilayani sebelum istirahat."))
    if counter.on_break != on_break:
        counter.on_break = on_break
        _log_and_publish("break" if on_break else "resume", None, counter, user)
    return counter


# --- helpers ------------------------------------------------------------------------------------


def _lock(counter: Counter) -> None:
    """Start the write transaction by touching the counter's row, before reading its state.

    Presses at one counter then run one after another (SQLite: every writer does), so two
    quick "call next" presses cannot both call a ticket without the second finishing the
    first, and the break flag read here is current. Released by the commit or rollback.
    """
    on_break = db.session.execute(
        update(Counter)
        .where(Counter.id == counter.id)
        .values(on_break=Counter.on_break)
        .returning(Counter.on_break)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    set_committed_value(counter, "on_break", on_break)


def _require_open(counter: Counter) -> None:
    if counter.on_break:
        raise CounterOnBreak(_("Loket sedang istirahat. Tekan Lanjut Bekerja dulu."))


def _current_in(counter: Counter, states: tuple[str, ...]) -> Ticket:
    _lock(counter)
    ticket = current_ticket(counter)
    if ticket is None:
        raise NoCurrentTicket(_("Belum ada nomor yang dipanggil di loket ini."))
    if ticket.state not in states:
        raise WrongTicketState(_("Nomor %(num)s sudah sedang dilayani.", num=ticket.label))
    return ticket


def _finish_current(counter: Counter, user: User | None) -> None:
    """Close the counter's current ticket (once, even when "call next" is pressed twice)."""
    ticket = current_ticket(counter)
    if ticket is None:
        return
    result = db.session.execute(
        update(Ticket)
        .where(Ticket.id == ticket.id, Ticket.state.in_(ACTIVE_STATES))
        .values(state="done", finished_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        _record("finish", ticket, counter, user)
    db.session.flush()


def _mark_done(ticket: Ticket) -> None:
    ticket.state = "done"
    ticket.finished_at = clock.now()


def _claim(ticket: Ticket, counter: Counter) -> bool:
    """Take a waiting ticket for this counter; False when someone else took it first."""
    now = clock.now()
    result = db.session.execute(
        update(Ticket)
        .where(Ticket.id == ticket.id, Ticket.state == "waiting")
        .values(
            state="called",
            counter_id=counter.id,
            target_counter_id=None,
            recalls=0,
            called_at=ticket.called_at or now,
            started_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(ticket)
    return True


def _log_and_publish(
    kind: str,
    ticket: Ticket | None,
    counter: Counter | None,
    user: User | None,
    note: str | None = None,
) -> None:
    """Log the action, commit it, and wake the waiting-room display."""
    _record(kind, ticket, counter, user, note)
    db.session.commit()
    bus.notify()


def _record(
    kind: str,
    ticket: Ticket | None,
    counter: Counter | None,
    user: User | None,
    note: str | None = None,
) -> QueueEvent:
    event = QueueEvent(
        kind=kind,
        ticket_id=ticket.id if ticket else None,
        counter_id=counter.id if counter else None,
        user_id=user.id if user else None,
        note=note,
        created_at=clock.now(),
    )
    db.session.add(event)
    return event
