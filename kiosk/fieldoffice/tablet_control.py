"""Adding, revoking and wiping a tablet: the admin page's calls into the sync package's
device rules (kiosk.sync), kept in one place so the page never writes a device itself."""

from __future__ import annotations

from flask_babel import gettext as _

from kiosk import clock
from kiosk.devices import service as devices
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.fieldoffice.tablets import TABLET, find_tablet
from kiosk.models import Device, User


class TabletNotFound(DomainError):
    code = "not_found"
    status = 404


class WipeRefused(DomainError):
    code = "wipe_refused"
    status = 409


def create_tablet(officer: User, name: str, created_by: User, office_id: int) -> tuple[Device, str]:
    """A tablet for `officer` and its one-time enrolment code (grouped ABCD-EFGH)."""
    name = " ".join((name or "").split())
    if not name or len(name) > devices.NAME_MAX:
        raise devices.DeviceRefused(
            _("Nama tablet wajib diisi (paling banyak %(max)d huruf).", max=devices.NAME_MAX)
        )
    device = Device(
        office_id=office_id,
        kind=TABLET,
        name=name,
        user_id=officer.id,
        created_at=clock.now(),
        created_by_id=created_by.id,
    )
    db.session.add(device)
    code = devices._set_new_code(device)
    db.session.commit()
    return device, code


def tablet(device_id: int, office_id: int) -> Device:
    """One of the office's tablets, or a 404."""
    device = find_tablet(device_id, office_id)
    if device is None:
        raise TabletNotFound(_("Tablet tidak ditemukan."))
    return device


def revoke_tablet(device_id: int, office_id: int) -> Device:
    """Stop the tablet's sync at once; what it still sends is kept in quarantine."""
    return devices.revoke(tablet(device_id, office_id).id, office_id)


def request_wipe(device_id: int, office_id: int) -> Device:
    """Ask the tablet to clear its data at its next contact (once; later asks change nothing)."""
    device = tablet(device_id, office_id)
    if device.paired_at is None:
        raise WipeRefused(_("Tablet ini belum pernah dipasang; tidak ada data untuk dihapus."))
    if device.wipe_requested_at is None:
        device.wipe_requested_at = clock.now()
        db.session.commit()
    return device
