"""The admin's view of field tablets: who holds each, when it last synced, what it still holds.

Creating, revoking and wiping a tablet are the sync package's rules (kiosk.sync.tablets);
this module only reads and presents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.extensions import db
from kiosk.models import Device
from kiosk.sync.tablets import TABLET
from kiosk.sync.tablets import office_tablets as tablet_devices

# What the admin sees of a tablet, in the order of its life.
WAITING, ACTIVE, WIPE_ASKED, WIPED, REVOKED = "waiting", "active", "wipe_asked", "wiped", "revoked"


@dataclass(frozen=True)
class TabletRow:
    """One tablet as listed."""

    device: Device
    state: str

    @property
    def officer(self) -> str:
        user = self.device.user
        return (user.display_name or user.username) if user else "—"

    @property
    def pending(self) -> int | None:
        """Records not yet confirmed on the tablet, as it last reported (None: never)."""
        return self.device.pending_reported

    @property
    def may_wipe(self) -> bool:
        return self.state in (ACTIVE, REVOKED) and self.device.paired_at is not None

    @property
    def may_revoke(self) -> bool:
        return self.state in (WAITING, ACTIVE, WIPE_ASKED)


def tablet_state(device: Device) -> str:
    """Wiped and wipe-asked win over revoked: the admin wants to know the data is gone."""
    if device.wiped_at is not None:
        return WIPED
    if device.wipe_requested_at is not None:
        return WIPE_ASKED
    if device.revoked_at is not None:
        return REVOKED
    return ACTIVE if device.paired_at is not None else WAITING


def office_tablets(office_id: int) -> list[TabletRow]:
    """The office's tablets, newest first."""
    return [TabletRow(device, tablet_state(device)) for device in tablet_devices(office_id)]


def find_tablet(device_id: int, office_id: int) -> Device | None:
    """One of the office's tablets, or None."""
    device = db.session.get(Device, device_id)
    if device is None or device.office_id != office_id or device.kind != TABLET:
        return None
    return device


def last_contact(device: Device) -> dt.datetime | None:
    """The tablet's last sync, else when it was last seen at all."""
    return device.last_sync_at or device.last_seen_at
