"""Pairing a test client as a kiosk, through the production path: the admin's one-time code,
typed at /kios/pasang (with its CSRF token when the test enables CSRF)."""

from __future__ import annotations

import re

from kiosk.devices.service import create_kiosk
from kiosk.offices.service import find_first_office, find_office

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def new_pairing_code(app, name: str = "Kios uji", printer: str | None = None, office=None):
    """A kiosk of the office (default: the first) and its one-time code: (device id, code)."""
    with app.app_context():
        chosen = find_office(office) if office else find_first_office()
        device, code = create_kiosk(name, printer, None, chosen.id)
        return device.id, code


def pair(client, code: str):
    """Type `code` on the pairing page of `client`; the response."""
    page = client.get("/kios/pasang")
    found = CSRF.search(page.text)
    data = {"code": code}
    if found:
        data["csrf_token"] = found.group(1)
    return client.post("/kios/pasang", data=data)


def pair_kiosk(app, client, name: str = "Kios uji", printer: str | None = None, office=None):
    """Make `client` a paired kiosk of the office; the device's id."""
    device_id, code = new_pairing_code(app, name, printer, office)
    response = pair(client, code)
    assert response.status_code == 303, response.text
    return device_id
