"""Kiosk screens: home, requirements, taking a number, the ticket and the public status page."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from kiosk.catalogue.service import find_service, home_groups
from kiosk.extensions import db
from kiosk.files.service import accept_file
from kiosk.i18n import clock_time
from kiosk.models import Ticket
from kiosk.queue.position import estimate_call_at, people_ahead
from kiosk.queue.service import find_ticket, issue_ticket
from kiosk.tracking import check_symbol, group, new_code

HX = {"HX-Request": "true"}
# kk-baru has several required "bring" items, so an empty checklist triggers the warning.
SERVICE = "kk-baru"
NIK = "3201011708450001"  # valid: a man born 17 August 1945
NAME = "Budi Santoso Wirawan"


def ticket_count(app) -> int:
    """Tickets in the database."""
    with app.app_context():
        return db.session.scalar(select(func.count(Ticket.id)))


def hidden(html: str, name: str) -> str:
    """The value of a hidden input of the rendered form."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    assert match, f"no hidden input {name!r}"
    return match.group(1)


def required_bring_ids(app, code: str = SERVICE) -> list[int]:
    """Ids of the non-optional requirements the citizen must bring."""
    with app.app_context():
        service = find_service(code)
        return [r.id for r in service.requirements if r.kind == "bring" and not r.optional]


def form_for(client, code: str = SERVICE) -> dict:
    """The take-number form fields as the requirements screen renders them."""
    html = client.get(f"/layanan/{code}").get_data(as_text=True)
    return {name: hidden(html, name) for name in ("service", "prioritas", "token")}


def assert_friendly_html(response, *, lang: str = "id") -> str:
    """An HTML page for people: right language, no traceback."""
    html = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert f'<html lang="{lang}">' in html
    assert "Traceback" not in html and "Error:" not in html
    return html


# ---------------------------------------------------------------- home and htmx


def test_home_lists_every_group_tile_and_the_priority_lane(app, client):
    """Every home group gets a tile, and the priority lane is offered."""
    html = client.get("/").get_data(as_text=True)
    with app.app_context():
        groups = [(g.code, g.text("name")) for g in home_groups()]
    assert len(groups) >= 5
    for code, name in groups:
        assert f'data-group="{code}"' in html
        assert str(escape(name)) in html
    assert "data-priority-lane" in html and "Antrean Prioritas" in html


def test_other_tile_explains_to_ask_at_the_counter_without_a_number(app, client):
    """'Lainnya': a plain screen that says to ask the officer; it issues nothing."""
    assert 'href="/lainnya"' in client.get("/").get_data(as_text=True)
    html = assert_friendly_html(client.get("/lainnya"))
    assert "Silakan langsung bertanya kepada petugas di loket." in html
    assert "/ambil" not in html
    assert ticket_count(app) == 0


def test_htmx_request_gets_a_partial_and_every_response_varies_on_hx_request(client):
    """HX-Request: a fragment without <html>; both answers say Vary: HX-Request."""
    full = client.get("/")
    partial = client.get("/", headers=HX)
    assert "<html" in full.get_data(as_text=True)
    body = partial.get_data(as_text=True)
    assert partial.status_code == 200
    assert "<html" not in body and "<head>" not in body and "<!doctype" not in body
    assert 'data-screen="home"' in body
    for response in (full, partial):
        assert "HX-Request" in response.vary


def test_history_restore_request_gets_the_full_page(client):
    """htmx history restores need the whole page, not a fragment."""
    response = client.get("/", headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<html" in response.get_data(as_text=True)


def test_requirements_screen_shows_every_requirement_label(app, client):
    """The service screen lists each requirement (bring, made, captured) by its label."""
    html = client.get(f"/layanan/{SERVICE}").get_data(as_text=True)
    with app.app_context():
        labels = [r.text("label") for r in find_service(SERVICE).requirements]
    assert labels
    for label in labels:
        assert str(escape(label)) in html
    assert "data-take-number" in html


def test_unknown_service_is_a_friendly_404(client):
    """A made-up service code gives the Indonesian not-found page."""
    response = client.get("/layanan/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan." in assert_friendly_html(response)


# ---------------------------------------------------------------- taking a number


def test_missing_documents_warn_kindly_first_then_lanjut_issues_the_ticket(app, client):
    """Unticked documents: a kind warning and no ticket; lanjut=1 then issues it."""
    fields = form_for(client)
    first = client.post("/ambil", data=fields)
    html = first.get_data(as_text=True)
    assert first.status_code == 200
    assert "data-missing-warning" in html
    assert "Masih ada yang belum Anda bawa:" in html
    assert "Anda tetap boleh mengambil nomor" in html
    assert "Tetap Ambil Nomor" in html
    assert 'name="lanjut" value="1"' in html
    assert hidden(html, "token") == fields["token"]  # the retry stays idempotent
    assert ticket_count(app) == 0

    second = client.post("/ambil", data={**fields, "lanjut": "1"})
    assert second.status_code == 303
    assert ticket_count(app) == 1
    with app.app_context():
        ticket = db.session.scalar(select(Ticket))
        assert ticket.request_token == fields["token"]
        assert ticket.missing_requirements  # the counter is told what is missing
        assert second.headers["Location"].endswith(f"/tiket/{ticket.tracking_code}")


def test_ticking_every_required_document_issues_at_once(app, client):
    """With every required document ticked there is no warning: straight to the ticket."""
    fields = form_for(client)
    response = client.post("/ambil", data={**fields, "punya": required_bring_ids(app)})
    assert response.status_code == 303
    assert ticket_count(app) == 1


def test_htmx_take_number_answers_with_the_ticket_fragment(app, client):
    """Over htmx the ticket screen comes back as a fragment, not a redirect."""
    fields = form_for(client)
    response = client.post("/ambil", data={**fields, "lanjut": "1"}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "data-ticket-number" in html
    assert ticket_count(app) == 1


def test_same_request_token_twice_gives_the_same_ticket(app, client):
    """A double tap (same token) never takes a second number."""
    fields = {**form_for(client), "lanjut": "1"}
    first = client.post("/ambil", data=fields)
    second = client.post("/ambil", data=fields)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert ticket_count(app) == 1
    # A fresh screen (new token) does take the next number.
    client.post("/ambil", data={**form_for(client), "lanjut": "1"})
    assert ticket_count(app) == 2


def test_tampered_form_is_refused_without_a_ticket(app, client):
    """A bad priority reason or a missing token re-renders the form (422), issues nothing."""
    fields = form_for(client)
    bad_reason = client.post("/ambil", data={**fields, "prioritas": "vip", "lanjut": "1"})
    no_token = client.post("/ambil", data={**fields, "token": "", "lanjut": "1"})
    for response in (bad_reason, no_token):
        assert response.status_code == 422
        assert "Ada yang salah dengan permintaan ini." in assert_friendly_html(response)
    assert ticket_count(app) == 0


def test_ticket_screen_shows_number_people_ahead_and_estimated_time(ctx, client):
    """The confirmation shows the number, how many wait before it and a clock time."""
    issue_ticket(SERVICE)
    issue_ticket(SERVICE)
    ticket = issue_ticket(SERVICE)
    expected = estimate_call_at(ticket, people_ahead(ticket))
    assert expected is not None
    html = client.get(f"/tiket/{ticket.tracking_code}").get_data(as_text=True)
    assert re.search(rf"data-ticket-number>\s*{re.escape(ticket.label)}\s*<", html)
    assert re.search(r"data-people-ahead>\s*2 orang\s*<", html)
    estimate = re.search(r"data-estimate>\s*sekitar pukul (\d{2}\.\d{2})\s*<", html)
    assert estimate, "no estimated call time"
    assert estimate.group(1) == clock_time(expected)
    assert "perhatikan layar TV" in html  # where the number will be called


# ---------------------------------------------------------------- public status page


def test_status_page_shows_place_in_line(ctx, client):
    """/s/<code> of a waiting ticket shows its number, people ahead and no personal data."""
    issue_ticket(SERVICE)
    ticket = issue_ticket(SERVICE)
    response = client.get(f"/s/{ticket.tracking_code}")
    html = assert_friendly_html(response)
    assert response.status_code == 200
    assert ticket.label in html
    assert "1 orang di depan Anda" in html
    assert "Menunggu dipanggil" in html
    assert not re.search(r"\d{16}", html)


def test_status_page_never_shows_the_applicants_name_or_nik(ctx, client):
    """Once a file holds a name and NIK, /s/<code> shows at most a masked name."""
    ticket = issue_ticket(SERVICE)
    accept_file(
        tracking_code=ticket.tracking_code,
        service_code=SERVICE,
        applicant={"name": NAME, "nik": NIK, "address": "Kp. Sukamaju RT 1"},
        received=[],
        missing=[],
    )
    response = client.get(f"/s/{ticket.tracking_code}")
    html = assert_friendly_html(response)
    assert response.status_code == 200
    assert ticket.tracking_code in html
    for secret in (NAME, "Budi", "Santoso", "Wirawan", NIK, "Sukamaju RT"):
        assert secret not in html
    assert not re.search(r"\d{16}", html)


@pytest.mark.parametrize(
    ("code", "reason", "message"),
    [
        (None, "unknown", "Kami tidak menemukan antrean atau berkas dengan kode ini."),
        ("ABC", "malformed", "Kode ini tidak lengkap atau salah ketik."),
        ("K7QM-2XPA-9RX", "malformed", "Kode ini tidak lengkap atau salah ketik."),
        ("<script>alert(1)</script>", "malformed", "Kode ini tidak lengkap atau salah ketik."),
    ],
    ids=["unknown", "short", "bad-check-symbol", "markup"],
)
def test_unknown_or_malformed_code_gets_a_friendly_page(client, code, reason, message):
    """A wrong code is a 404 with an explanation in Bahasa Indonesia, never a traceback."""
    response = client.get(f"/s/{code or new_code()}")
    html = assert_friendly_html(response)
    assert response.status_code == 404
    assert "Kode tidak ditemukan" in html
    assert f'data-status-unknown="{reason}"' in html
    assert message in html
    assert "<script>alert" not in html


def test_lower_case_and_confusable_variants_of_a_code_resolve(ctx, client):
    """Lower case, no dashes, O for 0 and I/L for 1 all find the same ticket."""
    ticket = issue_ticket(SERVICE)
    body = "01K7QM2X1P"
    ticket.tracking_code = group(body + check_symbol(body))
    db.session.commit()
    code = ticket.tracking_code
    variants = [
        code.lower(),
        code.replace("-", ""),
        code.replace("0", "O").replace("1", "I"),
        code.replace("0", "o").replace("1", "l").lower(),
        code.replace("1", "L").replace("-", " "),
    ]
    for variant in variants:
        assert variant != code
        response = client.get(f"/s/{variant}")
        assert response.status_code == 200, variant
        assert ticket.label in response.get_data(as_text=True)
        assert client.get(f"/tiket/{variant}").status_code == 200
    assert find_ticket(code) is not None


# ---------------------------------------------------------------- CSRF


class TestCsrf:
    """With CSRF on, a form post without the token is refused kindly."""

    @pytest.fixture
    def app_config(self, app_config):
        """CSRF protection as in production."""
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_post_without_token_is_a_friendly_400_and_issues_nothing(self, app, client):
        """No csrf_token: 400 page asking to reload, no ticket; with the token it works."""
        html = client.get(f"/layanan/{SERVICE}").get_data(as_text=True)
        fields = {name: hidden(html, name) for name in ("service", "prioritas", "token")}
        response = client.post("/ambil", data={**fields, "lanjut": "1"})
        page = assert_friendly_html(response)
        assert response.status_code == 400
        assert "Halaman sudah kedaluwarsa." in page
        assert 'data-error="csrf_failed"' in page
        assert ticket_count(app) == 0

        csrf = hidden(html, "csrf_token")
        accepted = client.post("/ambil", data={**fields, "lanjut": "1", "csrf_token": csrf})
        assert accepted.status_code == 303
        assert ticket_count(app) == 1

    def test_htmx_post_without_token_gets_an_error_fragment(self, client):
        """Over htmx the refusal is a fragment the kiosk can swap in."""
        client.get("/")
        response = client.post("/bahasa", data={"lang": "en"}, headers=HX)
        body = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "<html" not in body and "Halaman sudah kedaluwarsa." in body


# ---------------------------------------------------------------- language


def test_language_toggle_switches_the_kiosk_to_english(client):
    """POST /bahasa lang=en: the home page speaks English; lang=id switches back."""
    response = client.post("/bahasa", data={"lang": "en", "next": "/layanan/kk-baru"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/layanan/kk-baru")
    html = assert_friendly_html(client.get("/"), lang="en")
    assert "Welcome. Choose the service you need:" in html
    assert "Priority Queue" in html
    assert "e-KTP (ID card)" in html
    assert "Selamat datang" not in html
    client.post("/bahasa", data={"lang": "id"})
    assert "Selamat datang" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_language_toggle_never_redirects_off_site(client, target):
    """The `next` field cannot send the kiosk to another site."""
    response = client.post("/bahasa", data={"lang": "en", "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_english_works_on_the_resting_screen_after_a_reset(client):
    """The idle reset (/?reset=1) gives Indonesian and lands on /, so English sticks there."""
    client.post("/bahasa", data={"lang": "en"})
    reset = client.get("/?reset=1")
    assert reset.status_code == 303 and reset.headers["Location"] in ("/", "http://localhost/")
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="id">' in html and 'name="next" value="/"' in html
    client.post("/bahasa", data={"lang": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_unknown_language_is_ignored(client):
    """Only id and en are accepted; anything else leaves Indonesian on."""
    client.post("/bahasa", data={"lang": "fr"})
    assert '<html lang="id">' in client.get("/").get_data(as_text=True)


# ---------------------------------------------------------------- closed office


class TestClosedOffice:
    """Saturday morning at an office open Monday to Friday."""

    @pytest.fixture
    def app_config(self, app_config, clock):
        """Weekday hours; the clock on Saturday 28 November 2026, 10:00."""
        clock.set(2026, 11, 28, 10, 0)
        return {**app_config, "OFFICE_HOURS": "mon-fri 08:00-15:00"}

    def test_home_says_closed_and_names_the_next_opening(self, client):
        """The banner tells when the office opens again (Monday 30 November, 08.00) and from when
        numbers can be taken (30 minutes before, the default)."""
        html = client.get("/").get_data(as_text=True)
        assert "data-office-closed" in html
        assert "Kantor sedang tutup." in html
        opening = "Buka lagi Senin, 30 November pukul 08.00; "
        assert opening + "nomor antrean bisa diambil mulai pukul 07.30." in html

    def test_requirements_screen_has_no_take_number_button(self, client):
        """Requirements stay readable but the button is replaced by the closed notice."""
        html = client.get(f"/layanan/{SERVICE}").get_data(as_text=True)
        assert "data-take-number" not in html
        assert "data-office-closed" in html and "Senin, 30 November" in html

    def test_posting_anyway_is_refused_with_a_message(self, app, client):
        """A forged POST gets 409 and the closed message; no ticket is issued."""
        fields = form_for(client)
        response = client.post(
            "/ambil", data={**fields, "lanjut": "1", "punya": required_bring_ids(app)}
        )
        html = assert_friendly_html(response)
        assert response.status_code == 409
        assert "Kantor sedang tutup. Buka lagi Senin, 30 November pukul 08.00." in html
        assert ticket_count(app) == 0

    def test_open_again_on_monday(self, app, client, clock):
        """Positive control: the same post on Monday at 08:00 issues a ticket."""
        clock.set(2026, 11, 30, 8, 0)
        fields = form_for(client)
        response = client.post("/ambil", data={**fields, "lanjut": "1"})
        assert response.status_code == 303
        assert ticket_count(app) == 1
