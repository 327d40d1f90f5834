"""Complaints (pengaduan): taking one in from every channel, codes unique across files, tickets
and complaints, answer deadlines over holidays, assign/answer/close with versions, who sees a
complaint that names an officer, and what the public status shows."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import DatabaseError
from staff_support import seed, user

import printer
from kiosk.complaints import service as complaints
from kiosk.complaints.listing import Filters, complaint_list, state_counts
from kiosk.complaints.visibility import UnknownComplaint, find_visible, visible_complaints
from kiosk.extensions import db
from kiosk.models import Complaint, ComplaintHistory, PrintJob
from kiosk.offices.current import current_office
from kiosk.offices.service import add_local_holiday
from kiosk.queue.service import issue_ticket
from kiosk.status.presenter import complaint_status
from kiosk.tracking import check_symbol, group

pytestmark = pytest.mark.data_layer

MONDAY = (2026, 2, 2, 9, 0)  # no national holiday that week


@pytest.fixture
def office(ctx, clock):
    """Demo staff; the clock on a Monday morning in office time."""
    clock.set(*MONDAY)
    seed(ctx)
    return ctx


def _make(**fields) -> Complaint:
    complaint = complaints.create_complaint(**{"channel": "kiosk", "category": "lainnya", **fields})
    db.session.commit()
    return complaint


def _visible_codes(username: str) -> set[str]:
    rows = db.session.scalars(visible_complaints(user(username)))
    return {row.tracking_code for row in rows}


# --- taking in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("channel", ["kiosk", "counter", "field"])
def test_every_channel_makes_an_anonymous_complaint_with_history(office, channel):
    complaint = _make(channel=channel, category="diminta_membayar", text="Diminta Rp50.000")
    assert complaint.channel == channel and complaint.state == "baru"
    assert complaint.asked_to_pay is True  # the category says so even without the tick
    assert complaint.reporter_name is None and complaint.reporter_phone is None
    assert complaint.about_officer is False and complaint.version == 1
    assert [(h.kind, h.state, h.value) for h in complaint.history] == [("created", "baru", channel)]


def test_phone_needs_consent_and_digits(office):
    with pytest.raises(complaints.InvalidComplaint) as refused:
        _make(reporter_phone="0812 3456 7890")
    assert set(refused.value.errors) == {"phone_consent"}
    with pytest.raises(complaints.InvalidComplaint) as refused:
        _make(reporter_phone="12ab", phone_consent=True)
    assert set(refused.value.errors) == {"reporter_phone"}
    kept = _make(reporter_phone="0812-3456-7890", phone_consent=True, reporter_name=" Siti  A ")
    assert (kept.reporter_phone, kept.phone_consent, kept.reporter_name) == (
        "081234567890",
        True,
        "Siti A",
    )


def test_unknown_category_and_channel_are_refused(office):
    with pytest.raises(complaints.InvalidComplaint) as refused:
        complaints.create_complaint(channel="fax", category="korupsi")
    assert set(refused.value.errors) == {"category", "channel"}
    assert db.session.scalar(select(Complaint.id)) is None


def test_the_same_kiosk_form_twice_makes_one_complaint(office):
    first = _make(request_token="tok-1")
    again = _make(request_token="tok-1")
    assert again.id == first.id
    assert len(db.session.scalars(select(Complaint)).all()) == 1


def test_codes_never_collide_with_files_tickets_or_complaints(office, monkeypatch):
    ticket = issue_ticket("ktp-baru")
    earlier = _make()
    fresh = group("0000000001" + check_symbol("0000000001"))
    codes = iter([ticket.tracking_code, earlier.tracking_code, fresh])
    monkeypatch.setattr(complaints, "new_code", lambda: next(codes))
    assert _make().tracking_code == fresh
    assert complaints.complaint_code_in_use(ticket.tracking_code)
    assert complaints.complaint_code_in_use(earlier.tracking_code)
    with pytest.raises(complaints.InvalidComplaint) as refused:  # a tablet's code already taken
        _make(channel="field", tracking_code=earlier.tracking_code)
    assert set(refused.value.errors) == {"tracking_code"}


def test_answer_deadline_counts_working_days_over_holidays(office):
    assert _make(category="diminta_membayar").due_date == dt.date(2026, 2, 4)  # Mon + 2
    assert _make(category="pelayanan_lambat").due_date == dt.date(2026, 2, 9)  # over a weekend
    add_local_holiday(current_office().id, dt.date(2026, 2, 3), "Hari jadi desa")
    assert _make(category="diminta_membayar").due_date == dt.date(2026, 2, 5)


# --- handling -----------------------------------------------------------------------------------


def test_assign_answer_close_each_recorded(office):
    complaint = _make()
    kepala = user("kepala")
    complaints.assign(complaint, user("petugas2").id, kepala, expected_version=1)
    assert (complaint.state, complaint.assigned_to_id) == ("diproses", user("petugas2").id)
    complaints.answer(complaint, "Sudah kami tegur.", user("petugas2"), expected_version=2)
    assert complaint.state == "dijawab" and complaint.answered_by_id == user("petugas2").id
    complaints.close(complaint, kepala, expected_version=3)
    assert complaint.state == "selesai" and complaint.version == 4
    kinds = [(h.kind, h.state) for h in complaint.history]
    assert kinds == [
        ("created", "baru"),
        ("assigned", "diproses"),
        ("answer", "dijawab"),
        ("state", "selesai"),
    ]
    with pytest.raises(complaints.ComplaintStepRefused):
        complaints.answer(complaint, "lagi", kepala)


def test_a_stale_page_is_refused_and_nothing_is_saved(office):
    complaint = _make()
    complaints.answer(complaint, "Jawaban pertama", user("petugas1"), expected_version=1)
    with pytest.raises(complaints.ComplaintChanged) as stale:
        complaints.answer(complaint, "Jawaban kedua", user("petugas2"), expected_version=1)
    assert stale.value.status == 409
    db.session.refresh(complaint)
    assert complaint.answer == "Jawaban pertama" and complaint.version == 2


def test_a_lost_race_is_a_conflict(office):
    """Read at version 1; another officer's change lands first: the conditional UPDATE finds
    no row, so nothing of ours is saved."""
    complaint = _make()
    assert complaint.version == 1  # loaded now, before the other change
    with db.engine.begin() as other:
        table = Complaint.__table__
        other.execute(update(table).where(table.c.id == complaint.id).values(version=2))
    with pytest.raises(complaints.ComplaintChanged):
        complaints.answer(complaint, "Di sesi ini", user("petugas1"))
    db.session.refresh(complaint)
    assert complaint.answer is None


def test_closing_needs_an_answer_and_an_answer_needs_words(office):
    complaint = _make()
    with pytest.raises(complaints.ComplaintStepRefused):
        complaints.close(complaint, user("kepala"))
    with pytest.raises(complaints.InvalidComplaint):
        complaints.answer(complaint, "   ", user("kepala"))


def test_history_is_append_only(office):
    complaint = _make()
    entry = complaint.history[0]
    with pytest.raises((DatabaseError, RuntimeError, ValueError)):
        entry.note = "diubah"
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(ComplaintHistory.note)) is None


# --- who sees what ------------------------------------------------------------------------------


def test_a_complaint_naming_an_officer_is_for_kepala_and_admin_only(office):
    plain = _make()
    by_account = _make(officer_name="Loket 1")  # petugas1 works at Loket 1: found by counter
    by_name_only = _make(officer_name="pak petugas2 yang di depan")  # no account match: by name
    assert by_account.officer_id == user("petugas1").id and by_account.about_officer
    assert by_name_only.officer_id is None and by_name_only.about_officer
    everything = {plain.tracking_code, by_account.tracking_code, by_name_only.tracking_code}
    assert _visible_codes("kepala") == everything
    assert _visible_codes("admin") == everything
    assert _visible_codes("petugas1") == {plain.tracking_code}
    assert _visible_codes("petugas2") == {plain.tracking_code}
    assert _visible_codes("lapangan") == set()
    with pytest.raises(UnknownComplaint):
        find_visible(user("petugas1"), by_account.id)
    assert state_counts(user("petugas1"))["baru"] == 1
    assert state_counts(user("kepala"))["baru"] == 3
    found = complaint_list(user("petugas1"), Filters(code=by_account.tracking_code))
    assert found == []  # search by code finds nothing hidden


def test_the_named_kepala_does_not_see_it_either(office):
    about_kepala = _make(officer_id=user("kepala").id)
    assert about_kepala.tracking_code not in _visible_codes("kepala")
    assert about_kepala.tracking_code in _visible_codes("admin")


def test_assignment_only_to_someone_who_may_see_it(office):
    sensitive = _make(officer_id=user("petugas1").id)
    handlers = {officer.username for officer in complaints.handlers_for(sensitive)}
    assert handlers == {"admin", "kepala"}
    with pytest.raises(complaints.InvalidComplaint):
        complaints.assign(sensitive, user("petugas1").id, user("kepala"))
    plain = _make()
    assert {"petugas1", "petugas2"} <= {o.username for o in complaints.handlers_for(plain)}


def test_list_filters(office, clock):
    paid = _make(category="diminta_membayar")
    slow = _make(category="pelayanan_lambat")
    complaints.answer(slow, "Sudah selesai", user("kepala"))
    kepala = user("kepala")
    assert complaint_list(kepala, Filters(category="pelayanan_lambat")) == [slow]
    assert complaint_list(kepala, Filters(state="baru")) == [paid]
    clock.set(2026, 2, 5, 9, 0)  # past the pungli deadline (4 Feb), before the other one
    assert complaint_list(kepala, Filters(overdue=True)) == [paid]
    assert state_counts(kepala)["terlambat"] == 1


# --- public status and receipt -----------------------------------------------------------------


def test_public_status_has_no_reporter_or_officer(office):
    complaint = _make(
        category="diminta_membayar",
        reporter_name="Siti Aminah",
        reporter_phone="081234567890",
        phone_consent=True,
        officer_id=user("petugas1").id,
        officer_name="Budi",
    )
    complaints.assign(complaint, user("kepala").id, user("admin"))
    complaints.answer(complaint, "Uang dikembalikan.", user("kepala"))
    shown = complaint_status(complaint)
    assert set(shown) == {
        "tracking_code",
        "category",
        "category_label",
        "state",
        "state_label",
        "received_on",
        "due_date",
        "overdue",
        "answer",
        "answered_on",
        "closed",
        "timeline",
    }
    assert shown["answer"] == "Uang dikembalikan." and shown["state"] == "dijawab"
    assert [step["state"] for step in shown["timeline"]] == ["baru", "diproses", "dijawab"]
    text = repr(shown)
    for private in ("Siti", "0812", "Budi", "Petugas", "Kepala", "Admin"):
        assert private not in text


def test_receipt_prints_the_code_and_never_a_name(office):
    from kiosk.complaints.receipt import complaint_print_state, print_complaint_receipt

    complaint = _make(reporter_name="Siti Aminah", officer_name="Budi")
    printer.clear_recorded_jobs()
    job = print_complaint_receipt(complaint, "dummy:")
    assert complaint_print_state(complaint) == "printed"
    assert db.session.get(PrintJob, job.id).kind == "complaint"
    (sent,) = printer.recorded_jobs()
    assert complaint.tracking_code.encode() in sent
    assert b"GRATIS" in sent and b"Siti" not in sent and b"Budi" not in sent
