"""Shared API infrastructure: the /api/v1 blueprint, its OpenAPI document, the error shape.

Each feature declares its JSON routes in its own ``api.py`` on ``bp``; the document at
/api/v1/openapi.json is generated from their marshmallow schemas (flask-smorest).
"""

from flask import Flask, jsonify

from kiosk.api.blueprint import ApiBlueprint

bp = ApiBlueprint("api", __name__, url_prefix="/api/v1")

# Feature modules that add routes to `bp`: imported before it is registered.
FEATURE_APIS = (
    "kiosk.catalogue.api",
    "kiosk.queue.api",
    "kiosk.auth.api",
    "kiosk.counter.api",
    "kiosk.display.api",
    "kiosk.files.api",
    "kiosk.complaints.api",
    "kiosk.sync.api",
)


@bp.route("/openapi.json", methods=["GET"])
@bp.public
@bp.alt_response(200, description="This OpenAPI document", success=True)
def openapi():
    """This document, generated from the API's schemas."""
    from kiosk.api.spec import document

    return jsonify(document())


def register_api(app: Flask) -> None:
    """Attach the API; it is CSRF-exempt (no cookies are needed by its public routes)."""
    import importlib

    from kiosk.api.spec import make_api
    from kiosk.extensions import csrf

    for module in FEATURE_APIS:
        importlib.import_module(module)
    csrf.exempt(bp)
    make_api(app).register_blueprint(bp)
