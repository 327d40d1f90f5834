"""Where a receipt prints: the kiosk's printer, a counter's or a desk's, or nowhere (a phone).

Callers that issue or reprint a receipt name a printer URL; `OFFICE_KIOSK_PRINTER` stands for the
current office's kiosk printer, and `NO_PRINTER` (None) means no print job at all.

A staff member's receipts print at their counter's printer, else at the office's desk printer,
else at the kiosk printer (`staff_printer`). `watched_printers` is the one list of printers that
exist, which the printer monitor checks and the staff screens show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Counter, Device, Office
from kiosk.offices.current import current_office
from kiosk.offices.settings import OfficeSettings

OFFICE_KIOSK_PRINTER: Final = ""
NO_PRINTER: Final = None


@dataclass(frozen=True)
class PrinterPlace:
    """A printer and where it stands: `name` completes "printer …" ("kios", "Loket 2")."""

    key: str  # "kiosk", "desk" or "counter-<id>": stable within an office
    name: str
    url: str
    office_id: int

    @property
    def label(self) -> str:
        """ "Printer Loket 2", as a heading."""
        return _("Printer %(place)s", place=self.name)

    @property
    def printed_here(self) -> str:
        """The sentence a screen shows after sending a receipt here."""
        return _("Dicetak di printer %(place)s.", place=self.name)


def printer_url_for(choice: str | None) -> str | None:
    """The printer URL a choice stands for: the office's kiosk printer for OFFICE_KIOSK_PRINTER."""
    if choice == OFFICE_KIOSK_PRINTER:
        return current_office().printer
    return choice


def kiosk_printer(office: OfficeSettings | Office) -> PrinterPlace:
    """The office's kiosk printer (Office.printer)."""
    return PrinterPlace("kiosk", _("kios"), office.printer, office.id)


def desk_printer(office: OfficeSettings | Office) -> PrinterPlace | None:
    """The office's staff desk printer, if it has one."""
    if not office.desk_printer:
        return None
    return PrinterPlace("desk", _("meja layanan"), office.desk_printer, office.id)


def counter_printer(counter: Counter | None) -> PrinterPlace | None:
    """A counter's own printer, if it has one."""
    if counter is None or not counter.printer or not counter.active:
        return None
    return PrinterPlace(f"counter-{counter.id}", counter.name, counter.printer, counter.office_id)


def staff_printer(user, counter: Counter | None = None) -> PrinterPlace:
    """Where a staff member's receipts print: the counter they operate (or work at), else the
    office's desk printer, else the kiosk printer."""
    office = current_office()
    own_counter = getattr(user, "counter", None) if user is not None else None
    return (
        counter_printer(counter)
        or counter_printer(own_counter)
        or desk_printer(office)
        or kiosk_printer(office)
    )


def staff_printers(office: OfficeSettings) -> list[PrinterPlace]:
    """The office's printers other than the kiosk's: the desk printer, then each counter's."""
    desk = desk_printer(office)
    counters = db.session.scalars(
        select(Counter)
        .where(Counter.office_id == office.id, Counter.active.is_(True))
        .where(Counter.printer.is_not(None), Counter.printer != "")
        .order_by(Counter.name)
    ).all()
    return ([desk] if desk else []) + [counter_printer(c) for c in counters]


def device_printers(office: OfficeSettings | Office) -> list[PrinterPlace]:
    """The own printers of the office's paired kiosks (not revoked)."""
    devices = db.session.scalars(
        select(Device)
        .where(Device.office_id == office.id, Device.kind == "kiosk")
        .where(Device.revoked_at.is_(None), Device.paired_at.is_not(None))
        .where(Device.printer.is_not(None), Device.printer != "")
        .order_by(Device.name)
    ).all()
    return [PrinterPlace(f"kiosk-{d.id}", d.name, d.printer, d.office_id) for d in devices]


def watched_printers(office_id: int | None = None) -> list[PrinterPlace]:
    """Every printer that exists: per active office (or just `office_id`), the kiosk printer,
    the paired kiosks' own, the desk printer and each active counter's. The one list the
    monitor and the strip use."""
    query = select(Office).where(Office.active.is_(True)).order_by(Office.id)
    if office_id is not None:
        query = query.where(Office.id == office_id)
    places: list[PrinterPlace] = []
    for office in db.session.scalars(query):
        places.append(kiosk_printer(office))
        places.extend(device_printers(office))
        places.extend(staff_printers(office))
    return places
