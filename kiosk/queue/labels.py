"""Plain-words labels shared by the kiosk screens, the receipt and the API."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from kiosk.models import Service


def priority_label(reason: str | None) -> str:
    """Lansia, Penyandang disabilitas, Ibu hamil, Ibu dengan balita."""
    labels = {
        "lansia": _("Lansia"),
        "disabilitas": _("Penyandang disabilitas"),
        "hamil": _("Ibu hamil"),
        "balita": _("Ibu dengan balita"),
    }
    return labels.get(reason or "", "")


def fee_text(service: Service, lang: str) -> str:
    """'GRATIS' (with its legal basis) or the rupiah amount."""
    if service.is_free:
        note = service.text("fee_note", lang)
        return _("GRATIS") + (f" ({note})" if note else "")
    amount = f"{service.fee:,}".replace(",", ".")
    return f"Rp {amount}"


def time_standard_text(service: Service, lang: str) -> str:
    """'14 hari kerja', 'Selesai hari ini', or an honest 'no promise'."""
    days = service.time_standard_days
    if days is None:
        note = service.text("time_note", lang)
        return note or _("Tidak ada janji waktu; tergantung kantor lain yang memutuskan")
    if days == 0:
        return _("Selesai hari ini")
    return ngettext("%(num)d hari kerja", "%(num)d hari kerja", days)
