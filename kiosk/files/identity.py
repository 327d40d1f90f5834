"""Indonesian identity numbers: NIK and Nomor KK, validated for real (domain.md §5).

NIK = PP KK CC DDMMYY SSSS: province, regency/city, kecamatan, birth date (day + 40 for
women), serial. Nomor KK = the same region prefix, the issue date DDMMYY, a serial.
Messages are in Bahasa Indonesia and say exactly what is wrong.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from flask_babel import gettext as _

REGIONS = Path(__file__).parent / "data" / "regions.yaml"
SEXES = ("L", "P")  # laki-laki, perempuan


@dataclass
class NikCheck:
    """The outcome of checking a NIK: errors block; warnings only inform, and each has a flag
    code (FLAGS) that is kept on the file."""

    nik: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    birth_date: dt.date | None = None
    sex: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def warn(self, flag: str, message: str) -> None:
        """Record a warning and its flag code."""
        self.flags.append(flag)
        self.warnings.append(message)


@functools.cache
def province_codes(path: Path = REGIONS) -> frozenset[int]:
    """Every province code ever issued, from the data file (cached)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return frozenset(int(code) for code in raw["provinces"])


def clean_number(text: str | None) -> str:
    """Digits as typed, without spaces, dots or dashes people put in for readability."""
    return "".join(ch for ch in (text or "") if ch not in " .-\t")


def check_nik(
    text: str | None,
    *,
    birth_date: dt.date | None = None,
    sex: str | None = None,
    today: dt.date | None = None,
) -> NikCheck:
    """Check a NIK; a birth date or sex entered that disagrees with it is a warning, never an
    error: a NIK does not change when a birth date is corrected (PP 40/2019 Ps. 30(2))."""
    nik = clean_number(text)
    result = NikCheck(nik)
    if not _sixteen_digits(nik, result, _("NIK")):
        return result
    # A NIK from elsewhere is normal (people move); only a KK from elsewhere is a signal.
    _check_region(nik, result, _("NIK"), None)
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    encoded_sex = "P" if day > 40 else "L"
    real_day = day - 40 if day > 40 else day
    if not (1 <= day <= 31 or 41 <= day <= 71):
        result.errors.append(
            _(
                "Digit 7-8 NIK (%(day)s) bukan tanggal lahir: harus 01-31, atau 41-71 untuk "
                "perempuan.",
                day=nik[6:8],
            )
        )
        return result
    born = _resolve_date(real_day, month, year2, today or dt.date.today())
    if born is None:
        result.errors.append(
            _(
                "Tanggal lahir di NIK (%(date)s) tidak ada di kalender.",
                date=f"{real_day:02d}-{nik[8:10]}-{nik[10:12]}",
            )
        )
        return result
    if nik[12:] == "0000":
        result.errors.append(_("Empat digit terakhir NIK tidak boleh 0000."))
    result.birth_date, result.sex = born, encoded_sex
    if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        born.day,
        born.month,
        year2,
    ):
        result.warn(
            "nik_birth_date",
            _(
                "Tanggal lahir %(entered)s tidak sama dengan tanggal di NIK (%(nik)s). Berkas "
                "tetap diterima dan diberi tanda; periksa KK atau akta.",
                entered=birth_date.strftime("%d-%m-%Y"),
                nik=born.strftime("%d-%m-%y"),
            ),
        )
    if sex in SEXES and sex != encoded_sex:
        result.warn(
            "nik_sex",
            _(
                "Jenis kelamin tidak cocok dengan NIK: NIK ini milik seorang %(sex)s "
                "(tanggal lahir di NIK %(rule)s). Berkas tetap diterima dan diberi tanda.",
                sex=_("perempuan") if encoded_sex == "P" else _("laki-laki"),
                rule=_("ditambah 40") if encoded_sex == "P" else _("tidak ditambah 40"),
            ),
        )
    return result


def check_kk(
    text: str | None, *, today: dt.date | None = None, region_prefix: str | None = None
) -> NikCheck:
    """Check a Nomor KK: 16 digits, a real province, a real issue date, serial not 0000; a KK
    from outside the office's kecamatan (`region_prefix`) is a warning (a move not recorded)."""
    number = clean_number(text)
    result = NikCheck(number)
    if not _sixteen_digits(number, result, _("Nomor KK")):
        return result
    _check_region(number, result, _("Nomor KK"), region_prefix)
    day, month, year2 = int(number[6:8]), int(number[8:10]), int(number[10:12])
    issued = _resolve_date(day, month, year2, today or dt.date.today())
    if issued is None:
        result.errors.append(
            _("Digit 7-12 Nomor KK (%(date)s) bukan tanggal terbit yang ada.", date=number[6:12])
        )
    if number[12:] == "0000":
        result.errors.append(_("Empat digit terakhir Nomor KK tidak boleh 0000."))
    return result


def _sixteen_digits(number: str, result: NikCheck, what: str) -> bool:
    if not number:
        result.errors.append(_("%(what)s wajib diisi.", what=what))
        return False
    if not (number.isascii() and number.isdigit()):  # "²" is a digit to isdigit(), not to int()
        result.errors.append(_("%(what)s hanya boleh berisi angka.", what=what))
        return False
    if len(number) != 16:
        result.errors.append(
            _("%(what)s harus 16 digit; yang diisi %(num)d digit.", what=what, num=len(number))
        )
        return False
    return True


def _check_region(number: str, result: NikCheck, what: str, region_prefix: str | None) -> None:
    if int(number[:2]) not in province_codes():
        result.errors.append(
            _(
                "Dua digit pertama %(what)s (%(code)s) bukan kode provinsi yang ada.",
                what=what,
                code=number[:2],
            )
        )
    elif number[2:4] == "00" or number[4:6] == "00":
        result.errors.append(
            _("Kode kabupaten/kota atau kecamatan di %(what)s tidak boleh 00.", what=what)
        )
    elif region_prefix and not number.startswith(region_prefix):
        result.warn(
            "kk_region",
            _(
                "%(what)s terdaftar di luar wilayah kantor ini (kode %(code)s). Periksa lagi, "
                "atau lanjutkan bila memang pendatang.",
                what=what,
                code=number[:6],
            ),
        )


def _resolve_date(day: int, month: int, year2: int, today: dt.date) -> dt.date | None:
    """A two-digit year in the most recent century that does not put the date in the future."""
    for century in (2000, 1900):
        try:
            candidate = dt.date(century + year2, month, day)
        except ValueError:
            if century == 2000:
                continue  # e.g. 29-02-00 is real in 2000 but not checked in 1900's rules
            return None
        if candidate <= today:
            return candidate
    return None
