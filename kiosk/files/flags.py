"""Identity warnings kept on a file: stable codes in the database, words for staff here."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LABELS = {
    "nik_birth_date": _l("Tanggal lahir beda dengan NIK"),
    "nik_sex": _l("Jenis kelamin beda dengan NIK"),
    "kk_region": _l("KK dari luar kecamatan"),
}


def flag_label(code: str) -> str:
    """What a flag means, for staff screens (an unknown code is shown as it is)."""
    return str(LABELS.get(code, code))
