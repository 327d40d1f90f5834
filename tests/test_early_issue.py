"""Numbers before opening (issue 11 point 6): the kiosk issues from the office's
early_issue_minutes before the day's first opening (default 30), says when calling starts, and
issues nothing earlier than that, nor during a lunch break."""

from __future__ import annotations

import pytest

import kiosk.queue.service as queue_service
import printer
from kiosk.offices.current import current_office
from kiosk.offices.service import update_office
from kiosk.offices.settings import OfficeSettingsError
from kiosk.queue.service import OfficeClosed, issue_ticket, office_status


@pytest.fixture
def app_config(app_config):
    """Weekdays 08:00–12:00 and 13:00–15:00 (the tests' clock starts Monday 23 November 2026)."""
    return {**app_config, "OFFICE_HOURS": "mon-fri 08:00-12:00,13:00-15:00"}


@pytest.fixture
def orders(monkeypatch) -> list:
    """The print orders issuing hands to the worker, kept instead of printed."""
    kept: list = []
    monkeypatch.setattr(queue_service, "dispatch", kept.append)
    return kept


def _text(receipt: printer.Receipt) -> str:
    return " ".join(" ".join(line.text for line in receipt.layout(printer.PAPER_80)).split())


def test_numbers_from_30_minutes_before_opening_say_when_calling_starts(ctx, clock, orders):
    clock.set(2026, 11, 23, 7, 40)
    status = office_status()
    assert status.is_open and status.early and status.current is None
    ticket = issue_ticket("ktp-baru")
    assert ticket.label == "A-001"
    receipt = _text(orders[-1].compose())
    assert "Pemanggilan mulai pukul 08.00." in receipt
    assert "sekitar pukul 08.00" in receipt  # the estimate counts from the opening, not from now


def test_before_the_early_window_the_kiosk_says_from_when_numbers_are_taken(ctx, clock):
    clock.set(2026, 11, 23, 7, 20)
    with pytest.raises(OfficeClosed) as closed:
        issue_ticket("ktp-baru")
    assert "Nomor antrean bisa diambil mulai pukul 07.30." in closed.value.message


def test_a_lunch_break_is_not_an_early_window(ctx, clock):
    clock.set(2026, 11, 23, 12, 45)
    assert not office_status().is_open
    with pytest.raises(OfficeClosed) as closed:
        issue_ticket("ktp-baru")
    assert "baru bisa diambil saat buka" in closed.value.message


def test_no_early_numbers_when_the_office_sets_zero(ctx, clock, orders):
    update_office(current_office().id, {"early_issue_minutes": "0"})
    clock.set(2026, 11, 23, 7, 55)
    with pytest.raises(OfficeClosed):
        issue_ticket("ktp-baru")
    clock.set(2026, 11, 23, 8, 0)
    issue_ticket("ktp-baru")
    assert "Pemanggilan mulai" not in _text(orders[-1].compose())


@pytest.mark.parametrize("value", ["abc", "-5", "181", ""])
def test_a_bad_early_setting_is_refused_and_nothing_is_saved(ctx, value):
    office_id = current_office().id
    with pytest.raises(OfficeSettingsError, match="sebelum buka"):
        update_office(office_id, {"early_issue_minutes": value, "name": "Tidak disimpan"})
    assert current_office().early_issue_minutes == 30 and current_office().name != "Tidak disimpan"


def test_the_kiosk_home_says_numbers_can_be_taken_and_when_calling_starts(client, clock):
    clock.set(2026, 11, 23, 7, 40)
    early = client.get("/").get_data(as_text=True)
    assert "data-office-early" in early and "Pemanggilan mulai pukul 08.00." in early
    clock.set(2026, 11, 23, 7, 0)
    closed = client.get("/").get_data(as_text=True)
    assert "data-office-closed" in closed and "bisa diambil mulai pukul 07.30" in closed
