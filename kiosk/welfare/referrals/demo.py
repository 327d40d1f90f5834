"""Demo referrals: two families with referrals in every state (one overdue) and one suggestion
(a grandmother's death certificate), and a third family visited for DTKS (so a death recorded
there suggests a DTKS removal). Made once; a second run changes nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from kiosk import clock
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import HouseholdVisit, Referral, User
from kiosk.welfare.referrals import service as referrals

FAMILIES = (
    {
        "nik": "3509121203700001",
        "name": "Sumarno",
        "kk": "3509120101100003",
        "address": "Jl. Kenanga 4",
        "dusun": "Krajan",
        "rt": "002",
        "rw": "001",
        "sex": "L",
        "birth_date": "1970-03-12",
        "relation": "kepala_keluarga",
    },
    {
        "nik": "3509124406820002",
        "name": "Warsini",
        "kk": "3509120202120004",
        "address": "Dusun Sumberejo",
        "dusun": "Sumberejo",
        "rt": "004",
        "rw": "002",
        "sex": "P",
        "birth_date": "1982-06-04",
        "relation": "kepala_keluarga",
    },
)
# Visited for DTKS last month (kepala dusun's tablet); no referrals yet.
VISITED = {
    "nik": "3509120508650003",
    "name": "Suparman",
    "kk": "3509120303090005",
    "address": "Dusun Krajan",
    "dusun": "Krajan",
    "rt": "003",
    "rw": "001",
    "sex": "L",
    "birth_date": "1965-08-05",
    "relation": "kepala_keluarga",
}
VISIT_UUID = "5b0f3c1e-7d8a-4a52-9d3e-2f6a1c9b8e07"
GRANDMOTHER = {"name": "Mbah Painem", "nik_absent": "belum_punya", "relation": "orang_tua"}


def seed_referral_demo() -> str:
    """Referrals in each state and one suggestion, unless referrals exist already."""
    if db.session.scalar(select(func.count(Referral.id))):
        return "Referrals already seeded."
    officer = db.session.scalar(select(User).where(User.username == "petugas1"))
    today = clock.today()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    sumarno = _family(FAMILIES[0])
    warsini = _family(FAMILIES[1])
    home = sumarno.applicant.household
    late = referrals.create_referral(
        home, "pbi_baru", officer, sent_on=ago(40), follow_up_on=ago(26), file=sumarno
    )
    referrals.log_follow_up(
        late, officer, on_date=ago(26), heard="Dinsos: masih antre verifikasi", next_on=ago(5)
    )
    referrals.create_referral(home, "lansia", officer, sent_on=ago(3), note="Ibu sudah 78 tahun")
    pkh = referrals.create_referral(warsini.applicant.household, "pkh", officer, sent_on=ago(60))
    referrals.answer_referral(pkh, officer, answer="diterima", on_date=ago(20), note=None)
    rtlh = referrals.create_referral(warsini.applicant.household, "rtlh", officer, sent_on=ago(90))
    referrals.answer_referral(
        rtlh, officer, answer="ditolak", on_date=ago(30), note="Kuota tahun ini sudah penuh"
    )
    kip = referrals.create_referral(home, "kip", officer, sent_on=ago(120))
    referrals.answer_referral(kip, officer, answer="tidak_ada_kabar", on_date=ago(45), note=None)
    files.accept_file(
        tracking_code=None,
        service_code="akta-kematian",
        applicant=FAMILIES[0],
        received=["kk", "surat-kematian-desa"],
        missing=[],
        subject=GRANDMOTHER,
        user=None,
    )
    _visited_family(officer)
    return "Seeded 5 referrals (one overdue) and a suggestion."


def _visited_family(officer: User | None) -> None:
    """A family with a DTKS verification visit on record."""
    home = _family(VISITED).applicant.household
    visit = HouseholdVisit(
        uuid=VISIT_UUID,
        household_id=home.id,
        criteria_version=1,
        outcome="ditemui",
        criteria_met=[],
        visited_at=clock.now() - dt.timedelta(days=30),
        officer_id=officer.id if officer else None,
    )
    if home.office_id is not None:
        visit.office_id = home.office_id
    db.session.add(visit)
    db.session.commit()


def _family(head: dict):
    """A family's KIS file (which records the family and its head)."""
    return files.accept_file(
        tracking_code=None,
        service_code="kis",
        applicant=head,
        received=["ktp-fotokopi", "kk-fotokopi"],
        missing=[],
    )
