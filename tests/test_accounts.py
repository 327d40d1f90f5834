"""Staff accounts for real (issue 9): forced password change, ending sessions and tokens,
absolute session lifetime, atomic lock-out, password rules, admin actions, audit, safe `next`."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError
from staff_support import PASSWORD, bearer, login, seed, token, user

from kiosk.auth import passwords, service
from kiosk.auth.passwords import common_passwords, password_problem
from kiosk.demo import seed_staff
from kiosk.extensions import db
from kiosk.models import ApiToken, AuditEvent

API = "/api/v1"
HX = {"HX-Request": "true"}
NEW_PASSWORD = "kopi-pagi-di-loket"


@pytest.fixture
def counters(app):
    """Demo counters and accounts; counter ids by name."""
    return seed(app)


def audit_kinds(app) -> list[str]:
    """Audit event kinds, oldest first."""
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.kind).order_by(AuditEvent.id)))


def change_password(client, current: str, new: str = NEW_PASSWORD):
    """POST the change-password form."""
    return client.post("/akun/kata-sandi", data={"current": current, "new": new, "repeat": new})


# --- demo accounts on the LAN ---------------------------------------------------------------


@pytest.fixture
def lan_config(app_config):
    """The server listens on every interface, as `make run` does."""
    app_config["LISTEN_HOST"] = "0.0.0.0"
    return app_config


def test_demo_password_on_the_lan_must_be_changed_first(lan_config, app, client, counters):
    """On the LAN the known demo password opens only the change-password page, then all."""
    response = login(client, "petugas1")
    assert response.headers["Location"] == "/akun/kata-sandi"
    page = client.get("/akun/kata-sandi")
    assert page.status_code == 200 and "data-forced" in page.text
    for path in ("/loket", "/staf", "/statistik", "/berkas"):
        assert client.get(path).headers["Location"] == "/akun/kata-sandi", path
    poll = client.get(f"/loket/{counters['Loket 1']}/antrian", headers=HX)
    assert poll.headers["HX-Redirect"] == "/akun/kata-sandi"
    token = client.post(f"{API}/auth/token", json={"username": "petugas1", "password": PASSWORD})
    assert token.status_code == 403 and token.get_json()["error"] == "password_change_required"

    refused = change_password(client, PASSWORD, "indonesia123")
    assert refused.status_code == 422 and "terlalu umum" in refused.text
    assert change_password(client, PASSWORD).headers["Location"] == "/loket"
    assert client.get("/loket").status_code == 302  # on to the counter, not the password page
    assert client.get(f"/loket/{counters['Loket 1']}").status_code == 200
    client.post("/keluar")
    assert login(client, "petugas1", NEW_PASSWORD).headers["Location"] == "/loket"


def test_demo_password_on_localhost_is_kept(app, client, counters):
    """Listening on 127.0.0.1 (the default), the demo logs straight in."""
    assert app.config["LISTEN_HOST"] == "127.0.0.1"
    assert login(client, "petugas1").headers["Location"] == "/loket"
    with app.app_context():
        assert not user("petugas1").must_change_password


@pytest.mark.parametrize(
    ("host", "lan"),
    [("127.0.0.1", False), ("localhost", False), ("::1", False), ("[::1]", False),
     ("0.0.0.0", True), ("::", True), ("192.168.1.10", True), ("kantor.lan", True)],
)  # fmt: skip
def test_listen_host_rule(app, host, lan):
    """Only loopback addresses count as "this PC only"."""
    app.config["LISTEN_HOST"] = host
    with app.app_context():
        assert passwords.listens_on_lan() is lan


def test_demo_does_not_reset_existing_accounts(app, client, counters):
    """Running `satupintu demo` again leaves changed passwords and roles alone."""
    login(client, "petugas1")
    assert change_password(client, PASSWORD).status_code == 302
    with app.app_context():
        user("kepala").active = False
        db.session.commit()
        seed_staff()
        assert passwords.check_password(user("petugas1").password_hash, NEW_PASSWORD)
        assert not user("kepala").active


# --- sessions and tokens end ----------------------------------------------------------------


def test_copied_cookie_is_dead_after_logout(app, client, counters):
    """Logout ends the session on the server: a copy of the cookie opens nothing."""
    login(client, "petugas1")
    stolen = client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/staf").status_code == 200
    client.post("/keluar")
    response = thief.get("/staf")
    assert response.status_code == 302 and response.headers["Location"].startswith("/masuk")
    assert "logout" in audit_kinds(app)


def _logout(app, client, admin):
    client.post("/keluar")


def _change_password(app, client, admin):
    change_password(client, PASSWORD)


def _disable(app, client, admin):
    admin.post(f"/admin/akun/{_id(app, 'petugas1')}/nonaktifkan")


def _role_change(app, client, admin):
    admin.post(f"/admin/akun/{_id(app, 'petugas1')}/peran", data={"role": "kepala"})


def _reset(app, client, admin):
    admin.post(f"/admin/akun/{_id(app, 'petugas1')}/reset")


def _id(app, username: str) -> int:
    with app.app_context():
        return user(username).id


@pytest.mark.parametrize("end", [_logout, _change_password, _disable, _role_change, _reset])
def test_every_session_and_token_of_the_user_ends(app, client, counters, end):
    """Logout, password change, disable, role change and reset end all sessions and tokens."""
    headers = bearer(client, "petugas1")
    login(client, "petugas1")
    other_device = app.test_client()
    login(other_device, "petugas1")
    admin = app.test_client()
    login(admin, "admin")
    admin_headers = bearer(admin, "admin")
    console = f"/loket/{counters['Loket 1']}/antrian"
    assert other_device.get(console, headers=HX).status_code == 200
    assert client.get(f"{API}/counters", headers=headers).status_code == 200

    end(app, client, admin)

    poll = other_device.get(console, headers=HX)
    assert poll.status_code == 401 and poll.headers["HX-Redirect"].startswith("/masuk")
    response = client.get(f"{API}/counters", headers=headers)
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"
    assert admin.get(f"{API}/counters", headers=admin_headers).status_code == 200  # others kept


def test_revoked_token_is_401_and_users_see_only_their_own(app, client, counters):
    """GET/DELETE /auth/tokens: own tokens for staff, all for the admin; revoked → 401."""
    mine = bearer(client, "petugas1")
    spare = bearer(client, "petugas1")
    theirs = bearer(client, "petugas2")
    admin = bearer(client, "admin")
    listed = client.get(f"{API}/auth/tokens", headers=mine).get_json()["tokens"]
    assert {t["username"] for t in listed} == {"petugas1"} and len(listed) == 2
    assert "token" not in listed[0]
    everyone = client.get(f"{API}/auth/tokens", headers=admin).get_json()["tokens"]
    assert {t["username"] for t in everyone} == {"petugas1", "petugas2", "admin"}
    theirs_id = next(t["id"] for t in everyone if t["username"] == "petugas2")
    assert client.delete(f"{API}/auth/tokens/{theirs_id}", headers=mine).status_code == 404
    assert client.delete(f"{API}/auth/tokens/{2**63}", headers=mine).status_code == 404

    spare_id = max(t["id"] for t in listed)
    assert client.delete(f"{API}/auth/tokens/{spare_id}", headers=mine).status_code == 204
    assert client.get(f"{API}/counters", headers=spare).status_code == 401
    assert client.get(f"{API}/counters", headers=mine).status_code == 200
    assert client.delete(f"{API}/auth/tokens/{theirs_id}", headers=admin).status_code == 204
    assert client.get(f"{API}/counters", headers=theirs).status_code == 401
    assert audit_kinds(app).count("token_revoked") == 2


def test_tokens_page_lists_and_revokes(app, client, counters):
    """The staff page does the same as the API, with a button per token."""
    headers = bearer(client, "kepala")
    bearer(client, "petugas1")
    login(client, "kepala")
    page = client.get("/akun/token")
    ids = re.findall(r'data-token="(\d+)"', page.text)
    assert len(ids) == 1  # only the kepala's own
    assert client.post(f"/akun/token/{ids[0]}/cabut").status_code == 200
    assert client.get(f"{API}/counters", headers=headers).status_code == 401
    assert 'data-token="' not in client.get("/akun/token").text


def test_disabled_users_console_is_sent_to_login_at_its_next_poll(app, client, counters):
    """The console's 3-second poll answers 401 with HX-Redirect once the admin disables."""
    login(client, "petugas1")
    console = f"/loket/{counters['Loket 1']}/antrian"
    assert client.get(console, headers=HX).status_code == 200
    admin = app.test_client()
    login(admin, "admin")
    page = admin.post(f"/admin/akun/{_id(app, 'petugas1')}/nonaktifkan")
    assert "Akun petugas1 dinonaktifkan." in page.text
    poll = client.get(console, headers=HX)
    assert poll.status_code == 401 and poll.headers["HX-Redirect"].startswith("/masuk?next=")
    assert login(client, "petugas1").status_code == 401
    admin.post(f"/admin/akun/{_id(app, 'petugas1')}/aktifkan")
    assert login(client, "petugas1").status_code == 302
    assert audit_kinds(app)[-4:] == ["disabled", "login_failed", "enabled", "login"]


# --- absolute session lifetime ----------------------------------------------------------------


def test_session_lifetime_is_absolute_polling_does_not_extend_it(app, client, clock, counters):
    """STAFF_SESSION_HOURS from login, however busy the console's polling has been."""
    login(client, "petugas1")
    console = f"/loket/{counters['Loket 1']}/antrian"
    for _ in range(8):
        clock.advance(hours=1)
        assert client.get(console, headers=HX).status_code == 200
    clock.advance(minutes=59, seconds=59)
    assert client.get(console, headers=HX).status_code == 200
    clock.advance(seconds=1)
    poll = client.get(console, headers=HX)
    assert poll.status_code == 401 and poll.headers["HX-Redirect"].startswith("/masuk")
    assert client.get("/staf").status_code == 302


def test_session_without_a_login_time_is_refused(app, client, counters):
    """A session cookie made before this rule (no login time) counts as expired."""
    login(client, "petugas1")
    with client.session_transaction() as session:
        del session["login_at"]
    assert client.get("/staf").status_code == 302


# --- lock-out --------------------------------------------------------------------------------


def test_forty_parallel_wrong_passwords_check_at_most_five(app, counters, monkeypatch):
    """40 threads at once: ≤ 5 real password checks, then locked; every request costs one hash."""
    real_checks, dummy_checks = [], []
    lock = threading.Lock()
    check, spend = service.check_password, service.spend_one_check

    def counting_check(stored, password):
        with lock:
            real_checks.append(password)
        return check(stored, password)

    def counting_spend(password):
        with lock:
            dummy_checks.append(password)
        spend(password)

    monkeypatch.setattr(service, "check_password", counting_check)
    monkeypatch.setattr(service, "spend_one_check", counting_spend)
    start = threading.Barrier(40)

    def attempt(number: int):
        client = app.test_client()
        start.wait()
        return login(client, "petugas1", f"tebakan-{number}")

    with ThreadPoolExecutor(max_workers=40) as pool:
        responses = list(pool.map(attempt, range(40)))

    assert len(real_checks) <= 5
    assert len(real_checks) + len(dummy_checks) == 40  # the same cost for every answer
    assert {r.status_code for r in responses} == {401}
    assert len({_message(r.text) for r in responses}) == 1
    client = app.test_client()
    assert login(client, "petugas1", PASSWORD).status_code == 401  # locked now
    kinds = audit_kinds(app)
    assert kinds.count("locked_out") == 1 and kinds.count("login_failed") == 41


def _message(html: str) -> str:
    return re.search(r"data-error>(.*?)</p>", html, re.S).group(1)


def test_unknown_disabled_and_locked_users_get_the_same_answer(app, client, counters):
    """Status and message do not tell an attacker which accounts exist or are locked."""
    for _ in range(5):
        login(client, "petugas1", "salah-sekali")
    with app.app_context():
        user("kepala").active = False
        db.session.commit()
    answers = [
        login(client, "petugas1", PASSWORD),  # locked
        login(client, "kepala", PASSWORD),  # disabled
        login(client, "tidak-ada", PASSWORD),  # unknown
        login(client, "petugas2", "salah-sekali"),  # wrong password
    ]
    assert {r.status_code for r in answers} == {401}
    assert len({_message(r.text) for r in answers}) == 1
    api = [
        client.post(f"{API}/auth/token", json={"username": name, "password": PASSWORD}).get_json()
        for name in ("petugas1", "kepala", "tidak-ada")
    ]
    assert len({(body["error"], body["message"]) for body in api}) == 1


def test_admin_unlocks_an_account(app, client, counters):
    """The admin page shows the lock and lifts it; the user logs in at once."""
    for _ in range(5):
        login(client, "petugas1", "salah-sekali")
    admin = app.test_client()
    login(admin, "admin")
    page = admin.get("/admin/akun")
    row = re.search(r'data-account="petugas1">.*?</tr>', page.text, re.S).group(0)
    assert "dikunci" in row and "buka-kunci" in row
    assert (
        "Kunci akun petugas1 dibuka."
        in admin.post(f"/admin/akun/{_id(app, 'petugas1')}/buka-kunci").text
    )
    assert login(client, "petugas1").status_code == 302
    assert audit_kinds(app)[-2:] == ["unlocked", "login"]


# --- password rules ------------------------------------------------------------------------


def test_common_password_list_is_shipped_with_indonesian_entries(ctx):
    """A few thousand entries, including the ones people here actually pick."""
    common = common_passwords()
    assert len(common) >= 3000
    for word in ("satupintu", "password123", "indonesia", "bismillah", "12345678910"):
        assert word in common


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("pendek", "minimal 10 karakter"),
        ("123456789", "minimal 10 karakter"),
        ("12345678910", "terlalu umum"),
        ("Password123", "terlalu umum"),
        ("BISMILLAH123", "terlalu umum"),
        ("x" * 201, "paling banyak 200"),
    ],
)
def test_weak_passwords_are_refused_in_indonesian(ctx, password, message):
    """Too short, too long or on the common list."""
    assert message in password_problem(password)
    assert password_problem("kopi-pagi-di-loket") is None


def test_staff_change_their_own_password(app, client, counters):
    """The header links the page; wrong current, mismatch and weak passwords are explained."""
    login(client, "petugas2")
    assert 'href="/akun/kata-sandi"' in client.get("/staf").text
    wrong = change_password(client, "bukan-sandi-lama")
    assert wrong.status_code == 422 and "Kata sandi saat ini salah." in wrong.text
    mismatch = client.post(
        "/akun/kata-sandi", data={"current": PASSWORD, "new": NEW_PASSWORD, "repeat": "lain"}
    )
    assert mismatch.status_code == 422 and "Kedua kata sandi baru tidak sama." in mismatch.text
    weak = change_password(client, PASSWORD, "satupintu123")
    assert weak.status_code == 422 and "terlalu umum" in weak.text
    assert change_password(client, PASSWORD).status_code == 302
    assert client.get("/staf").status_code == 200  # this browser stays logged in
    client.post("/keluar")
    assert login(client, "petugas2", PASSWORD).status_code == 401
    assert login(client, "petugas2", NEW_PASSWORD).status_code == 302


# --- the admin's account page -----------------------------------------------------------------


@pytest.fixture
def admin(app, counters):
    """A client logged in as admin."""
    client = app.test_client()
    login(client, "admin")
    return client


def test_admin_resets_a_password_to_a_new_one_time_password(app, admin, client):
    """The old password stops working; the one-time one must be changed first."""
    page = admin.post(f"/admin/akun/{_id(app, 'petugas2')}/reset")
    assert "Kata sandi petugas2 direset." in page.text
    one_time = re.search(r"data-one-time-password>([^<]+)<", page.text).group(1)
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", one_time)
    assert login(client, "petugas2", PASSWORD).status_code == 401
    assert login(client, "petugas2", one_time).headers["Location"] == "/akun/kata-sandi"
    assert change_password(client, one_time).status_code == 302


def test_admin_changes_role_and_counter_and_sees_last_login(app, admin, client, counters):
    """Role and counter are one form per row; last login is shown."""
    login(client, "petugas1")
    page = admin.get("/admin/akun")
    row = re.search(r'data-account="petugas1">.*?</tr>', page.text, re.S).group(0)
    assert "23-11-2026 09.00" in row
    assert "belum pernah" in re.search(r'data-account="kepala">.*?</tr>', page.text, re.S).group(0)
    target = f"/admin/akun/{_id(app, 'petugas1')}/peran"
    moved = admin.post(target, data={"role": "petugas", "counter": str(counters["Loket 3"])})
    assert "Akun petugas1 diperbarui." in moved.text
    assert client.get("/staf").status_code == 200  # a counter move keeps the session
    assert admin.post(target, data={"role": "camat", "counter": ""}).status_code == 422
    admin.post(target, data={"role": "kepala", "counter": ""})
    with app.app_context():
        account = user("petugas1")
        assert account.role == "kepala" and account.counter_id is None
    details = _details(app)
    assert ("counter_changed", "Loket 1 → Loket 3") in details
    assert ("role_changed", "petugas → kepala") in details


def _details(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [
            tuple(row) for row in db.session.execute(select(AuditEvent.kind, AuditEvent.detail))
        ]


def test_admin_cannot_lock_themselves_out(app, admin):
    """Own account: no disabling, no role change (the office would lose its admin)."""
    own = _id(app, "admin")
    assert admin.post(f"/admin/akun/{own}/nonaktifkan").status_code == 409
    assert admin.post(f"/admin/akun/{own}/peran", data={"role": "kepala"}).status_code == 409
    assert admin.post("/admin/akun/999/nonaktifkan").status_code == 404
    with app.app_context():
        assert user("admin").active and user("admin").role == "admin"


# --- audit --------------------------------------------------------------------------------


def test_audit_records_account_events_without_passwords(app, admin, client):
    """Each event kind is recorded with actor, subject and address; no password anywhere."""
    made = admin.post("/admin/akun", data={"username": "rina", "role": "petugas"})
    one_time = re.search(r"data-one-time-password>([^<]+)<", made.text).group(1)
    login(client, "rina", "salah-sekali")
    login(client, "rina", one_time)
    change_password(client, one_time)
    token(client, "rina", NEW_PASSWORD)
    client.post("/keluar")
    with app.app_context():
        rows = db.session.scalars(
            select(AuditEvent).where(AuditEvent.subject == "rina").order_by(AuditEvent.id)
        ).all()
        assert [r.kind for r in rows] == [
            "created", "login_failed", "login", "password_changed",
            "login", "token_issued", "logout",
        ]  # fmt: skip
        assert rows[0].actor.username == "admin" and rows[0].client_address == "127.0.0.1"
        dump = " ".join(f"{r.subject} {r.detail}" for r in db.session.scalars(select(AuditEvent)))
        for secret in (one_time, NEW_PASSWORD, "salah-sekali", PASSWORD):
            assert secret not in dump


@pytest.mark.data_layer
def test_audit_is_append_only(app, admin):
    """The database refuses UPDATE and DELETE on audit_event."""
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id))) >= 1
        for statement in ("UPDATE audit_event SET kind = 'x'", "DELETE FROM audit_event"):
            with pytest.raises(DatabaseError, match="append-only"):
                db.session.execute(text(statement))
            db.session.rollback()


@pytest.mark.data_layer
def test_audit_rows_cannot_be_changed_through_the_model(app, admin):
    """The ORM refuses too, before the statement reaches the database."""
    with app.app_context():
        event = db.session.scalars(select(AuditEvent)).first()
        event.detail = "diubah"
        with pytest.raises(ValueError, match="append-only"):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalars(select(AuditEvent)).first())
        with pytest.raises(ValueError, match="append-only"):
            db.session.commit()
        db.session.rollback()


def test_audit_page_is_newest_first_and_paged(app, admin, client):
    """Admin only; 50 a page, newest on top; an NIK typed as username is masked."""
    for number in range(60):
        login(client, f"orang{number}", "salah-sekali")
    login(client, "3201014501900003", "salah-sekali")
    first = admin.get("/admin/audit")
    assert first.status_code == 200
    rows = re.findall(r'data-event="login_failed">(.*?)</tr>', first.text, re.S)
    subjects = [re.findall(r"<td>(.*?)</td>", row, re.S)[3] for row in rows]
    assert subjects[:2] == ["(angka disamarkan)", "orang59"]
    assert "3201014501900003" not in first.text
    assert "Halaman 1 dari 2" in first.text
    second = admin.get("/admin/audit?halaman=2")
    assert "Halaman 2 dari 2" in second.text and "orang0<" in second.text
    assert admin.get("/admin/audit?halaman=abc").status_code == 200
    login(client, "kepala")
    assert client.get("/admin/audit").status_code == 403


# --- open redirect --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example",
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "http:/evil.example",
        "/statistik\r\nSet-Cookie: x=1",
        "javascript:alert(1)",
        " /statistik",
    ],
)
def test_next_never_leaves_the_site(client, counters, target):
    """Only a same-site path is followed after login; anything else goes home."""
    response = login(client, "kepala", next=target)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == "/laporan", location


def test_next_from_the_login_link_never_leaves_the_site(client, counters):
    """The reported case end to end: /masuk?next=/%09/evil.example, then the form is sent."""
    page = client.get("/masuk?next=/%09/evil.example")
    hidden = re.search(r'name="next" type="hidden" value="([^"]*)"', page.text).group(1)
    response = login(client, "kepala", next=hidden.replace("&#9;", "\t"))
    assert response.headers["Location"] == "/laporan"


def test_next_keeps_a_local_path_with_query(client, counters):
    """A normal path with a query string survives."""
    response = login(client, "kepala", next="/statistik?hari=2026-11-20")
    assert response.headers["Location"] == "/statistik?hari=2026-11-20"


def test_tokens_table_keeps_only_hashes(app, client, counters):
    """Revocation keeps the row (for the list and audit) and never the token."""
    value = bearer(client, "kepala")["Authorization"].split()[1]
    with app.app_context():
        assert value not in db.session.scalar(select(ApiToken.token_hash))
