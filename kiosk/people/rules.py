"""The one set of rules for a person's and a household's data, at intake and when edited.

Errors are {field: message in Bahasa Indonesia}; warnings are flag codes kept on a file
(a birth date or sex that disagrees with the NIK, a KK from outside the office's region).
"""

from __future__ import annotations

import datetime as dt
import uuid

from flask_babel import gettext as _

from kiosk.files.identity import NikCheck, check_kk, check_nik, clean_number
from kiosk.models import Person


def clean_person(data: dict, today: dt.date | None = None) -> tuple[dict, dict, list[str]]:
    """A person's own fields: (cleaned values, {field: error}, warning flag codes)."""
    errors: dict[str, str] = {}
    name = " ".join(str(data.get("name") or "").split())
    if not 2 <= len(name) <= 120:
        errors["name"] = _("Nama wajib diisi sesuai KTP/KK (2 sampai 120 huruf).")
    birth_date = _date(data.get("birth_date"), errors)
    sex = data.get("sex") or None
    if sex is not None and sex not in Person.SEXES:
        errors["sex"] = _("Jenis kelamin harus L (laki-laki) atau P (perempuan).")
        sex = None
    nik, absent = _clean_nik(data, birth_date, sex, today, errors)
    relation = data.get("relation") or None
    if relation is not None and relation not in Person.RELATIONS:
        errors["relation"] = _(
            "Hubungan keluarga tidak dikenal; pilih salah satu: %(choices)s.",
            choices=", ".join(Person.RELATIONS),
        )
    phone = clean_number(data.get("phone")).removeprefix("+")
    if phone and (not phone.isdigit() or not 8 <= len(phone) <= 15):
        errors["phone"] = _("Nomor HP 8 sampai 15 angka, atau kosongkan.")
    cleaned = {
        "name": name,
        "nik": nik.nik or None,
        "nik_absent": absent,
        "birth_date": birth_date or nik.birth_date,
        "sex": sex or nik.sex,
        "birth_place": " ".join(str(data.get("birth_place") or "").split())[:60] or None,
        "phone": phone or None,
        "phone_consent": data.get("phone_consent") is True,
        "uuid": public_id(data.get("uuid"), errors, "uuid"),
        "relation": relation if relation in Person.RELATIONS else None,
    }
    return cleaned, errors, list(nik.flags)


def clean_home(
    data: dict, today: dt.date | None = None, region: str | None = None
) -> tuple[dict, dict, list[str]]:
    """A household's fields (KK number optional, address required, RT/RW, dusun)."""
    errors: dict[str, str] = {}
    flags: list[str] = []
    kk_text = clean_number(data.get("kk"))
    if kk_text:
        kk = check_kk(kk_text, today=today, region_prefix=region)
        if kk.errors:
            errors["kk"] = " ".join(kk.errors)
        flags += kk.flags
    cleaned: dict = {"kk": kk_text or None}
    for key in ("rt", "rw"):
        value = str(data.get(key) or "").strip()
        if value and (not value.isdigit() or len(value) > 3):
            errors[key] = _(
                "%(what)s diisi angka, paling banyak 3 digit (contoh 003).", what=key.upper()
            )
        cleaned[key] = value.zfill(3) if value.isdigit() else None
    cleaned["address"] = " ".join(str(data.get("address") or "").split())[:300]
    if not cleaned["address"]:
        errors["address"] = _("Alamat wajib diisi (jalan/kampung).")
    cleaned["dusun"] = " ".join(str(data.get("dusun") or "").split())[:60] or None
    return cleaned, errors, flags


def public_id(value, errors: dict, name: str) -> str | None:
    """A client-made UUID in canonical text, None when absent; else an error on `name`."""
    if value is None or value == "":
        return None
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        errors[name] = _("'%(name)s' harus berupa UUID.", name=name)
        return None


def _date(value, errors: dict) -> dt.date | None:
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            errors["birth_date"] = _("Tanggal lahir tidak dikenali (tahun-bulan-tanggal).")
            return None
    return value if isinstance(value, dt.date) else None


def _clean_nik(data: dict, birth_date, sex, today, errors: dict) -> tuple[NikCheck, str | None]:
    """The NIK checked against the form, or no NIK with its reason (belum punya, hilang, lupa)."""
    absent = data.get("nik_absent") or None
    if not clean_number(data.get("nik")) and absent is not None:
        if absent not in Person.NIK_ABSENT:
            errors["nik_absent"] = _("Alasan tanpa NIK: belum punya, hilang, atau lupa.")
        return NikCheck(""), absent
    nik = check_nik(data.get("nik"), birth_date=birth_date, sex=sex, today=today)
    if nik.errors:
        errors["nik"] = " ".join(nik.errors)
        if not nik.nik:
            errors["nik"] = _("Isi NIK (16 angka), atau pilih alasan tidak ada NIK.")
    return nik, None
