"""Bad input gets a 4xx with a message, never a 500: ids, types, lengths, size and depth limits."""

from __future__ import annotations

import pytest
from staff_support import bearer, issue, login, seed

from kiosk.converters import MAX_ID
from kiosk.display.stream import parse_event_id
from kiosk.limits import nesting_exceeds

API = "/api/v1"


@pytest.fixture
def petugas(app, client) -> dict:
    """Demo counters and accounts; bearer headers of petugas1 (Loket 1)."""
    seed(app)
    return bearer(client, "petugas1")


@pytest.fixture
def loket(app) -> dict[str, int]:
    """Demo counters and accounts: counter ids by name."""
    return seed(app)


def assert_unprocessable(response, field: str | None = None, status: int = 422) -> dict:
    """A JSON {error, message} with an Indonesian message, never a stack trace."""
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) >= {"error", "message"} and body["message"]
    assert "Traceback" not in response.get_data(as_text=True)
    if field is not None:
        assert body.get("field") == field
    return body


# ---------------------------------------------------------------- ids in paths


@pytest.mark.parametrize("counter_id", ["9223372036854775808", "0", "-1", "9" * 5000, "1e3"])
def test_out_of_range_counter_id_in_the_api_is_a_404(client, petugas, counter_id):
    """/counters/9223372036854775808/call-next (the issue's example) and friends: 404."""
    response = client.post(f"{API}/counters/{counter_id}/call-next", headers=petugas)
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


@pytest.mark.data_layer
def test_the_largest_id_is_still_an_id(client, petugas, backend):
    """2**63-1 is a valid id that simply does not exist: 404 unknown_counter (for an admin, who
    may act at any counter; a petugas is refused first, as it is not their counter). PostgreSQL's
    id columns hold 4 bytes: there it is out of range, a 422, never a 500."""
    admin = bearer(client, "admin")
    response = client.post(f"{API}/counters/{MAX_ID}/call-next", headers=admin)
    if backend == "postgresql":
        assert assert_unprocessable(response)["error"] == "out_of_range"
    else:
        assert assert_unprocessable(response, status=404)["error"] == "unknown_counter"


@pytest.mark.parametrize(
    "path",
    [
        "/loket/9223372036854775808",
        "/loket/0/antrian",
        "/loket/99999999999999999999/panggil",
        "/berkas/serah-terima/9223372036854775808",
        "/berkas/9223372036854775808",
        "/berkas/" + "9" * 3000,
    ],
)
def test_staff_pages_with_out_of_range_numbers_are_404(client, loket, path):
    """Staff HTML routes never overflow the database driver."""
    login(client, "petugas1")
    method = client.post if path.endswith("panggil") else client.get
    response = method(path)
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)


# ---------------------------------------------------------------- body types and ranges


@pytest.fixture
def called(app, client, petugas):
    """Loket 1 has called a KTP ticket."""
    with app.test_request_context():
        issue()
    response = client.post(f"{API}/counters/1/call-next", headers=petugas)
    assert response.status_code == 200
    return 1


@pytest.mark.parametrize("target", [2**63, 0, -5, "2", 1.5, True, [2], {"id": 2}])
def test_transfer_counter_must_be_an_id(client, petugas, called, target):
    """{"counter": 2**63} (the issue's example), strings, floats, lists: 422 naming the field."""
    response = client.post(
        f"{API}/counters/{called}/transfer", json={"counter": target}, headers=petugas
    )
    assert_unprocessable(response, "counter")


@pytest.mark.parametrize("number", ["A9999999999999999999", "A²", "A" + "9" * 19])
def test_call_specific_with_a_huge_number_is_a_4xx(client, petugas, called, number):
    """{"number": "A9999999999999999999"}: no such ticket (409) rather than an overflow."""
    response = client.post(
        f"{API}/counters/{called}/call",
        json={"number": number, "reason": "warga lansia"},
        headers=petugas,
    )
    assert_unprocessable(response, status=409)


@pytest.mark.parametrize("number", [12, ["A-001"], None, "A" * 21])
def test_call_specific_number_must_be_a_short_string(client, petugas, called, number):
    """A number where a string is expected, a list, null or an overlong string: 422."""
    response = client.post(
        f"{API}/counters/{called}/call",
        json={"number": number, "reason": "warga lansia"},
        headers=petugas,
    )
    body = assert_unprocessable(response, "number")
    assert "harus" in body["message"]  # Bahasa Indonesia


def test_nik_as_a_json_number_is_a_422(client, loket):
    """ "nik": 3201014501900003 as a number (the issue's example): 422 on the nik field."""
    headers = bearer(client, "petugas1")
    response = client.post(
        f"{API}/files",
        json={
            "service": "ktp-baru",
            "applicant": {"name": "Siti Aminah", "nik": 3201014501900003, "address": "Jl. Mawar"},
        },
        headers=headers,
    )
    assert_unprocessable(response, "applicant.nik")


@pytest.mark.parametrize(
    "body",
    [
        {"service": "ktp-baru", "applicant": {"name": ["x"], "nik": "1", "address": "a"}},
        {"service": ["ktp-baru"], "applicant": {"name": "Siti", "nik": "1", "address": "a"}},
        {"service": "ktp-baru", "applicant": {"name": "Siti", "address": "a" * 5000}},
        {"service": "ktp-baru", "applicant": {"name": "Siti"}, "requirements": {"received": 1}},
        {"service": "ktp-baru", "applicant": {"name": "Siti"}, "name_mismatch": "ya"},
        {"service": "ktp-baru", "applicant": {"name": "Siti"}, "notes": 7},
        {"service": "ktp-baru", "applicant": {"name": "Siti", "nik": "²" * 16, "address": "a"}},
    ],
)
def test_file_body_fields_are_type_checked(client, loket, body):
    """Lists for strings, overlong strings, strings for booleans: 422, never a 500 (as an admin,
    who may take in a walk-in file, so the content checks are reached)."""
    response = client.post(f"{API}/files", json=body, headers=bearer(client, "admin"))
    assert_unprocessable(response)


@pytest.mark.parametrize("service", [[None, None], 5, {"code": "ktp-baru"}, "x" * 300])
def test_ticket_service_must_be_a_string(client, service):
    """ "service": [null, null] (the issue's example) and friends: 422 on the field."""
    response = client.post(f"{API}/tickets", json={"service": service})
    assert_unprocessable(response, "service")


def test_counter_services_must_be_strings(client, loket):
    """POST /counters with [null, null] as services: 422."""
    response = client.post(
        f"{API}/counters",
        json={"name": "Loket 9", "services": [None, None]},
        headers=bearer(client, "admin"),
    )
    assert_unprocessable(response, "services")


@pytest.mark.parametrize("value", [1, "ya", None, [True]])
def test_on_break_must_be_a_boolean(client, petugas, value):
    """A string or number for a boolean: 422."""
    response = client.post(f"{API}/counters/1/break", json={"on_break": value}, headers=petugas)
    assert_unprocessable(response, "on_break")


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "5", "null", "{", "\xff"])
def test_a_body_that_is_not_an_object_is_a_400(client, body):
    """JSON that is not an object, or not JSON at all: 400 malformed_json with a message."""
    response = client.post(
        f"{API}/tickets", data=body, headers={"Content-Type": "application/json"}
    )
    assert assert_unprocessable(response, status=400)["error"] == "malformed_json"


# ---------------------------------------------------------------- JSON depth and body size


def test_a_body_nested_100000_levels_deep_is_refused(client):
    """The issue's example: 400 json_too_deep, before json.loads recurses."""
    deep = "[" * 100_000 + "]" * 100_000
    response = client.post(
        f"{API}/tickets", data=deep, headers={"Content-Type": "application/json"}
    )
    body = assert_unprocessable(response, status=400)
    assert body["error"] == "json_too_deep" and "32" in body["message"]


def test_nesting_within_the_limit_is_parsed(client):
    """32 levels are fine: the body gets as far as field validation."""
    response = client.post(f"{API}/tickets", json={"service": "ktp-baru", "priority": [[[[]]]]})
    assert_unprocessable(response, "priority")


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        ('{"a": "[[[[[[[[[["}', False),
        ('{"a": "\\"[[[["}', False),
        (b"[[[[[]]]]]", True),
        ("[[[[]]]]", False),
        ('[{"x": [{}]}]', False),
    ],
)
def test_nesting_counts_brackets_outside_strings_only(text, deep):
    """Brackets inside JSON strings do not count; escaped quotes do not end a string."""
    assert nesting_exceeds(text, 4) is deep


def test_a_body_over_the_size_limit_is_413_json(app, client):
    """MAX_CONTENT_LENGTH: the API answers 413 JSON with an Indonesian message."""
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post(
        f"{API}/tickets", data="x" * 1001, headers={"Content-Type": "application/json"}
    )
    body = assert_unprocessable(response, status=413)
    assert body["message"] == "Data yang dikirim terlalu besar."


def test_a_page_body_over_the_size_limit_is_413_html(app, client):
    """A form post over the limit gets the error page, even on a route that ignores the body."""
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/bahasa", data={"lang": "en", "next": "/" + "a" * 2000})
    assert response.status_code == 413 and response.mimetype == "text/html"
    assert "Data yang dikirim terlalu besar." in response.get_data(as_text=True)


def test_a_route_may_allow_a_larger_body(app):
    """@body_limit(n) raises the limit for one route only."""
    from kiosk.limits import body_limit

    @body_limit(10_000)
    def upload():
        from flask import request

        return {"size": len(request.get_data())}

    app.add_url_rule("/_test/upload", view_func=upload, methods=["POST"])
    app.config["MAX_CONTENT_LENGTH"] = 1000
    client = app.test_client()
    assert client.post("/_test/upload", data="x" * 5000).get_json() == {"size": 5000}
    assert client.post("/_test/upload", data="x" * 10_001).status_code == 413
    assert client.post("/bahasa", data={"next": "x" * 5000}).status_code == 413


# ---------------------------------------------------------------- the language toggle


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie: x=1", "/layanan\n", "/\x00", "/\t/evil"])
def test_control_characters_in_next_are_a_400(client, target):
    """A CR/LF in `next` on POST /bahasa (the issue's example): 400, no header injection."""
    response = client.post("/bahasa", data={"lang": "en", "next": target})
    assert response.status_code == 400
    assert "x=1" not in response.headers.get("Set-Cookie", "")
    assert "Alamat halaman tujuan tidak sah." in response.get_data(as_text=True)


# ---------------------------------------------------------------- HTML forms


@pytest.mark.parametrize("target", ["counter:99999999999999999999", "counter:²", "counter:-1"])
def test_console_transfer_to_a_nonsense_counter_is_a_422(client, called, target):
    """The console's transfer select with a forged value: a message, not a 500."""
    login(client, "petugas1")
    response = client.post(f"/loket/{called}/alihkan", data={"target": target})
    assert response.status_code == 422
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("punya", ["abc", "99999999999999999999999", "-1"])
def test_kiosk_checklist_with_forged_values_is_a_422(client, punya):
    """The requirement checkboxes (integer choices) with forged values: 422."""
    response = client.post(
        "/ambil", data={"service": "ktp-baru", "token": "t" * 10, "punya": punya}
    )
    assert response.status_code == 422


@pytest.mark.parametrize("counter", ["abc", "99999999999999999999", "-1"])
def test_admin_account_form_with_a_forged_counter_is_a_422(client, loket, counter):
    """The admin's counter select with a forged value: 422."""
    login(client, "admin")
    response = client.post(
        "/admin/akun",
        data={
            "username": "baru",
            "password": "kata-sandi-panjang",
            "role": "petugas",
            "counter": counter,
        },
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("value", "expected"), [("²", None), ("12", 12), ("9" * 19, None), ("-3", None), (" 7 ", 7)]
)
def test_display_resume_id_takes_ascii_digits_only(value, expected):
    """Last-Event-ID "²" (a digit to str.isdigit, not to int) starts fresh instead of a 500."""
    assert parse_event_id(value) == expected
