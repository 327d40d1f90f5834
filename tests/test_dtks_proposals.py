"""DTKS proposals from every door: the desk's propose(), a file taken in at the counter, and
the list for the village meeting."""

from __future__ import annotations

import pytest
from dtks_support import household

from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import CaseFile, DtksProposal
from kiosk.welfare.dtks.service import (
    InvalidProposal,
    ProposalExists,
    listed_for_meeting,
    open_proposal,
    proposal_of,
    propose,
)

pytestmark = pytest.mark.data_layer


def test_propose_opens_a_file_with_its_proposal(ctx):
    home = household("Siti Aminah", others=(("Budi", "anak"),))
    case = propose(home, "baru", None, channel="desk", note="Suami sakit, tidak bekerja")
    assert isinstance(case, CaseFile)
    assert (case.workflow, case.status, case.ticket_id) == ("dtks", "diusulkan", None)
    assert case.subject_household_id == home.id and case.applicant.name == "Siti Aminah"
    assert case.tracking_code and [h.status for h in case.history] == ["diusulkan"]
    proposal = proposal_of(case)
    assert (proposal.kind, proposal.channel, proposal.household_id) == ("baru", "desk", home.id)
    assert open_proposal(home.id) == proposal


def test_one_open_proposal_per_household(ctx):
    home = household()
    propose(home, "baru", None, channel="desk")
    with pytest.raises(ProposalExists):
        propose(home, "perubahan", None, channel="desk")


def test_a_removal_needs_its_reason(ctx):
    home = household()
    with pytest.raises(InvalidProposal):
        propose(home, "penghapusan", None, channel="desk")
    with pytest.raises(InvalidProposal):
        propose(home, "hapus", None, channel="desk")
    case = propose(home, "penghapusan", None, channel="field", removal_reason="meninggal")
    assert proposal_of(case).removal_reason == "meninggal"
    assert case.source == "field"


def test_a_closed_proposal_is_not_open(ctx):
    home = household()
    case = propose(home, "baru", None, channel="desk")
    files.change_status(case, "diverifikasi", None, None, via="visit")
    files.change_status(case, "masuk_daftar_musyawarah", None, None)
    files.change_status(case, "tidak_disepakati_musyawarah", "Mampu", None, via="meeting")
    assert open_proposal(home.id) is None
    assert propose(home, "baru", None, channel="desk").status == "diusulkan"


def test_counter_intake_makes_the_proposal(ctx):
    case = files.accept_file(
        tracking_code=None,
        service_code="dtks",
        applicant={"name": "Siti Aminah", "nik_absent": "belum_punya", "address": "Krajan"},
        received=["kk", "ktp"],
        missing=[],
    )
    assert case.workflow == "dtks" and case.status == "diusulkan"
    proposal = proposal_of(case)
    assert (proposal.kind, proposal.channel) == ("baru", "counter")
    assert proposal.household_id == case.subject_household_id is not None


def test_counter_intake_for_a_family_with_a_running_proposal_is_refused(ctx):
    def take_in(name: str) -> CaseFile:
        return files.accept_file(
            tracking_code=None,
            service_code="dtks",
            applicant={
                "name": name,
                "nik_absent": "belum_punya",
                "kk": "3201011508100099",
                "address": "Krajan",
            },
            received=["kk", "ktp"],
            missing=[],
        )

    first = take_in("Siti Aminah")
    code = first.tracking_code
    with pytest.raises(ProposalExists, match=code):
        take_in("Slamet")
    db.session.rollback()
    assert db.session.query(CaseFile).filter_by(workflow="dtks").count() == 1


def test_the_meeting_list_by_dusun_rt_and_name(ctx):
    homes = [
        household("Wati", dusun="Krajan", rt="002"),
        household("Ani", dusun="Krajan", rt="002"),
        household("Yanto", dusun="Krajan", rt="001"),
        household("Bambang", dusun="Sumber", rt="001"),
        household("Citra", dusun="Krajan", rt="001"),  # proposed, not listed
    ]
    for home in homes:
        case = propose(home, "baru", None, channel="desk")
        if home is not homes[-1]:
            files.change_status(case, "diverifikasi", None, None, via="visit")
            files.change_status(case, "masuk_daftar_musyawarah", None, None)
    office = homes[0].office_id
    names = [p.file.applicant.name for p in listed_for_meeting(office)]
    assert names == ["Yanto", "Ani", "Wati", "Bambang"]
    krajan_2 = listed_for_meeting(office, dusun="Krajan", rt="002")
    assert [p.file.applicant.name for p in krajan_2] == ["Ani", "Wati"]
    assert all(isinstance(p, DtksProposal) for p in listed_for_meeting(office))


def test_the_demo_fills_every_stage(ctx):
    from kiosk.demo import seed_staff
    from kiosk.welfare.dtks.demo import FAMILIES, seed_dtks_demo
    from kiosk.welfare.dtks.stages import stage_counts

    seed_staff()
    assert seed_dtks_demo() == f"Seeded {len(FAMILIES)} DTKS proposals."
    counts = stage_counts(None)
    assert set(counts) == {stage for *_rest, stage in FAMILIES}
    assert seed_dtks_demo() == ""  # once
