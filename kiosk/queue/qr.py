"""QR codes for screens (SVG), the same content as the printed receipt's QR."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from flask import Response


def qr_svg(data: str) -> bytes:
    """An SVG QR code with a quiet zone, crisp at any size."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def qr_svg_response(data: str) -> Response:
    """Serve a QR as SVG (never stored: it carries a tracking code, see security_headers)."""
    return Response(qr_svg(data), mimetype="image/svg+xml")
