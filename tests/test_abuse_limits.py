"""No one on the Wi-Fi can stop the office: per-client stream cap and rate limits."""

from __future__ import annotations

import pytest

PHONE = {"REMOTE_ADDR": "10.0.0.77"}
OTHER_PHONE = {"REMOTE_ADDR": "10.0.0.78"}
KIOSK = {"REMOTE_ADDR": "10.0.0.50"}
LOOKUPS = [
    "/s/AAAA-BBBB-CCC",
    "/tiket/AAAA-BBBB-CCC",
    "/tiket/AAAA-BBBB-CCC/cetak",
    "/tiket/AAAA-BBBB-CCC/qr.svg",
    "/api/v1/tickets/AAAA-BBBB-CCC",
    "/api/v1/files/AAAA-BBBB-CCC",
]


def open_stream(client, environ):
    return client.get("/display/events", environ_base=environ, buffered=False)


# --- event streams per client ---------------------------------------------------------------------


def test_streams_per_client_are_capped_and_free_again_when_one_closes(app, client):
    app.config["DISPLAY_STREAMS_PER_CLIENT"] = 3
    held = [open_stream(client, PHONE) for _ in range(3)]
    assert [r.status_code for r in held] == [200, 200, 200]
    refused = open_stream(client, PHONE)
    assert refused.status_code == 429
    assert "Terlalu banyak permintaan" in refused.get_data(as_text=True)
    held.pop().close()  # streams push request contexts: close the newest first
    held.append(open_stream(client, PHONE))
    assert held[-1].status_code == 200
    held.append(open_stream(client, OTHER_PHONE))  # another device is not affected
    assert held[-1].status_code == 200
    for response in reversed(held):
        response.close()


def test_a_display_reconnecting_under_the_cap_resumes_after_its_last_event(app, client):
    """The cap leaves the reconnect path alone: Last-Event-ID still resumes."""
    app.config["DISPLAY_STREAMS_PER_CLIENT"] = 1
    first = open_stream(client, PHONE)
    first.close()
    resumed = client.get(
        "/display/events", environ_base=PHONE, headers={"Last-Event-ID": "0"}, buffered=False
    )
    assert resumed.status_code == 200
    chunk = next(iter(resumed.response))
    assert chunk.startswith(b"retry: 1000")
    resumed.close()


# --- anonymous tickets ----------------------------------------------------------------------------


def api_ticket(client, environ):
    return client.post("/api/v1/tickets", json={"service": "ktp-baru"}, environ_base=environ)


def form_ticket(client, environ):
    data = {"service": "ktp-baru", "token": "t", "lanjut": "1", "prioritas": ""}
    return client.post("/ambil", data=data, environ_base=environ)


def test_ticket_issue_is_limited_per_client_across_the_api_and_the_kiosk_form(app, client):
    app.config["TICKET_RATE_LIMIT"] = "3 per minute"
    answers = [api_ticket(client, PHONE).status_code, api_ticket(client, PHONE).status_code]
    answers.append(form_ticket(client, PHONE).status_code)
    assert answers == [201, 201, 303]
    refused = api_ticket(client, PHONE)
    assert refused.status_code == 429
    assert refused.get_json()["error"] == "too_many_requests"
    page = form_ticket(client, PHONE)
    assert page.status_code == 429 and "text/html" in page.content_type
    assert "Terlalu banyak permintaan" in page.get_data(as_text=True)
    assert api_ticket(client, OTHER_PHONE).status_code == 201


def test_kiosks_in_the_status_exempt_list_take_numbers_without_limit(app, client):
    app.config["TICKET_RATE_LIMIT"] = "2 per minute"
    app.config["STATUS_RATE_LIMIT_EXEMPT"] = [KIOSK["REMOTE_ADDR"]]
    assert {api_ticket(client, KIOSK).status_code for _ in range(5)} == {201}
    assert {form_ticket(client, KIOSK).status_code for _ in range(3)} == {303}


# --- one limit for every public lookup of a code ----------------------------------------------


@pytest.mark.parametrize("last", LOOKUPS)
def test_one_limit_covers_every_public_lookup_of_a_code(app, client, last):
    """Lookups on the other routes use up the budget of `last`."""
    app.config["STATUS_RATE_LIMIT"] = f"{len(LOOKUPS) - 1} per minute"
    others = [path for path in LOOKUPS if path != last]
    assert all(client.get(p, environ_base=PHONE).status_code != 429 for p in others)
    refused = client.get(last, environ_base=PHONE)
    assert refused.status_code == 429
    if last.startswith("/api/"):
        assert refused.get_json()["error"] == "too_many_requests"
    else:
        assert "Terlalu banyak permintaan" in refused.get_data(as_text=True)


def test_lookups_from_exempt_kiosks_are_not_limited(app, client):
    app.config["STATUS_RATE_LIMIT"] = "1 per minute"
    app.config["STATUS_RATE_LIMIT_EXEMPT"] = [KIOSK["REMOTE_ADDR"]]
    for path in LOOKUPS * 2:
        assert client.get(path, environ_base=KIOSK).status_code != 429


def test_taking_a_number_on_the_kiosk_spends_no_lookup(app, client):
    """The HTMX ticket screen after "Ambil Nomor" is part of issuing, not a lookup."""
    app.config["STATUS_RATE_LIMIT"] = "1 per minute"
    data = {"service": "ktp-baru", "token": "t2", "lanjut": "1", "prioritas": ""}
    answer = client.post("/ambil", data=data, environ_base=PHONE, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert client.get("/s/AAAA-BBBB-CCC", environ_base=PHONE).status_code == 404
