"""People and households: persons (NIK optional) and the families they belong to."""

from flask import Blueprint, Flask

bp = Blueprint("people", __name__)


def register_people(app: Flask) -> None:
    """Attach the staff screens of a person (/warga) and a household (/keluarga)."""
    from kiosk.people import views  # noqa: F401  (routes register on import)
    from kiosk.people.forms import relation_label

    app.jinja_env.globals["relation_label"] = relation_label
    app.register_blueprint(bp)
