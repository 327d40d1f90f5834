"""Words the meeting pages show for codes and moments (template helpers)."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _

from kiosk import clock
from kiosk.models import VillageMeeting
from kiosk.welfare.meeting import words
from kiosk.welfare.meeting.forms import KIND_LABELS, ROLE_LABELS


def kind_label(kind: str) -> str:
    """'musdes' → 'Musyawarah desa (musdes)'."""
    return str(KIND_LABELS.get(kind, kind))


def unsur_label(role: str) -> str:
    """An attendee's group (unsur) in words."""
    return str(ROLE_LABELS.get(role, role))


def area_label(meeting: VillageMeeting) -> str:
    """'Seluruh desa', 'Dusun Krajan' or 'Dusun Krajan RT 002'."""
    if not meeting.dusun:
        return _("Seluruh desa")
    if meeting.rt:
        return _("Dusun %(dusun)s RT %(rt)s", dusun=meeting.dusun, rt=meeting.rt)
    return _("Dusun %(dusun)s", dusun=meeting.dusun)


def local_day(moment: dt.datetime, weekday: bool = False) -> str:
    """'3 Desember 2026' (with weekday: 'Kamis, 3 Desember 2026') in office time."""
    day = clock.local(moment).date()
    text = words.date_long(day)
    return f"{words.day_name(day)}, {text}" if weekday else text


def local_time(moment: dt.datetime) -> str:
    """'09.00 WIB' in office time, as Indonesian documents write it."""
    return words.clock_time(clock.local(moment))


HELPERS = {
    "kind_label": kind_label,
    "unsur_label": unsur_label,
    "area_label": area_label,
    "local_day": local_day,
    "local_time": local_time,
}
