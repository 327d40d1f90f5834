"""HTTPS on the office LAN: the office's own CA, the server certificate, the CA download page,
and the cookie and proxy settings that follow from how the server is reached."""

from flask import Blueprint, Flask
from werkzeug.middleware.proxy_fix import ProxyFix

bp = Blueprint("tls", __name__, url_prefix="/sertifikat")


def register_tls(app: Flask) -> None:
    """Attach the certificate page; trust a proxy's headers and mark cookies Secure as asked."""
    from kiosk.tls import views  # noqa: F401  (routes register on import)

    if app.config["BEHIND_PROXY"]:
        # One proxy in front: its X-Forwarded-For is the client (rate limits, stream cap).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1)
    secure = bool(app.config["SECURE_COOKIES"])
    app.config.update(
        SESSION_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_SECURE=secure,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SAMESITE="Lax",
        PREFERRED_URL_SCHEME="https" if secure else "http",
    )
    app.register_blueprint(bp)
