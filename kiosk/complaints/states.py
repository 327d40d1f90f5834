"""A complaint's states in words: baru → diproses → dijawab → selesai."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATE_LABELS = {
    "baru": _l("Baru diterima"),
    "diproses": _l("Sedang ditangani"),
    "dijawab": _l("Sudah dijawab"),
    "selesai": _l("Selesai"),
}
OPEN_STATES = ("baru", "diproses")  # the answer deadline runs


def state_label(state: str) -> str:
    """A state's words in the current language."""
    label = STATE_LABELS.get(state)
    return str(label) if label else state
