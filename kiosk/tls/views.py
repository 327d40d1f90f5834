"""The staff page that hands out the office CA certificate, with installation steps."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from flask import Response, abort, current_app, render_template

from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.tls import bp
from kiosk.tls.certificates import ca_certificate, fingerprint

DOWNLOAD_NAME = "satupintu-ca"
FORMATS = {
    "pem": (serialization.Encoding.PEM, "application/x-pem-file"),
    "crt": (serialization.Encoding.DER, "application/x-x509-ca-cert"),
}


def _office_ca():
    return ca_certificate(Path(current_app.instance_path))


@bp.get("")
@staff_required(Action.STAFF_HOME)
def page():
    """Fingerprint, download links and steps for Android, Windows and Chromium kiosks."""
    ca = _office_ca()
    return render_template(
        "tls/certificate.html",
        ca=ca,
        sha256=fingerprint(ca) if ca else None,
        # Windows shows only the SHA-1 "Thumbprint" in its certificate dialog.
        sha1=fingerprint(ca, hashes.SHA1()) if ca else None,
        download_name=DOWNLOAD_NAME,
    )


@bp.get(f"/{DOWNLOAD_NAME}.<any(pem, crt):kind>")
@staff_required(Action.STAFF_HOME)
def download(kind: str):
    """The CA certificate (never a key): PEM for Linux, DER .crt for Android and Windows."""
    ca = _office_ca()
    if ca is None:
        abort(404)
    encoding, mimetype = FORMATS[kind]
    return Response(
        ca.public_bytes(encoding),
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename={DOWNLOAD_NAME}.{kind}"},
    )
