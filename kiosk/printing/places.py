"""Where a receipt prints: the kiosk's printer, a counter's or a desk's, or nowhere (a phone).

Callers that issue or reprint a receipt name a printer URL; `OFFICE_KIOSK_PRINTER` stands for the
current office's kiosk printer, and `NO_PRINTER` (None) means no print job at all.
"""

from __future__ import annotations

from typing import Final

from kiosk.offices.current import current_office

OFFICE_KIOSK_PRINTER: Final = ""
NO_PRINTER: Final = None


def printer_url_for(choice: str | None) -> str | None:
    """The printer URL a choice stands for: the office's kiosk printer for OFFICE_KIOSK_PRINTER."""
    if choice == OFFICE_KIOSK_PRINTER:
        return current_office().printer
    return choice
