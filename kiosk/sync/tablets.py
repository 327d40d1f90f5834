"""Field tablets: an admin makes a one-time enrolment code for a `lapangan` officer, the
tablet redeems it for its bearer token; the admin revokes a tablet or asks it to wipe itself.

Codes and tokens are made and checked as for kiosks (kiosk.devices.service): one use, 15
minutes, only their hashes stored."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.auth.permissions import Action, allowed
from kiosk.devices.service import (
    NAME_MAX,
    DeviceRefused,
    find_device,
    new_pairing_code,
    redeem,
)
from kiosk.extensions import db
from kiosk.models import Device, User

TABLET = "tablet"


def create_tablet(username: str, name: str, created_by: User | None, office_id: int):
    """A new tablet of the office for the named field officer, and its one-time code."""
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise DeviceRefused(
            _("Nama tablet wajib diisi (paling banyak %(max)d huruf).", max=NAME_MAX),
            field="name",
        )
    officer = field_officer(username, office_id)
    device = Device(
        office_id=office_id,
        kind=TABLET,
        name=name,
        user_id=officer.id,
        created_at=clock.now(),
        created_by_id=created_by.id if created_by else None,
    )
    db.session.add(device)
    code = new_pairing_code(device)
    db.session.commit()
    return device, code


def field_officer(username: str, office_id: int) -> User:
    """The office's active account `username` that may do field work (a lapangan user)."""
    officer = db.session.scalar(
        select(User).where(User.office_id == office_id, User.username == (username or "").strip())
    )
    if officer is None or not officer.active or not allowed(officer, Action.FIELD_WORK):
        raise DeviceRefused(
            _("Tidak ada petugas lapangan aktif dengan nama pengguna ini di kantor ini."),
            field="user",
        )
    return officer


def enrol(typed_code: str | None) -> tuple[Device, str]:
    """Redeem a tablet's enrolment code: the device and its bearer token (shown once)."""
    return redeem(typed_code, kind=TABLET)


def request_wipe(device_id: int, office_id: int) -> Device:
    """Ask a tablet to clear its data at its next contact (it answers {"wipe": true})."""
    device = find_device(device_id, office_id)
    if device.wipe_requested_at is None:
        device.wipe_requested_at = clock.now()
        db.session.commit()
    return device


def office_tablets(office_id: int) -> list[Device]:
    """The office's tablets, newest first (revoked and wiped ones too)."""
    query = (
        select(Device)
        .where(Device.office_id == office_id, Device.kind == TABLET)
        .order_by(Device.id.desc())
    )
    return list(db.session.scalars(query))
