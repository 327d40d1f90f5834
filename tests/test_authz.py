"""Authorisation by assignment: own counter only, intake at one's own counter, masked files for
the kepala unless granted, the personal-data access log, and NIK search by POST only."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select, text
from staff_support import bearer, events, issue, login, seed, user
from test_auth import staff_requests
from test_files import APPLICANT as FILES_APPLICANT
from test_files import KK, NAME, NIK

from kiosk.access.service import PAGE_SIZE, record_search
from kiosk.auth.permissions import Action
from kiosk.counter.service import call_next, get_counter, start
from kiosk.extensions import db
from kiosk.files.service import accept_file
from kiosk.models import DataAccess, Ticket

MASKED_NIK = "3201**********02"
ADDRESS = "Jl. Mawar 3"
PHONE = "081234567890"
APPLICANT = {**FILES_APPLICANT, "phone": PHONE}
PERSONAL = (NIK, KK, ADDRESS, PHONE)


@pytest.fixture
def loket(app) -> dict[str, int]:
    """Loket 1 (KTP-el, petugas1) .. Loket 4, and the demo accounts."""
    return seed(app)


def called_at(app, counter_id: int, service: str = "ktp-baru") -> str:
    """A ticket called at `counter_id`; its tracking code."""
    with app.test_request_context():
        ticket = issue(service)
        call_next(get_counter(counter_id))
        return ticket.tracking_code


def a_file(app, **changes) -> str:
    """A file with full personal data (accepted by the system); its tracking code."""
    with app.test_request_context():
        ticket = issue()
        case = accept_file(
            tracking_code=ticket.tracking_code,
            service_code=None,
            applicant={**APPLICANT, **changes},
            received=[],
            missing=[],
        )
        return case.tracking_code


def access_rows(app) -> list[DataAccess]:
    """The access log, oldest first."""
    with app.app_context():
        rows = db.session.scalars(select(DataAccess).order_by(DataAccess.id)).all()
        for row in rows:
            db.session.expunge(row)
        return list(rows)


# --- own counter only -------------------------------------------------------------------------


def counter_scoped_requests(app, counter_id: int) -> list[tuple[str, str, str]]:
    """Every (endpoint, method, url) guarded by counter.operate that names a counter."""
    return [
        (endpoint, method, url)
        for endpoint, method, url in staff_requests(app, counter_id)
        if getattr(app.view_functions[endpoint], "required_action", None) is Action.COUNTER_OPERATE
        and "counter_id" in next(app.url_map.iter_rules(endpoint)).arguments
    ]


def test_petugas_of_loket_2_gets_403_on_every_loket_1_action(app, client, loket):
    """HTML and API: console, waiting list, call, recall, start, finish, no-show, transfer,
    break, call by number; nothing happens at Loket 1."""
    with app.test_request_context():
        issue("ktp-baru")
    requests = counter_scoped_requests(app, loket["Loket 1"])
    endpoints = {endpoint for endpoint, _method, _url in requests}
    assert {"api.call_next", "api.transfer", "counter.counter_action", "counter.waiting_list"} <= (
        endpoints
    )
    assert len(endpoints) == 17  # 8 API routes, 9 console pages
    headers = bearer(client, "petugas2")
    login(client, "petugas2")
    for _endpoint, method, url in requests:
        if url.startswith("/api/"):
            response = client.open(url, method=method, headers=headers, json={})
            assert response.status_code == 403, url
            assert response.get_json()["error"] == "forbidden"
        else:
            response = client.open(url, method=method, data={})
            assert response.status_code == 403, url
        assert "hanya boleh melayani di loket yang ditugaskan" in response.text, url
    with app.app_context():
        assert not events()
        assert db.session.scalar(select(Ticket.state)) == "waiting"


def test_each_officer_works_at_their_own_counter_and_admin_anywhere(app, client, loket):
    """petugas2 calls at Loket 2; the admin may call at Loket 1 and open its console."""
    with app.test_request_context():
        issue("kk-baru")
        issue("ktp-baru")
    own = client.post(
        f"/api/v1/counters/{loket['Loket 2']}/call-next", headers=bearer(client, "petugas2")
    )
    assert own.status_code == 200 and own.get_json()["counter"] == "Loket 2"
    admin = client.post(
        f"/api/v1/counters/{loket['Loket 1']}/call-next", headers=bearer(client, "admin")
    )
    assert admin.status_code == 200 and admin.get_json()["counter"] == "Loket 1"
    login(client, "admin")
    assert client.get(f"/loket/{loket['Loket 3']}").status_code == 200


def test_petugas_without_a_counter_is_told_to_ask_the_admin(app, client, loket):
    """No assignment: the pick page lists nothing to open, and every console is 403."""
    from kiosk.auth.service import create_user

    with app.app_context():
        create_user("petugas3", "satupintu", "petugas", "Petugas Baru", check_policy=False)
    login(client, "petugas3")
    page = client.get("/loket")
    assert page.status_code == 200 and "data-no-counter" in page.text
    assert "data-counter-link" not in page.text
    assert client.get(f"/loket/{loket['Loket 1']}").status_code == 403


# --- intake at one's own counter --------------------------------------------------------------


def test_intake_only_for_a_ticket_called_or_served_at_ones_own_counter(app, client, loket):
    """Waiting or at another counter: 403 with a clear message; called or served here: the form."""
    mine = called_at(app, loket["Loket 1"])
    elsewhere = called_at(app, loket["Loket 2"], "kk-baru")
    with app.test_request_context():
        waiting = issue("ktp-baru").tracking_code
    login(client, "petugas1")
    for code in (waiting, elsewhere):
        refused = client.get(f"/berkas/terima/{code}")
        assert refused.status_code == 403
        assert "sedang dipanggil atau dilayani di loket Anda" in refused.text
        posted = client.post(f"/berkas/terima/{code}", data={**APPLICANT, "sex": "P"})
        assert posted.status_code == 403
    form = client.get(f"/berkas/terima/{mine}")
    assert form.status_code == 200 and 'data-form="intake"' in form.text
    with app.test_request_context():
        start(get_counter(loket["Loket 1"]))
    served = client.post(f"/berkas/terima/{mine}", data=APPLICANT)
    assert served.status_code == 302 and served.headers["Location"].startswith(f"/berkas/{mine}")
    login(client, "admin")
    assert client.get(f"/berkas/terima/{waiting}").status_code == 200


def test_api_intake_follows_the_same_rule(app, client, loket):
    """POST /api/v1/files: another counter's ticket or a walk-in is 403 for a petugas."""
    elsewhere = called_at(app, loket["Loket 2"], "kk-baru")
    mine = called_at(app, loket["Loket 1"])
    petugas1 = bearer(client, "petugas1")
    body = {"applicant": APPLICANT, "requirements": {"received": [], "missing": []}}
    for extra in ({"tracking_code": elsewhere}, {"service": "sktm"}):
        refused = client.post("/api/v1/files", headers=petugas1, json={**body, **extra})
        assert refused.status_code == 403, refused.get_json()
        assert refused.get_json()["error"] == "forbidden"
        assert "loket Anda" in refused.get_json()["message"]
    accepted = client.post("/api/v1/files", headers=petugas1, json={**body, "tracking_code": mine})
    assert accepted.status_code == 201
    walk_in = client.post(
        "/api/v1/files", headers=bearer(client, "admin"), json={**body, "service": "sktm"}
    )
    assert walk_in.status_code == 201


# --- kepala sees masked files unless granted --------------------------------------------------


def test_kepala_sees_a_masked_nik_until_the_admin_grants_full_view(app, client, loket):
    """Masked NIK/KK, no address or phone; after the grant the full NIK; withdrawn: masked."""
    code = a_file(app)
    kepala = app.test_client()
    login(kepala, "kepala")
    page = kepala.get(f"/berkas/{code}")
    assert page.status_code == 200 and "data-masked" in page.text
    assert MASKED_NIK in page.text and NAME in page.text
    for secret in PERSONAL:
        assert secret not in page.text, secret
    api = kepala.get(f"/api/v1/files/{code}/detail", headers=bearer(kepala, "kepala")).get_json()
    assert api["applicant_full"]["nik"] == MASKED_NIK and api["applicant_full"]["masked"]
    assert api["applicant_full"]["address"] is None and api["applicant_full"]["phone"] is None

    with app.app_context():
        kepala_id = user("kepala").id
    login(client, "admin")
    page = client.get("/admin/akses-data")
    assert 'data-grant-user="kepala"' in page.text
    assert 'data-grant-user="petugas1"' not in page.text
    granted = client.post(f"/admin/akses-data/izin/{kepala_id}", data={"value": "1"})
    assert granted.status_code == 200 and "data-notice" in granted.text
    full = kepala.get(f"/berkas/{code}")
    assert NIK in full.text and KK in full.text and ADDRESS in full.text
    assert "data-masked" not in full.text
    client.post(f"/admin/akses-data/izin/{kepala_id}", data={"value": "0"})
    assert MASKED_NIK in kepala.get(f"/berkas/{code}").text


def test_full_view_grant_is_for_masked_roles_and_admins_only(app, client, loket):
    """Granting a petugas (already full) is 404; a kepala may not grant; bad values 422."""
    with app.app_context():
        ids = {name: user(name).id for name in ("kepala", "petugas1")}
    login(client, "kepala")
    own = client.post(f"/admin/akses-data/izin/{ids['kepala']}", data={"value": "1"})
    assert own.status_code == 403
    login(client, "admin")
    petugas = client.post(f"/admin/akses-data/izin/{ids['petugas1']}", data={"value": "1"})
    assert petugas.status_code == 404 and "perannya sudah melihat data lengkap" in petugas.text
    huge = client.post(f"/admin/akses-data/izin/{2**64}", data={"value": "1"})
    assert huge.status_code == 404
    bad = client.post(f"/admin/akses-data/izin/{ids['kepala']}", data={"value": "ya"})
    assert bad.status_code == 422 and "Pilih beri atau cabut izin." in bad.text
    with app.app_context():
        assert not user("kepala").pii_full_view


def test_kepala_without_full_view_may_not_search_by_nik(app, client, loket):
    """A NIK search would confirm who has a file: 403 for masked view, names still work."""
    a_file(app)
    login(client, "kepala")
    refused = client.post("/berkas/cari", data={"q": NIK})
    assert refused.status_code == 403 and "NIK atau nomor KK" in refused.text
    by_name = client.post("/berkas/cari", data={"q": "wahyuni"})
    assert by_name.status_code == 200 and NAME in by_name.text and NIK not in by_name.text


# --- the access log ---------------------------------------------------------------------------


def test_every_view_of_personal_data_and_every_search_is_logged(app, client, loket, caplog):
    """Page, API detail, reprint, searches: who, when, what; never the NIK or the name."""
    caplog.set_level(logging.DEBUG)
    code = a_file(app)
    login(client, "petugas1")
    assert client.get(f"/berkas/{code}").status_code == 200
    assert client.post(f"/berkas/{code}/cetak/file").status_code == 200
    assert client.get(f"/api/v1/files/{code}/detail", headers=bearer(client, "petugas1")).is_json
    assert client.post("/berkas/cari", data={"q": NIK}).status_code == 200
    assert client.post("/berkas/cari", data={"q": "Wahyuni"}).status_code == 200
    assert client.post("/berkas/cari", data={"q": code}).status_code == 303
    rows = access_rows(app)
    petugas_id = rows[0].user_id
    summary = [(r.kind, r.file_id is not None, r.search_by, r.results, r.masked) for r in rows]
    assert summary == [
        ("file_page", True, None, None, False),
        ("reprint", True, None, None, False),
        ("file_api", True, None, None, False),
        ("search", False, "nik_kk", 1, False),
        ("search", False, "name", 1, False),
        ("search", False, "code", 1, False),
    ]
    assert {r.user_id for r in rows} == {petugas_id}
    assert all(r.at is not None for r in rows)
    with app.app_context():
        dump = " ".join(
            str(value)
            for row in db.session.execute(text("SELECT * FROM data_access_log"))
            for value in row
        )
    for secret in (NIK, KK, NAME, "Wahyuni", "wahyuni"):
        assert secret not in dump
        assert secret not in caplog.text


@pytest.mark.data_layer
def test_access_log_is_append_only(app, client, loket):
    """The database refuses UPDATE and DELETE, like file_history."""
    code = a_file(app)
    login(client, "petugas1")
    client.get(f"/berkas/{code}")
    with app.app_context():
        for statement in ("UPDATE data_access_log SET kind = 'x'", "DELETE FROM data_access_log"):
            with pytest.raises(Exception, match="append-only"):
                db.session.execute(text(statement))
            db.session.rollback()
        assert db.session.scalar(text("SELECT count(*) FROM data_access_log")) == 1


def test_admin_reads_the_log_newest_first_paged_and_by_user(app, client, loket):
    """Newest first, PAGE_SIZE a page, filtered by one staff member; others may not look."""
    code = a_file(app)
    with app.test_request_context():
        kepala, petugas = user("kepala"), user("petugas1")
        for _ in range(PAGE_SIZE + 4):
            record_search(petugas, "name", 0, masked=False)
        record_search(kepala, "name", 7, masked=True)
        kepala_id = kepala.id
    login(client, "admin")
    client.get(f"/berkas/{code}")  # the admin's own look is logged too (newest)
    first = client.get("/admin/akses-data")
    assert first.status_code == 200
    assert first.text.count("data-access-row=") == PAGE_SIZE
    assert first.text.index('data-access-row="file_page"') < first.text.index("7 berkas")
    assert "data-page-next" in first.text and "data-page-prev" not in first.text
    second = client.get("/admin/akses-data?halaman=2")
    assert second.text.count("data-access-row=") == 6 and "data-page-prev" in second.text
    only = client.get(f"/admin/akses-data?pengguna={kepala_id}")
    assert only.text.count("data-access-row=") == 1 and "7 berkas ditemukan" in only.text
    for bad in ("halaman=abc", "halaman=0", f"pengguna={2**64}", "halaman=-1"):
        refused = client.get(f"/admin/akses-data?{bad}")
        assert refused.status_code == 400 and "angka bulat positif" in refused.text, bad
    for account in ("petugas1", "kepala"):
        login(client, account)
        assert client.get("/admin/akses-data").status_code == 403


# --- NIK search by POST only ------------------------------------------------------------------


def test_search_by_nik_is_a_post_and_a_get_with_a_nik_is_refused(app, client, loket):
    """The desk's box posts; a NIK in the URL is not searched (and not logged as a search)."""
    code = a_file(app)
    login(client, "petugas1")
    desk = client.get("/berkas")
    assert 'method="post" action="/berkas/cari"' in desk.text
    found = client.post("/berkas/cari", data={"q": NIK})
    assert found.status_code == 200 and f'data-file-link="{code}"' in found.text
    for query in (NIK, KK, "Siti"):
        refused = client.get("/berkas/cari", query_string={"q": query})
        assert refused.status_code == 400 and "lewat kotak pencarian" in refused.text
        assert query not in refused.text and f'data-file-link="{code}"' not in refused.text
    scanned = client.get("/berkas/cari", query_string={"q": code.lower()})
    assert scanned.status_code == 303 and scanned.headers["Location"] == f"/berkas/{code}"
    assert [r.search_by for r in access_rows(app)] == ["nik_kk", "code"]


def test_search_post_needs_its_csrf_token(app_config, loket, app):
    """With CSRF on, a search POST without the token searches nothing (400)."""
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    login(client, "petugas1")
    app.config["WTF_CSRF_ENABLED"] = True
    refused = client.post("/berkas/cari", data={"q": NIK})
    assert refused.status_code == 400
    assert access_rows(app) == []
