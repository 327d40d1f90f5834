"""Which devices may issue and print: paired kiosks print, phones get a number on screen only
if the office allows it, and never a print job."""

from __future__ import annotations

import pytest
from kiosk_support import new_pairing_code, pair, pair_kiosk
from sqlalchemy import func, select
from staff_support import bearer, login, seed

import printer
from kiosk.devices.kiosk import DEVICE_COOKIE
from kiosk.devices.service import code_for_new_kiosk, redeem
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import Device, PrintJob, Ticket
from kiosk.offices.service import find_first_office, update_office

TAKE = {"service": "ktp-baru", "token": "tap-0001", "lanjut": "1"}
NOT_PAIRED = "Nomor antrean diambil di kios kantor desa"
NO_RECEIPT = "Simpan/foto layar ini; tidak ada struk"


def _allow_phones(app, allowed: bool = True) -> None:
    with app.app_context():
        update_office(find_first_office().id, {"phone_tickets": allowed})


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def _take(client, **extra):
    return client.post("/ambil", data={**TAKE, **extra})


def test_a_browser_that_is_not_a_paired_kiosk_cannot_make_the_kiosk_print(app, phone):
    """Phone tickets off: /ambil and the API answer 403 in Indonesian; no ticket, no print job,
    nothing reaches the printer."""
    printer.clear_recorded_jobs()
    refused = _take(phone)
    assert refused.status_code == 403
    assert NOT_PAIRED in refused.text and 'href="/cek"' in refused.text
    api = phone.post("/api/v1/tickets", json={"service": "ktp-baru"})
    assert api.status_code == 403 and api.get_json()["error"] == "kiosk_not_paired"
    assert api.get_json()["message"].startswith(NOT_PAIRED)
    assert _count(app, Ticket) == 0 and _count(app, PrintJob) == 0
    assert printer.recorded_jobs() == []
    home = phone.get("/")
    assert home.status_code == 200 and NOT_PAIRED in home.text and "Cek status" in home.text
    assert 'action="/ambil"' not in home.text
    service = phone.get("/layanan/ktp-baru")
    assert "data-kiosk-only" in service.text and "data-take-number" not in service.text


def test_phone_tickets_give_a_number_on_screen_and_no_print_job(app, phone):
    """Phone tickets on: the number large with its QR and code, 'no receipt'; nothing printed."""
    _allow_phones(app)
    printer.clear_recorded_jobs()
    taken = _take(phone)
    assert taken.status_code == 303
    screen = phone.get(taken.headers["Location"])
    assert NO_RECEIPT in screen.text and "ambil struk" not in screen.text
    assert "data-ticket-number>A-001<" in screen.text and "data-number-qr" in screen.text
    api = phone.post("/api/v1/tickets", json={"service": "ktp-baru"})
    assert api.status_code == 201 and api.get_json()["number"] == "A-002"
    with app.app_context():
        tickets = db.session.scalars(select(Ticket).order_by(Ticket.id)).all()
        assert [t.source for t in tickets] == ["phone", "phone"]
        assert tickets[0].tracking_code in screen.text
    assert _count(app, PrintJob) == 0 and printer.recorded_jobs() == []


def test_a_paired_kiosk_prints_on_its_own_printer(app, phone, tmp_path):
    """The device's printer when it has one, else the office's kiosk printer."""
    own = tmp_path / "kios-depan.bin"
    pair_kiosk(app, phone, "Kios depan", printer=f"file:{own}")
    assert _take(phone).status_code == 303
    other = app.test_client()
    pair_kiosk(app, other, "Kios samping")
    assert other.post("/api/v1/tickets", json={"service": "kk-baru"}).status_code == 201
    with app.app_context():
        jobs = db.session.scalars(select(PrintJob).order_by(PrintJob.id)).all()
        assert [(j.printer_url, j.status) for j in jobs] == [
            (f"file:{own}", "printed"),
            ("dummy:", "printed"),
        ]
        assert {t.source for t in db.session.scalars(select(Ticket))} == {"kiosk", "api"}
    assert b"A-001" in own.read_bytes()


@pytest.mark.data_layer
def test_a_code_works_once_and_expires(app, clock):
    """Valid for 15 minutes, once; typed loosely (case, dash, O for 0) it still works."""
    _, code = new_pairing_code(app)
    _, late = new_pairing_code(app, "Kios dua")
    with app.test_request_context():
        device, token = redeem(code.lower().replace("0", "o"))
        stored = db.session.get(Device, device.id)
        assert stored.token_hash and token not in stored.token_hash and stored.code_hash is None
        with pytest.raises(DomainError, match="sudah dipakai"):
            redeem(code)
        clock.advance(minutes=15)
        with pytest.raises(DomainError, match="kedaluwarsa"):
            redeem(late)


def test_revoked_or_unknown_kiosks_are_not_paired(app, client):
    """After the admin revokes it (or with a made-up cookie) the kiosk is a phone."""
    assert _take(client).status_code == 303
    seed(app)
    admin = app.test_client()
    login(admin, "admin")
    with app.app_context():
        device_id = db.session.scalar(select(Device.id))
    assert admin.post(f"/admin/perangkat/{device_id}/cabut").status_code == 200
    assert _take(client, token="tap-0002").status_code == 403
    forged = app.test_client()
    forged.set_cookie(DEVICE_COOKIE, "made-up-token")
    assert _take(forged, token="tap-0003").status_code == 403
    assert _count(app, PrintJob) == 1


def test_admin_adds_a_kiosk_and_the_kiosk_types_its_code(app):
    """/admin/perangkat shows the code once; /kios/pasang stores an HttpOnly cookie for years."""
    seed(app)
    admin = app.test_client()
    login(admin, "admin")
    refused = admin.post("/admin/perangkat", data={"name": "Kios depan", "printer": "lpt1"})
    assert refused.status_code == 422 and "Alamat printer tidak dikenal" in refused.text
    page = admin.post("/admin/perangkat", data={"name": "Kios depan", "printer": ""})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    code = page.text.split("data-code>", 1)[1].split("<", 1)[0]
    assert len(code) == 9 and code[4] == "-"
    kiosk = app.test_client()
    wrong = pair(kiosk, "ZZZZ-ZZZZ")
    assert wrong.status_code == 422 and "Minta kode baru" in wrong.text
    paired = pair(kiosk, code)
    assert paired.status_code == 303
    cookie = next(c for c in paired.headers.getlist("Set-Cookie") if c.startswith(DEVICE_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Max-Age=315360000" in cookie
    listed = admin.get("/admin/perangkat")
    assert 'data-device-state="paired"' in listed.text and code not in listed.text
    petugas = app.test_client()
    login(petugas, "petugas1")
    assert petugas.get("/admin/perangkat").status_code == 403


def test_the_desk_may_still_issue_through_the_api(app, phone):
    """A desk officer's bearer token issues without a paired kiosk; a kepala's does not."""
    seed(app)
    desk = phone.post(
        "/api/v1/tickets", json={"service": "ktp-baru"}, headers=bearer(phone, "petugas1")
    )
    assert desk.status_code == 201
    other = phone.post(
        "/api/v1/tickets", json={"service": "ktp-baru"}, headers=bearer(phone, "kepala")
    )
    assert other.status_code == 403


def test_status_page_links_into_the_kiosk_only_on_a_paired_kiosk(app, client, phone):
    """'Halaman awal' on the kiosk; a phone that opened the receipt QR sees no way in."""
    code = client.get(_take(client).headers["Location"]).text.split('data-tracking="', 1)[1]
    code = code.split('"', 1)[0]
    assert "data-home" in client.get(f"/s/{code}").text
    on_phone = phone.get(f"/s/{code}")
    assert on_phone.status_code == 200 and "data-home" not in on_phone.text


def test_kiosk_code_command_reuses_a_kiosk_never_paired(app):
    """`satupintu kiosk-code` at every demo start: one row per name until it is paired."""
    with app.test_request_context():
        office_id = find_first_office().id
        first, code = code_for_new_kiosk("Kios demo", None, office_id)
        again, newer = code_for_new_kiosk("Kios demo", None, office_id)
        assert again.id == first.id and newer != code
        redeem(newer)
        third, _ = code_for_new_kiosk("Kios demo", None, office_id)
        assert third.id != first.id
