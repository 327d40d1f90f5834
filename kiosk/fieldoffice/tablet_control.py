"""Adding, revoking and wiping a tablet from the admin page: the page's calls into the sync
package's device rules (kiosk.sync.tablets, kiosk.devices.service), kept in one place so the
page never writes a device itself."""

from __future__ import annotations

from flask_babel import gettext as _

from kiosk.devices import service as devices
from kiosk.errors import DomainError
from kiosk.fieldoffice.tablets import find_tablet
from kiosk.models import Device, User
from kiosk.sync import tablets


class TabletNotFound(DomainError):
    code = "not_found"
    status = 404


class WipeRefused(DomainError):
    code = "wipe_refused"
    status = 409


def create_tablet(officer: User, name: str, created_by: User, office_id: int) -> tuple[Device, str]:
    """A tablet for `officer` and its one-time enrolment code (grouped ABCD-EFGH)."""
    return tablets.create_tablet(officer.username, name, created_by, office_id)


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
    """Ask the tablet to clear its data at its next contact (asking again changes nothing)."""
    if tablet(device_id, office_id).paired_at is None:
        raise WipeRefused(_("Tablet ini belum pernah dipasang; tidak ada data untuk dihapus."))
    return tablets.request_wipe(device_id, office_id)
