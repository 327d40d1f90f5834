"""Queue numbers: per-service daily sequences, concurrency, idempotency, quota, office hours,
people ahead and the estimated call time."""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from kiosk.extensions import db
from kiosk.models import DailyCounter, PrintJob, Service, Ticket
from kiosk.queue.position import average_service_minutes, estimate_call_at, people_ahead
from kiosk.queue.service import (
    OfficeClosed,
    QuotaReached,
    UnknownService,
    find_ticket,
    format_number,
    issue_ticket,
    office_status,
)
from kiosk.tracking import new_code

pytestmark = pytest.mark.data_layer

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
HOURS = "mon-thu 08:00-15:00; fri 08:00-11:00, 13:00-15:00; mon,wed 19:00-21:00"


def at(*args: int) -> dt.datetime:
    """Office-local moment."""
    return dt.datetime(*args, tzinfo=JAKARTA)


def _service(code: str) -> Service:
    return db.session.scalar(select(Service).where(Service.code == code))


def test_format_number_pads_to_three_digits():
    """A-001, and numbers past 999 keep all their digits."""
    assert format_number("A", 1) == "A-001"
    assert format_number("S", 42) == "S-042"
    assert format_number("A", 1234) == "A-1234"


def test_numbers_are_sequential_per_service(ctx):
    """Each service counts on its own: A-001, A-002 and B-001 on the same morning."""
    first = issue_ticket("ktp-baru")
    second = issue_ticket("ktp-baru")
    other = issue_ticket("ktp-hilang-rusak")
    third = issue_ticket("ktp-baru")
    assert [first.label, second.label, third.label] == ["A-001", "A-002", "A-003"]
    assert (other.label, other.number) == ("B-001", 1)
    assert first.day == dt.date(2026, 11, 23)
    assert first.state == "waiting"
    assert find_ticket(second.tracking_code).id == second.id


def test_unknown_or_inactive_service_is_refused(ctx):
    """No number for a code that is not in the catalogue or has been switched off."""
    with pytest.raises(UnknownService):
        issue_ticket("paspor")
    _service("sktm").active = False
    db.session.commit()
    with pytest.raises(UnknownService):
        issue_ticket("sktm")


def test_numbering_resets_at_local_midnight(ctx, clock):
    """23:59 → 00:01 Jakarta time is a new day, though both are 11-23 in UTC."""
    clock.set(2026, 11, 23, 23, 59)
    assert clock().astimezone(dt.UTC).date() == dt.date(2026, 11, 23)
    issue_ticket("ktp-baru")
    late = issue_ticket("ktp-baru")
    clock.set(2026, 11, 24, 0, 1)
    assert clock().astimezone(dt.UTC).date() == dt.date(2026, 11, 23)
    early = issue_ticket("ktp-baru")
    assert late.label == "A-002"
    assert (early.label, early.day) == ("A-001", dt.date(2026, 11, 24))


def test_numbering_ignores_the_utc_midnight(ctx, clock):
    """06:59 → 07:01 Jakarta crosses midnight UTC but not the local day: no reset."""
    clock.set(2026, 11, 24, 6, 59)
    first = issue_ticket("kk-baru")
    clock.set(2026, 11, 24, 7, 1)
    assert clock().astimezone(dt.UTC).date() == dt.date(2026, 11, 24)
    second = issue_ticket("kk-baru")
    assert [first.label, second.label] == ["D-001", "D-002"]
    assert first.day == second.day == dt.date(2026, 11, 24)


def test_concurrent_kiosks_never_share_or_skip_a_number(app, monkeypatch):
    """8 threads × 100 tickets (file SQLite, PostgreSQL): numbers 1..800, each exactly once.

    Print jobs are still queued with each ticket; only sending them is skipped, to keep it fast.
    """
    assert app.config["DATABASE_URL"].startswith(("sqlite:///", "postgresql"))
    monkeypatch.setattr("kiosk.queue.service.dispatch", lambda job_id: None)
    threads, per_thread = 8, 100
    start = threading.Barrier(threads)

    def kiosk() -> list[int]:
        with app.app_context():
            start.wait(timeout=30)
            numbers = []
            for _ in range(per_thread):
                numbers.append(issue_ticket("ktp-baru").number)
            db.session.remove()
            return numbers

    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(kiosk) for _ in range(threads)]
        issued = [number for future in futures for number in future.result(timeout=300)]

    expected = list(range(1, threads * per_thread + 1))
    assert sorted(issued) == expected
    with app.app_context():
        service = _service("ktp-baru")
        stored = db.session.scalars(select(Ticket.number).where(Ticket.service_id == service.id))
        assert sorted(stored) == expected
        labels = db.session.scalars(select(Ticket.label).where(Ticket.service_id == service.id))
        assert len(set(labels)) == len(expected)
        counter = db.session.get(DailyCounter, (service.id, dt.date(2026, 11, 23)))
        assert counter.last_number == len(expected)
        assert db.session.scalar(select(func.count(PrintJob.id))) == len(expected)


def test_same_request_token_gives_the_same_ticket(ctx):
    """A double tap (same token) returns the first ticket and takes no second number."""
    first = issue_ticket("ktp-baru", request_token="tap-123")
    again = issue_ticket("ktp-baru", request_token="tap-123")
    other = issue_ticket("ktp-baru", request_token="tap-456")
    assert again.id == first.id and again.label == "A-001"
    assert other.label == "A-002"
    assert db.session.scalar(select(func.count(Ticket.id))) == 2


def test_daily_quota_is_enforced_per_service(ctx, clock):
    """The quota'th ticket is the last one; other services and the next day are unaffected."""
    _service("sktm").daily_quota = 2
    db.session.commit()
    assert [issue_ticket("sktm").label for _ in range(2)] == ["S-001", "S-002"]
    with pytest.raises(QuotaReached):
        issue_ticket("sktm")
    with pytest.raises(QuotaReached):
        issue_ticket("sktm")
    assert issue_ticket("domisili").label == "T-001"
    sktm = _service("sktm")
    count = select(func.count(Ticket.id)).where(Ticket.service_id == sktm.id)
    assert db.session.scalar(count) == 2
    clock.set(2026, 11, 24, 8, 0)
    assert issue_ticket("sktm").label == "S-001"


class TestOfficeHours:
    """With real office hours (Friday prayer break, evening sessions) and the shipped holidays."""

    @pytest.fixture
    def app_config(self, app_config):
        """The office's real schedule instead of 'always'."""
        return {**app_config, "OFFICE_HOURS": HOURS}

    def test_spec_with_spaces_after_commas_is_understood(self, app):
        """'fri 08:00-11:00, 13:00-15:00' is two Friday sessions, like the spec without spaces."""
        rows = dict(app.config["OFFICE"].describe())
        assert rows["fri"] == "08.00–11.00, 13.00–15.00"
        assert rows["mon"] == "08.00–15.00, 19.00–21.00"

    @pytest.mark.parametrize(
        ("moment", "opens"),
        [
            (at(2026, 11, 27, 12, 0), at(2026, 11, 27, 13, 0)),  # Friday prayer break
            (at(2026, 11, 28, 10, 0), at(2026, 11, 30, 8, 0)),  # Saturday
            (at(2026, 11, 23, 6, 0), at(2026, 11, 23, 8, 0)),  # Monday, too early
            (at(2026, 11, 23, 16, 0), at(2026, 11, 23, 19, 0)),  # before the evening session
            (at(2026, 11, 24, 19, 30), at(2026, 11, 25, 8, 0)),  # no evening session on Tuesday
            (at(2026, 12, 25, 9, 0), at(2026, 12, 28, 8, 0)),  # Christmas, a Friday
        ],
    )
    def test_closed_office_issues_no_number_and_says_when_it_opens(self, ctx, clock, moment, opens):
        """OfficeClosed carries the next opening; nothing is written."""
        clock.moment = moment
        status = office_status()
        assert status.is_open is False
        assert status.next_opening.start == opens
        with pytest.raises(OfficeClosed) as closed:
            issue_ticket("ktp-baru")
        assert closed.value.details["opens_at"] == opens.isoformat()
        assert db.session.scalar(select(func.count(Ticket.id))) == 0
        assert db.session.scalar(select(func.count()).select_from(DailyCounter)) == 0

    @pytest.mark.parametrize(
        "moment",
        [at(2026, 11, 23, 19, 30), at(2026, 11, 27, 13, 0), at(2026, 11, 26, 8, 0)],
    )
    def test_open_sessions_issue_numbers(self, ctx, clock, moment):
        """Monday evening session, Friday after the break, Thursday at opening time."""
        clock.moment = moment
        assert office_status().is_open
        assert issue_ticket("ktp-baru").label == "A-001"

    def test_estimate_skips_the_friday_break(self, ctx, clock):
        """Twelve minutes of queue at 10:50 on Friday: ten before the break, two after it."""
        clock.set(2026, 11, 27, 10, 50)
        issue_ticket("sktm")
        issue_ticket("sktm")
        third = issue_ticket("sktm")
        assert estimate_call_at(third) == at(2026, 11, 27, 13, 2)


def test_people_ahead_counts_earlier_waiting_tickets_of_the_same_service(ctx, clock):
    """Later tickets, other services, finished tickets and yesterday's leftovers do not count."""
    clock.set(2026, 11, 22, 14, 0)
    issue_ticket("ktp-baru")  # yesterday, still "waiting"
    clock.set(2026, 11, 23, 9, 0)
    first = issue_ticket("ktp-baru")
    second = issue_ticket("ktp-baru")
    issue_ticket("kk-baru")
    third = issue_ticket("ktp-baru")
    issue_ticket("ktp-baru")
    assert [people_ahead(t) for t in (first, second, third)] == [0, 1, 2]
    first.state = "done"
    db.session.commit()
    assert people_ahead(third) == 1
    assert people_ahead(first) == 0


def _served(service: Service, day: dt.date, number: int, minutes: float) -> None:
    """A finished ticket of `service` on `day` that took `minutes` at the counter."""
    started = dt.datetime.combine(day, dt.time(8, 0), JAKARTA) + dt.timedelta(minutes=15 * number)
    db.session.add(
        Ticket(
            service_id=service.id,
            day=day,
            number=number,
            label=format_number(service.prefix, number),
            state="done",
            tracking_code=new_code(),
            issued_at=started - dt.timedelta(minutes=5),
            called_at=started,
            started_at=started,
            finished_at=started + dt.timedelta(minutes=minutes),
            missing_requirements=[],
        )
    )
    db.session.commit()


class TestEstimate:
    """estimate_call_at: now + people ahead × average minutes, from the best data there is."""

    @pytest.fixture
    def app_config(self, app_config):
        """A default unlike any measured average."""
        return {**app_config, "DEFAULT_SERVICE_MINUTES": 7}

    def _third_in_line(self) -> Ticket:
        issue_ticket("ktp-baru")
        issue_ticket("ktp-baru")
        return issue_ticket("ktp-baru")

    def test_default_minutes_without_history(self, ctx):
        """No finished tickets at all: DEFAULT_SERVICE_MINUTES per person ahead."""
        ticket = self._third_in_line()
        assert average_service_minutes(ticket.service, ticket.day) == 7
        assert estimate_call_at(ticket) == at(2026, 11, 23, 9, 14)

    def test_falls_back_to_the_last_weeks_average(self, ctx):
        """Nothing finished today: the mean of the past seven days (10 and 12 minutes → 11)."""
        service = _service("ktp-baru")
        _served(service, dt.date(2026, 11, 18), 1, 10)
        _served(service, dt.date(2026, 11, 20), 1, 12)
        _served(service, dt.date(2026, 11, 10), 1, 60)  # older than a week: ignored
        _served(_service("kk-baru"), dt.date(2026, 11, 20), 1, 40)  # other service: ignored
        ticket = self._third_in_line()
        assert average_service_minutes(service, ticket.day) == pytest.approx(11)
        assert estimate_call_at(ticket) == at(2026, 11, 23, 9, 22)

    def test_todays_average_wins_over_the_week(self, ctx, clock):
        """Once a ticket is finished today, only today's times count (4 minutes)."""
        service = _service("ktp-baru")
        _served(service, dt.date(2026, 11, 20), 1, 12)
        clock.set(2026, 11, 23, 8, 30)
        done = issue_ticket("ktp-baru")
        done.state = "done"
        done.started_at = at(2026, 11, 23, 8, 40)
        done.finished_at = at(2026, 11, 23, 8, 44)
        db.session.commit()
        clock.set(2026, 11, 23, 9, 0)
        ticket = self._third_in_line()
        assert people_ahead(ticket) == 2
        assert average_service_minutes(service, ticket.day) == pytest.approx(4)
        assert estimate_call_at(ticket) == at(2026, 11, 23, 9, 8)

    def test_no_estimate_once_called(self, ctx):
        """A ticket no longer waiting has no estimated call time."""
        ticket = self._third_in_line()
        ticket.state = "called"
        db.session.commit()
        assert estimate_call_at(ticket) is None
