"""SMS wording: the kinds of message, their default Indonesian templates, the placeholders,
and the rule that a rendered message fits one SMS (nothing is ever cut off silently).

A body never holds a NIK or a name: the placeholders are the only data put in, and none of
them is about the person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.notify import gsm

KINDS = ("perlu_dilengkapi", "siap_diambil", "tanggal_bergeser", "selesai")
TEST_KIND = "uji"
KIND_LABELS = {
    "perlu_dilengkapi": _l("Perlu dilengkapi"),
    "siap_diambil": _l("Siap diambil"),
    "tanggal_bergeser": _l("Tanggal selesai bergeser"),
    "selesai": _l("Selesai"),
    TEST_KIND: _l("SMS uji"),
}
DEFAULTS = {
    "perlu_dilengkapi": "{kantor}: berkas {layanan} kode {kode} perlu dilengkapi. "
    "Bawa dokumen yang kurang ke kantor desa. Info {telp}",
    "siap_diambil": "{kantor}: berkas {layanan} kode {kode} sudah siap diambil. "
    "Bawa struk. Info {telp}",
    "tanggal_bergeser": "{kantor}: perkiraan selesai berkas {layanan} kode {kode} "
    "bergeser ke {tanggal}. Info {telp}",
    "selesai": "{kantor}: berkas {layanan} kode {kode} sudah selesai diproses. "
    "Terima kasih. Info {telp}",
}
TEST_TEXT = "{kantor}: SMS uji dari Satu Pintu. Modem SMS bekerja."
PLACEHOLDERS = ("kode", "layanan", "tanggal", "kantor", "telp")
_FIELD = re.compile(r"\{([^{}]*)\}")
# The longest value each placeholder can take, for the check on save: a grouped tracking code
# (XXXX-XXXX-XXX) and a date as dd-mm-yyyy.
LONGEST_CODE = "XXXX-XXXX-XXX"
LONGEST_DATE = "31-12-2026"


class TemplateError(ValueError):
    """A template that cannot be used; the message says why, in plain words."""


@dataclass(frozen=True)
class Values:
    """What a template may put in a message."""

    kode: str
    layanan: str
    tanggal: str
    kantor: str
    telp: str


def kind_label(kind: str) -> str:
    """The kind in words."""
    return str(KIND_LABELS.get(kind, kind))


def render(template: str, values: Values) -> str:
    """The message text: every {placeholder} replaced (an unknown one stays as typed)."""
    return _FIELD.sub(lambda m: getattr(values, m.group(1), m.group(0)), template)


def check_template(template: str, longest: Values, *, needs_code: bool = True) -> str:
    """The template, trimmed, when it can always go as one SMS; else TemplateError.

    `longest` holds the longest value of each placeholder in this office (its longest service
    name, its name and phone)."""
    text = " ".join(template.split())
    if not text:
        raise TemplateError(_("Teks SMS tidak boleh kosong."))
    unknown = [name for name in _FIELD.findall(text) if name not in PLACEHOLDERS]
    if unknown or "{" in _FIELD.sub("", text) or "}" in _FIELD.sub("", text):
        raise TemplateError(
            _(
                "Kata dalam kurung kurawal harus salah satu dari: %(names)s.",
                names=", ".join("{" + name + "}" for name in PLACEHOLDERS),
            )
        )
    if needs_code and "{kode}" not in text:
        raise TemplateError(_("Sertakan {kode} agar warga tahu berkas yang mana."))
    filled = render(text, longest)
    strange = gsm.outside_alphabet(filled)
    if strange:
        raise TemplateError(
            _(
                "Huruf ini tidak bisa dikirim lewat SMS biasa: %(chars)s. Ganti dengan huruf "
                "biasa.",
                chars=" ".join(strange),
            )
        )
    if gsm.length(filled) > gsm.SMS_LIMIT:
        raise TemplateError(
            _(
                "Terlalu panjang: bisa sampai %(count)d huruf setelah diisi (paling banyak "
                "%(limit)d). Perpendek %(over)d huruf.",
                count=gsm.length(filled),
                limit=gsm.SMS_LIMIT,
                over=gsm.length(filled) - gsm.SMS_LIMIT,
            )
        )
    return text
