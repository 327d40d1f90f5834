"""The public status page follows the ticket through the counters, honestly."""

import pytest

from kiosk.counter import service as counters
from kiosk.counter.day import carry_over, close_waiting
from kiosk.offices.current import current_office
from kiosk.offices.service import update_office
from kiosk.queue.service import issue_ticket


@pytest.fixture
def counter(ctx):
    return counters.create_counter("Loket 2", ["ktp-baru", "kk-baru"])


def page(client, ticket) -> str:
    response = client.get(f"/s/{ticket.tracking_code}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_called_ticket_names_the_counter(client, counter):
    ticket = issue_ticket("ktp-baru")
    counters.call_next(counter)
    assert "Silakan menuju Loket 2." in page(client, ticket)
    counters.start(counter)
    assert "Sedang dilayani di Loket 2." in page(client, ticket)


def test_transferred_ticket_shows_its_new_service_and_keeps_its_number(client, counter):
    ticket = issue_ticket("ktp-baru")
    counters.call_next(counter)
    counters.transfer(counter, service_code="kk-baru")
    html = page(client, ticket)
    assert ticket.label in html and "KK Baru" in html and "Menunggu dipanggil" in html


def test_closed_ticket_shows_the_reason(client, counter):
    ticket = issue_ticket("ktp-baru")
    close_waiting("blanko KTP-el habis")
    html = page(client, ticket)
    assert "ditutup" in html and "blanko KTP-el habis" in html


def test_carried_ticket_says_which_day(app, client, counter, clock):
    update_office(current_office().id, {"office_hours": "mon-fri 08:00-15:00"})
    clock.set(2026, 11, 27, 14, 0)  # a Friday afternoon
    ticket = issue_ticket("ktp-baru")
    carry_over()
    assert "Senin, 30 November 2026" in page(client, ticket)
