"""The flask-smorest Api of an app: OpenAPI settings, the bearer scheme, the `<id:…>` converter."""

from __future__ import annotations

from flask import Flask, current_app
from flask_smorest import Api

from kiosk.api.errors import ErrorSchema
from kiosk.converters import MAX_ID, IdConverter
from kiosk.offices.current import current_office

PREFIX = "/api/v1"
DESCRIPTION = (
    "Queue tickets, services, counters, files and the waiting-room display of a village "
    "office. Staff routes need a bearer token from POST /auth/token. Errors are JSON "
    "{error, message} with a 4xx status (422 names the `field`)."
)


class SatuPintuApi(Api):
    """smorest's Api, leaving error rendering to the app's one handler loop (kiosk.errors)."""

    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = None  # list each error status; no catch-all "default"

    def _register_error_handlers(self) -> None:
        """kiosk.errors renders every error, in the {"error", "message"} shape."""


def make_api(app: Flask) -> SatuPintuApi:
    """The app's Api: OpenAPI 3.1, served by the API blueprint at /api/v1/openapi.json."""
    app.config.update(
        API_TITLE="Satu Pintu API",
        API_VERSION="1.0.0",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX=None,  # the API blueprint serves the document itself
    )
    api = SatuPintuApi(
        app,
        spec_kwargs={
            "info": {"description": DESCRIPTION},
        },
    )
    api.spec.components.security_scheme(
        "bearerAuth",
        {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from POST /auth/token; it expires with the staff session "
            "(STAFF_SESSION_HOURS).",
        },
    )
    api.register_converter(
        IdConverter,
        lambda _converter: {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID},
    )
    app.extensions["satupintu_api"] = api
    return api


def document() -> dict:
    """The generated OpenAPI document of the current app, its paths relative to the server."""
    spec = current_app.extensions["satupintu_api"].spec.to_dict()
    spec["paths"] = {path.removeprefix(PREFIX): item for path, item in spec["paths"].items()}
    spec["servers"] = [{"url": current_office().base_url + PREFIX}]
    return spec
