"""The public JSON API: services, tickets, its 4xx errors and the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import func, select

from kiosk.catalogue.service import active_services
from kiosk.extensions import db
from kiosk.models import Ticket
from kiosk.tracking import new_code, normalise

API = "/api/v1"
TICKET_KEYS = {
    "number",
    "service",
    "issued_at",
    "people_ahead",
    "estimated_call_at",
    "tracking_code",
    "status_url",
}


def ticket_count(app) -> int:
    """Tickets in the database."""
    with app.app_context():
        return db.session.scalar(select(func.count(Ticket.id)))


def assert_json_error(response, status: int, error: str | None = None) -> dict:
    """A JSON error body with an `error` code and a message, never an HTML page."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    text = response.get_data(as_text=True)
    assert "<html" not in text and "Traceback" not in text
    body = response.get_json()
    assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"]
    assert isinstance(body.get("message"), str) and body["message"]
    if error is not None:
        assert body["error"] == error
    return body


def take(client, **body):
    """POST /tickets with a JSON body."""
    return client.post(f"{API}/tickets", json={"service": "ktp-baru", **body})


# ---------------------------------------------------------------- services


def test_services_lists_every_active_service_with_its_requirements(app, client):
    """GET /services: one entry per active service, each with the documented fields."""
    response = client.get(f"{API}/services")
    assert response.status_code == 200 and response.mimetype == "application/json"
    services = response.get_json()["services"]
    with app.app_context():
        codes = [s.code for s in active_services()]
    assert [s["code"] for s in services] == codes
    for service in services:
        assert {"code", "prefix", "group", "name", "fee", "requirements"} <= set(service)
        assert isinstance(service["name"], str) and service["name"]
        assert isinstance(service["fee"], int)
        assert re.fullmatch(r"[A-Z]", service["prefix"])
        assert service["requirements"], service["code"]
        for item in service["requirements"]:
            assert item["kind"] in ("bring", "made", "captured")
            assert isinstance(item["label"], str) and item["label"]
            assert isinstance(item["optional"], bool)


def test_services_in_english(client):
    """?lang=en gives English names; an unknown language falls back to Indonesian."""
    english = {s["code"]: s for s in client.get(f"{API}/services?lang=en").get_json()["services"]}
    fallback = client.get(f"{API}/services?lang=xx").get_json()["services"]
    assert english["ktp-baru"]["name"] == "New e-KTP"
    assert {s["code"]: s["name"] for s in fallback}["ktp-baru"] == "KTP-el Baru"


# ---------------------------------------------------------------- tickets


def test_take_a_ticket(app, client, clock):
    """POST /tickets: 201, a Location that works, and the documented body."""
    response = take(client)
    assert response.status_code == 201
    body = response.get_json()
    assert TICKET_KEYS <= set(body)
    assert body["number"] == "A-001"
    assert body["service"] == "ktp-baru"
    assert body["people_ahead"] == 0
    assert normalise(body["tracking_code"]) == body["tracking_code"]
    assert body["status_url"] == f"http://kiosk.test/s/{body['tracking_code']}"
    issued = dt.datetime.fromisoformat(body["issued_at"])
    assert issued == clock()
    estimate = dt.datetime.fromisoformat(body["estimated_call_at"])
    assert estimate >= issued
    assert response.headers["Location"].endswith(f"{API}/tickets/{body['tracking_code']}")
    again = client.get(response.headers["Location"])
    assert again.status_code == 200 and again.get_json() == body


def test_second_ticket_has_one_person_ahead(client):
    """The next ticket of the same service waits behind the first."""
    take(client)
    body = take(client).get_json()
    assert body["number"] == "A-002" and body["people_ahead"] == 1


def test_same_request_token_gives_the_same_ticket(app, client):
    """request_token (or Idempotency-Key) makes a retried POST harmless."""
    first = take(client, request_token="tap-123").get_json()
    second = take(client, request_token="tap-123").get_json()
    keyed = client.post(
        f"{API}/tickets", json={"service": "ktp-baru"}, headers={"Idempotency-Key": "tap-123"}
    ).get_json()
    assert first == second == keyed
    assert ticket_count(app) == 1


def test_get_ticket_by_code_in_any_case(client):
    """GET /tickets/<code> finds the ticket, lower case and without dashes too."""
    code = take(client).get_json()["tracking_code"]
    for variant in (code, code.lower(), code.replace("-", "")):
        response = client.get(f"{API}/tickets/{variant}")
        assert response.status_code == 200
        assert response.get_json()["tracking_code"] == code


def test_unknown_ticket_is_a_json_404(client):
    """A well-formed code nobody has: 404 not_found as JSON."""
    assert_json_error(client.get(f"{API}/tickets/{new_code()}"), 404, "not_found")


def test_malformed_ticket_code_is_a_json_400(client):
    """A code that cannot be one: 400 invalid_tracking_code."""
    assert_json_error(client.get(f"{API}/tickets/nope"), 400, "invalid_tracking_code")


BAD_REQUESTS = [
    ("unknown-service", {"json": {"service": "sim-keliling"}}, 422, "unknown_service"),
    (
        "malformed-json",
        {"data": '{"service": "ktp-baru"', "content_type": "application/json"},
        400,
        "malformed_json",
    ),
    ("json-array", {"json": ["ktp-baru"]}, 400, "malformed_json"),
    ("service-not-a-string", {"json": {"service": 5}}, 422, "invalid_field"),
    ("priority-not-a-bool", {"json": {"service": "ktp-baru", "priority": "yes"}}, 422, None),
    ("bad-priority-reason", {"json": {"service": "ktp-baru", "priority_reason": "vip"}}, 422, None),
    ("token-too-long", {"json": {"service": "ktp-baru", "request_token": "x" * 65}}, 422, None),
    ("unknown-field", {"json": {"service": "ktp-baru", "nik": "3201011708450001"}}, 422, None),
    ("empty-object", {"json": {}}, 422, "invalid_field"),
    ("empty-json-body", {"data": "", "content_type": "application/json"}, 400, "malformed_json"),
    ("no-body", {}, 415, "unsupported_media_type"),
    ("form-encoded", {"data": {"service": "ktp-baru"}}, 415, "unsupported_media_type"),
    (
        "text-plain",
        {"data": '{"service": "ktp-baru"}', "content_type": "text/plain"},
        415,
        "unsupported_media_type",
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "status", "error"),
    [case[1:] for case in BAD_REQUESTS],
    ids=[case[0] for case in BAD_REQUESTS],
)
def test_bad_ticket_requests_get_json_4xx_and_no_ticket(app, client, kwargs, status, error):
    """Each malformed POST /tickets gets its status, a JSON error and issues nothing."""
    response = client.post(f"{API}/tickets", **kwargs)
    body = assert_json_error(response, status, error)
    if status == 422 and body["error"] == "invalid_field":
        assert body.get("field")
    assert ticket_count(app) == 0


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", f"{API}/tickets", 405),
        ("delete", f"{API}/services", 405),
        ("get", f"{API}/nothing-here", 404),
    ],
)
def test_http_errors_under_the_api_are_json(client, method, path, status):
    """Router errors under /api/ are JSON too, not the kiosk's HTML page."""
    assert_json_error(getattr(client, method)(path), status)


class TestClosedOffice:
    """The API honours office hours like the kiosk."""

    @pytest.fixture
    def app_config(self, app_config, clock):
        """Weekday hours; Saturday 28 November 2026, 10:00."""
        clock.set(2026, 11, 28, 10, 0)
        return {**app_config, "OFFICE_HOURS": "mon-fri 08:00-15:00"}

    def test_closed_office_is_a_409_with_the_next_opening(self, app, client):
        """409 office_closed, with opens_at of Monday 08:00 office time, no ticket."""
        body = assert_json_error(take(client), 409, "office_closed")
        opens = dt.datetime.fromisoformat(body["opens_at"])
        assert opens.utcoffset() == dt.timedelta(hours=7)
        assert opens.replace(tzinfo=None) == dt.datetime(2026, 11, 30, 8, 0)
        assert ticket_count(app) == 0


# ---------------------------------------------------------------- OpenAPI


def _api_routes(app) -> dict[str, set[str]]:
    """Every /api/v1 rule as an OpenAPI path (relative to the server URL) and its methods."""
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API + "/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule[len(API) :])
        methods = {m.lower() for m in rule.methods} - {"head", "options"}
        routes.setdefault(path, set()).update(methods)
    return routes


@pytest.fixture
def document(client) -> dict:
    """The served OpenAPI document."""
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def test_openapi_is_a_3_1_document(document):
    """openapi 3.1.x with info, a server ending in /api/v1 and response descriptions."""
    assert re.fullmatch(r"3\.1\.\d+", document["openapi"])
    assert document["info"]["title"] and document["info"]["version"]
    assert document["servers"][0]["url"] == "http://kiosk.test/api/v1"
    assert document["paths"]
    for path, item in document["paths"].items():
        assert path.startswith("/")
        for method, operation in item.items():
            if method == "parameters":  # shared by the path's operations
                continue
            assert method in {"get", "post", "put", "patch", "delete"}, (path, method)
            assert operation["responses"], (path, method)
            for code, response in operation["responses"].items():
                assert re.fullmatch(r"[1-5]\d\d", code) and response["description"]


def test_openapi_documents_every_api_route_and_method(app, document):
    """Every rule under /api/v1 (with {param} paths) is documented with each of its methods."""
    routes = _api_routes(app)
    assert "/tickets/{tracking_code}" in routes  # the conversion itself works
    assert len(routes) >= 4
    paths = document["paths"]
    missing = sorted(set(routes) - set(paths))
    assert not missing, f"routes without OpenAPI paths: {missing}"
    for path, methods in routes.items():
        documented = set(paths[path]) & {"get", "post", "put", "patch", "delete"}
        assert methods <= documented, (path, methods - documented)
    extra = sorted(set(paths) - set(routes))
    assert not extra, f"documented paths with no route: {extra}"


def test_openapi_path_parameters_and_refs_resolve(document):
    """Each {param} is declared as a path parameter, and every $ref points at a schema."""
    for path, item in document["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        for method, operation in item.items():
            if method == "parameters":
                continue
            params = item.get("parameters", []) + operation.get("parameters", [])
            declared = {p["name"] for p in params if p.get("in") == "path"}
            assert names == declared, (path, method)
            assert all(p.get("required") for p in params if p.get("in") == "path")
    schemas = document["components"]["schemas"]
    refs = re.findall(r'"\$ref": "([^"]+)"', json.dumps(document))
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schemas, ref


def test_ticket_schema_matches_a_real_ticket(client, document):
    """The Ticket schema's required keys are what POST /tickets returns."""
    schema = document["components"]["schemas"]["Ticket"]
    body = take(client).get_json()
    assert set(schema["required"]) <= set(body)
    assert TICKET_KEYS <= set(schema["properties"])
    assert body["state"] in schema["properties"]["state"]["enum"]
