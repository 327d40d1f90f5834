"""Counter rules: queue order, priority ratio, transfer, no-show, break, out-of-order calls,
end of day, and the day's statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from staff_support import events

from kiosk.auth.service import create_user
from kiosk.counter import service as counters
from kiosk.counter.day import carry_over, close_waiting, next_opening_day, still_waiting
from kiosk.counter.stats import day_statistics, percentile
from kiosk.extensions import db
from kiosk.models import QueueEvent, Ticket
from kiosk.queue.service import issue_ticket

pytestmark = pytest.mark.data_layer

WORKING_WEEK = "mon-thu 08:00-15:00; fri 08:00-11:00,13:00-15:00"


def configured(**values):
    """Run a test with these config values (indirect parametrisation of `app_config`)."""
    return pytest.mark.parametrize("app_config", [values], indirect=True, ids=["config"])


office_week = configured(OFFICE_HOURS=WORKING_WEEK)


@pytest.fixture
def app_config(app_config, request):
    """The shared test configuration, plus a test's `configured(...)` values."""
    app_config.update(getattr(request, "param", {}))
    return app_config


@pytest.fixture
def desk(ctx):
    """Loket A (KTP-el baru + KIA), Loket B (KK baru), Loket C (SKTM), and a petugas."""
    return {
        "a": counters.create_counter("Loket A", ["ktp-baru", "kia"]),
        "b": counters.create_counter("Loket B", ["kk-baru"]),
        "c": counters.create_counter("Loket C", ["sktm"]),
        "user": create_user("petugas1", "rahasia-sekali", "petugas"),
    }


def take(clock, code="ktp-baru", priority=False, minutes=1) -> Ticket:
    """Issue a number, then let `minutes` pass."""
    ticket = issue_ticket(code, priority=priority)
    clock.advance(minutes=minutes)
    return ticket


def call_all(counter, user=None) -> list[str]:
    """Press "call next" until the queue is empty; the labels in call order."""
    called = []
    while True:
        try:
            called.append(counters.call_next(counter, user).label)
        except counters.QueueEmpty:
            return called


# --- order ----------------------------------------------------------------------------------------


def test_call_next_takes_the_oldest_number_across_the_counters_services(desk, clock):
    """Loket A calls A and K numbers by issue time, and never another service's numbers."""
    take(clock, "ktp-baru")
    take(clock, "kk-baru")  # D-001, not for Loket A
    take(clock, "kia")  # K-001
    take(clock, "kia")  # K-002
    take(clock, "ktp-baru")
    assert call_all(desk["a"]) == ["A-001", "K-001", "K-002", "A-002"]
    assert call_all(desk["b"]) == ["D-001"]


def test_call_next_finishes_the_previous_ticket(desk, clock):
    """Pressing "call next" closes the counter's current number as done, once."""
    first, second = take(clock), take(clock)
    counters.call_next(desk["a"])
    counters.call_next(desk["a"])
    db.session.refresh(first)
    assert first.state == "done" and first.finished_at is not None
    assert counters.current_ticket(desk["a"]).id == second.id
    assert [e.ticket_id for e in events("finish")] == [first.id]


def test_queue_empty_is_a_404_domain_error(desk):
    """An empty queue raises QueueEmpty (queue_empty, 404)."""
    with pytest.raises(counters.QueueEmpty) as empty:
        counters.call_next(desk["a"])
    assert (empty.value.code, empty.value.status) == ("queue_empty", 404)


# --- priority ratio ---------------------------------------------------------------------------


def test_priority_ratio_over_a_scripted_morning(app, desk, clock):
    """PRIORITY_RATIO=2: priority when none of the last 2 calls was priority, else regular;
    whichever kind exists when the other is empty."""
    assert app.config["PRIORITY_RATIO"] == 2
    loket = desk["a"]
    called = []

    def call(times=1):
        """Press call next `times` times, four minutes apart."""
        for _ in range(times):
            called.append(counters.call_next(loket).label)
            clock.advance(minutes=4)

    # 08:00-ish rush: A-001..A-008 (R = regular, P = priority).
    for kind in "RRRPRPPR":
        take(clock, priority=kind == "P")
    call(8)
    # Only priority citizens arrive, then two regular ones.
    for _ in range(3):
        take(clock, priority=True)
    call(2)
    take(clock)
    take(clock)
    call(3)
    with pytest.raises(counters.QueueEmpty):
        counters.call_next(loket)

    assert called == [
        "A-004",  # P: no call yet today, so none of the last two was priority
        "A-001",  # R
        "A-002",  # R
        "A-006",  # P: the last two were regular
        "A-003",  # R
        "A-005",  # R
        "A-007",  # P
        "A-008",  # R: now no regular waits ...
        "A-009",  # P ... so priority, whatever the ratio says
        "A-010",  # P
        "A-012",  # R: two regulars arrived
        "A-013",  # R
        "A-011",  # P: the last one left
    ]


@pytest.mark.parametrize("priority_first", [True, False])
def test_neither_kind_starves(desk, clock, priority_first):
    """With both kinds waiting, at most 2 regular calls between priority ones and never two
    priority calls in a row, however old either group is."""
    kinds = [True] * 15 + [False] * 15 if priority_first else [False] * 15 + [True] * 15
    tickets = {take(clock, priority=kind).label: kind for kind in kinds}
    sequence = [tickets[label] for label in call_all(desk["a"])]
    assert len(sequence) == 30

    longest = {True: 0, False: 0}
    run_kind, run = None, 0
    left = {True: 15, False: 15}
    for kind in sequence:
        if left[True] and left[False]:
            run = run + 1 if kind == run_kind else 1
            run_kind = kind
            longest[kind] = max(longest[kind], run)
        left[kind] -= 1
    assert longest == {True: 1, False: 2}  # P R R P R R ... while both kinds wait
    # The first priority citizen never waits behind more than two regular calls.
    assert sequence.index(True) <= 2


def test_ratio_counts_only_this_counters_calls_today(desk, clock):
    """Another counter's calls, and yesterday's, do not use up this counter's ratio."""
    take(clock, "kia", priority=True)
    counters.call_next(desk["a"])  # a priority call at Loket A ...
    take(clock, "kk-baru")
    take(clock, "kk-baru", priority=True)
    take(clock, "kk-baru")
    assert counters.call_next(desk["b"]).label == "D-002"  # ... does not count for Loket B

    clock.set(2026, 11, 24, 8, 0)
    take(clock, "ktp-baru")
    take(clock, "ktp-baru", priority=True)
    counters.call_next(desk["a"])  # yesterday's call was priority, but today is a new day
    assert counters.current_ticket(desk["a"]).priority


@configured(PRIORITY_RATIO=0)
def test_ratio_zero_means_priority_first(app, ctx, clock):
    """PRIORITY_RATIO=0: every waiting priority ticket goes before any regular one."""
    assert app.config["PRIORITY_RATIO"] == 0
    loket = counters.create_counter("Loket A", ["ktp-baru"])
    for kind in "RRPRPP":
        take(clock, priority=kind == "P")
    assert call_all(loket) == ["A-003", "A-005", "A-006", "A-001", "A-002", "A-004"]


# --- transfer -----------------------------------------------------------------------------------


def test_transfer_to_a_service_keeps_number_and_place(desk, clock):
    """The number and issue time stay; it waits only behind those who came before it."""
    take(clock, "kk-baru")  # D-001, 09:00
    moved = take(clock, "ktp-baru")  # A-001, 09:01
    take(clock, "kk-baru")  # D-002
    take(clock, "kk-baru")  # D-003
    issued_at = moved.issued_at
    counters.call_next(desk["a"])
    counters.start(desk["a"])
    ticket = counters.transfer(desk["a"], service_code="kk-baru", user=desk["user"])
    assert (ticket.label, ticket.issued_at, ticket.state) == ("A-001", issued_at, "waiting")
    assert ticket.queue_service.code == "kk-baru" and ticket.service.code == "ktp-baru"
    assert ticket.counter_id is None and counters.current_ticket(desk["a"]) is None
    take(clock, "kk-baru")  # D-004, after the transfer

    with pytest.raises(counters.QueueEmpty):
        counters.call_next(desk["a"])  # it left Loket A's queue
    assert call_all(desk["b"]) == ["D-001", "A-001", "D-002", "D-003", "D-004"]
    note = events("transfer")[0].note
    assert "Dialihkan ke layanan" in note


def test_transfer_to_a_counter_only_that_counter_calls_it(desk, clock):
    """A number sent to Loket C is called by Loket C only, though C serves other services."""
    loket_d = counters.create_counter("Loket D", ["ktp-baru"])
    take(clock, "ktp-baru")
    take(clock, "sktm")  # S-001
    counters.call_next(desk["a"])
    counters.transfer(desk["a"], counter_id=desk["c"].id)
    take(clock, "ktp-baru")

    assert call_all(loket_d) == ["A-002"]
    assert call_all(desk["a"]) == []
    assert counters.call_next(desk["c"]).label == "A-001"  # older than S-001
    assert counters.current_ticket(desk["c"]).target_counter_id is None
    assert call_all(desk["c"]) == ["S-001"]


@pytest.mark.parametrize(
    "target",
    [
        {},
        {"service_code": "kk-baru", "counter_id": 2},
        {"service_code": "tidak-ada"},
        {"counter_id": 999},
        {"counter_id": "2"},
        {"same": True},
    ],
)
def test_bad_transfers_are_refused(desk, clock, target):
    """Neither/both targets, unknown ones or the same counter: 422, ticket stays."""
    take(clock)
    counters.call_next(desk["a"])
    if target.pop("same", False):
        target = {"counter_id": desk["a"].id}
    with pytest.raises(counters.InvalidTransfer) as refused:
        counters.transfer(desk["a"], **target)
    assert refused.value.status == 422
    assert counters.current_ticket(desk["a"]).state == "called"


def test_transfer_needs_a_current_ticket(desk):
    """Nothing to transfer without a called ticket."""
    with pytest.raises(counters.NoCurrentTicket):
        counters.transfer(desk["a"], service_code="kk-baru")


# --- no-show, recall, start, finish ----------------------------------------------------------


def test_no_show_only_after_enough_recalls(app, desk, clock):
    """Tidak Hadir is refused (409 recall_first) until NO_SHOW_AFTER_RECALLS recalls."""
    assert app.config["NO_SHOW_AFTER_RECALLS"] == 2
    ticket = take(clock)
    counters.call_next(desk["a"])
    for done in range(2):
        with pytest.raises(counters.RecallFirst) as refused:
            counters.no_show(desk["a"])
        assert (refused.value.code, refused.value.status) == ("recall_first", 409)
        assert f"({done} dari 2 kali)" in refused.value.message
        assert counters.recall(desk["a"]).recalls == done + 1
    absent = counters.no_show(desk["a"])
    assert absent.id == ticket.id and absent.state == "no_show" and absent.finished_at
    assert counters.current_ticket(desk["a"]) is None


def test_started_ticket_cannot_be_recalled_or_marked_absent(desk, clock):
    """Serving refuses recall/no-show/start; finished leaves nothing current."""
    take(clock)
    counters.call_next(desk["a"])
    counters.recall(desk["a"])
    counters.recall(desk["a"])
    counters.start(desk["a"])
    for action in (counters.recall, counters.no_show, counters.start):
        with pytest.raises(counters.WrongTicketState):
            action(desk["a"])
    assert counters.finish(desk["a"]).state == "done"
    for action in (counters.recall, counters.no_show, counters.start, counters.finish):
        with pytest.raises(counters.NoCurrentTicket):
            action(desk["a"])


# --- break ---------------------------------------------------------------------------------------


def test_break_stops_calls_and_waits_for_the_current_ticket(desk, clock):
    """No break while a number is active; on break, call next is refused (409)."""
    take(clock)
    take(clock)
    counters.call_next(desk["a"], desk["user"])
    with pytest.raises(counters.WrongTicketState) as refused:
        counters.set_break(desk["a"], True, desk["user"])
    assert refused.value.status == 409
    assert not desk["a"].on_break
    counters.finish(desk["a"], desk["user"])

    counters.set_break(desk["a"], True, desk["user"])
    with pytest.raises(counters.CounterOnBreak) as on_break:
        counters.call_next(desk["a"], desk["user"])
    assert (on_break.value.code, on_break.value.status) == ("counter_on_break", 409)
    with pytest.raises(counters.CounterOnBreak):
        counters.call_specific(desk["a"], "A-002", "lansia sakit", desk["user"])
    assert [t.state for t in db.session.scalars(select(Ticket).order_by(Ticket.id))] == [
        "done",
        "waiting",
    ]
    counters.set_break(desk["a"], False, desk["user"])
    assert counters.call_next(desk["a"], desk["user"]).label == "A-002"
    assert [e.kind for e in events() if e.kind in ("break", "resume")] == ["break", "resume"]


# --- calling a specific number ---------------------------------------------------------------


def test_call_specific_needs_a_reason_and_logs_it(desk, clock):
    """Out-of-order calls need a reason, which lands in the event's note."""
    take(clock)
    wanted = take(clock)
    for reason in ("", "  ", "ab"):
        with pytest.raises(counters.ReasonRequired):
            counters.call_specific(desk["a"], "A-002", reason, desk["user"])
    ticket = counters.call_specific(desk["a"], "a 002", "lansia sakit", desk["user"])
    assert ticket.id == wanted.id and ticket.state == "called"
    event = events("call")[-1]
    assert event.ticket_id == wanted.id and "lansia sakit" in event.note
    assert (event.counter_id, event.user_id) == (desk["a"].id, desk["user"].id)


def test_call_specific_refuses_tickets_not_waiting(desk, clock):
    """Already called, unknown, or another day's numbers are refused."""
    clock.set(2026, 11, 22, 9, 0)
    yesterday = take(clock)
    clock.set(2026, 11, 23, 9, 0)
    take(clock)
    take(clock)
    counters.call_next(desk["a"])  # A-001 called
    for number in ("A-001", "A-099", "Z-001", "bukan nomor", yesterday.tracking_code):
        with pytest.raises(counters.WrongTicketState):
            counters.call_specific(desk["b"], number, "alasan jelas", desk["user"])
    assert counters.current_ticket(desk["b"]) is None
    by_code = db.session.scalar(select(Ticket).where(Ticket.label == "A-002"))
    assert counters.call_specific(desk["b"], by_code.tracking_code, "alasan jelas", None).id == (
        by_code.id
    )


# --- the log --------------------------------------------------------------------------------------


def test_every_action_is_logged_with_counter_and_user(desk, clock):
    """call, recall, start, finish, transfer, no_show, break, resume: each a QueueEvent."""
    user, loket = desk["user"], desk["a"]
    take(clock)
    take(clock)
    take(clock)
    counters.call_next(loket, user)
    counters.recall(loket, user)
    counters.start(loket, user)
    counters.finish(loket, user)
    counters.call_next(loket, user)
    counters.transfer(loket, service_code="kk-baru", user=user)
    counters.call_specific(loket, "A-003", "lansia sakit", user)
    counters.recall(loket, user)
    counters.recall(loket, user)
    counters.no_show(loket, user)
    counters.set_break(loket, True, user)
    counters.set_break(loket, False, user)
    log = events()
    kinds = [e.kind for e in log]
    assert kinds == [
        "call",
        "recall",
        "start",
        "finish",
        "call",
        "transfer",
        "call",
        "recall",
        "recall",
        "no_show",
        "break",
        "resume",
    ]
    assert all(e.counter_id == loket.id and e.user_id == user.id for e in log)
    assert all(e.ticket_id for e in log if e.kind not in ("break", "resume"))
    assert all(e.created_at for e in log)


# --- end of day -----------------------------------------------------------------------------------


@office_week
def test_next_opening_day_skips_weekends_and_holidays(ctx):
    """Friday → Monday; Wednesday 23 Dec 2026 → Monday 28 (cuti bersama 24, Natal 25)."""
    assert next_opening_day(dt.date(2026, 11, 27)) == dt.date(2026, 11, 30)
    assert next_opening_day(dt.date(2026, 11, 23)) == dt.date(2026, 11, 24)
    assert next_opening_day(dt.date(2026, 12, 23)) == dt.date(2026, 12, 28)


@office_week
def test_carry_over_on_friday_evening_to_monday(app, desk, clock):
    """Waiting numbers keep label and place, go to Monday, and are called before new ones."""
    assert app.config["OFFICE_HOURS"] == WORKING_WEEK
    clock.set(2026, 11, 27, 8, 30)  # Friday
    first, second, third = take(clock), take(clock), take(clock, "kia")
    counters.call_next(desk["a"])  # A-001 served on Friday
    clock.set(2026, 11, 27, 15, 30)
    moved, day = carry_over(desk["user"])
    assert (moved, day) == (2, dt.date(2026, 11, 30))
    for ticket in (second, third):
        db.session.refresh(ticket)
        assert ticket.state == "waiting" and ticket.queue_day == dt.date(2026, 11, 30)
        assert ticket.day == dt.date(2026, 11, 27)
    assert {e.ticket_id for e in events("carry")} == {second.id, third.id}
    db.session.refresh(first)
    assert first.state == "called"  # the number at the counter is not carried
    assert all(e.user_id == desk["user"].id for e in events("carry"))

    clock.set(2026, 11, 28, 9, 0)  # Saturday: nothing to call
    with pytest.raises(counters.QueueEmpty):
        counters.call_next(desk["a"])

    clock.set(2026, 11, 30, 8, 0)  # Monday
    fresh = take(clock)
    assert fresh.label == "A-001" and fresh.day == dt.date(2026, 11, 30)  # numbering restarted
    called = []
    for _ in range(3):
        called.append(counters.call_next(desk["a"]).id)
    assert called == [second.id, third.id, fresh.id]


@office_week
def test_carry_over_before_a_holiday(desk, clock):
    """Wednesday 23 December 2026 carries to Monday 28 (24 cuti bersama, 25 Natal)."""
    clock.set(2026, 12, 23, 10, 0)
    ticket = take(clock)
    clock.set(2026, 12, 23, 16, 0)
    assert carry_over() == (1, dt.date(2026, 12, 28))
    db.session.refresh(ticket)
    assert ticket.queue_day == dt.date(2026, 12, 28)


def test_numbering_restarts_at_local_midnight(desk, clock):
    """00:01 in Jakarta is still the previous day in UTC, yet numbers start again at 001."""
    clock.set(2026, 11, 23, 23, 58)
    take(clock)
    assert take(clock).label == "A-002"
    clock.set(2026, 11, 24, 0, 1)
    fresh = take(clock)
    assert fresh.label == "A-001" and fresh.day == dt.date(2026, 11, 24)


def test_end_of_day_close_needs_a_reason(desk, clock):
    """close_waiting refuses without a reason, then closes every waiting number with it."""
    clock.set(2026, 11, 23, 14, 0)
    waiting = [take(clock), take(clock, "kk-baru")]
    served = take(clock)
    counters.call_specific(desk["a"], served.label, "lansia sakit", None)
    for reason in ("", "  ", "ab"):
        with pytest.raises(counters.ReasonRequired):
            close_waiting(reason)
    assert len(still_waiting()) == 2
    assert close_waiting("Blanko KTP habis", desk["user"]) == 2
    for ticket in waiting:
        db.session.refresh(ticket)
        assert (ticket.state, ticket.closed_reason) == ("closed", "Blanko KTP habis")
    assert [e.note for e in events("close")] == ["Blanko KTP habis"] * 2
    assert still_waiting() == []
    with pytest.raises(counters.QueueEmpty):
        counters.call_next(desk["b"])
    db.session.refresh(served)
    assert served.state == "called"


# --- statistics -----------------------------------------------------------------------------------


def test_percentile_is_nearest_rank():
    """p90 is the nearest-rank value, not an interpolation."""
    assert percentile([], 90) is None
    assert percentile([7.0], 90) == 7.0
    assert percentile([float(n) for n in range(10, 0, -1)], 90) == 9.0
    assert percentile([float(n) for n in range(1, 21)], 90) == 18.0
    assert percentile([10.0, 18.0, 30.0, 34.0], 90) == 34.0  # linear would give 32.8
    assert percentile([10.0, 18.0, 30.0, 34.0], 50) == 18.0


def test_day_statistics_on_a_hand_computed_morning(desk, clock):
    """Per service and per counter: counts, avg/p90 waiting and service minutes, no-shows."""
    a, k = desk["a"], counters.create_counter("Loket K", ["kia"])
    a.services = [s for s in a.services if s.code == "ktp-baru"]
    db.session.commit()

    def at(minute):
        """Set the clock to 09:00 plus `minute`."""
        clock.set(2026, 11, 23, 9 + minute // 60, minute % 60)

    for minute, code in ((0, "ktp-baru"), (2, "ktp-baru"), (4, "kia"), (5, "ktp-baru")):
        at(minute)
        issue_ticket(code)
    at(6)
    issue_ticket("ktp-baru")
    at(10)
    counters.call_next(a)  # A-001 waited 10
    at(11)
    counters.start(a)
    at(16)
    counters.finish(a)  # served 5
    at(20)
    counters.call_next(a)  # A-002 waited 18
    counters.call_next(k)  # K-001 waited 16
    at(21)
    counters.start(k)
    at(22)
    counters.start(a)
    at(30)
    counters.finish(a)  # served 8
    at(33)
    counters.finish(k)  # served 12
    at(35)
    counters.call_next(a)  # A-003 waited 30
    counters.recall(a)
    counters.recall(a)
    at(37)
    counters.no_show(a)
    at(40)
    counters.call_next(a)  # A-004 waited 34
    counters.start(a)
    at(43)
    counters.finish(a)  # served 3
    at(50)
    issue_ticket("ktp-baru")  # A-005, still waiting
    clock.set(2026, 11, 24, 9, 0)
    issue_ticket("ktp-baru")  # tomorrow: not in today's figures

    stats = day_statistics(dt.date(2026, 11, 23)).as_dict()
    assert stats["total"] == {
        "label": "Total",
        "issued": 6,
        "waiting": 1,
        "done": 4,
        "no_show": 1,
        "avg_wait_minutes": 21.6,  # (10 + 18 + 16 + 30 + 34) / 5
        "p90_wait_minutes": 34.0,  # 5th of 5
        "avg_service_minutes": 7.0,  # (5 + 8 + 12 + 3) / 4
        "p90_service_minutes": 12.0,  # 4th of 4
        "no_show_rate": 0.2,  # 1 of 5 ended
    }
    services = {row["label"]: row for row in stats["services"]}
    ktp = next(row for label, row in services.items() if label.startswith("A · "))
    kia = next(row for label, row in services.items() if label.startswith("K · "))
    assert (ktp["issued"], ktp["waiting"], ktp["done"], ktp["no_show"]) == (5, 1, 3, 1)
    assert ktp["avg_wait_minutes"] == 23.0 and ktp["p90_wait_minutes"] == 34.0
    assert ktp["avg_service_minutes"] == 5.3 and ktp["p90_service_minutes"] == 8.0
    assert ktp["no_show_rate"] == 0.25
    assert (kia["issued"], kia["done"], kia["avg_wait_minutes"], kia["p90_service_minutes"]) == (
        1,
        1,
        16.0,
        12.0,
    )
    assert kia["no_show_rate"] == 0.0
    assert len(services) == 2

    per_counter = {row["label"]: row for row in stats["counters"]}
    assert per_counter["Loket A"]["issued"] == 4  # the waiting A-005 belongs to no counter yet
    assert per_counter["Loket A"]["avg_wait_minutes"] == 23.0
    assert per_counter["Loket A"]["no_show_rate"] == 0.25
    assert per_counter["Loket K"]["avg_service_minutes"] == 12.0
    assert (
        per_counter["Loket B"]["issued"] == 0 and per_counter["Loket B"]["avg_wait_minutes"] is None
    )


def test_events_carry_no_personal_data(desk, clock):
    """The queue log holds numbers and notes, nothing about the citizen."""
    columns = {column.name for column in QueueEvent.__table__.columns}
    assert not columns & {"nik", "name", "citizen_name"}
