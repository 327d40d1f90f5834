"""The kiosk behind a request: its device cookie, and who may issue a number and print.

A paired kiosk prints on its printer; any other browser (a phone on the office Wi-Fi) gets a
number shown on screen only if its office allows phone tickets, else none.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, g, request
from flask_babel import gettext as _

from kiosk.devices.service import PairedKiosk, kiosk_for_token
from kiosk.errors import DomainError
from kiosk.offices.current import current_office
from kiosk.printing.places import NO_PRINTER, OFFICE_KIOSK_PRINTER

DEVICE_COOKIE = "satupintu_kios"
DEVICE_COOKIE_SECONDS = 3650 * 86400  # a kiosk stays paired until the admin revokes it
PHONE_SOURCE = "phone"


class KioskNotPaired(DomainError):
    """This browser is not a paired kiosk and the office does not give numbers to phones."""

    code = "kiosk_not_paired"
    status = 403


@dataclass(frozen=True)
class Issuer:
    """How a number taken from this browser is issued: its source and its receipt's printer."""

    source: str
    printer: str | None


def current_kiosk() -> PairedKiosk | None:
    """The paired kiosk this request comes from (its cookie), once per request."""
    this_request = id(request._get_current_object())  # tests may run several in one context
    cached = g.get("_kiosk_device")
    if cached is None or cached[0] != this_request:
        token = request.cookies.get(DEVICE_COOKIE)
        cached = (this_request, kiosk_for_token(token, current_office().id) if token else None)
        g._kiosk_device = cached
    return cached[1]


def issuer(kiosk_source: str = "kiosk") -> Issuer:
    """A paired kiosk prints on its own printer (else the office's kiosk printer); a phone,
    where allowed, gets the number on screen and no print job; otherwise KioskNotPaired."""
    device = current_kiosk()
    if device is not None:
        return Issuer(kiosk_source, device.printer or OFFICE_KIOSK_PRINTER)
    if current_office().phone_tickets:
        return Issuer(PHONE_SOURCE, NO_PRINTER)
    raise KioskNotPaired(_("Nomor antrean diambil di kios kantor desa"))


def may_take_number() -> bool:
    """Whether this browser may take a number at all (a paired kiosk, or phones allowed)."""
    return current_kiosk() is not None or current_office().phone_tickets


def remember_kiosk(response, token: str) -> None:
    """Store the kiosk's token in its browser: HttpOnly, Secure over HTTPS, same-site only."""
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=DEVICE_COOKIE_SECONDS,
        path="/",
        httponly=True,
        secure=request.is_secure,
        samesite="Strict",
    )


def init_kiosk_helpers(app: Flask) -> None:
    """Templates ask `is_paired_kiosk()` (links into the kiosk) and `may_take_number()`."""

    @app.context_processor
    def _kiosk_helpers():
        return {
            "is_paired_kiosk": lambda: current_kiosk() is not None,
            "may_take_number": may_take_number,
        }
