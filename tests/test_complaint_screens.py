"""Complaint screens: the kiosk's few taps to a code and a receipt, the public status page, the
staff list, page and steps, and "Catat pengaduan" at the counter."""

from __future__ import annotations

import datetime as dt
import re
import socket

import pytest
from sqlalchemy import select
from staff_support import login, seed, user

import printer
from kiosk.complaints.receipt import print_complaint_receipt
from kiosk.complaints.service import create_complaint
from kiosk.extensions import db
from kiosk.models import Complaint, DataAccess, PrintJob
from kiosk.printers.service import failed_job, unresolved_failures
from kiosk.printing.jobs import reprint_job


@pytest.fixture
def staffed(app, clock):
    clock.set(2026, 2, 2, 9, 0)
    seed(app)
    return app


def _staff(app, username):
    browser = app.test_client()
    login(browser, username)
    return browser


def _kiosk_complaint(client, **fields) -> Complaint:
    form = {"kategori": "diminta_membayar", "token": "t-" + fields.pop("token", "1"), **fields}
    confirm = client.post("/lapor/periksa", data=form)
    assert confirm.status_code == 200 and "Periksa laporan Anda" in confirm.text
    sent = client.post("/lapor/kirim", data=form)
    assert sent.status_code == 303
    code = sent.headers["Location"].rsplit("/", 1)[1]
    return db.session.scalar(select(Complaint).where(Complaint.tracking_code == code))


def test_kiosk_taps_to_a_code_and_a_receipt(client, staffed):
    home = client.get("/")
    assert 'href="/lapor"' in home.text and "Lapor / Pengaduan" in home.text
    start = client.get("/lapor")
    assert "Apakah Anda diminta membayar?" in start.text and "GRATIS" in start.text
    assert "/lapor/isi?kategori=diminta_membayar" in start.text
    assert "pelayanan_lambat" in client.get("/lapor/jenis").text
    details = client.get("/lapor/isi?kategori=diminta_membayar")
    assert details.status_code == 200 and 'name="cerita"' in details.text
    printer.clear_recorded_jobs()
    with staffed.app_context():
        complaint = _kiosk_complaint(client, cerita="Diminta 50 ribu untuk KK")
        assert complaint.channel == "kiosk" and complaint.asked_to_pay
        assert complaint.reporter_name is None and complaint.reporter_phone is None
        job = db.session.scalar(select(PrintJob).where(PrintJob.complaint_id == complaint.id))
        assert (job.kind, job.status) == ("complaint", "printed")
        code = complaint.tracking_code
    assert code.encode() in printer.recorded_jobs()[-1]
    done = client.get(f"/lapor/terima/{code}")
    assert code in done.text and 'data-print-status="printed"' in done.text


def test_phone_without_consent_comes_back_with_the_reason(client, staffed):
    form = {"kategori": "lainnya", "token": "t", "hp": "081234567890"}
    refused = client.post("/lapor/periksa", data=form)
    assert refused.status_code == 422 and "Centang persetujuan" in refused.text
    assert client.post("/lapor/kirim", data=form).status_code == 422
    assert client.post("/lapor/kirim", data={"kategori": "x", "token": "t"}).status_code == 404


def test_a_phone_gets_the_code_on_screen_and_no_print_job(phone, staffed):
    with staffed.app_context():
        complaint = _kiosk_complaint(phone)
        assert db.session.scalar(select(PrintJob.id)) is None
    done = phone.get(f"/lapor/terima/{complaint.tracking_code}")
    assert 'data-print-status="none"' in done.text and "data-complaint-qr" in done.text


def test_public_page_shows_state_and_answer_never_the_reporter(client, staffed):
    with staffed.app_context():
        complaint = _kiosk_complaint(client, hp="081234567890", setuju="y", petugas="Loket 1")
        code, complaint_id = complaint.tracking_code, complaint.id
    page = client.get(f"/s/{code.lower()}")
    assert page.status_code == 200 and "Status pengaduan" in page.text
    assert "Baru diterima" in page.text and "0812" not in page.text and "Loket 1" not in page.text
    kepala = _staff(staffed, "kepala")
    with staffed.app_context():
        version = db.session.get(Complaint, complaint_id).version
    answered = kepala.post(
        f"/pengaduan/{complaint_id}/jawab", data={"version": version, "jawaban": "Uang kembali."}
    )
    assert answered.status_code == 303
    page = client.get(f"/s/{code}")
    assert "Uang kembali." in page.text and "Sudah dijawab" in page.text
    stale = kepala.post(
        f"/pengaduan/{complaint_id}/jawab", data={"version": version, "jawaban": "x"}
    )
    assert stale.status_code == 409 and "baru saja diubah" in stale.text


def test_officer_complaint_hidden_from_the_named_petugas(client, staffed):
    with staffed.app_context():
        named = _kiosk_complaint(client, petugas="Loket 1", token="a")  # petugas1's counter
        plain = _kiosk_complaint(client, token="b")
        named_id, named_code, plain_code = named.id, named.tracking_code, plain.tracking_code
    petugas1 = _staff(staffed, "petugas1")
    listing = petugas1.get("/pengaduan")
    assert plain_code in listing.text and named_code not in listing.text
    assert petugas1.get(f"/pengaduan/{named_id}").status_code == 404
    searched = petugas1.get(f"/pengaduan?kode={named_code}").text
    assert "data-no-complaints" in searched and "data-complaint-row" not in searched
    kepala_list = _staff(staffed, "kepala").get("/pengaduan")
    assert named_code in kepala_list.text and "tentang petugas" in kepala_list.text
    assert _staff(staffed, "lapangan").get("/pengaduan").status_code == 403


def test_counter_intake_assign_and_close(staffed):
    petugas2 = _staff(staffed, "petugas2")
    form = petugas2.get("/pengaduan/catat")
    assert form.status_code == 200 and "Catat pengaduan" in form.text
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', form.text).group(1)
    saved = petugas2.post(
        "/pengaduan/catat",
        data={
            "kategori": "persyaratan",
            "cerita": "Diminta fotokopi 5 lembar",
            "token": token,
            "nama": "Pak Darto",
            "petugas_id": "0",
        },
    )
    assert saved.status_code == 303
    page = petugas2.get(saved.headers["Location"])
    assert "Pak Darto" in page.text and "Persyaratan tidak jelas" in page.text
    with staffed.app_context():
        complaint = db.session.scalar(select(Complaint))
        assert complaint.channel == "counter" and complaint.created_by_id == user("petugas2").id
        complaint_id, officer = complaint.id, user("petugas1").id
    url = f"/pengaduan/{complaint_id}"
    assert (
        petugas2.post(f"{url}/tugaskan", data={"version": 1, "petugas_id": officer}).status_code
        == 303
    )
    assert petugas2.post(f"{url}/selesai", data={"version": 2}).status_code == 409
    assert (
        petugas2.post(f"{url}/jawab", data={"version": 2, "jawaban": "Cukup 1."}).status_code == 303
    )
    assert petugas2.post(f"{url}/selesai", data={"version": 3}).status_code == 303
    assert "Selesai" in petugas2.get(url).text


def test_counter_intake_naming_oneself_cannot_be_opened_after(staffed):
    petugas1 = _staff(staffed, "petugas1")
    with staffed.app_context():
        own_id = user("petugas1").id
    saved = petugas1.post(
        "/pengaduan/catat",
        data={"kategori": "petugas", "token": "x1", "petugas_id": str(own_id)},
    )
    assert saved.status_code == 200 and "hanya kepala desa dan admin" in saved.text


def test_a_failed_complaint_receipt_waits_in_the_printer_strip_until_reprinted(staffed, clock):
    with socket.socket() as probe:  # a port nobody listens on: the printer is unplugged
        probe.bind(("127.0.0.1", 0))
        unplugged = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    with staffed.test_request_context():
        complaint = create_complaint(channel="counter", category="lainnya")
        job = print_complaint_receipt(complaint, unplugged)
        assert db.session.get(PrintJob, job.id).status == "failed"
        since = clock() - dt.timedelta(hours=1)
        office_id = complaint.office_id
        assert unresolved_failures([unplugged], since, office_id) == [job]
        again = reprint_job(failed_job(job.id), "dummy:")
        assert (again.kind, again.complaint_id, again.status) == (
            "complaint",
            complaint.id,
            "printed",
        )
        assert unresolved_failures([unplugged], since, office_id) == []


def test_the_api_answers_what_the_status_page_shows(client, staffed):
    """GET /api/v1/complaints/<code>: the presenter's fields, any case, never the reporter;
    unknown and malformed codes are a 404 in Bahasa Indonesia, never a 500."""
    with staffed.app_context():
        complaint = _kiosk_complaint(
            client, cerita="Diminta 50 ribu", petugas="Pak Budi", hp="081234567890", setuju="y"
        )
        assert complaint.reporter_phone and complaint.officer_name == "Pak Budi"
        code = complaint.tracking_code
    answer = client.get(f"/api/v1/complaints/{code.lower()}")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["tracking_code"] == code and body["category"] == "diminta_membayar"
    assert body["state"] == "baru" and body["answer"] is None and body["closed"] is False
    assert "Budi" not in answer.text and "0812" not in answer.text
    page = client.get(f"/s/{code}")
    assert body["category_label"] in page.text and body["state_label"] in page.text
    assert client.get("/api/v1/complaints/ABCD-EFGH-JKM").status_code == 404
    missing = client.get("/api/v1/complaints/%3Cscript%3E")
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"
    assert "/complaints/{code}" in client.get("/api/v1/openapi.json").get_json()["paths"]


def test_opening_a_named_complaint_is_in_the_access_log(client, staffed):
    """A complaint with its reporter's phone logs one row per look; an anonymous one none."""
    with staffed.app_context():
        named = _kiosk_complaint(client, hp="081234567890", setuju="y", token="n")
        anonymous = _kiosk_complaint(client, token="a")
        named_id, named_code, anonymous_id = named.id, named.tracking_code, anonymous.id
    petugas2 = _staff(staffed, "petugas2")
    assert "081234567890" in petugas2.get(f"/pengaduan/{named_id}").text
    assert petugas2.get(f"/pengaduan/{anonymous_id}").status_code == 200
    with staffed.app_context():
        log = db.session.scalars(select(DataAccess)).all()
        assert [(e.kind, e.user.username, e.complaint_id) for e in log] == [
            ("complaint", "petugas2", named_id)
        ]
    page = _staff(staffed, "admin").get("/admin/akses-data")
    assert "Membuka pengaduan (identitas pelapor)" in page.text
    assert f"Pengaduan {named_code}" in page.text
