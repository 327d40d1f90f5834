"""Referral states and history steps in words (staff screens)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATE_LABELS = {
    "menunggu": _l("Menunggu kabar"),
    "diterima": _l("Diterima"),
    "ditolak": _l("Ditolak"),
    "tidak_ada_kabar": _l("Tidak ada kabar (ditutup)"),
}
STEP_LABELS = {
    "dikirim": _l("Dikirim"),
    "tindak_lanjut": _l("Tindak lanjut"),
    "jawaban": _l("Jawaban"),
}


def state_label(state: str | None) -> str:
    """A referral state in words."""
    return str(STATE_LABELS.get(state or "", state or ""))


def step_label(kind: str | None) -> str:
    """A history step in words."""
    return str(STEP_LABELS.get(kind or "", kind or ""))
