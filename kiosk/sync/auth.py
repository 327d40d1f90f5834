"""Tablet bearer auth for the sync API: who is calling, and what its standing is.

Every call stores what the tablet reports of its queue (`X-Satupintu-Pending`) and when it
was last in contact. A revoked tablet (or one whose officer may no longer do field work) is
refused with a clear message; one asked to wipe itself gets `{"wipe": true}` and
`Clear-Site-Data`. Routes that carry data (ops, blobs) still store it first, in quarantine.
"""

from __future__ import annotations

import functools
from enum import StrEnum

from flask import g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select, update

from kiosk import clock
from kiosk.auth.permissions import Action, allowed
from kiosk.db import without_fsync, write_lock
from kiosk.devices.service import digest
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import Device, User
from kiosk.sync.tablets import TABLET

PENDING_HEADER = "X-Satupintu-Pending"
PENDING_MAX = 10_000_000
TOKEN_MAX = 200


class Standing(StrEnum):
    """What the office lets this tablet do now."""

    TRUSTED = "trusted"
    REVOKED = "revoked"
    WIPE = "wipe"


class DeviceUnknown(DomainError):
    code = "device_unknown"
    status = 401


def revoked_message() -> str:
    return _(
        "Tablet ini sudah dicabut aksesnya oleh admin kantor desa. Data di tablet tetap aman; "
        "hubungi kantor desa."
    )


def tablet_auth(*, keeps_data: bool = False):
    """Guard a sync route: a known tablet's bearer token (401 device_unknown otherwise).

    A revoked or wiping tablet is answered at once, unless the route `keeps_data`: then the
    view runs (it stores what came in quarantine) and answers with `refusal()` itself."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            device = authenticate()
            standing = standing_of(device)
            note_contact(device)
            g.sync_device = device
            g.sync_standing = standing
            g.staff_user = device.user  # the officer: their office, and who made the change
            if standing is not Standing.TRUSTED and not keeps_data:
                return refusal(standing, device)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def authenticate() -> Device:
    """The tablet whose token this request carries (401 device_unknown for anything else)."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    device = None
    if scheme.lower() == "bearer" and token and len(token) <= TOKEN_MAX:
        query = select(Device).where(Device.token_hash == digest(token), Device.kind == TABLET)
        device = db.session.scalar(query)
    if device is None:
        raise DeviceUnknown(_("Tablet ini belum terdaftar. Daftarkan dengan kode dari admin."))
    return device


def standing_of(device: Device) -> Standing:
    if device.wipe_requested_at is not None:
        return Standing.WIPE
    officer: User | None = device.user
    usable = officer is not None and officer.active and allowed(officer, Action.FIELD_WORK)
    if device.revoked_at is not None or not usable:
        return Standing.REVOKED
    return Standing.TRUSTED


def note_contact(device: Device) -> None:
    """Store the contact time and the queue size the tablet reports (bookkeeping only)."""
    now = clock.now()
    values = {"last_sync_at": now, "last_seen_at": now}
    pending = reported_pending()
    if pending is not None:
        values |= {"pending_reported": pending, "pending_reported_at": now}
    with write_lock(), without_fsync():
        db.session.execute(update(Device).where(Device.id == device.id).values(**values))
        db.session.commit()


def reported_pending() -> int | None:
    """The tablet's `X-Satupintu-Pending` header as a count; None when absent or not a count."""
    text = request.headers.get(PENDING_HEADER, "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 8:
        return None
    return min(int(text), PENDING_MAX)


def refusal(standing: Standing, device: Device, **echo):
    """The answer to a tablet the office no longer trusts; `echo` names what it sent."""
    if standing is Standing.WIPE:
        if device.wiped_at is None:
            with write_lock():
                db.session.execute(
                    update(Device).where(Device.id == device.id).values(wiped_at=clock.now())
                )
                db.session.commit()
        response = jsonify(wipe=True, **echo)
        response.headers["Clear-Site-Data"] = '"storage"'
        return response, 200
    body = {"error": "device_revoked", "message": revoked_message(), **echo}
    return jsonify(body), 403
