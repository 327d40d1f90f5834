"""IKM rules: take one survey in (one per served ticket), find the tickets that may still rate,
and sum a period up with kiosk.reports.ikm.index."""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally
from collections.abc import Collection

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kiosk import clock
from kiosk.errors import DomainError, FieldErrors
from kiosk.extensions import db
from kiosk.models import IkmResponse, Ticket
from kiosk.reports.ikm.demographics import FIELDS as DEMOGRAPHIC_FIELDS
from kiosk.reports.ikm.index import CODES, SCALE, IkmSummary, compute, sample_size

OFFER_MINUTES = 15  # a finished ticket is offered on the kiosk this long


class InvalidSurvey(FieldErrors):
    """The answers cannot be saved; `errors` says which element and why."""

    code = "invalid_survey"

    def summary(self) -> str:
        return _("Jawaban belum lengkap. Pilih satu jawaban untuk setiap pertanyaan.")


class AlreadyRated(DomainError):
    """This ticket has given its survey already."""

    code = "already_rated"
    status = 409

    def __init__(self) -> None:
        super().__init__(_("Nomor ini sudah memberi nilai. Terima kasih."))


class NotRateable(DomainError):
    """The ticket is not served yet."""

    code = "not_rateable"
    status = 422


class UnknownTicket(DomainError):
    """No ticket of this office has that number or code."""

    code = "not_found"
    status = 404


def parse_answers(values) -> dict[str, int]:
    """The 9 answers from form-like `values` (u1..u9 → "1".."4"); InvalidSurvey otherwise."""
    answers, errors = {}, {}
    for code in CODES:
        raw = (values.get(code) or "").strip()
        if raw not in {str(value) for value in SCALE}:
            errors[code] = _("Pilih salah satu dari empat jawaban.")
            continue
        answers[code] = int(raw)
    if errors:
        raise InvalidSurvey(errors)
    return answers


def parse_demographics(values) -> dict[str, str | None]:
    """The optional codes (empty: not given); an unknown code is refused."""
    chosen, errors = {}, {}
    for field in DEMOGRAPHIC_FIELDS:
        raw = (values.get(field.name) or "").strip() or None
        if raw is not None and raw not in field.codes:
            errors[field.name] = _("Pilihan tidak dikenal.")
        chosen[field.name] = raw
    if errors:
        raise InvalidSurvey(errors)
    return chosen


def rateable_ticket(ticket_id: int, office_id: int) -> Ticket:
    """The served ticket of this office that may still give a survey."""
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None or ticket.office_id != office_id:
        raise UnknownTicket(_("Nomor antrean tidak dikenal di kantor ini."))
    return _check_rateable(ticket)


def ticket_by_code(code: str, office_id: int) -> Ticket:
    """The ticket whose receipt carries this (normalised) tracking code, if it may rate."""
    ticket = db.session.scalar(
        select(Ticket).where(Ticket.tracking_code == code, Ticket.office_id == office_id)
    )
    if ticket is None:
        raise UnknownTicket(_("Kode ini tidak dikenal di kantor ini."))
    return _check_rateable(ticket)


def _check_rateable(ticket: Ticket) -> Ticket:
    if ticket.state != "done":
        raise NotRateable(_("Nomor ini belum selesai dilayani. Nilai layanan setelah selesai."))
    if already_rated(ticket.id):
        raise AlreadyRated()
    return ticket


def already_rated(ticket_id: int) -> bool:
    return (
        db.session.scalar(select(IkmResponse.id).where(IkmResponse.ticket_id == ticket_id))
        is not None
    )


def record_survey(
    answers: dict[str, int],
    *,
    office_id: int,
    ticket: Ticket | None = None,
    service_id: int | None = None,
    demographics: dict[str, str | None] | None = None,
) -> IkmResponse:
    """Save one complete survey (flushed; the caller commits). A ticket rates once: a second
    try, even one racing the first (the unique ticket_id), is AlreadyRated, never a 500."""
    if ticket is not None:
        _check_rateable(ticket)
        service_id = ticket.service_id
    response = IkmResponse(
        office_id=office_id,
        ticket_id=ticket.id if ticket is not None else None,
        service_id=service_id,
        channel="kiosk",
        day=clock.today(),
        created_at=clock.utc_now(),
        **answers,
        **(demographics or {}),
    )
    try:
        with db.session.begin_nested():
            db.session.add(response)
    except IntegrityError:
        raise AlreadyRated() from None
    return response


def offered_tickets(office_id: int, limit: int = 3) -> list[Ticket]:
    """Tickets of this office finished in the last OFFER_MINUTES and not rated yet, newest
    first: the kiosk offers their NUMBERS (never a name). Three fit beside the offer's title on
    the home of a portrait kiosk; an older number still rates with its receipt code."""
    since = clock.utc_now() - dt.timedelta(minutes=OFFER_MINUTES)
    rated = select(IkmResponse.ticket_id).where(IkmResponse.ticket_id.is_not(None))
    return list(
        db.session.scalars(
            select(Ticket)
            .where(
                Ticket.office_id == office_id,
                Ticket.state == "done",
                Ticket.finished_at >= since,
                Ticket.id.not_in(rated),
            )
            .order_by(Ticket.finished_at.desc())
            .limit(limit)
        )
    )


# --- summing a period up ------------------------------------------------------------------------


def _responses(office_ids, start, end, service_ids):
    query = select(IkmResponse).where(IkmResponse.day >= start, IkmResponse.day <= end)
    if office_ids is not None:
        query = query.where(IkmResponse.office_id.in_(office_ids))
    if service_ids is not None:
        query = query.where(IkmResponse.service_id.in_(service_ids))
    return query


def served_population(
    office_ids: list[int] | None,
    start: dt.date,
    end: dt.date,
    service_ids: Collection[int] | None = None,
) -> int:
    """People served in the period: tickets finished ("done"), by their office-local day."""
    query = select(func.count(Ticket.id)).where(
        Ticket.state == "done", Ticket.day >= start, Ticket.day <= end
    )
    if office_ids is not None:
        query = query.where(Ticket.office_id.in_(office_ids))
    if service_ids is not None:
        query = query.where(Ticket.service_id.in_(service_ids))
    return db.session.scalar(query) or 0


def ikm_summary(
    office_ids: list[int] | None,
    start: dt.date,
    end: dt.date,
    service_ids: Collection[int] | None = None,
    lang: str = "id",
) -> IkmSummary:
    """The IKM of the period (dates inclusive, office-local days) for these offices (None: every
    office, a regency view), optionally some services (one code's service in each office)."""
    rows = db.session.scalars(_responses(office_ids, start, end, service_ids)).all()
    computed = compute([{code: getattr(row, code) for code in CODES} for row in rows], lang)
    population = served_population(office_ids, start, end, service_ids)
    return IkmSummary(
        respondents=computed.respondents,
        population=population,
        sample_needed=sample_size(population),
        elements=computed.elements,
        index=computed.index,
        grade=computed.grade,
        grade_label=computed.grade_label,
    )


def demographic_counts(
    office_ids: list[int] | None,
    start: dt.date,
    end: dt.date,
    service_ids: Collection[int] | None = None,
) -> dict[str, Tally]:
    """Per optional field, how many respondents chose each code (None: not given)."""
    rows = db.session.scalars(_responses(office_ids, start, end, service_ids)).all()
    return {
        field.name: Tally(getattr(row, field.name) for row in rows) for field in DEMOGRAPHIC_FIELDS
    }
