"""JSON API under /api/v1, described by OpenAPI at /api/v1/openapi.json."""

from flask import Blueprint, Flask

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def register_api(app: Flask) -> None:
    """Attach the API; it is CSRF-exempt (no cookies are needed by its public routes)."""
    from kiosk.api import files, staff, views  # noqa: F401  (routes register on import)
    from kiosk.extensions import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
