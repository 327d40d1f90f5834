"""Staff accounts: hashing, login, lock-out, session expiry, guards on every route, CSRF, CLI."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from flask import url_for
from itsdangerous import TimestampSigner
from sqlalchemy import func, select
from staff_support import PASSWORD, bearer, csrf_from, events, issue, login, seed, user
from werkzeug.security import check_password_hash

from kiosk.auth.permissions import PERMISSIONS, Action, roles_with
from kiosk.auth.service import InvalidUser, create_user
from kiosk.config import DEFAULTS
from kiosk.extensions import db
from kiosk.models import ApiToken, Counter, Ticket, User

ROOT = Path(__file__).resolve().parents[1]
ALL_ROLES = set(PERMISSIONS)

# Endpoints anyone may use: the kiosk, the display, login/logout and the public API.
PUBLIC_ENDPOINTS = {
    "static",
    "speech.clip",
    "auth.login",
    "auth.logout",
    "api.services",
    "api.create_ticket",
    "api.get_ticket",
    "api.openapi",
    "api.display_state",
    "api.token",
    "api.public_file_status",
    "api.public_complaint_status",
    "csp_report.csp_report",  # browsers send CSP reports without a session
    # The kiosk's "Lapor / Pengaduan": anonymous on purpose.
    "complaints.kiosk_start",
    "complaints.kiosk_category",
    "complaints.kiosk_details",
    "complaints.kiosk_confirm",
    "complaints.kiosk_send",
    "complaints.kiosk_done",
    "complaints.kiosk_print_status",
    "complaints.kiosk_qr",
    # The kiosk's IKM survey: anonymous on purpose, a paired kiosk only (kiosk.reports.ikm).
    "ikm.survey_start",
    "ikm.survey_offer",
    "ikm.survey_for_ticket",
    "ikm.survey_by_code",
    "ikm.survey_anonymous",
    "ikm.survey_answer",
    "ikm.survey_save",
    # Requirement sheets and the schedule: printed and pinned up, no personal data.
    "outreach.index",
    "outreach.sheet",
    "outreach.all_sheets",
    "outreach.schedule",
    "outreach.status_qr",
    "devices.pair_page",  # the kiosk screen types its one-time code
    "devices.pair",
    # Field tablets: their own bearer token from enrolment (kiosk.sync.auth), not a staff one.
    "api.enrol_tablet",
    "api.forms",
    "api.sync_changes",
    "api.sync_op",
    "api.sync_blob",
    "api.sync_record",  # a tablet's token, or a staff token that may read files
}
PUBLIC_BLUEPRINTS = ("queue.", "status.", "display.", "fieldapp.")  # fieldapp: the PWA shell

# Every staff endpoint and the action of the permission map that guards it; the roles that may
# use it come from the map itself (kiosk.auth.permissions), never from a list here.
STAFF_ENDPOINTS = {
    "auth.home": Action.STAFF_HOME,
    "counter.console": Action.COUNTER_OPERATE,
    "counter.counter_console": Action.COUNTER_OPERATE,
    "counter.waiting_list": Action.COUNTER_OPERATE,
    "counter.counter_action": Action.COUNTER_OPERATE,
    "counter.counter_break": Action.COUNTER_OPERATE,
    "counter.call_specific": Action.COUNTER_OPERATE,
    "counter.transfer": Action.COUNTER_OPERATE,
    "counter.requeue_no_show": Action.COUNTER_OPERATE,
    "counter.desk_ticket": Action.COUNTER_OPERATE,
    "counter.reprint_receipt": Action.COUNTER_OPERATE,
    "counter.statistics": Action.STATS_READ,
    "counter.admin": Action.ADMIN_MANAGE,
    "counter.admin_counter": Action.ADMIN_MANAGE,
    "counter.admin_notice": Action.ADMIN_MANAGE,
    "counter.admin_end_of_day": Action.ADMIN_MANAGE,
    "counter.admin_counter_printer": Action.ADMIN_MANAGE,
    "printers.printer_strip": Action.PRINTERS_WATCH,
    "printers.reprint_failed": Action.PRINTERS_WATCH,
    "auth.change_password": Action.ACCOUNT_SELF,
    "auth.tokens": Action.ACCOUNT_SELF,
    "auth.revoke_token": Action.ACCOUNT_SELF,
    "auth.accounts_page": Action.ADMIN_MANAGE,
    "auth.create_account": Action.ADMIN_MANAGE,
    "auth.account_reset": Action.ADMIN_MANAGE,
    "auth.account_disable": Action.ADMIN_MANAGE,
    "auth.account_enable": Action.ADMIN_MANAGE,
    "auth.account_unlock": Action.ADMIN_MANAGE,
    "auth.account_role": Action.ADMIN_MANAGE,
    "auth.audit_page": Action.ADMIN_MANAGE,
    "offices.offices_page": Action.OFFICE_MANAGE,
    "offices.office_settings_page": Action.OFFICE_MANAGE,
    "offices.save_office_settings": Action.OFFICE_MANAGE,
    "offices.claim_screen": Action.OFFICE_MANAGE,
    "offices.add_holiday": Action.OFFICE_MANAGE,
    "offices.remove_holiday": Action.OFFICE_MANAGE,
    "api.list_tokens": Action.ACCOUNT_SELF,
    "api.revoke_token": Action.ACCOUNT_SELF,
    "access.log": Action.ACCESS_LOG_READ,
    "access.full_view": Action.ADMIN_MANAGE,
    "api.list_counters": Action.COUNTERS_READ,
    "api.create_counter": Action.ADMIN_MANAGE,
    "api.call_next": Action.COUNTER_OPERATE,
    "api.call_specific": Action.COUNTER_OPERATE,
    "api.counter_recall": Action.COUNTER_OPERATE,
    "api.counter_no_show": Action.COUNTER_OPERATE,
    "api.counter_start": Action.COUNTER_OPERATE,
    "api.counter_finish": Action.COUNTER_OPERATE,
    "api.transfer": Action.COUNTER_OPERATE,
    "api.counter_break": Action.COUNTER_OPERATE,
    "welfare.home": Action.WELFARE_READ,
    "dtks.index": Action.WELFARE_READ,
    "dtks.proposal": Action.WELFARE_READ,
    "dtks.export_page": Action.WELFARE_READ,
    **dict.fromkeys(
        (
            "dtks.list_area",
            "dtks.propose_visit",
            "dtks.propose_page",
            "dtks.propose_submit",
            "dtks.record_visit",
            "dtks.list_one",
            "dtks.set_kind",
            "dtks.not_proposable",
            "dtks.entered_one",
            "dtks.record_outcome",
            "dtks.objection",
            "dtks.make_export",
            "dtks.download",
            "dtks.entered_export",
        ),
        Action.WELFARE_EDIT,
    ),
    "files.desk": Action.FILES_READ,
    "files.search": Action.FILES_READ,
    "files.set_paper": Action.FILES_EDIT,
    "files.detail": Action.FILES_READ,
    "files.intake": Action.FILES_INTAKE,
    "files.open_reactivation": Action.FILES_INTAKE,
    "files.change_status": Action.FILES_EDIT,
    "files.set_flag": Action.FILES_EDIT,
    "files.set_location": Action.FILES_EDIT,
    "files.reprint": Action.FILES_EDIT,
    "files.handovers": Action.FILES_EDIT,
    "files.handover": Action.FILES_EDIT,
    "api.create_file": Action.FILES_INTAKE,
    "api.add_tablet": Action.DEVICES_MANAGE,
    "api.file_detail": Action.FILES_READ,
    "api.file_status": Action.FILES_EDIT,
    "api.file_history": Action.FILES_READ,
    "api.file_location": Action.FILES_EDIT,
    "api.file_paper": Action.FILES_EDIT,
    "people.person": Action.FILES_READ,
    "people.edit_person": Action.FILES_EDIT,
    "people.household": Action.FILES_READ,
    "people.edit_household": Action.FILES_EDIT,
    "people.add_member": Action.FILES_EDIT,
    "people.move_out": Action.FILES_EDIT,
    "tls.page": Action.STAFF_HOME,
    "tls.download": Action.STAFF_HOME,
    "devices.devices_page": Action.DEVICES_MANAGE,
    "devices.add_kiosk": Action.DEVICES_MANAGE,
    "devices.renew_code": Action.DEVICES_MANAGE,
    "devices.revoke_device": Action.DEVICES_MANAGE,
    "fieldoffice.tablets_page": Action.DEVICES_MANAGE,
    "fieldoffice.add_tablet": Action.DEVICES_MANAGE,
    "fieldoffice.revoke_tablet": Action.DEVICES_MANAGE,
    "fieldoffice.wipe_tablet": Action.DEVICES_MANAGE,
    "fieldoffice.import_tablet_backup": Action.DEVICES_MANAGE,
    "fieldoffice.review_page": Action.FIELD_REVIEW,
    "fieldoffice.decide": Action.FIELD_REVIEW,
    "fieldoffice.device_page": Action.FIELD_REVIEW,
    "fieldoffice.field_files_page": Action.FILES_READ,
    "fieldoffice.dtks_page": Action.FILES_READ,
    "fieldoffice.assignments_page": Action.FIELD_ASSIGN,
    "fieldoffice.import_households": Action.FIELD_ASSIGN,
    "fieldoffice.photo": Action.FILES_READ,
    "referrals.list_page": Action.WELFARE_READ,
    "referrals.detail": Action.WELFARE_READ,
    "referrals.suggestions_page": Action.WELFARE_READ,
    "referrals.new": Action.WELFARE_EDIT,
    "referrals.follow_up": Action.WELFARE_EDIT,
    "referrals.answer": Action.WELFARE_EDIT,
    "referrals.decide": Action.WELFARE_EDIT,
    "meeting.index": Action.WELFARE_READ,
    "meeting.new": Action.WELFARE_EDIT,
    "meeting.edit": Action.WELFARE_EDIT,
    "meeting.detail": Action.WELFARE_READ,
    "meeting.add": Action.WELFARE_EDIT,
    "meeting.remove": Action.WELFARE_EDIT,
    "meeting.open_meeting": Action.WELFARE_MEETING,
    "meeting.close": Action.WELFARE_MEETING,
    "meeting.add_attendee": Action.WELFARE_MEETING,
    "meeting.mark_present": Action.WELFARE_MEETING,
    "meeting.remove_attendee": Action.WELFARE_MEETING,
    "meeting.decide": Action.WELFARE_MEETING,
    "meeting.print_list": Action.WELFARE_READ,
    "meeting.minutes": Action.WELFARE_READ,
    "complaints.list_page": Action.COMPLAINTS_HANDLE,
    "complaints.detail": Action.COMPLAINTS_HANDLE,
    "complaints.assign_step": Action.COMPLAINTS_HANDLE,
    "complaints.answer_step": Action.COMPLAINTS_HANDLE,
    "complaints.close_step": Action.COMPLAINTS_HANDLE,
    "complaints.counter_intake": Action.COMPLAINTS_HANDLE,
    "ikm.ikm_page": Action.REPORTS_READ,
    "ikm.ikm_download": Action.REPORTS_READ,
    "reports.index": Action.REPORTS_READ,
    "reports.download": Action.REPORTS_READ,
    "reports.monthly": Action.REPORTS_READ,
    "outreach.edit_schedule": Action.OUTREACH_MANAGE,
    "outreach.remove_session": Action.OUTREACH_MANAGE,
    "notify.log_page": Action.NOTIFY_READ,
    "notify.resend": Action.NOTIFY_READ,
    "notify.admin_page": Action.NOTIFY_MANAGE,
    "notify.save_template": Action.NOTIFY_MANAGE,
    "notify.save_settings": Action.NOTIFY_MANAGE,
    "notify.send_test_message": Action.NOTIFY_MANAGE,
}


def roles_for(endpoint: str) -> frozenset[str]:
    """The roles the permission map lets through this endpoint."""
    return roles_with(STAFF_ENDPOINTS[endpoint])


ACCOUNT_OF_ROLE = {
    "admin": "admin",
    "petugas": "petugas1",
    "lapangan": "lapangan",
    "kepala": "kepala",
}


def is_public(endpoint: str) -> bool:
    """Kiosk, display, login/logout and the public API."""
    return endpoint in PUBLIC_ENDPOINTS or endpoint.startswith(PUBLIC_BLUEPRINTS)


def staff_requests(app, counter_id: int) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every non-public rule, every `any(...)` value expanded."""
    found = []
    for rule in app.url_map.iter_rules():
        if is_public(rule.endpoint):
            continue
        variants = [{}]
        for name, converter in rule._converters.items():
            values = sorted(getattr(converter, "items", None) or [counter_id])
            variants = [{**v, name: value} for v in variants for value in values]
        with app.test_request_context():
            for values in variants:
                url = url_for(rule.endpoint, **values)
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    found.append((rule.endpoint, method, url))
    return found


@pytest.fixture
def counters(app):
    """Demo counters and accounts; counter ids by name."""
    return seed(app)


# --- accounts ---------------------------------------------------------------------------------


def test_create_user_stores_only_a_salted_hash(ctx):
    """The password itself is never stored; werkzeug's hash checks it."""
    first = create_user("Budi", "rahasia-sekali", "petugas")
    second = create_user("sari", "rahasia-sekali", "petugas")
    assert first.username == "budi"
    assert "rahasia" not in first.password_hash
    assert first.password_hash.split(":")[0] in ("scrypt", "pbkdf2")
    assert check_password_hash(first.password_hash, "rahasia-sekali")
    assert not check_password_hash(first.password_hash, "rahasia-sekalI")
    assert first.password_hash != second.password_hash  # salted
    assert DEFAULTS["PASSWORD_HASH_METHOD"] == "scrypt"  # tests use a cheap method for speed


@pytest.mark.parametrize(
    ("username", "password", "role", "message"),
    [
        ("budi", "pendek", "petugas", "Kata sandi minimal 10 karakter"),
        ("budi", "", "petugas", "Kata sandi minimal 10 karakter"),
        ("budi", "rahasia-sekali", "camat", "Peran harus salah satu dari"),
        ("budi", "rahasia-sekali", "", "Peran harus salah satu dari"),
        ("budi santoso", "rahasia-sekali", "petugas", "Nama pengguna hanya boleh"),
        ("", "rahasia-sekali", "petugas", "Nama pengguna hanya boleh"),
        ("ADMIN", "rahasia-sekali", "petugas", "sudah dipakai"),
    ],
)
def test_create_user_refuses_bad_input_in_indonesian(ctx, username, password, role, message):
    """Short passwords, unknown roles, odd usernames and duplicates are refused."""
    create_user("admin", "rahasia-sekali", "admin")
    with pytest.raises(InvalidUser) as refused:
        create_user(username, password, role)
    assert message in refused.value.message
    assert db.session.scalar(select(func.count(User.id))) == 1


# --- login --------------------------------------------------------------------------------------


def test_login_page_and_successful_login(client, counters):
    """The form renders; a right password opens the role's home page."""
    page = client.get("/masuk")
    assert page.status_code == 200
    assert "Masuk staf" in page.text and 'name="password"' in page.text
    response = login(client, "petugas1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/loket"
    assert client.get("/loket").headers["Location"] == f"/loket/{counters['Loket 1']}"
    assert client.get("/staf").status_code == 200


def test_login_returns_to_the_page_asked_for_but_never_off_site(client, counters):
    """`next` is honoured for local paths only."""
    response = login(client, "kepala", next="/statistik")
    assert response.headers["Location"] == "/statistik"
    client.post("/keluar")
    response = login(client, "kepala", next="//evil.example/")
    assert response.headers["Location"] == "/laporan"  # the kepala's home, not the other site


def test_wrong_password_is_refused_without_a_session(client, counters):
    """401 with a message that does not say which half was wrong."""
    response = login(client, "petugas1", "salah-sekali")
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in response.text
    unknown = login(client, "siapa", "salah-sekali")
    assert unknown.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in unknown.text
    assert client.get("/staf").status_code == 302
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_empty_login_form_shows_field_errors(client, counters):
    """Empty or too long fields get per-field Indonesian errors (422)."""
    response = client.post("/masuk", data={"username": "", "password": ""})
    assert response.status_code == 422
    assert "Isi nama pengguna." in response.text and "Isi kata sandi." in response.text
    long = client.post("/masuk", data={"username": "u" * 61, "password": "x" * 201})
    assert long.status_code == 422
    assert "Paling banyak 60 karakter." in long.text
    assert "Paling banyak 200 karakter." in long.text


@pytest.mark.data_layer
def test_lock_out_after_repeated_failures_and_unlock_later(app, client, clock, counters):
    """LOGIN_MAX_FAILURES wrong passwords lock the account for LOGIN_LOCK_MINUTES, silently."""
    assert app.config["LOGIN_MAX_FAILURES"] == 5 and app.config["LOGIN_LOCK_MINUTES"] == 15
    for _ in range(5):
        assert login(client, "petugas1", "salah-sekali").status_code == 401
    still = login(client, "petugas1", PASSWORD)  # the right password does not help now
    assert still.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in still.text
    clock.advance(minutes=14, seconds=59)
    assert login(client, "petugas1", PASSWORD).status_code == 401
    assert client.get("/staf").status_code == 302

    clock.advance(seconds=1)
    assert login(client, "petugas1", PASSWORD).status_code == 302
    assert client.get("/staf").status_code == 200


@pytest.mark.data_layer
def test_only_consecutive_failures_count(client, counters):
    """A successful login resets the failure count."""
    for _ in range(4):
        login(client, "petugas1", "salah-sekali")
    assert login(client, "petugas1", PASSWORD).status_code == 302
    client.post("/keluar")
    for _ in range(4):
        assert login(client, "petugas1", "salah-sekali").status_code == 401
    assert login(client, "petugas1", PASSWORD).status_code == 302


@pytest.mark.data_layer
def test_lock_applies_to_the_api_token_too(client, counters):
    """The API shares the login's lock-out, with the same 401 answer throughout."""
    for _ in range(5):
        response = client.post(
            "/api/v1/auth/token", json={"username": "admin", "password": "salah-sekali"}
        )
        assert response.status_code == 401
        assert response.get_json()["error"] == "invalid_credentials"
    response = client.post("/api/v1/auth/token", json={"username": "admin", "password": PASSWORD})
    assert response.status_code == 401
    assert response.get_json()["error"] == "invalid_credentials"
    assert login(client, "admin").status_code == 401


def test_staff_session_lifetime(app, client, counters, monkeypatch):
    """The cookie lasts STAFF_SESSION_HOURS, and an older signed cookie is refused."""
    assert app.permanent_session_lifetime == dt.timedelta(hours=9)
    response = login(client, "petugas1")
    cookie = next(
        value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")
    )
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    remaining = expires - dt.datetime.now(dt.UTC)
    assert dt.timedelta(hours=8, minutes=59) < remaining <= dt.timedelta(hours=9)

    signed_at = TimestampSigner.get_timestamp(None)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: signed_at + 8 * 3600)
    assert client.get("/staf").status_code == 200  # still inside the working day
    later = signed_at + 8 * 3600 + 9 * 3600 + 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    response = client.get("/staf")
    assert response.status_code == 302 and response.headers["Location"].startswith("/masuk")


def test_changing_session_version_logs_the_user_out(app, client, counters):
    """Bumping session_version (password change, "log out everywhere") ends old sessions."""
    login(client, "petugas1")
    assert client.get("/staf").status_code == 200
    with app.app_context():
        user("petugas1").session_version += 1
        db.session.commit()
    assert client.get("/staf").status_code == 302


def test_deactivated_account_loses_session_and_token(app, client, counters):
    """An inactive account can neither use its session nor its bearer token."""
    headers = bearer(client, "petugas1")
    login(client, "petugas1")
    with app.app_context():
        user("petugas1").active = False
        db.session.commit()
    assert client.get("/staf").status_code == 302
    assert client.get("/api/v1/counters", headers=headers).status_code == 401
    assert login(client, "petugas1").status_code == 401


def test_api_token_expires_with_the_working_day(app, client, clock, counters):
    """Tokens live STAFF_SESSION_HOURS; only their hash is stored."""
    value = bearer(client, "kepala")["Authorization"].split()[1]
    with app.app_context():
        stored = db.session.scalar(select(ApiToken.token_hash))
    assert value not in stored and len(stored) == 64
    headers = {"Authorization": f"Bearer {value}"}
    clock.advance(hours=8, minutes=59)
    assert client.get("/api/v1/counters", headers=headers).status_code == 200
    clock.advance(minutes=1)
    assert client.get("/api/v1/counters", headers=headers).status_code == 401


def test_logout_ends_the_session(client, counters):
    """POST /keluar logs out."""
    login(client, "admin")
    assert client.get("/admin").status_code == 200
    assert client.post("/keluar").headers["Location"] == "/masuk"
    assert client.get("/admin").status_code == 302


# --- every staff route is guarded ------------------------------------------------------------


def test_every_route_is_classified(app):
    """A new route must be listed as public or with its roles here (so it gets tested)."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    unclassified = {e for e in endpoints if not is_public(e)} - set(STAFF_ENDPOINTS)
    assert not unclassified, f"add these to PUBLIC_ENDPOINTS or STAFF_ENDPOINTS: {unclassified}"
    assert set(STAFF_ENDPOINTS) <= endpoints, set(STAFF_ENDPOINTS) - endpoints


def test_every_staff_view_is_guarded_by_its_action_of_the_map(app):
    """Each view's decorator names the action listed here: one map, no role tuples."""
    for endpoint, action in STAFF_ENDPOINTS.items():
        view = app.view_functions[endpoint]
        assert getattr(view, "required_action", None) is action, endpoint


def test_the_map_covers_every_role_and_admin_may_do_everything():
    """Every role of an account has an entry; the admin's holds every action but carrying a
    field tablet, which only field officers do."""
    assert set(PERMISSIONS) == set(User.ROLES)
    assert PERMISSIONS["admin"] == frozenset(Action) - {Action.FIELD_WORK}
    assert roles_with(Action.FIELD_WORK) == {"lapangan"}


def test_no_role_comparisons_outside_the_map():
    """Roles are compared in kiosk/auth/permissions.py only (no tuples, no `.role ==`)."""
    pattern = re.compile(
        r"\.role\s*(==|!=)\s*[\"']"  # user.role == "admin"
        r"|\.role\s+(not\s+)?in\s*[(\[]"  # user.role in ("admin", "petugas")
        r"|@(staff_required|api_auth)\((?!Action\.)"  # a guard given roles, not an action
    )
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "kiosk").rglob("*"))
        if path.suffix in (".py", ".html") and path.name != "permissions.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert not offenders, offenders


def test_every_staff_route_refuses_anonymous(app, client, counters):
    """Pages redirect to /masuk (htmx: 401 + HX-Redirect); the API answers 401 JSON."""
    requests = staff_requests(app, counters["Loket 1"])
    assert len(requests) >= len(STAFF_ENDPOINTS)
    for endpoint, method, url in requests:
        response = client.open(url, method=method)
        label = f"{method} {url} ({endpoint})"
        if url.startswith("/api/"):
            assert response.status_code == 401, label
            assert response.get_json()["error"] == "unauthorized", label
            assert response.headers["WWW-Authenticate"].startswith("Bearer"), label
            continue
        assert response.status_code == 302, label
        assert response.headers["Location"].startswith("/masuk?next="), label
        htmx = client.open(url, method=method, headers={"HX-Request": "true"})
        assert htmx.status_code == 401, label
        assert htmx.headers["HX-Redirect"].startswith("/masuk?next="), label
    with app.app_context():
        assert db.session.scalar(select(func.count(Counter.id))) == 4  # nothing was created


def test_every_api_route_refuses_bad_tokens(app, client, counters, clock):
    """A garbage, malformed or expired bearer token is 401 on every staff API route."""
    expired = bearer(client, "admin")
    clock.advance(hours=10)
    for endpoint, method, url in staff_requests(app, counters["Loket 1"]):
        if not url.startswith("/api/"):
            continue
        for headers in (
            {"Authorization": "Bearer not-a-real-token"},
            {"Authorization": "Basic YWRtaW46c2F0dXBpbnR1"},
            {"Authorization": "Bearer " + "x" * 500},
            expired,
        ):
            response = client.open(url, method=method, headers=headers, json={})
            assert response.status_code == 401, (endpoint, headers)
            assert response.get_json()["error"] == "unauthorized"


@pytest.mark.parametrize("role", sorted(ALL_ROLES - {"admin"}))
def test_every_staff_route_refuses_the_wrong_role(app, client, counters, role):
    """Pages answer 403 and the API 403 JSON to a role that may not use them."""
    account = ACCOUNT_OF_ROLE[role]
    headers = bearer(client, account)
    assert login(client, account).status_code == 302
    checked = 0
    for endpoint, method, url in staff_requests(app, counters["Loket 1"]):
        if role in roles_for(endpoint):
            continue
        checked += 1
        label = f"{role}: {method} {url}"
        if url.startswith("/api/"):
            response = client.open(url, method=method, headers=headers, json={})
            assert response.status_code == 403, label
            assert response.get_json()["error"] == "forbidden", label
        else:
            response = client.open(url, method=method, data={})
            assert response.status_code == 403, label
            assert "Peran Anda tidak boleh" in response.text, label
    assert checked > 0
    with app.app_context():
        assert not events()  # no refused request did anything
        assert db.session.scalar(select(func.count(Counter.id))) == 4


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_allowed_roles_get_through(app, client, counters, role):
    """The other half: each role reaches the GET pages and API routes it may use."""
    account = ACCOUNT_OF_ROLE[role]
    headers = bearer(client, account)
    login(client, account)
    for endpoint, method, url in staff_requests(app, counters["Loket 1"]):
        if method != "GET" or role not in roles_for(endpoint):
            continue
        response = client.get(url, headers=headers if url.startswith("/api/") else {})
        # 404 is fine: the sample id may name nothing; the guard let the request through.
        assert response.status_code in (200, 302, 404), (role, url, response.status_code)
        if response.status_code == 302:
            assert not response.headers["Location"].startswith("/masuk"), (role, url)


# --- CSRF ---------------------------------------------------------------------------------


@pytest.fixture
def csrf_config(app_config):
    """The test configuration with CSRF protection on."""
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def test_post_without_csrf_token_is_refused(csrf_config, app, client, counters):
    """With CSRF on, a logged-in POST without the token changes nothing (400)."""
    refused = login(client, "admin")
    assert refused.status_code == 400  # even the login form needs its token
    page = client.get("/masuk")
    assert login(client, "admin", csrf_token=csrf_from(page.text)).status_code == 302
    with app.app_context():
        ticket_id = issue().id

    for url, data in (
        ("/loket/1/panggil", {}),
        ("/loket/1/istirahat", {}),
        ("/admin/loket", {"name": "Loket 9", "services": ["kia"]}),
        ("/admin/pengumuman", {"notice": "Diretas"}),
        ("/admin/tutup-hari", {"action": "close", "reason": "diretas"}),
        ("/admin/akun", {"username": "x", "role": "admin"}),
        ("/keluar", {}),
    ):
        response = client.post(url, data=data, headers={"HX-Request": "true"})
        assert response.status_code == 400, url
        assert "kedaluwarsa" in response.text, url
        forged = client.post(url, data=data, headers={"X-CSRFToken": "forged"})
        assert forged.status_code == 400, url

    with app.app_context():
        assert db.session.get(Ticket, ticket_id).state == "waiting"
        assert not events()
        assert db.session.scalar(select(func.count(Counter.id))) == 4
        assert user("x") is None
        assert not db.session.get(Counter, 1).on_break
    assert client.get("/admin").status_code == 200  # still logged in: /keluar was refused too

    console = client.get("/loket/1")
    token = csrf_from(console.text)
    called = client.post("/loket/1/panggil", headers={"HX-Request": "true", "X-CSRFToken": token})
    assert called.status_code == 200
    with app.app_context():
        assert db.session.get(Ticket, ticket_id).state == "called"


def test_api_needs_no_csrf_token_but_a_bearer_one(csrf_config, client, counters):
    """The API is CSRF-exempt: a bearer token, not a cookie, authorises it."""
    headers = bearer(client, "admin")
    response = client.post(
        "/api/v1/counters", json={"name": "Loket 9", "services": ["kia"]}, headers=headers
    )
    assert response.status_code == 201


# --- CLI ----------------------------------------------------------------------------------------


def run_cli(tmp_path, *args, stdin: str | None = None):
    """Run `python -m kiosk.cli` with its own instance folder."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SATUPINTU_")}
    env.update(SATUPINTU_INSTANCE_PATH=str(tmp_path), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin if stdin is not None else "",
    )


def test_cli_create_user(tmp_path, monkeypatch):
    """create-user reads the password from stdin (or a prompt), never argv; refusals explain."""
    assert run_cli(tmp_path, "init-db").returncode == 0
    made = run_cli(
        tmp_path, "create-user", "--username", "siti", "--password-stdin",
        "--role", "petugas", "--name", "Siti Aminah", stdin="rahasia-sekali\n",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "Created petugas account 'siti'" in made.stdout
    assert "rahasia" not in made.stdout + made.stderr

    for args, password, message in (
        (["--username", "siti", "--role", "admin"], "rahasia-lain-lagi", "sudah dipakai"),
        (["--username", "budi", "--role", "admin"], "pendek", "minimal 10"),
        (["--username", "budi", "--role", "admin"], "password123", "terlalu umum"),
        (["--username", "budi", "--role", "camat"], "rahasia-sekali", "camat"),
        (["--username", "budi"], "rahasia-sekali", "--role"),
        (["--username", "bu di", "--role", "admin"], "rahasia-sekali", "hanya"),
        (
            ["--username", "budi", "--password", "rahasia-sekali", "--role", "admin"],
            "",
            "--password",
        ),
    ):
        refused = run_cli(tmp_path, "create-user", "--password-stdin", *args, stdin=password + "\n")
        assert refused.returncode != 0, args
        assert message in refused.stderr, (args, refused.stderr)

    prompted = run_cli(
        tmp_path, "create-user", "--username", "rudi", "--role", "kepala",
        stdin="rahasia-sekali\nrahasia-sekali\n",
    )  # fmt: skip
    assert prompted.returncode == 0, prompted.stderr

    from kiosk import create_app

    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "OFFICE_HOURS": "always"})
    with app.app_context():
        siti = user("siti")
        assert siti.role == "petugas" and siti.display_name == "Siti Aminah"
        assert check_password_hash(siti.password_hash, "rahasia-sekali")
        assert siti.password_hash.startswith("scrypt:")  # the production method
        assert user("budi") is None
    response = app.test_client().post(
        "/masuk", data={"username": "siti", "password": "rahasia-sekali"}
    )
    assert response.status_code == 302
    with app.app_context():
        db.engine.dispose()
