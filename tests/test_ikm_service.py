"""IKM surveys in the database: one per served ticket (also by the unique constraint), what the
kiosk offers, and the period summary against a hand calculation."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError

from kiosk.extensions import db
from kiosk.models import IkmResponse, Office, Ticket
from kiosk.offices.current import current_office
from kiosk.queue.service import issue_ticket
from kiosk.reports.ikm import service as ikm
from kiosk.reports.ikm.index import CODES

pytestmark = pytest.mark.data_layer

ALL_THREE = dict.fromkeys(CODES, 3)


def _served(service_code: str = "ktp-baru", minutes: int = 5) -> Ticket:
    ticket = issue_ticket(service_code)
    ticket.state = "done"
    ticket.finished_at = ticket.issued_at + dt.timedelta(minutes=minutes)
    db.session.commit()
    return ticket


def _rate(ticket=None, answers=ALL_THREE, **extra) -> IkmResponse:
    response = ikm.record_survey(answers, office_id=current_office().id, ticket=ticket, **extra)
    db.session.commit()
    return response


def test_a_served_ticket_rates_once(ctx):
    ticket = _served()
    response = _rate(ticket)
    assert (response.ticket_id, response.service_id) == (ticket.id, ticket.service_id)
    with pytest.raises(ikm.AlreadyRated) as refused:
        _rate(ticket)
    assert refused.value.status == 409
    assert refused.value.message == "Nomor ini sudah memberi nilai. Terima kasih."
    assert db.session.query(IkmResponse).count() == 1


def test_the_database_refuses_a_second_row_for_a_ticket(ctx):
    ticket = _served()
    _rate(ticket)
    db.session.add(
        IkmResponse(
            office_id=ticket.office_id,
            ticket_id=ticket.id,
            day=dt.date(2026, 11, 23),
            created_at=ticket.finished_at,
            **ALL_THREE,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_race_past_the_check_is_already_rated_not_a_500(ctx, monkeypatch):
    ticket = _served()
    _rate(ticket)
    monkeypatch.setattr(ikm, "already_rated", lambda ticket_id: False)
    with pytest.raises(ikm.AlreadyRated):
        _rate(ticket)
    assert db.session.query(IkmResponse).count() == 1


def test_a_ticket_not_served_yet_is_refused(ctx):
    ticket = issue_ticket("ktp-baru")
    db.session.commit()
    with pytest.raises(ikm.NotRateable):
        ikm.rateable_ticket(ticket.id, ticket.office_id)
    with pytest.raises(ikm.NotRateable):
        ikm.ticket_by_code(ticket.tracking_code, ticket.office_id)


def test_a_ticket_of_another_office_is_unknown(ctx):
    ticket = _served()
    other = Office(
        code="lain", name="Desa Lain", office_hours="always", created_at=ticket.issued_at
    )
    db.session.add(other)
    db.session.commit()
    with pytest.raises(ikm.UnknownTicket):
        ikm.rateable_ticket(ticket.id, other.id)
    with pytest.raises(ikm.UnknownTicket):
        ikm.ticket_by_code(ticket.tracking_code, other.id)


def test_the_offer_lists_recent_unrated_tickets_only(ctx, clock):
    first, second = _served(), _served("kk-baru", minutes=7)
    office_id = current_office().id
    assert [t.id for t in ikm.offered_tickets(office_id)] == [second.id, first.id]
    _rate(first)
    assert [t.id for t in ikm.offered_tickets(office_id)] == [second.id]
    clock.advance(minutes=ikm.OFFER_MINUTES + 8)
    assert ikm.offered_tickets(office_id) == []


def test_summary_of_a_period_by_hand(ctx):
    rows = [
        (4, 4, 3, 4, 3, 3, 4, 2, 3),
        (3, 3, 3, 4, 3, 3, 3, 2, 3),
        (4, 3, 2, 4, 3, 4, 4, 3, 2),
        (3, 3, 3, 4, 4, 3, 4, 3, 3),
    ]
    tickets = [_served() for _ in range(3)]
    for ticket, row in zip(tickets, rows, strict=False):
        _rate(ticket, dict(zip(CODES, row, strict=True)))
    _rate(None, dict(zip(CODES, rows[3], strict=True)), demographics={"sex": "P"})
    office_id = current_office().id
    day = tickets[0].day
    summary = ikm.ikm_summary([office_id], day, day)
    assert (summary.respondents, summary.population) == (4, 3)
    assert summary.sample_needed == 3
    assert (summary.index, summary.grade, summary.grade_label) == (80.56, "B", "Baik")
    assert [s.nrr for s in summary.elements][:4] == [3.5, 3.25, 2.75, 4.0]
    assert ikm.ikm_summary(None, day, day).index == 80.56  # the regency view
    only_ktp = ikm.ikm_summary([office_id], day, day, service_ids=[tickets[0].service_id])
    assert only_ktp.respondents == 3  # the anonymous one chose no service
    next_day = day + dt.timedelta(days=1)
    empty = ikm.ikm_summary([office_id], next_day, next_day)
    assert (empty.respondents, empty.index, empty.grade) == (0, None, None)
    counts = ikm.demographic_counts([office_id], day, day)
    assert counts["sex"]["P"] == 1 and counts["sex"][None] == 3


def test_bad_answers_say_what_is_wrong():
    with pytest.raises(ikm.InvalidSurvey) as missing:
        ikm.parse_answers({**{code: "3" for code in CODES[:8]}})
    assert set(missing.value.errors) == {"u9"}
    with pytest.raises(ikm.InvalidSurvey):
        ikm.parse_answers({**{code: "3" for code in CODES}, "u4": "5"})
    with pytest.raises(ikm.InvalidSurvey):
        ikm.parse_demographics({"education": "phd"})
    assert ikm.parse_answers({code: "2" for code in CODES}) == dict.fromkeys(CODES, 2)
