"""SLRT referrals: sent with a default follow-up day, followed up, answered; every step in the
append-only history; a stale form is a 409; the overdue list reads the office's today."""

from __future__ import annotations

import datetime as dt

import pytest
from referral_support import HEAD
from sqlalchemy import select
from staff_support import seed, user

from kiosk.db import AppendOnlyError
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import ReferralHistory
from kiosk.welfare.referrals import service as referrals

pytestmark = pytest.mark.data_layer

NOV_23 = dt.date(2026, 11, 23)


def family():
    """A household (through a KIS file taken in for it) and its head."""
    case = files.accept_file(
        tracking_code=None,
        service_code="kis",
        applicant=HEAD,
        received=["ktp-fotokopi", "kk-fotokopi"],
        missing=[],
    )
    return case.applicant.household, case.applicant


def steps(referral) -> list[tuple]:
    rows = db.session.scalars(
        select(ReferralHistory)
        .where(ReferralHistory.referral_id == referral.id)
        .order_by(ReferralHistory.id)
    )
    return [(r.kind, r.state, r.on_date, r.next_on, r.note) for r in rows]


def test_referral_is_sent_followed_up_and_answered_with_its_history(app, ctx):
    seed(app)
    officer = user("petugas1")
    home, head = family()
    made = referrals.create_referral(home, "pkh", officer, person=head, note="Lansia di rumah")
    assert (made.sent_to, made.sent_on, made.follow_up_on) == (
        "pendamping_pkh",
        NOV_23,
        NOV_23 + dt.timedelta(days=30),
    )
    next_ask = dt.date(2026, 12, 7)
    referrals.log_follow_up(
        made,
        officer,
        on_date=NOV_23,
        heard="Masih diverifikasi",
        next_on=next_ask,
        expected_version=1,
    )
    assert (made.follow_up_on, made.version) == (next_ask, 2)
    referrals.answer_referral(
        made,
        officer,
        answer="ditolak",
        on_date=NOV_23,
        note="Sudah menerima BPNT",
        expected_version=2,
    )
    assert (made.state, made.follow_up_on, made.answered_on) == ("ditolak", None, NOV_23)
    assert steps(made) == [
        ("dikirim", "menunggu", NOV_23, NOV_23 + dt.timedelta(days=30), "Lansia di rumah"),
        ("tindak_lanjut", "menunggu", NOV_23, next_ask, "Masih diverifikasi"),
        ("jawaban", "ditolak", NOV_23, None, "Sudah menerima BPNT"),
    ]
    with pytest.raises(referrals.ReferralClosed):
        referrals.log_follow_up(made, officer, on_date=NOV_23, heard="x", next_on=next_ask)
    row = db.session.scalars(select(ReferralHistory)).first()
    row.note = "diubah"
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()


def test_a_stale_form_is_refused_and_nothing_is_saved(app, ctx):
    seed(app)
    officer = user("petugas1")
    home, _head = family()
    made = referrals.create_referral(home, "rtlh", officer)
    referrals.log_follow_up(
        made,
        officer,
        on_date=NOV_23,
        heard="Belum ada kabar",
        next_on=dt.date(2026, 12, 1),
        expected_version=1,
    )
    with pytest.raises(referrals.ReferralChanged) as refused:
        referrals.answer_referral(
            made, officer, answer="diterima", on_date=NOV_23, note=None, expected_version=1
        )
    assert refused.value.status == 409
    assert made.state == "menunggu" and len(steps(made)) == 2


def test_bad_referral_data_names_each_field_and_follow_ups_fall_on_working_days(app, ctx):
    seed(app)
    officer = user("petugas1")
    home, _head = family()
    with pytest.raises(referrals.InvalidReferral) as refused:
        referrals.create_referral(
            home, "tidak-ada", officer, sent_to="lainnya", sent_on=NOV_23 + dt.timedelta(days=1)
        )
    assert set(refused.value.errors) == {"program", "sent_to_other", "sent_on"}
    saturday = dt.date(2026, 11, 21)  # + 14 days is a Saturday too: asked again on Monday
    made = referrals.create_referral(home, "pbi_baru", officer, sent_on=saturday)
    assert made.follow_up_on == dt.date(2026, 12, 7)
    with pytest.raises(referrals.InvalidReferral) as refused:
        referrals.answer_referral(made, officer, answer="ditolak", on_date=NOV_23, note=" ")
    assert set(refused.value.errors) == {"note"}
    with pytest.raises(referrals.InvalidReferral) as refused:
        referrals.log_follow_up(made, officer, on_date=NOV_23, heard="", next_on=NOV_23)
    assert set(refused.value.errors) == {"heard", "next_on"}


def test_overdue_follow_ups_follow_the_office_clock(app, ctx, clock):
    seed(app)
    officer = user("petugas1")
    home, _head = family()
    soon = referrals.create_referral(home, "sembako", officer, follow_up_on=dt.date(2026, 11, 25))
    later = referrals.create_referral(home, "lansia", officer, follow_up_on=dt.date(2026, 11, 30))
    done = referrals.create_referral(home, "kip", officer, follow_up_on=dt.date(2026, 11, 24))
    referrals.answer_referral(done, officer, answer="tidak_ada_kabar", on_date=NOV_23, note=None)
    assert referrals.overdue_referrals() == []
    clock.set(2026, 11, 26, 8, 0)  # the follow-up day of `soon` has passed, not `later`'s
    assert referrals.overdue_referrals() == [soon]
    assert referrals.list_referrals(overdue=True, today=dt.date(2026, 12, 1)) == [soon, later]
    assert referrals.open_counts() == [
        {"code": "sembako", "waiting": 1, "overdue": 1},
        {"code": "lansia", "waiting": 1, "overdue": 0},
    ]
    assert referrals.list_referrals(program="kip") == [done]
    assert referrals.list_referrals(state="menunggu", dusun="Tidak ada") == []


def test_demo_has_every_state_one_overdue_and_one_suggestion_once(app, ctx):
    from kiosk.welfare.referrals.demo import seed_referral_demo
    from kiosk.welfare.referrals.suggestions import new_suggestions

    seed(app)
    seed_referral_demo()
    assert sorted(r.state for r in referrals.list_referrals()) == [
        "diterima",
        "ditolak",
        "menunggu",
        "menunggu",
        "tidak_ada_kabar",
    ]
    assert [r.program for r in referrals.overdue_referrals()] == ["pbi_baru"]
    assert [s.kind for s in new_suggestions()] == ["pbi_penghapusan"]
    assert seed_referral_demo() == "Referrals already seeded."
    assert len(referrals.list_referrals()) == 5
