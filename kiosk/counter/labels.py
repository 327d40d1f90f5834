"""Plain-words names of what counters do with a ticket (the queue event log's kinds)."""

from __future__ import annotations

from flask_babel import gettext as _


def queue_event_label(kind: str) -> str:
    """Dipanggil, Dipanggil ulang, Tidak hadir, Dikembalikan ke antrean..."""
    labels = {
        "call": _("Dipanggil"),
        "recall": _("Dipanggil ulang"),
        "start": _("Mulai dilayani"),
        "finish": _("Selesai"),
        "no_show": _("Tidak hadir"),
        "transfer": _("Dialihkan"),
        "carry": _("Dibawa ke hari buka berikutnya"),
        "close": _("Ditutup"),
        "requeue": _("Dikembalikan ke antrean"),
    }
    return labels.get(kind, kind)
