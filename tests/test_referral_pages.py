"""The referral screens: "Rujuk" from a household, follow up and answer on the referral's page
(a stale form is a 409 with the message, a bad date a 422), the list's filters, and the
suggestions page's two buttons."""

from __future__ import annotations

import re

from referral_support import HEAD as FAMILY_HEAD
from sqlalchemy import select
from staff_support import csrf_from, login, seed

from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import DataAccess, Referral, WelfareSuggestion

HEAD = {
    **FAMILY_HEAD,
    "address": "Krajan",
    "dusun": "Krajan",
    "rt": "002",
    "relation": "kepala_keluarga",
}
GRANDMOTHER = {"name": "Mbah Painem", "nik_absent": "belum_punya", "relation": "orang_tua"}


def household_uuid(app) -> str:
    with app.test_request_context():
        case = files.accept_file(
            tracking_code=None,
            service_code="akta-kematian",
            applicant=HEAD,
            received=[],
            missing=[],
            subject=GRANDMOTHER,
        )
        return case.applicant.household.uuid


def test_refer_follow_up_and_answer_on_the_pages(app):
    seed(app)
    home = household_uuid(app)
    staff = app.test_client()
    login(staff, "petugas1")
    page = staff.get(f"/keluarga/{home}")
    assert page.status_code == 200 and "data-household-referrals" in page.text
    assert "Lapor peserta PBI-JK meninggal" in page.text  # the death's suggestion shows there
    form = staff.get(f"/puskesos/rujukan/keluarga/{home}")
    token = csrf_from(form.text)
    refused = staff.post(
        f"/puskesos/rujukan/keluarga/{home}",
        data={"csrf_token": token, "program": "", "sent_to": "lainnya"},
    )
    assert refused.status_code == 422
    assert "Pilih program." in refused.text and "Tulis ke mana rujukan dikirim." in refused.text
    made = staff.post(
        f"/puskesos/rujukan/keluarga/{home}",
        data={"csrf_token": token, "program": "rtlh", "note": "Atap bocor"},
    )
    assert made.status_code == 302
    page = staff.get(made.headers["Location"])
    detail = made.headers["Location"].split("?")[0]
    assert "Rujukan dicatat." in page.text and "RTLH (bedah rumah)" in page.text
    step = {"csrf_token": token, "version": "1", "heard": "Sudah disurvei", "next_on": "2026-12-07"}
    assert staff.post(f"{detail}/tindak-lanjut", data=step).status_code == 302
    stale = staff.post(f"{detail}/tindak-lanjut", data=step)
    assert stale.status_code == 409 and "baru saja diubah petugas lain" in stale.text
    bad_day = staff.post(f"{detail}/jawaban", data={**step, "version": "2", "answer": "x"})
    assert bad_day.status_code == 422 and "Pilih jawabannya." in bad_day.text
    answer = {"csrf_token": token, "version": "2", "answer": "diterima"}
    assert staff.post(f"{detail}/jawaban", data=answer).status_code == 302
    page = staff.get(detail)
    assert re.findall(r'data-step="(\w+)"', page.text) == ["dikirim", "tindak_lanjut", "jawaban"]
    assert 'data-form="answer"' not in page.text  # closed: no more forms
    listed = staff.get("/puskesos/rujukan?program=rtlh&state=diterima&dusun=Krajan")
    assert re.findall(r'data-referral="(\d+)"', listed.text) == [detail.rsplit("/", 1)[1]]
    assert 'data-referral="' not in staff.get("/puskesos/rujukan?terlambat=1").text


def test_suggestions_are_accepted_or_dismissed_once(app):
    seed(app)
    household_uuid(app)
    staff = app.test_client()
    login(staff, "petugas1")
    page = staff.get("/puskesos/rujukan/usulan")
    (suggestion_id,) = re.findall(r'data-suggestion="(\d+)"', page.text)
    token = csrf_from(page.text)
    url = f"/puskesos/rujukan/usulan/{suggestion_id}"
    no_reason = staff.post(f"{url}/abaikan", data={"csrf_token": token, "version": "1"})
    assert no_reason.status_code == 422 and "Tulis alasan" in no_reason.text
    accepted = staff.post(f"{url}/terima", data={"csrf_token": token, "version": "1"})
    assert accepted.status_code == 200 and "Usulan diterima." in accepted.text
    again = staff.post(f"{url}/abaikan", data={"csrf_token": token, "version": "1", "reason": "x"})
    assert again.status_code == 409
    with app.app_context():
        suggestion = app.extensions["sqlalchemy"].session.get(WelfareSuggestion, int(suggestion_id))
        assert suggestion.state == "diterima"
        assert suggestion.referral.program == "pbi_hapus"
        assert isinstance(suggestion.referral, Referral)


def test_desk_home_shows_suggestions_counts_and_overdue_follow_ups(app):
    from kiosk.welfare.referrals.demo import seed_referral_demo

    seed(app)
    with app.test_request_context():
        seed_referral_demo()
    staff = app.test_client()
    login(staff, "petugas1")
    home = staff.get("/puskesos")
    assert home.status_code == 200
    block = home.text.split("data-home-overdue", 1)[1]
    assert len(re.findall(r'data-referral="\d+"', block)) == 1  # the PBI-JK one, overdue
    assert 'data-program-count="pbi_baru">PBI-JK baru (KIS gratis): 1 (1 lewat)' in block
    assert 'data-program-count="lansia">Bantuan lansia (ATENSI / asistensi lansia): 1<' in block
    suggested = home.text.split("data-home-referrals", 1)[1].split("data-home-overdue")[0]
    assert re.findall(r'data-kind="(\w+)"', suggested) == ["pbi_penghapusan"]


def test_opening_a_referral_is_in_the_access_log(app):
    """One row per look at a referral's page, with the staff member and the referral."""
    seed(app)
    home = household_uuid(app)
    staff = app.test_client()
    login(staff, "petugas1")
    form = staff.get(f"/puskesos/rujukan/keluarga/{home}")
    made = staff.post(
        f"/puskesos/rujukan/keluarga/{home}",
        data={"csrf_token": csrf_from(form.text), "program": "rtlh"},
    )
    detail = made.headers["Location"].split("?")[0]
    referral_id = int(detail.rsplit("/", 1)[1])
    with app.app_context():
        assert db.session.scalars(select(DataAccess)).all() == []
    assert staff.get(detail).status_code == 200
    with app.app_context():
        log = db.session.scalars(select(DataAccess)).all()
        assert [(e.kind, e.user.username, e.referral_id) for e in log] == [
            ("referral", "petugas1", referral_id)
        ]
    admin = app.test_client()
    login(admin, "admin")
    page = admin.get("/admin/akses-data")
    assert "Membuka data rujukan" in page.text and f"Rujukan #{referral_id}" in page.text
