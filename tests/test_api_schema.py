"""The API document is generated from the schemas that also validate requests (flask-smorest)."""

from __future__ import annotations

import re

import marshmallow as ma
import pytest
from openapi_spec_validator import validate

from kiosk.api.errors import ErrorSchema
from kiosk.queue.api import TicketRequestSchema

API = "/api/v1"


@pytest.fixture
def document(client) -> dict:
    return client.get(f"{API}/openapi.json").get_json()


def test_document_is_valid_openapi_3_1(document):
    """openapi-spec-validator accepts the served document as it is."""
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_api_route_is_documented_with_its_request_schema(app, document):
    """Each rule of the API blueprint is a path of the document; each body route names the
    schema that validates it, and that schema's fields are the documented properties."""
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")]
    assert len(rules) >= 20
    schemas = document["components"]["schemas"]
    for rule in rules:
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule).removeprefix(API)
        view = app.view_functions[rule.endpoint]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = document["paths"][path][method.lower()]
            body = _body_schema(view)
            if body is None:
                assert "requestBody" not in operation, (path, method)
                continue
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            documented = schemas[ref.rsplit("/", 1)[1]]["properties"]
            expected = {field.data_key or name for name, field in body.fields.items()}
            assert set(documented) == expected, (path, method)


def _body_schema(view) -> ma.Schema | None:
    """The JSON body schema smorest recorded for a view (None without a body)."""
    parameters = getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", [])
    for parameter in parameters:
        if parameter["in"] == "json":
            schema = parameter["schema"]
            return schema() if isinstance(schema, type) else schema
    return None


def test_a_field_added_to_a_schema_appears_in_the_document(app, client, monkeypatch):
    """The document follows the schema class: no second, hand-written description to forget."""
    monkeypatch.setitem(
        TicketRequestSchema._declared_fields,
        "kiosk_id",
        ma.fields.String(metadata={"description": "added in this test"}),
    )
    from kiosk import create_app

    fresh = create_app({**app.config, "TESTING": True})
    with fresh.test_client() as other:
        schema = other.get(f"{API}/openapi.json").get_json()["components"]["schemas"]
    assert schema["TicketRequest"]["properties"]["kiosk_id"]["description"] == "added in this test"


def test_id_paths_are_documented_as_bounded_integers(document):
    """`<id:…>` appears as an integer from 1 to 2**63-1, like the converter enforces."""
    parameter = document["paths"]["/counters/{counter_id}/call-next"]["parameters"][0]
    assert parameter["schema"] == {
        "type": "integer",
        "format": "int64",
        "minimum": 1,
        "maximum": 2**63 - 1,
    }


def test_staff_operations_document_bearer_auth(document):
    """Every route guarded by api_auth says so in the document, with 401 and 403."""
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    staff = [
        operation
        for item in document["paths"].values()
        for method, operation in item.items()
        if method != "parameters" and operation["security"]
    ]
    assert len(staff) >= 15
    for operation in staff:
        assert operation["security"] == [{"bearerAuth": []}]
        assert {"401", "403"} <= set(operation["responses"])


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({}, "service", "tidak kosong"),
        ({"service": 5}, "service", "harus berupa teks"),
        ({"service": "ktp-baru", "priority": "yes"}, "priority", "true atau false"),
        ({"service": "ktp-baru", "priority_reason": "vip"}, "priority_reason", "salah satu"),
        ({"service": "ktp-baru", "warna": "merah"}, "warna", "tidak dikenal"),
    ],
)
def test_a_bad_body_is_a_422_naming_the_field_in_indonesian(client, body, field, words):
    """Marshmallow's errors become {"error", "message", "field"} with a message to act on."""
    response = client.post(f"{API}/tickets", json=body)
    assert response.status_code == 422
    answer = response.get_json()
    assert answer["error"] == "invalid_field" and answer["field"] == field
    assert words in answer["message"], answer
    assert set(answer) <= set(ErrorSchema().fields)


def test_nested_field_errors_name_the_path(client, bearer_admin):
    """A wrong field inside the applicant is named with its path."""
    response = client.post(f"{API}/files", json={"applicant": {"name": 5}}, headers=bearer_admin)
    assert response.status_code == 422
    assert response.get_json()["field"] == "applicant.name"


@pytest.fixture
def bearer_admin(app, client) -> dict:
    from staff_support import bearer, seed

    seed(app)
    return bearer(client, "admin")
