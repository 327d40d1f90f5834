"""Counters from the outside: the staff API, the console pages (HTMX), statistics, admin."""

from __future__ import annotations

import datetime as dt
import json
import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from staff_support import PASSWORD, bearer, events, issue, login, seed, user

from kiosk.counter.service import call_next, get_counter
from kiosk.display.state import set_notice
from kiosk.extensions import db
from kiosk.files.service import accept_file
from kiosk.models import Counter, Service, Ticket

API = "/api/v1"
HX = {"HX-Request": "true"}
NIK = "3201011708450001"  # valid: a man born 17 August 1945
CITIZEN = "Budi Santoso Wirawan"


@pytest.fixture
def loket(app) -> dict[str, int]:
    """Demo counters (Loket 1 calls KTP-el and KIA) and accounts."""
    return seed(app)


@pytest.fixture
def petugas(client, loket) -> dict:
    """Bearer headers of petugas1."""
    return bearer(client, "petugas1")


def take(app, code="ktp-baru", priority=False) -> SimpleNamespace:
    """Take a number; its id, label and tracking code."""
    with app.test_request_context():
        ticket = issue(code, priority)
        return SimpleNamespace(id=ticket.id, label=ticket.label, code=ticket.tracking_code)


def post(client, path, headers, body=None):
    """POST JSON to the API."""
    return client.post(f"{API}{path}", headers=headers, json=body)


# --- tokens --------------------------------------------------------------------------------------


def test_token_for_good_credentials(client, loket, clock):
    """A token that works, expiring after STAFF_SESSION_HOURS."""
    response = client.post(f"{API}/auth/token", json={"username": "Petugas1", "password": PASSWORD})
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer" and body["role"] == "petugas"
    assert len(body["token"]) >= 32
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert expires == clock() + dt.timedelta(hours=9)
    headers = {"Authorization": f"Bearer {body['token']}"}
    assert client.get(f"{API}/counters", headers=headers).status_code == 200


@pytest.mark.parametrize(
    ("kwargs", "status", "error"),
    [
        ({"json": {"username": "petugas1", "password": "salah"}}, 401, "invalid_credentials"),
        ({"json": {"username": "siapa", "password": PASSWORD}}, 401, "invalid_credentials"),
        ({"json": {"username": "petugas1"}}, 422, "invalid_field"),
        ({"json": {"username": 7, "password": PASSWORD}}, 422, "invalid_field"),
        ({"json": ["petugas1", PASSWORD]}, 400, "malformed_json"),
        ({"data": "username=petugas1&password=satupintu"}, 415, "unsupported_media_type"),
        (
            {"data": "{not json", "headers": {"Content-Type": "application/json"}},
            400,
            "malformed_json",
        ),
    ],
)
def test_token_refusals_are_json(client, loket, kwargs, status, error):
    """Wrong credentials 401, bad fields 422, bad JSON 400, not JSON 415."""
    response = client.post(f"{API}/auth/token", **kwargs)
    assert response.status_code == status
    assert response.is_json and response.get_json()["error"] == error
    assert response.get_json()["message"]


def test_token_for_a_locked_account_is_401_like_any_failure(app, client, loket):
    """After LOGIN_MAX_FAILURES even the right password gets the same 401 as a wrong one."""
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post(f"{API}/auth/token", json={"username": "admin", "password": "salah"})
    response = client.post(f"{API}/auth/token", json={"username": "admin", "password": PASSWORD})
    assert response.status_code == 401
    assert response.get_json()["error"] == "invalid_credentials"


# --- counters ------------------------------------------------------------------------------------


def test_admin_creates_a_counter_petugas_may_not(app, client, loket):
    """POST /counters: admin → 201 with the counter; petugas → 403; kepala may list."""
    body = {"name": "Loket 5", "services": ["sktm", "domisili"]}
    refused = post(client, "/counters", bearer(client, "petugas1"), body)
    assert refused.status_code == 403 and refused.get_json()["error"] == "forbidden"

    created = post(client, "/counters", bearer(client, "admin"), body)
    assert created.status_code == 201
    counter = created.get_json()
    assert counter["name"] == "Loket 5" and counter["services"] == ["sktm", "domisili"]
    assert counter["on_break"] is False and counter["current"] is None

    listed = client.get(f"{API}/counters", headers=bearer(client, "kepala")).get_json()
    assert [c["name"] for c in listed["counters"]] == [f"Loket {n}" for n in range(1, 6)]
    with app.app_context():
        assert db.session.scalar(select(func.count(Counter.id))) == 5


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"name": "Loket 5"}, 422, "invalid_field"),
        ({"name": "Loket 5", "services": "sktm"}, 422, "invalid_field"),
        ({"name": "Loket 5", "services": []}, 422, "invalid_counter"),
        ({"name": "Loket 5", "services": ["tidak-ada"]}, 422, "invalid_counter"),
        ({"name": "Loket 5", "services": [7]}, 422, "invalid_field"),
        ({"name": "", "services": ["sktm"]}, 422, "invalid_field"),
        ({"name": "x" * 61, "services": ["sktm"]}, 422, "invalid_field"),
        ({"name": "Loket 1", "services": ["sktm"]}, 422, "invalid_counter"),
        ([], 400, "malformed_json"),
        ("teks", 400, "malformed_json"),
    ],
)
def test_bad_counter_bodies(app, client, loket, body, status, error):
    """Malformed counters are refused with JSON errors and create nothing."""
    response = post(client, "/counters", bearer(client, "admin"), body)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"] == error
    with app.app_context():
        assert db.session.scalar(select(func.count(Counter.id))) == 4


def test_counter_body_must_be_json(client, loket):
    """A form-encoded body is 415."""
    response = client.post(
        f"{API}/counters", headers=bearer(client, "admin"), data="name=Loket 5&services=sktm"
    )
    assert response.status_code == 415
    assert response.get_json()["error"] == "unsupported_media_type"


# --- the calling flow ---------------------------------------------------------------------------


def test_call_next_returns_the_ticket_and_404_when_empty(app, client, loket, petugas):
    """200 with the ticket, then 404 queue_empty; unknown counter 404."""
    first = take(app)
    response = post(client, f"/counters/{loket['Loket 1']}/call-next", petugas)
    assert response.status_code == 200
    body = response.get_json()
    assert body["number"] == first.label == "A-001"
    assert body["tracking_code"] == first.code
    assert body["counter"] == "Loket 1" and body["counter_id"] == loket["Loket 1"]
    assert body["state"] == "called" and body["recalls"] == 0
    assert body["called_at"].startswith("2026-11-23T09:00")

    empty = post(client, f"/counters/{loket['Loket 1']}/call-next", petugas, {"then": "finish"})
    assert empty.status_code == 404
    assert empty.get_json()["error"] == "queue_empty"
    unknown = post(client, "/counters/999/call-next", bearer(client, "admin"))
    assert unknown.status_code == 404 and unknown.get_json()["error"] == "unknown_counter"


def test_call_next_while_a_citizen_is_at_the_counter_asks_what_happens_to_them(
    app, client, loket, petugas
):
    """Without `then` the call is refused (409 ticket_at_counter) and nobody is closed; with
    then=finish or then=no-show the current one is closed that way and the next one called."""
    base = f"/counters/{loket['Loket 1']}"
    for _ in range(3):
        take(app)
    post(client, f"{base}/call-next", petugas)
    refused = post(client, f"{base}/call-next", petugas)
    assert refused.status_code == 409
    assert refused.get_json()["error"] == "ticket_at_counter"
    assert "A-001" in refused.get_json()["message"]
    bad = post(client, f"{base}/call-next", petugas, {"then": "pulang"})
    assert bad.status_code == 422
    early = post(client, f"{base}/call-next", petugas, {"then": "no-show"})
    assert early.status_code == 409 and early.get_json()["error"] == "recall_first"
    with app.app_context():
        assert [e.kind for e in events()] == ["call"]

    finished = post(client, f"{base}/call-next", petugas, {"then": "finish"})
    assert finished.status_code == 200 and finished.get_json()["number"] == "A-002"
    post(client, f"{base}/recall", petugas)
    post(client, f"{base}/recall", petugas)
    absent = post(client, f"{base}/call-next", petugas, {"then": "no-show"})
    assert absent.status_code == 200 and absent.get_json()["number"] == "A-003"
    with app.app_context():
        kinds = [e.kind for e in events()]
        assert kinds == ["call", "finish", "call", "recall", "recall", "no_show", "call"]


def test_recall_no_show_start_finish(app, client, loket, petugas):
    """Each action answers with the ticket; no-show waits for two recalls (409 before)."""
    base = f"/counters/{loket['Loket 1']}"
    take(app)
    take(app)
    for action in ("recall", "no-show", "start", "finish"):
        refused = post(client, f"{base}/{action}", petugas)
        assert refused.status_code == 409
        assert refused.get_json()["error"] == "no_current_ticket"

    post(client, f"{base}/call-next", petugas)
    early = post(client, f"{base}/no-show", petugas)
    assert early.status_code == 409 and early.get_json()["error"] == "recall_first"
    assert post(client, f"{base}/recall", petugas).get_json()["recalls"] == 1
    assert post(client, f"{base}/recall", petugas).get_json()["recalls"] == 2
    absent = post(client, f"{base}/no-show", petugas)
    assert absent.status_code == 200 and absent.get_json()["state"] == "no_show"

    assert post(client, f"{base}/call-next", petugas).get_json()["number"] == "A-002"
    assert post(client, f"{base}/start", petugas).get_json()["state"] == "serving"
    again = post(client, f"{base}/start", petugas)
    assert again.status_code == 409 and again.get_json()["error"] == "wrong_state"
    done = post(client, f"{base}/finish", petugas)
    assert done.status_code == 200 and done.get_json()["state"] == "done"
    with app.app_context():
        kinds = [e.kind for e in events()]
        assert kinds == ["call", "recall", "recall", "no_show", "call", "start", "finish"]
        assert {e.user_id for e in events()} == {user("petugas1").id}


def test_transfer_to_service_or_counter(app, client, loket, petugas):
    """{service} moves it to that queue; {counter} to that counter; the number stays."""
    base = f"/counters/{loket['Loket 1']}"
    take(app)
    take(app)
    post(client, f"{base}/call-next", petugas)
    moved = post(client, f"{base}/transfer", petugas, {"service": "kk-baru"})
    assert moved.status_code == 200
    body = moved.get_json()
    assert (body["number"], body["state"], body["queue_service"]) == ("A-001", "waiting", "kk-baru")
    assert body["service"] == "ktp-baru" and body["counter"] is None
    petugas2, admin = bearer(client, "petugas2"), bearer(client, "admin")
    loket2 = post(client, f"/counters/{loket['Loket 2']}/call-next", petugas2).get_json()
    assert loket2["number"] == "A-001" and loket2["counter"] == "Loket 2"

    post(client, f"{base}/call-next", petugas, {"then": "finish"})
    sent = post(client, f"{base}/transfer", petugas, {"counter": loket["Loket 4"]})
    assert sent.status_code == 200 and sent.get_json()["number"] == "A-002"
    nobody = post(client, f"/counters/{loket['Loket 3']}/call-next", admin)
    assert nobody.status_code == 404
    loket4 = post(client, f"/counters/{loket['Loket 4']}/call-next", admin).get_json()
    assert loket4["number"] == "A-002"


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({}, 422, "invalid_transfer"),
        ({"service": "kk-baru", "counter": 2}, 422, "invalid_transfer"),
        ({"service": "tidak-ada"}, 422, "invalid_transfer"),
        ({"service": 5}, 422, "invalid_field"),
        ({"service": ""}, 422, "invalid_field"),
        ({"counter": "2"}, 422, "invalid_field"),
        ({"counter": True}, 422, "invalid_field"),
        ({"counter": 999}, 422, "invalid_transfer"),
        ({"counter": 1}, 422, "invalid_transfer"),  # its own counter
        (["kk-baru"], 400, "malformed_json"),
    ],
)
def test_bad_transfer_bodies(app, client, loket, petugas, body, status, error):
    """Bad transfer bodies are refused and the ticket stays called."""
    base = f"/counters/{loket['Loket 1']}"
    take(app)
    post(client, f"{base}/call-next", petugas)
    response = post(client, f"{base}/transfer", petugas, body)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"] == error
    current = client.get(f"{API}/counters", headers=petugas).get_json()["counters"][0]
    assert current["current"]["number"] == "A-001" and current["current"]["state"] == "called"


def test_call_specific_and_break(app, client, loket, petugas):
    """/call needs a reason; /break stops call-next (409) until the counter resumes."""
    base = f"/counters/{loket['Loket 1']}"
    take(app)
    second = take(app)
    no_reason = post(client, f"{base}/call", petugas, {"number": "A-002"})
    assert no_reason.status_code == 422 and no_reason.get_json()["field"] == "reason"
    short = post(client, f"{base}/call", petugas, {"number": "A-002", "reason": "x"})
    assert short.status_code == 422 and short.get_json()["error"] == "reason_required"
    called = post(client, f"{base}/call", petugas, {"number": "A-002", "reason": "lansia"})
    assert called.status_code == 200 and called.get_json()["tracking_code"] == (second.code)
    busy = post(client, f"{base}/break", petugas)
    assert busy.status_code == 409
    post(client, f"{base}/finish", petugas)

    bad = post(client, f"{base}/break", petugas, {"on_break": "ya"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "on_break"
    paused = post(client, f"{base}/break", petugas)  # no body: on break
    assert paused.status_code == 200 and paused.get_json()["on_break"] is True
    refused = post(client, f"{base}/call-next", petugas)
    assert refused.status_code == 409 and refused.get_json()["error"] == "counter_on_break"
    back = post(client, f"{base}/break", petugas, {"on_break": False})
    assert back.get_json()["on_break"] is False
    assert post(client, f"{base}/call-next", petugas).get_json()["number"] == "A-001"


# --- display state ----------------------------------------------------------------------------


def walk(value, path=""):
    """Every (path, key, value) in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")


def test_display_state_shape_and_no_citizen_data(app, client, loket, petugas):
    """Public; counters, calls and waiting counts; no NIK or citizen name anywhere."""
    first = take(app)
    take(app, "kk-baru")
    take(app, "kk-baru")
    post(client, f"/counters/{loket['Loket 1']}/call-next", petugas)
    with app.test_request_context():
        accept_file(
            tracking_code=first.code,
            service_code="ktp-baru",
            applicant={"name": CITIZEN, "nik": NIK, "address": "Kp. Sukamaju RT 1"},
            received=[],
            missing=[],
        )
        set_notice("Blanko tersedia")
        allowed = {"Kantor Desa Uji"} | {c.name for c in db.session.scalars(select(Counter))}
        allowed |= {s.text("name") for s in db.session.scalars(select(Service))}

    response = client.get(f"{API}/display/state")
    assert response.status_code == 200
    state = response.get_json()
    assert state["office_name"] == "Kantor Desa Uji" and state["notice"] == "Blanko tersedia"
    counters = {c["name"]: c for c in state["counters"]}
    assert set(counters) == {"Loket 1", "Loket 2", "Loket 3", "Loket 4"}
    assert counters["Loket 1"]["current"] == {
        "number": "A-001",
        "service": "ktp-baru",
        "state": "called",
    }
    assert counters["Loket 2"]["current"] is None and counters["Loket 2"]["on_break"] is False
    call = state["recent_calls"][0]
    assert (call["number"], call["counter"], call["kind"]) == ("A-001", "Loket 1", "call")
    assert {w["service"]: w["count"] for w in state["waiting"]} == {"kk-baru": 2}

    text = json.dumps(state)
    for secret in (NIK, CITIZEN, "Budi", "Santoso", "Sukamaju", first.code):
        assert secret not in text
    assert not re.search(r"\d{16}", text)
    for path, key, value in walk(state):
        assert key.lower() not in {"nik", "kk", "applicant", "address", "phone", "birth_date"}
        if key in ("name", "service_name", "counter", "office_name") and isinstance(value, str):
            assert value in allowed, (path, value)


# --- the console pages ------------------------------------------------------------------------


def test_console_shows_the_waiting_list(app, client, loket):
    """The console lists this counter's waiting numbers only."""
    take(app)
    take(app, "kia", priority=True)
    take(app, "kk-baru")
    login(client, "petugas1")
    page = client.get(f"/loket/{loket['Loket 1']}")
    assert page.status_code == 200
    assert 'data-waiting-number="A-001"' in page.text
    assert 'data-waiting-number="K-001"' in page.text
    assert 'data-waiting-number="D-001"' not in page.text  # Loket 2's service
    assert "Panggil Berikutnya" in page.text and "<html" in page.text
    partial = client.get(f"/loket/{loket['Loket 1']}/antrian", headers=HX)
    assert "<html" not in partial.text and 'data-waiting-number="A-001"' in partial.text


def test_console_call_next_returns_the_partial(app, client, loket):
    """An HTMX press answers with the console fragment showing the called number."""
    take(app)
    take(app)
    login(client, "petugas1")
    response = client.post(f"/loket/{loket['Loket 1']}/panggil", headers=HX)
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="console"' in response.text
    assert re.search(r"data-current-number>\s*A-001\s*<", response.text)
    assert "Nomor A-001 dipanggil." in response.text
    assert 'data-waiting-number="A-001"' not in response.text
    assert "HX-Request" in response.headers.get("Vary", "")


def test_console_errors_are_friendly_indonesian(app, client, loket):
    """Refusals show a message in the console partial, never a stack trace."""
    login(client, "petugas1")
    base = f"/loket/{loket['Loket 1']}"
    empty = client.post(f"{base}/panggil", headers=HX)
    assert empty.status_code == 404
    assert 'id="console"' in empty.text and "data-error" in empty.text
    assert "Tidak ada antrean yang menunggu untuk loket ini." in empty.text
    assert "Traceback" not in empty.text and "QueueEmpty" not in empty.text

    take(app)
    client.post(f"{base}/panggil", headers=HX)
    early = client.post(f"{base}/tidak-hadir", headers=HX)
    assert early.status_code == 409 and "Panggil ulang dulu (0 dari 2 kali)" in early.text
    no_target = client.post(f"{base}/alihkan", headers=HX, data={"target": ""})
    assert no_target.status_code == 422 and "Pilih tujuan." in no_target.text
    no_reason = client.post(f"{base}/panggil-nomor", headers=HX, data={"number": "A-001"})
    assert no_reason.status_code == 422 and "Tulis alasannya." in no_reason.text
    busy = client.post(f"{base}/istirahat", headers=HX)
    assert busy.status_code == 409 and "Selesaikan dulu" in busy.text

    login(client, "admin")
    missing = client.get("/loket/999")
    assert missing.status_code == 404 and "Loket tidak ditemukan." in missing.text


def test_console_actions_through_the_pages(app, client, loket):
    """Recall twice, no-show, call the next, start, transfer to Loket 2, break, resume."""
    take(app)
    take(app)
    login(client, "petugas1")
    base = f"/loket/{loket['Loket 1']}"
    client.post(f"{base}/panggil", headers=HX)
    assert "dipanggil ulang" in client.post(f"{base}/ulang", headers=HX).text
    client.post(f"{base}/ulang", headers=HX)
    asked = client.post(f"{base}/tidak-hadir", headers=HX).text  # a confirm step first
    ticket_id = re.search(r'name="tiket" value="(\d+)"', asked).group(1)
    confirmed = client.post(
        f"{base}/tidak-hadir", headers=HX, data={"yakin": "1", "tiket": ticket_id}
    )
    assert "ditandai tidak hadir" in confirmed.text
    client.post(f"{base}/panggil", headers=HX)
    assert "Sedang dilayani" in client.post(f"{base}/mulai", headers=HX).text
    moved = client.post(
        f"{base}/alihkan", headers=HX, data={"target": f"counter:{loket['Loket 2']}"}
    )
    assert moved.status_code == 200 and "Nomor A-002 dialihkan." in moved.text
    assert "Loket istirahat." in client.post(f"{base}/istirahat", headers=HX).text
    assert "data-on-break" in client.get(base, headers=HX).text
    assert "Loket kembali melayani." in client.post(f"{base}/lanjut", headers=HX).text
    with app.app_context():
        kinds = [e.kind for e in events()]
    assert kinds == [
        "call", "recall", "recall", "no_show", "call", "start", "transfer", "break", "resume"
    ]  # fmt: skip


def test_console_call_specific_with_reason(app, client, loket):
    """Calling out of order from the console logs the reason."""
    take(app)
    take(app)
    login(client, "petugas1")
    response = client.post(
        f"/loket/{loket['Loket 1']}/panggil-nomor",
        headers=HX,
        data={"number": "A-002", "reason": "ibu hamil pusing"},
    )
    assert response.status_code == 200
    assert "Nomor A-002 dipanggil di luar urutan." in response.text
    with app.app_context():
        assert "ibu hamil pusing" in events("call")[0].note


def test_statistics_page_for_kepala(app, client, loket):
    """The kepala sees today's statistics; a bad date is 400."""
    take(app)
    with app.test_request_context():
        call_next(get_counter(loket["Loket 1"]))
    login(client, "kepala")
    page = client.get("/statistik")
    assert page.status_code == 200
    assert "Statistik Senin, 23 November 2026" in page.text
    assert re.search(r"data-total-issued>1<", page.text)
    assert "Loket 1" in page.text and "Tidak hadir (%)" in page.text
    assert "<td>0,0</td>" in page.text and "0.0" not in page.text  # Indonesian decimals
    assert client.get("/statistik?hari=2026-11-20").status_code == 200
    assert client.get("/statistik?hari=kemarin").status_code == 400


# --- admin forms --------------------------------------------------------------------------------


@pytest.fixture
def admin(client, loket):
    """A client logged in as admin."""
    login(client, "admin")
    return client


def test_admin_page_renders(admin):
    """The admin page shows its three forms and links to the accounts page."""
    page = admin.get("/admin")
    assert page.status_code == 200
    for form in ("counter", "notice", "end-of-day"):
        assert f'data-form="{form}"' in page.text
    assert 'href="/admin/akun"' in page.text and 'href="/admin/audit"' in page.text


def test_admin_creates_a_counter(app, admin):
    """Per-field errors, a duplicate name, then a new counter."""
    empty = admin.post("/admin/loket", data={"name": ""})
    assert empty.status_code == 422
    assert "Isi nama loket, misalnya Loket 1." in empty.text
    assert "Pilih paling sedikit satu layanan." in empty.text
    taken = admin.post("/admin/loket", data={"name": "Loket 1", "services": ["sktm"]})
    assert taken.status_code == 422 and "Loket bernama Loket 1 sudah ada." in taken.text
    long = admin.post("/admin/loket", data={"name": "L" * 61, "services": ["sktm"]})
    assert long.status_code == 422 and "Paling banyak 60 karakter." in long.text
    made = admin.post("/admin/loket", data={"name": "Loket 5", "services": ["sktm", "kis"]})
    assert made.status_code == 200 and "Loket Loket 5 dibuat." in made.text
    with app.app_context():
        counter = db.session.scalar(select(Counter).where(Counter.name == "Loket 5"))
        assert [s.code for s in counter.services] == ["sktm", "kis"]


def test_admin_sets_the_notice(app, admin, client):
    """The notice is length-checked and reaches the display state."""
    too_long = admin.post("/admin/pengumuman", data={"notice": "x" * 201})
    assert too_long.status_code == 422 and "Paling banyak 200 karakter." in too_long.text
    saved = admin.post("/admin/pengumuman", data={"notice": "Blanko  KTP-el\nhabis"})
    assert saved.status_code == 200 and "Pengumuman layar diperbarui." in saved.text
    assert client.get(f"{API}/display/state").get_json()["notice"] == "Blanko KTP-el habis"


def test_admin_end_of_day(app, admin, clock):
    """Close needs a reason (per-field error); carry moves the waiting numbers."""
    take(app)
    take(app)
    nothing = admin.post("/admin/tutup-hari", data={})
    assert nothing.status_code == 422 and "Pilih salah satu." in nothing.text
    no_reason = admin.post("/admin/tutup-hari", data={"action": "close", "reason": " "})
    assert no_reason.status_code == 422
    assert "Tulis alasan menutup antrean, misalnya: blanko habis." in no_reason.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Ticket.state == "waiting")) == 2

    carried = admin.post("/admin/tutup-hari", data={"action": "carry"})
    assert carried.status_code == 200 and "2 nomor dibawa ke 24-11-2026." in carried.text
    clock.set(2026, 11, 24, 16, 0)
    login(admin, "admin")  # the session of the day before has ended (absolute lifetime)
    closed = admin.post("/admin/tutup-hari", data={"action": "close", "reason": "Listrik padam"})
    assert closed.status_code == 200 and "2 nomor ditutup." in closed.text
    with app.app_context():
        reasons = db.session.scalars(select(Ticket.closed_reason)).all()
        assert reasons == ["Listrik padam", "Listrik padam"]


def test_admin_creates_a_user(app, admin):
    """Per-field errors, a duplicate, then an account with a one-time password shown once."""
    bad = admin.post("/admin/akun", data={"username": "", "role": "petugas"})
    assert bad.status_code == 422
    assert "Isi nama pengguna." in bad.text
    dup = admin.post("/admin/akun", data={"username": "petugas1", "role": "petugas"})
    assert dup.status_code == 422 and "Nama pengguna petugas1 sudah dipakai." in dup.text
    made = admin.post(
        "/admin/akun",
        data={"username": "rina", "display_name": "Rina", "role": "petugas", "counter": "3"},
    )
    assert made.status_code == 200 and "Akun rina dibuat." in made.text
    assert made.headers["Cache-Control"] == "no-store"
    one_time = re.search(r"data-one-time-password>([^<]+)<", made.text).group(1)
    assert "data-one-time-password" not in admin.get("/admin/akun").text  # shown once
    with app.app_context():
        rina = user("rina")
        assert rina.role == "petugas" and rina.counter.name == "Loket 3"
        assert rina.must_change_password
    admin.post("/keluar")
    assert login(admin, "rina", one_time).headers["Location"] == "/akun/kata-sandi"
    assert admin.get("/loket").headers["Location"] == "/akun/kata-sandi"
    changed = admin.post(
        "/akun/kata-sandi",
        data={"current": one_time, "new": "loket-tiga-pagi", "repeat": "loket-tiga-pagi"},
    )
    assert changed.headers["Location"] == "/loket"
    assert admin.get("/loket").headers["Location"] == "/loket/3"


def test_admin_forms_refuse_unknown_choices(app, admin):
    """A tampered role or service code is refused and creates nothing."""
    role = admin.post("/admin/akun", data={"username": "rina", "role": "camat"})
    assert role.status_code == 422 and "field-error" in role.text
    service = admin.post("/admin/loket", data={"name": "Loket 5", "services": ["tidak-ada"]})
    assert service.status_code == 422 and "field-error" in service.text
    with app.app_context():
        assert user("rina") is None
        assert db.session.scalar(select(func.count(Counter.id))) == 4


def test_too_long_input_is_explained_in_indonesian(admin, loket):
    """Length limits speak Indonesian (WTForms has no Indonesian catalogue of its own)."""
    response = admin.post(
        "/admin/akun",
        data={"username": "u" * 61, "display_name": "d" * 121},
    )
    assert "Paling banyak 60 karakter." in response.text
    assert "Paling banyak 120 karakter." in response.text
    response = admin.post("/admin/tutup-hari", data={"action": "close", "reason": "r" * 201})
    assert "Paling banyak 200 karakter." in response.text
    response = admin.post(
        f"/loket/{loket['Loket 1']}/panggil-nomor",
        data={"number": "A" * 21, "reason": "alasan"},
        headers=HX,
    )
    assert "Paling banyak 20 karakter." in response.text
    assert "Field cannot be longer" not in response.text


# --- OpenAPI -------------------------------------------------------------------------------


def required_keys(schema: dict, schemas: dict) -> set[str]:
    """Required keys of a schema, following $ref and allOf."""
    if "$ref" in schema:
        return required_keys(schemas[schema["$ref"].rsplit("/", 1)[1]], schemas)
    keys = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        keys |= required_keys(part, schemas)
    return keys


def test_openapi_documents_the_staff_api(app, client, loket, petugas):
    """Bearer security, the error statuses, and schemas that match real responses."""
    document = client.get(f"{API}/openapi.json").get_json()
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    schemas, paths = document["components"]["schemas"], document["paths"]
    for name in ("Counter", "StaffTicket", "DisplayState", "Error", "Token"):
        assert name in schemas

    for path, item in paths.items():
        if not path.startswith("/counters"):
            continue
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation["security"] == [{"bearerAuth": []}], (path, method)
            assert {"401", "403"} <= set(operation["responses"]), (path, method)
            if method == "post" and path != "/counters":
                assert {"200", "404", "409"} <= set(operation["responses"]), path
    assert (
        "queue_empty"
        in paths["/counters/{counter_id}/call-next"]["post"]["responses"]["404"]["description"]
    )
    assert {"200", "401", "403"} <= set(paths["/auth/token"]["post"]["responses"])
    assert paths["/auth/token"]["post"]["security"] == []
    assert paths["/display/state"]["get"]["security"] == []
    for path in ("transfer", "call"):
        operation = paths[f"/counters/{{counter_id}}/{path}"]["post"]
        assert operation["requestBody"]["required"] is True
        assert "422" in operation["responses"]
    assert "201" in paths["/counters"]["post"]["responses"]

    take(app)
    token = client.post(
        f"{API}/auth/token", json={"username": "admin", "password": PASSWORD}
    ).get_json()
    assert required_keys(schemas["Token"], schemas) <= set(token)
    called = post(client, f"/counters/{loket['Loket 1']}/call-next", petugas).get_json()
    assert required_keys(schemas["StaffTicket"], schemas) <= set(called)
    assert called["state"] in schemas["Ticket"]["properties"]["state"]["enum"]
    counter = client.get(f"{API}/counters", headers=petugas).get_json()["counters"][0]
    assert required_keys(schemas["Counter"], schemas) <= set(counter)
    state = client.get(f"{API}/display/state").get_json()
    assert required_keys(schemas["DisplayState"], schemas) <= set(state)
    assert set(state) <= set(schemas["DisplayState"]["properties"])
    empty = post(client, f"/counters/{loket['Loket 3']}/call-next", petugas).get_json()
    assert required_keys(schemas["Error"], schemas) <= set(empty)
