"""Suggestions from file events: a death → DTKS (with DTKS history) and PBI removal, once; a
newborn's akta → the baby onto the family's KIS; a welfare applicant without a KTP → adminduk.
Accepting makes the referral; dismissing keeps the reason; a second hand is a 409."""

from __future__ import annotations

import datetime as dt

import pytest
from referral_support import HEAD
from sqlalchemy import select
from staff_support import seed, user

from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.files.events import file_accepted
from kiosk.models import HouseholdVisit, WelfareSuggestion
from kiosk.welfare.dtks.service import proposal_of
from kiosk.welfare.referrals import suggestions

pytestmark = pytest.mark.data_layer

GRANDMOTHER = {
    "name": "Mbah Painem",
    "nik": "3509125507400002",
    "sex": "P",
    "birth_date": "1940-07-15",
    "relation": "orang_tua",
}
BABY = {"name": "Bayi Sumarno", "nik_absent": "belum_punya", "birth_date": "2026-11-10"}


def take_in(service: str, applicant=HEAD, received=(), **extra):
    return files.accept_file(
        tracking_code=None,
        service_code=service,
        applicant=applicant,
        received=list(received),
        missing=[],
        **extra,
    )


def found() -> list[tuple]:
    rows = db.session.scalars(select(WelfareSuggestion).order_by(WelfareSuggestion.id))
    return [(s.kind, s.person.name, s.state) for s in rows]


def visited(home) -> None:
    db.session.add(
        HouseholdVisit(
            uuid="6f1c1a52-4c7e-4c53-8b6a-0d5c1f8f7a01",
            household_id=home.id,
            criteria_version=1,
            outcome="ditemui",
            criteria_met=[],
            visited_at=dt.datetime(2026, 10, 1, 3, 0, tzinfo=dt.UTC),
        )
    )
    db.session.commit()


def test_a_death_suggests_dtks_and_pbi_removal_once(ctx):
    family = take_in("kis", received=["ktp-fotokopi", "kk-fotokopi"])
    visited(family.applicant.household)
    death = take_in("akta-kematian", subject=GRANDMOTHER)
    assert found() == [
        ("dtks_penghapusan", "Mbah Painem", "baru"),
        ("pbi_penghapusan", "Mbah Painem", "baru"),
    ]
    file_accepted.send(death, user=None)  # a replayed event adds nothing
    db.session.commit()
    assert len(found()) == 2
    assert {s.household_id for s in suggestions.new_suggestions()} == {family.subject_household_id}


def test_without_dtks_history_a_death_suggests_only_the_pbi_removal(ctx):
    take_in("akta-kematian", subject=GRANDMOTHER)
    assert found() == [("pbi_penghapusan", "Mbah Painem", "baru")]


def test_a_newborn_suggests_the_family_kis_and_a_late_adult_birth_does_not(ctx):
    take_in("akta-kelahiran", subject={**BABY, "relation": "anak"})
    adult = {"name": "Sarinah", "nik_absent": "belum_punya", "birth_date": "1990-01-02"}
    take_in("akta-kelahiran", applicant={**HEAD, **adult, "nik": None}, subject=None)
    assert found() == [("kis_bayi", "Bayi Sumarno", "baru")]


def test_no_ktp_at_the_welfare_desk_suggests_an_adminduk_file(ctx):
    take_in("kis", received=["ktp-fotokopi", "kk-fotokopi"])  # has a KTP: nothing
    no_nik = {"name": "Warsini", "nik_absent": "hilang", "address": "Dusun Krajan RT 03"}
    take_in("kis", applicant=no_nik, received=["surat-domisili", "kk-fotokopi"])
    take_in("sktm", applicant=no_nik, received=["kk-fotokopi"])  # not a welfare-desk file
    assert found() == [("berkas_adminduk", "Warsini", "baru")]


def test_accepting_makes_the_referral_and_dismissing_keeps_the_reason(app, ctx):
    seed(app)
    officer = user("petugas1")
    take_in("akta-kematian", subject=GRANDMOTHER)
    take_in("akta-kelahiran", subject={**BABY, "relation": "anak"})
    pbi, baby = suggestions.new_suggestions()
    suggestions.accept_suggestion(pbi, officer, expected_version=1)
    assert (pbi.state, pbi.referral.program, pbi.referral.person.name) == (
        "diterima",
        "pbi_hapus",
        "Mbah Painem",
    )
    assert pbi.referral.file_id == pbi.source_file_id and pbi.resolved_by_id == officer.id
    with pytest.raises(suggestions.SuggestionChanged):
        suggestions.dismiss_suggestion(pbi, officer, "dobel", expected_version=1)
    with pytest.raises(suggestions.ReasonRequired):
        suggestions.dismiss_suggestion(baby, officer, "  ", expected_version=1)
    suggestions.dismiss_suggestion(baby, officer, "Bayi sudah didaftarkan BPJS", expected_version=1)
    assert (baby.state, baby.note, baby.referral_id) == (
        "diabaikan",
        "Bayi sudah didaftarkan BPJS",
        None,
    )
    assert suggestions.new_suggestions() == []


def test_accepting_a_dtks_removal_opens_the_removal_proposal(app, ctx):
    seed(app)
    family = take_in("kis", received=["ktp-fotokopi", "kk-fotokopi"])
    visited(family.applicant.household)
    take_in("akta-kematian", subject=GRANDMOTHER)
    dtks = suggestions.new_suggestions()[0]
    assert dtks.kind == "dtks_penghapusan"
    suggestions.accept_suggestion(dtks, user("petugas1"), expected_version=1)
    proposal = proposal_of(dtks.result_file)
    assert (dtks.state, dtks.result_file.workflow) == ("diterima", "dtks")
    assert (proposal.kind, proposal.removal_reason, proposal.channel) == (
        "penghapusan",
        "meninggal",
        "desk",
    )
    assert proposal.household_id == family.subject_household_id
