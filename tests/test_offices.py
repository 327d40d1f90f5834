"""Offices: two offices on one server keep their own numbering, hours, counters, staff and
files; unique keys are per office; the admin edits an office's settings."""

from __future__ import annotations

import pytest
from kiosk_support import pair_kiosk
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from staff_support import PASSWORD, login

from kiosk import clock as office_clock
from kiosk.auth.service import InvalidUser, create_user
from kiosk.counter.service import InvalidCounter, call_next, create_counter
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import Counter, Holiday, Office, Service, Ticket, User
from kiosk.offices.current import SCREEN_COOKIE, current_office
from kiosk.offices.service import acting_for, create_office, update_office
from kiosk.queue.service import OfficeClosed, issue_ticket

pytestmark = pytest.mark.data_layer

APPLICANT = {
    "nik": "3201015708450002",
    "name": "Siti Wahyuni",
    "kk": "3201011503150007",
    "birth_date": "1945-08-17",
    "sex": "P",
    "address": "Jl. Mawar 3",
}


@pytest.fixture
def offices(ctx) -> tuple[int, int]:
    """(office A, office B): A is the install's first office, B a second one, both open now."""
    first = db.session.scalar(select(Office.id).order_by(Office.id).limit(1))
    second = create_office("desa-b", "Kantor Desa Beta", office_hours="mon-fri 08:00-15:00")
    return first, second.id


def _ticket_in(office_id: int, code: str = "ktp-baru") -> Ticket:
    with acting_for(office_id):
        return issue_ticket(code)


def _file_in(office_id: int, nik: str):
    with acting_for(office_id):
        ticket = issue_ticket("ktp-baru")
        return files.accept_file(
            tracking_code=ticket.tracking_code,
            service_code=None,
            applicant={**APPLICANT, "nik": nik},
            received=["Kartu Keluarga (KK), fotokopi"],
            missing=[],
        )


def _staff(office_id: int | None, username: str, role: str = "petugas") -> User:
    return create_user(username, PASSWORD, role, check_policy=False, office_id=office_id)


def test_an_office_without_its_own_base_url_uses_the_servers(offices, app):
    with acting_for(offices[1]):
        assert current_office().base_url == "http://kiosk.test"  # SATUPINTU_BASE_URL
    update_office(offices[1], {"base_url": "https://beta.desa.test/"})
    with acting_for(offices[1]):
        assert current_office().base_url == "https://beta.desa.test"


def test_a_new_office_gets_its_own_copy_of_the_catalogue(offices):
    first, second = offices
    codes = {
        office: set(db.session.scalars(select(Service.code).where(Service.office_id == office)))
        for office in offices
    }
    assert codes[first] == codes[second] and "ktp-baru" in codes[second]


def test_both_offices_issue_a_001_the_same_day(offices):
    first, second = offices
    a, b = _ticket_in(first), _ticket_in(second)
    assert (a.label, b.label) == ("A-001", "A-001")
    assert (a.office_id, b.office_id) == (first, second)
    assert a.tracking_code != b.tracking_code
    assert _ticket_in(second).label == "A-002"


def test_office_b_closed_by_its_own_hours_while_a_is_open(offices, clock):
    first, second = offices
    clock.set(2026, 11, 28, 10, 0)  # a Saturday: A is open always, B only on weekdays
    assert _ticket_in(first).label == "A-001"
    with pytest.raises(OfficeClosed):
        _ticket_in(second)


def test_the_kiosk_url_names_its_office(offices, app, client, clock):
    clock.set(2026, 11, 28, 10, 0)  # Saturday: B is closed
    home_a = client.get("/").get_data(as_text=True)
    response = client.get("/?kantor=desa-b")
    assert "Kantor Desa Beta" in response.get_data(as_text=True)
    assert "Kantor Desa Beta" not in home_a
    assert SCREEN_COOKIE in response.headers.get("Set-Cookie", "")
    pair_kiosk(app, client, office="desa-b")  # a kiosk prints for the office it was paired to
    taken = client.post("/api/v1/tickets", json={"service": "ktp-baru"})
    assert taken.status_code == 409 and taken.get_json()["error"] == "office_closed"


def test_one_idempotency_key_in_two_offices_makes_a_ticket_in_each(offices, app):
    """The ledger's clients are per office: the same kiosk address and key in office B is not
    a replay of office A's ticket; a resend within B is."""
    key = {"Idempotency-Key": "0c4f8a52-3f5e-4d7e-9a57-8f0a7c3e2b11"}
    body = {"service": "ktp-baru"}
    kiosk_a = app.test_client()
    pair_kiosk(app, kiosk_a)
    in_a = kiosk_a.post("/api/v1/tickets", json=body, headers=key)
    kiosk_b = app.test_client()
    pair_kiosk(app, kiosk_b, office="desa-b")
    kiosk_b.get("/?kantor=desa-b")
    in_b = kiosk_b.post("/api/v1/tickets", json=body, headers=key)
    again_b = kiosk_b.post("/api/v1/tickets", json=body, headers=key)
    assert (in_a.status_code, in_b.status_code, again_b.status_code) == (201, 201, 201)
    assert in_a.get_json()["tracking_code"] != in_b.get_json()["tracking_code"]
    assert again_b.get_json() == in_b.get_json()
    assert again_b.headers["Idempotent-Replay"] == "true"
    owners = db.session.scalars(select(Ticket.office_id).order_by(Ticket.id)).all()
    assert owners == list(offices)


def test_counters_of_b_call_only_bs_tickets(offices):
    first, second = offices
    a = _ticket_in(first)
    b = _ticket_in(second)
    with acting_for(second):
        counter_b = create_counter("Loket 1", ["ktp-baru"])
        assert call_next(counter_b).id == b.id
    with acting_for(first):
        counter_a = create_counter("Loket 1", ["ktp-baru"])  # same name, other office
        assert call_next(counter_a).id == a.id
    assert counter_a.office_id == first and counter_b.office_id == second


def test_counter_names_are_unique_within_one_office(offices):
    with acting_for(offices[1]):
        create_counter("Loket 1", ["ktp-baru"])
        with pytest.raises(InvalidCounter):
            create_counter("Loket 1", ["ktp-baru"])
    db.session.add(Counter(name="Loket 1", office_id=offices[1], created_at=office_clock.now()))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_usernames_are_unique_per_office(offices):
    first, second = offices
    _staff(first, "budi")
    _staff(second, "budi")  # same name in another office
    with pytest.raises(InvalidUser):
        _staff(second, "budi")
    db.session.add(User(username="budi", office_id=second, password_hash="x", role="petugas"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_staff_of_b_do_not_see_as_file(offices, app):
    first, second = offices
    case_a = _file_in(first, "3201015708450002")
    case_b = _file_in(second, "3201015708450003")
    _staff(second, "petugas.b")
    client = app.test_client()
    client.set_cookie(SCREEN_COOKIE, "desa-b")  # the office B PC the officer logs in on
    assert login(client, "petugas.b").status_code == 302
    assert client.get(f"/berkas/{case_a.tracking_code}").status_code == 404
    assert client.get(f"/berkas/{case_b.tracking_code}").status_code == 200
    found = client.post("/berkas/cari", data={"q": "Siti"}).get_data(as_text=True)
    assert case_b.tracking_code in found and case_a.tracking_code not in found
    by_code = client.get(f"/berkas/cari?q={case_a.tracking_code}")
    assert by_code.status_code == 200  # no redirect to the file
    assert "Tidak ada berkas yang cocok" in by_code.get_data(as_text=True)
    assert client.get(f"/berkas/terima/{case_a.tracking_code}").status_code == 404
    # The public status page still answers for any office's code: the code is the secret.
    assert client.get(f"/s/{case_a.tracking_code}").status_code == 200


def test_staff_of_b_cannot_open_people_known_only_to_a(offices, app):
    """People are shared on a regency server, their pages are not: office B's staff open a
    person or family only when one of B's files names them."""
    first, second = offices
    case_a = _file_in(first, "3201015708450002")
    person, home = case_a.applicant, case_a.applicant.household
    _staff(second, "petugas.b")
    _staff(first, "petugas.a")
    with app.app_context():
        office_b = app.test_client()
        office_b.set_cookie(SCREEN_COOKIE, "desa-b")
        assert login(office_b, "petugas.b").status_code == 302
        assert office_b.get(f"/warga/{person.uuid}").status_code == 404
        assert office_b.get(f"/keluarga/{home.uuid}").status_code == 404
    with app.app_context():
        office_a = app.test_client()
        assert login(office_a, "petugas.a").status_code == 302
        assert office_a.get(f"/warga/{person.uuid}").status_code == 200
        assert office_a.get(f"/keluarga/{home.uuid}").status_code == 200
    _file_in(second, "3201015708450002")  # the same person applies in B too
    with app.app_context():
        office_b = app.test_client()
        office_b.set_cookie(SCREEN_COOKIE, "desa-b")
        assert login(office_b, "petugas.b").status_code == 302
        assert office_b.get(f"/warga/{person.uuid}").status_code == 200


def test_a_regency_account_reads_both_offices_but_serves_at_no_counter(offices, app):
    first, second = offices
    case_a = _file_in(first, "3201015708450002")
    case_b = _file_in(second, "3201015708450003")
    _staff(None, "kabupaten", role="kepala")
    client = app.test_client()
    assert login(client, "kabupaten").status_code == 302
    for case in (case_a, case_b):
        assert client.get(f"/berkas/{case.tracking_code}").status_code == 200
    found = client.post("/berkas/cari", data={"q": "Siti"}).get_data(as_text=True)
    assert case_a.tracking_code in found and case_b.tracking_code in found
    from kiosk.auth.permissions import Action, allowed

    regency_admin = _staff(None, "admin.kab", role="admin")
    assert not allowed(regency_admin, Action.COUNTER_OPERATE_ANY)
    assert allowed(regency_admin, Action.FILES_READ)


def test_statistics_are_per_office_and_a_regency_account_picks_one_or_all(offices, app):
    first, second = offices
    _ticket_in(first)
    _ticket_in(second)
    _ticket_in(second)
    _staff(second, "petugas.b", role="kepala")
    _staff(None, "kabupaten", role="kepala")

    def issued(client, query: str = "") -> str:
        page = client.get(f"/statistik{query}").get_data(as_text=True)
        return page.split("data-total-issued>")[1].split("<")[0]

    # Each client in its own app context, as each request has on a real server (g is per
    # app context, and the test's own context would carry one client's user into the next).
    with app.app_context():
        office_b = app.test_client()
        office_b.set_cookie(SCREEN_COOKIE, "desa-b")
        assert login(office_b, "petugas.b").status_code == 302
        assert issued(office_b) == "2"
        assert issued(office_b, "?kantor=kantor") == "2"  # office staff cannot look elsewhere
        assert "data-office-filter" not in office_b.get("/statistik").get_data(as_text=True)
    with app.app_context():
        regency = app.test_client()
        assert login(regency, "kabupaten").status_code == 302
        assert "data-office-filter" in regency.get("/statistik").get_data(as_text=True)
        assert issued(regency) == "3"
        assert issued(regency, "?kantor=kantor") == "1"
        assert issued(regency, "?kantor=desa-b") == "2"
        assert issued(regency, "?kantor=tidak-ada") == "3"


def test_admin_edits_hours_and_the_kiosk_follows(app, client, clock):
    from staff_support import seed

    seed(app)
    clock.set(2026, 11, 28, 10, 0)  # a Saturday
    login(client, "admin")
    assert client.post("/api/v1/tickets", json={"service": "sktm"}).status_code == 201
    response = client.post("/admin/kantor/kantor", data=_form(office_hours="mon-fri 08:00-15:00"))
    assert response.status_code == 200 and "disimpan" in response.get_data(as_text=True)
    taken = client.post("/api/v1/tickets", json={"service": "sktm"})
    assert taken.status_code == 409 and taken.get_json()["error"] == "office_closed"


def test_admin_edits_the_time_zone_and_due_dates_follow(app, client, clock):
    from staff_support import seed

    seed(app)
    clock.set(2026, 11, 23, 7, 0)  # Monday 07:00 WIB (before the early numbers) is 09:00 WIT
    login(client, "admin")
    saved = client.post("/admin/kantor/kantor", data=_form(office_hours="mon-fri 08:00-15:00"))
    assert saved.status_code == 200
    assert client.post("/api/v1/tickets", json={"service": "sktm"}).status_code == 409
    client.post(
        "/admin/kantor/kantor",
        data=_form(office_hours="mon-fri 08:00-15:00", timezone="Asia/Jayapura"),
    )
    assert client.post("/api/v1/tickets", json={"service": "sktm"}).status_code == 201
    clock.set(2026, 11, 23, 22, 30)  # 22:30 WIB on Monday is already Tuesday 00:30 in Papua
    with app.test_request_context():
        assert office_clock.today().isoformat() == "2026-11-24"  # due dates count from it


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("office_hours", "senin 08:00-15:00", "Jam layanan"),
        ("timezone", "Asia/Atlantis", "Zona waktu"),
        ("printer_paper", "72", "58 atau 80"),
        ("priority_ratio", "dua", "Rasio prioritas"),
        ("base_url", "kiosk.desa", "http"),
        ("name", "", "Nama kantor"),
    ],
)
def test_bad_settings_are_refused_with_a_message_and_nothing_is_saved(
    app, client, field, value, message
):
    from staff_support import seed

    seed(app)
    login(client, "admin")
    response = client.post("/admin/kantor/kantor", data=_form(**{field: value}))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        office = db.session.scalar(select(Office).order_by(Office.id).limit(1))
        assert (office.name, office.office_hours, office.timezone) == (
            "Kantor Desa Uji",
            "always",
            "Asia/Jakarta",
        )


def test_one_office_server_shows_its_settings_form_directly(app, client):
    from staff_support import seed

    seed(app)
    login(client, "admin")
    page = client.get("/admin/kantor").get_data(as_text=True)
    assert 'data-form="office"' in page and "Kantor Desa Uji" in page
    assert "/admin/kantor" in client.get("/admin").get_data(as_text=True)


def test_a_petugas_cannot_edit_office_settings(app, client):
    from staff_support import seed

    seed(app)
    login(client, "petugas1")
    assert client.post("/admin/kantor/kantor", data=_form(name="X")).status_code == 403


def test_an_office_admin_cannot_open_another_offices_settings(offices, app):
    _staff(offices[1], "admin.b", role="admin")
    client = app.test_client()
    client.set_cookie(SCREEN_COOKIE, "desa-b")
    login(client, "admin.b")
    assert client.get("/admin/kantor/kantor").status_code == 404
    assert client.get("/admin/kantor/desa-b").status_code == 200
    update_office(offices[1], {"name": "Kantor Desa Beta Baru"})
    assert "Kantor Desa Beta Baru" in client.get("/admin/kantor").get_data(as_text=True)


def _form(**changes) -> dict:
    values = {
        "name": "Kantor Desa Uji",
        "address": "",
        "phone": "",
        "region_code": "",
        "office_hours": "always",
        "cuti_bersama_closes": "y",
        "timezone": "Asia/Jakarta",
        "priority_ratio": "2",
        "early_issue_minutes": "30",
        "base_url": "http://kiosk.test",
        "printer": "dummy:",
        "printer_paper": "80",
        "printer_profile": "",
    }
    return {**values, **changes}


def test_migration_0010_gives_existing_rows_to_the_first_office_and_steps_back(empty_app):
    """A database at 0009 with a catalogue, a counter and an account: after 0010 one office
    (from the running configuration) owns them all; downgrade and upgrade again keep them."""
    from alembic import command
    from sqlalchemy import inspect, text

    from kiosk.db import alembic_config

    with empty_app.app_context(), db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0009")
        connection.execute(
            text(
                "INSERT INTO service_group (code, icon, name_id, position) "
                "VALUES ('g', 'i', 'G', 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO service (code, group_id, prefix, icon, name_id, fee, done_at, "
                "done_at_id, active, position) SELECT 's', id, 'A', 'i', 'S', 0, 'desa', "
                "'desa', true, 0 FROM service_group"
            )
        )
        connection.execute(
            text(
                "INSERT INTO counter (name, active, on_break, created_at) "
                "VALUES ('Loket 1', true, false, '2026-11-23 02:00:00')"
            )
        )
        connection.execute(
            text("INSERT INTO counter_service SELECT counter.id, service.id FROM counter, service")
        )
        connection.execute(
            text(
                "INSERT INTO staff_user (username, display_name, password_hash, role, "
                "active, failed_logins, session_version, created_at, must_change_password, "
                "pii_full_view) VALUES ('budi', 'Budi', 'x', 'petugas', true, 0, 1, "
                "'2026-11-23 02:00:00', false, false)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO setting (key, value, updated_at) "
                "VALUES ('display_notice', 'Blanko habis', '2026-11-23 02:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO audit_event (at, kind, subject, detail) "
                "VALUES ('2026-11-23 02:00:00', 'created', 'budi', 'petugas')"
            )
        )
        command.upgrade(alembic_config(connection), "0010")
    with empty_app.app_context():
        office = db.session.execute(
            text("SELECT id, code, name, office_hours, base_url FROM office")
        ).one()
        assert (office.id, office.code, office.name) == (1, "kantor", "Kantor Desa Uji")
        assert office.office_hours == "always" and office.base_url == ""  # the server's own
        for table in (
            "service_group",
            "service",
            "counter",
            "staff_user",
            "setting",
            "audit_event",
        ):
            owners = db.session.scalars(text(f"SELECT office_id FROM {table}")).all()
            assert owners == [1], table
        # The unique keys are per office now: a second office may reuse code, prefix, name.
        db.session.execute(  # the schema at 0010: raw rows, the models are newer
            text(
                "INSERT INTO office (id, uuid, code, name, address, region_code, timezone, "
                "office_hours, cuti_bersama_closes, priority_ratio, base_url, printer, "
                "printer_paper, active, created_at) VALUES (2, 'b-uuid', 'desa-b', 'B', '', '', "
                "'Asia/Jakarta', 'always', true, 2, 'http://b.test', 'dummy:', '80', true, "
                "'2026-11-23 02:00:00')"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO service_group (office_id, code, icon, name_id, position) "
                "VALUES (2, 'g', 'i', 'G', 0)"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO service (office_id, code, group_id, prefix, icon, name_id, fee, "
                "done_at, done_at_id, active, position) SELECT 2, 's', id, 'A', 'i', 'S', 0, "
                "'desa', 'desa', true, 0 FROM service_group WHERE office_id = 2"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO counter (office_id, name, active, on_break, created_at) "
                "VALUES (2, 'Loket 1', true, false, '2026-11-23 02:00:00')"
            )
        )
        db.session.rollback()  # back to one office: only then can 0010 step back
        db.session.remove()
    with empty_app.app_context(), db.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0009")
    with empty_app.app_context():
        columns = {c["name"] for c in inspect(db.engine).get_columns("counter")}
        assert "office_id" not in columns and "office" not in inspect(db.engine).get_table_names()
        assert db.session.scalar(text("SELECT name FROM counter")) == "Loket 1"
        assert db.session.scalar(text("SELECT value FROM setting")) == "Blanko habis"
        db.session.remove()
    with empty_app.app_context(), db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    with empty_app.app_context():
        assert db.session.scalar(text("SELECT office_id FROM staff_user")) == 1


def test_login_asks_for_the_office_only_when_there_are_several(app, client):
    with app.test_request_context():
        _staff(1, "budi")
    assert 'name="office"' not in client.get("/masuk").get_data(as_text=True)
    with app.test_request_context():
        second = create_office("desa-b", "Kantor Desa Beta").id
        create_user("budi", "sandi-desa-beta", "petugas", check_policy=False, office_id=second)
    page = client.get("/masuk").get_data(as_text=True)
    assert 'name="office"' in page and "Kantor Desa Beta" in page
    # The same username in two offices: the office chosen decides which account (and password).
    refused = login(client, "budi", "sandi-desa-beta")  # the first office's budi
    assert refused.status_code == 401
    assert login(client, "budi", "sandi-desa-beta", office="desa-b").status_code == 302
    with app.test_request_context():
        (account,) = db.session.scalars(select(User).where(User.office_id == second))
        assert account.last_login_at is not None


def test_a_local_holiday_closes_only_its_office(offices, app, clock):
    first, second = offices
    _staff(second, "admin.b", role="admin")
    client = app.test_client()
    client.set_cookie(SCREEN_COOKIE, "desa-b")
    login(client, "admin.b")
    added = client.post("/admin/kantor/desa-b/libur", data={"day": "2026-11-24", "name": "HUT"})
    assert added.status_code == 200 and 'data-holiday="2026-11-24"' in added.get_data(True)
    refused = client.post("/admin/kantor/desa-b/libur", data={"day": "", "name": "x"})
    assert refused.status_code == 422
    clock.set(2026, 11, 24, 9, 0)  # the Tuesday of B's anniversary
    assert _ticket_in(first).label == "A-001"
    with pytest.raises(OfficeClosed):
        _ticket_in(second)
    (holiday,) = db.session.scalars(select(Holiday).where(Holiday.office_id == second))
    assert client.post(f"/admin/kantor/kantor/libur/{holiday.id}/hapus").status_code == 404
    removed = client.post(f"/admin/kantor/desa-b/libur/{holiday.id}/hapus")
    assert removed.status_code == 200 and "data-holiday" not in removed.get_data(True)
    assert _ticket_in(second).label == "A-001"


def test_cuti_bersama_is_a_working_day_where_the_office_says_so(offices, clock):
    first, second = offices
    update_office(second, {"cuti_bersama_closes": False})
    clock.set(2026, 12, 24, 9, 0)  # cuti bersama Natal (Thursday)
    with pytest.raises(OfficeClosed):
        with acting_for(first):
            update_office(first, {"office_hours": "mon-fri 08:00-15:00"})
            issue_ticket("ktp-baru")
    assert _ticket_in(second).label == "A-001"


def test_a_camat_reads_only_the_offices_of_their_kecamatan(offices, app):
    """A regency account limited to one kecamatan (kecamatan_scope): files, search, people,
    statistics, reports and office settings of other kecamatan are "not found" to it."""
    first, second = offices
    update_office(first, {"region_code": "330101"})
    update_office(second, {"region_code": "330102"})
    case_a = _file_in(first, "3201015708450002")
    case_b = _file_in(second, "3201015708450003")
    _ticket_in(second)
    create_user(
        "camat.b", PASSWORD, "admin", check_policy=False, office_id=None, kecamatan_scope="330102"
    )
    with app.app_context():
        camat = app.test_client()
        assert login(camat, "camat.b").status_code == 302
        assert camat.get(f"/berkas/{case_a.tracking_code}").status_code == 404
        assert camat.get(f"/berkas/{case_b.tracking_code}").status_code == 200
        found = camat.post("/berkas/cari", data={"q": "Siti"}).get_data(as_text=True)
        assert case_b.tracking_code in found and case_a.tracking_code not in found
        assert camat.get(f"/warga/{case_a.applicant.uuid}").status_code == 404
        assert camat.get(f"/warga/{case_b.applicant.uuid}").status_code == 200
        stats = camat.get("/statistik?kantor=kantor").get_data(as_text=True)
        assert stats.split("data-total-issued>")[1].split("<")[0] == "2"  # B's two only
        assert 'value="kantor"' not in stats
        report = camat.get("/laporan").get_data(as_text=True)
        assert "Kantor Desa Beta" in report and 'value="kantor"' not in report
        assert camat.get("/laporan?kantor=kantor").status_code == 400
        assert camat.get("/laporan?kecamatan=330101").status_code == 400
        assert camat.get("/admin/kantor/kantor").status_code == 404
        assert camat.get("/admin/kantor/desa-b").status_code == 200
    with app.app_context():  # the regency account without a kecamatan still reads both
        regency = app.test_client()
        _staff(None, "kabupaten", role="kepala")
        assert login(regency, "kabupaten").status_code == 302
        assert regency.get(f"/berkas/{case_a.tracking_code}").status_code == 200


def test_a_kecamatan_limit_is_for_regency_accounts_and_six_digits(offices):
    first, _second = offices
    for office_id, code in ((first, "330101"), (None, "3301"), (None, "33010a")):
        with pytest.raises(InvalidUser):
            create_user(
                "camat",
                PASSWORD,
                "kepala",
                check_policy=False,
                office_id=office_id,
                kecamatan_scope=code,
            )
