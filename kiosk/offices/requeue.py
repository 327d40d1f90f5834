"""Where a no-show put back in line waits: an office setting (the `setting` table), edited on
the office settings page. "original": by the time the number was taken (the default);
"front": before everyone waiting, so it is called next."""

from __future__ import annotations

from flask_babel import gettext as _

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import Setting
from kiosk.offices.settings import OfficeSettingsError

REQUEUE_KEY = "requeue_position"
REQUEUE_POSITIONS = ("original", "front")
DEFAULT_POSITION = "original"


def requeue_position(office_id: int) -> str:
    """The office's choice, "original" unless the admin chose "front"."""
    setting = db.session.get(Setting, (office_id, REQUEUE_KEY))
    value = setting.value if setting else DEFAULT_POSITION
    return value if value in REQUEUE_POSITIONS else DEFAULT_POSITION


def set_requeue_position(office_id: int, value: str | None) -> None:
    """Save the office's choice (in the caller's transaction); an unknown value is refused."""
    if value not in REQUEUE_POSITIONS:
        raise OfficeSettingsError(
            _("Pilih tempat nomor yang dikembalikan: sesuai waktu ambil nomor, atau paling depan.")
        )
    setting = db.session.get(Setting, (office_id, REQUEUE_KEY))
    setting = setting or Setting(office_id=office_id, key=REQUEUE_KEY)
    setting.value = value
    setting.updated_at = clock.now()
    db.session.add(setting)
