"""Fuzz every operation of /api/v1/openapi.json from the document itself (schemathesis).

Anonymously and as each staff role, schemathesis generates requests that fit the document and
requests that break it (strings for numbers, lists for strings, huge numbers, missing fields),
sends them to the app in-process and fails on any 5xx, on a status the document does not list,
on a body that does not match its documented schema, and on invalid data accepted with a 2xx.
Derandomized, so a CI run is repeatable; FUZZ_EXAMPLES sets the examples per operation.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from staff_support import issue, seed, user

from kiosk.auth.service import issue_token
from kiosk.models import User

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))  # per operation, role and mode
ROLES = ["anonymous", *User.ROLES]
ACCOUNTS = {"admin": "admin", "petugas": "petugas1", "kepala": "kepala", "lapangan": "lapangan"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def app_config(app_config) -> dict:
    """No per-client rate limit: every fuzzed request should reach its view."""
    return {**app_config, "STATUS_RATE_LIMIT_EXEMPT": ["127.0.0.1"]}


@pytest.fixture
def api(app):
    """The API as schemathesis reads it, with demo counters, accounts and a waiting ticket."""
    seed(app)
    with app.test_request_context():
        issue()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def role_headers(app, role: str) -> dict:
    """Authorization for `role`: a bearer token issued by kiosk.auth.service."""
    if role == "anonymous":
        return {}
    with app.test_request_context():
        value, _record = issue_token(user(ACCOUNTS[role]))
    return {"Authorization": f"Bearer {value}"}


def fuzz(operation, headers: dict, mode: GenerationMode) -> None:
    """Send EXAMPLES generated requests of one mode to one operation and check each answer."""

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # Nothing to break: the operation has no parameter or body that can be made invalid.
        if mode is not GenerationMode.NEGATIVE:
            raise


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_without_server_errors(app, api, role):
    """0 server errors, anonymously and as each role, on every operation of the document."""
    headers = role_headers(app, role)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 15
    failures = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzz(operation, headers, mode)
            except (Exception, BaseExceptionGroup) as failure:  # report all, not the first
                failures.append(f"--- {role} {operation.label} ({mode.value})\n{failure}")
    assert not failures, "\n".join(failures)
