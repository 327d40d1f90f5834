"""The steps of a DTKS proposal: the desk's visit, the meeting list (one and a whole area),
the kind, entry into SIKS-NG, the outcome and the objection, each in the file's history."""

from __future__ import annotations

import datetime as dt

import pytest
from dtks_support import household
from staff_support import seed, user

from kiosk import clock
from kiosk.files import service as files
from kiosk.models import HouseholdVisit
from kiosk.welfare.dtks import steps
from kiosk.welfare.dtks.service import proposal_of, propose

pytestmark = pytest.mark.data_layer


@pytest.fixture
def officer(app):
    seed(app)
    with app.test_request_context():
        yield user("petugas1")


def _visited(officer, home=None, **extra):
    case = propose(home or household(), "baru", officer, channel="desk")
    steps.record_visit(
        case,
        officer,
        outcome=extra.get("outcome", "ditemui"),
        criteria_met=extra.get("criteria", ["k01", "k04", "k10"]),
        note="Rumah bambu",
        visited_on=clock.today(),
    )
    return case


def test_the_desk_records_the_visit_and_it_verifies_the_proposal(officer):
    case = _visited(officer)
    visit = proposal_of(case).visit
    assert isinstance(visit, HouseholdVisit) and visit.device_id is None
    assert (visit.officer_id, visit.criteria_version) == (officer.id, 1)
    assert visit.criteria_met == ["k01", "k04", "k10"]
    assert case.status == "diverifikasi"
    assert "3 kriteria" in case.history[-1].note


def test_a_visit_that_met_nobody_verifies_nothing(officer):
    case = _visited(officer, outcome="tidak_ditemui", criteria=[])
    assert case.status == "diusulkan" and proposal_of(case).visit is None


def test_a_visit_refuses_unknown_criteria_future_days_and_verified_files(officer):
    case = propose(household(), "baru", officer, channel="desk")
    tomorrow = clock.today() + dt.timedelta(days=1)
    for outcome, criteria, day in (
        ("ditemui", ["k99"], clock.today()),
        ("ditemui", [], tomorrow),
        ("entah", [], clock.today()),
    ):
        with pytest.raises(steps.InvalidStep):
            steps.record_visit(
                case, officer, outcome=outcome, criteria_met=criteria, note=None, visited_on=day
            )
    verified = _visited(officer)
    with pytest.raises(steps.StepRefused):
        steps.record_visit(
            verified,
            officer,
            outcome="ditemui",
            criteria_met=[],
            note=None,
            visited_on=clock.today(),
        )


def test_listing_one_and_a_whole_area(officer):
    krajan = [
        _visited(officer, household(f"Warga {n}", dusun="Krajan", rt="001")) for n in range(2)
    ]
    other = _visited(officer, household("Bambang", dusun="Sumber", rt="003"))
    unverified = propose(household("Citra", dusun="Krajan", rt="001"), "baru", None, channel="desk")
    assert steps.list_area(other.office_id, officer, dusun="Krajan", rt="001") == 2
    assert [c.status for c in krajan] == ["masuk_daftar_musyawarah"] * 2
    assert (other.status, unverified.status) == ("diverifikasi", "diusulkan")
    with pytest.raises(steps.StepRefused):
        steps.list_for_meeting(unverified, officer)
    steps.list_for_meeting(other, officer)
    assert other.status == "masuk_daftar_musyawarah"


def test_the_kind_is_set_before_the_meeting_list_only(officer):
    case = _visited(officer)
    steps.set_kind(case, "penghapusan", "pindah", officer)
    assert (proposal_of(case).kind, proposal_of(case).removal_reason) == ("penghapusan", "pindah")
    assert case.history[-1].note == "Jenis usulan: Penghapusan (pindah)"
    steps.list_for_meeting(case, officer)
    with pytest.raises(steps.StepRefused):
        steps.set_kind(case, "baru", None, officer)


def _agreed(officer, home=None):
    case = _visited(officer, home)
    steps.list_for_meeting(case, officer)
    # The village meeting's own service call (the meeting helper's step).
    files.change_status(case, "disepakati_musyawarah", None, officer, via="meeting")
    return case


def test_entered_outcome_and_objection_every_step_in_the_history(officer):
    case, not_agreed = _agreed(officer), _visited(officer)
    day = clock.today()
    assert steps.mark_entered([case, not_agreed], day, officer) == 1
    assert case.status == "diinput_siksng" and proposal_of(case).entered_on == day
    assert not_agreed.status == "diverifikasi"
    with pytest.raises(steps.InvalidStep):
        steps.record_outcome(case, "tidak_masuk", 3, day, officer)  # a decile only when in
    steps.record_outcome(case, "masuk", 3, day, officer)
    proposal = proposal_of(case)
    assert (proposal.outcome, proposal.decile, case.status) == ("masuk", 3, "masuk_dtsen")
    assert case.closed
    with pytest.raises(files.NoteRequired):
        steps.record_objection(case, " ", officer)
    steps.record_objection(case, "Desil keliru: keluarga lebih miskin", officer)
    assert case.status == "sanggahan" and not case.closed
    steps.list_for_meeting(case, officer)
    assert [h.status for h in case.history if h.kind == "status"] == [
        "diusulkan",
        "diverifikasi",
        "masuk_daftar_musyawarah",
        "disepakati_musyawarah",
        "diinput_siksng",
        "masuk_dtsen",
        "sanggahan",
        "masuk_daftar_musyawarah",
    ]


def test_not_yet_proposable_needs_a_reason_and_can_be_objected(officer):
    case = propose(household(), "baru", officer, channel="desk")
    with pytest.raises(files.NoteRequired):
        files.change_status(case, "belum_dapat_diusulkan", "", officer)
    files.change_status(case, "belum_dapat_diusulkan", "Sudah punya usaha tetap", officer)
    assert not case.closed
    steps.record_objection(case, "Usaha sudah tutup", officer)
    steps.list_for_meeting(case, officer)
    assert case.status == "masuk_daftar_musyawarah"
