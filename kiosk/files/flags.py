"""Identity warnings kept on a file, and NIK-absent reasons: stable codes stored, words here."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LABELS = {
    "nik_birth_date": _l("Tanggal lahir beda dengan NIK"),
    "nik_sex": _l("Jenis kelamin beda dengan NIK"),
    "kk_region": _l("KK dari luar kecamatan"),
}

NIK_ABSENT_CHOICES = [
    ("belum_punya", _l("Belum punya NIK")),
    ("hilang", _l("KTP/KK hilang, NIK tidak diketahui")),
    ("lupa", _l("Lupa NIK")),
]


def flag_label(code: str) -> str:
    """What a flag means, for staff screens (an unknown code is shown as it is)."""
    return str(LABELS.get(code, code))


def nik_absent_label(reason: str | None) -> str:
    """Why a person has no NIK, for staff screens."""
    return str(dict(NIK_ABSENT_CHOICES).get(reason or "", reason or ""))
