"""One check per field type: is a filled-in value of the right shape? (field_pwa/js/validate.js
is the JavaScript twin: same rules, same Indonesian messages; tests/vectors/forms.json holds both
to it.) Each check reports into a Validation through `Report`."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _

from kiosk import tracking
from kiosk.files import identity

# Used with fullmatch: "$" would also accept a trailing newline, which JavaScript refuses.
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SHA256 = re.compile(r"[0-9a-f]{64}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MOBILE = re.compile(r"(\+62|62|0)8[0-9]+")
LATITUDE = (-11.5, 6.5)  # Indonesia, with a margin: Rote to Weh
LONGITUDE = (94.0, 141.5)  # Sabang to Merauke
GPS_KEYS = {"lat", "lon", "accuracy"}


@dataclass
class Report:
    """Where one value's findings go: its path, its field definition, its siblings, the rules."""

    path: str
    field: dict
    siblings: dict
    rules: dict
    today: dt.date
    errors: dict
    warnings: dict
    blobs: set

    @property
    def label(self) -> str:
        return self.field["label"]

    def error(self, message: str) -> None:
        """Record the first error of this path (one message per path)."""
        self.errors.setdefault(self.path, message)


def check_text(value, report: Report) -> None:
    """A string: its trimmed length within min/max, matching `pattern` when given."""
    if not isinstance(value, str):
        return report.error(_("%(label)s harus berupa teks.", label=report.label))
    text, field = value.strip(), report.field
    length = len(text)
    if "min" in field and length < field["min"]:
        report.error(_("%(label)s paling sedikit %(n)d huruf.", label=report.label, n=field["min"]))
    elif "max" in field and length > field["max"]:
        report.error(_("%(label)s paling banyak %(n)d huruf.", label=report.label, n=field["max"]))
    elif "pattern" in field and not re.search(field["pattern"], text):
        report.error(_("%(label)s tidak sesuai format.", label=report.label))


def check_number(value, report: Report) -> None:
    """A JSON number (not a boolean) within min/max."""
    field = report.field
    if not is_number(value):
        return report.error(_("%(label)s harus berupa angka.", label=report.label))
    if "min" in field and value < field["min"]:
        report.error(
            _("%(label)s paling kecil %(n)s.", label=report.label, n=number_text(field["min"]))
        )
    elif "max" in field and value > field["max"]:
        report.error(
            _("%(label)s paling besar %(n)s.", label=report.label, n=number_text(field["max"]))
        )


def check_date(value, report: Report) -> None:
    """A real date written YYYY-MM-DD, within min/max ("today" is the office's today)."""
    day = parse_date(value)
    if day is None:
        return report.error(
            _("%(label)s harus tanggal yang ada (tahun-bulan-tanggal).", label=report.label)
        )
    low, high = (_bound(report.field.get(key), report.today) for key in ("min", "max"))
    if high is not None and day > high:
        if report.field["max"] == "today":
            return report.error(_("%(label)s tidak boleh sesudah hari ini.", label=report.label))
        report.error(_("%(label)s paling lambat %(date)s.", label=report.label, date=_dmy(high)))
    elif low is not None and day < low:
        report.error(_("%(label)s paling awal %(date)s.", label=report.label, date=_dmy(low)))


def check_select(value, report: Report) -> None:
    """One of the field's options (or of the options for the value of `options_by.field`)."""
    if not (isinstance(value, str) and value in _choices(report)):
        report.error(unknown_choice(report.label))


def check_multiselect(value, report: Report) -> None:
    """A list of distinct option values, as many as min/max allow."""
    choices = _choices(report)
    label = report.label
    _check_items(
        value,
        report,
        lambda item: item in choices,
        ListMessages(
            not_a_list=_("%(label)s harus berupa daftar pilihan.", label=label),
            bad_item=unknown_choice(label),
            twice=_("%(label)s berisi pilihan yang sama dua kali.", label=label),
            too_few=lambda n: _("%(label)s paling sedikit %(n)d pilihan.", label=label, n=n),
            too_many=lambda n: _("%(label)s paling banyak %(n)d pilihan.", label=label, n=n),
        ),
    )


def check_nik(value, report: Report) -> None:
    """The counter's NIK rules (kiosk/files/identity.py); a birth date or sex in the sibling
    fields named by `matches` that disagrees with the NIK is a warning (flag code)."""
    matches = report.field.get("matches") or {}
    birth = parse_date(report.siblings.get(matches.get("birth_date", "")))
    sex = report.siblings.get(matches.get("sex", ""))
    _identity(
        value,
        report,
        _("NIK"),
        lambda text: identity.check_nik(text, birth_date=birth, sex=sex, today=report.today),
    )


def check_kk(value, report: Report) -> None:
    """The counter's Nomor KK rules; a KK from outside the office's kecamatan is a warning."""
    region = report.rules.get("region_code") or None
    _identity(
        value,
        report,
        _("Nomor KK"),
        lambda text: identity.check_kk(text, today=report.today, region_prefix=region),
    )


def check_phone(value, report: Report) -> None:
    """An Indonesian mobile number: 08.., 628.. or +628.., 10 to 15 digits, nothing else."""
    digits = value.removeprefix("+") if isinstance(value, str) else ""
    if not (MOBILE.fullmatch(value if isinstance(value, str) else "") and 10 <= len(digits) <= 15):
        report.error(
            _(
                "%(label)s harus nomor HP Indonesia: diawali 08, 628 atau +628, 10 sampai 15 "
                "angka.",
                label=report.label,
            )
        )


def check_photo(value, report: Report) -> None:
    """A list of distinct lowercase SHA-256 hex names of JPEG blobs, as many as min/max allow."""
    if isinstance(value, list):
        report.blobs.update(item for item in value if _is_sha256(item))
    label = report.label
    _check_items(
        value,
        report,
        _is_sha256,
        ListMessages(
            not_a_list=_("%(label)s harus berupa daftar foto.", label=label),
            bad_item=_("%(label)s berisi foto yang tidak dikenali.", label=label),
            twice=_("%(label)s berisi foto yang sama dua kali.", label=label),
            too_few=lambda n: _("%(label)s paling sedikit %(n)d foto.", label=label, n=n),
            too_many=lambda n: _("%(label)s paling banyak %(n)d foto.", label=label, n=n),
        ),
    )


def check_gps(value, report: Report) -> None:
    """{"lat", "lon", "accuracy"}: numbers, accuracy in metres >= 0, a point in Indonesia."""
    if not (
        isinstance(value, dict)
        and set(value) == GPS_KEYS
        and all(is_number(value[key]) for key in GPS_KEYS)
        and value["accuracy"] >= 0
    ):
        return report.error(
            _("%(label)s harus berisi lintang, bujur dan akurasi (meter).", label=report.label)
        )
    inside = LATITUDE[0] <= value["lat"] <= LATITUDE[1] and (
        LONGITUDE[0] <= value["lon"] <= LONGITUDE[1]
    )
    if not inside:
        report.error(_("%(label)s berada di luar wilayah Indonesia.", label=report.label))


def check_ref(value, report: Report) -> None:
    """The id (lowercase UUID) of a household record or of a member in it."""
    if not (isinstance(value, str) and UUID.fullmatch(value)):
        report.error(_("%(label)s harus berupa id (UUID) yang sah.", label=report.label))


def check_code(value, report: Report) -> None:
    """A tracking code in its canonical grouped form with a valid check symbol."""
    if not (isinstance(value, str) and tracking.normalise(value) == value):
        report.error(_("%(label)s tidak sah: periksa lagi huruf dan angkanya.", label=report.label))


def unknown_choice(label: str) -> str:
    """The message for a value that is not among a field's options."""
    return _("Pilihan untuk %(label)s tidak ada dalam daftar.", label=label)


def is_number(value) -> bool:
    """A finite JSON number; a boolean is not one."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def number_text(value) -> str:
    """A bound as people write it (and as JavaScript prints it): 2, not 2.0."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def parse_date(value) -> dt.date | None:
    """A real date written exactly YYYY-MM-DD, else None."""
    if not (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@dataclass
class ListMessages:
    """What to say about a list field (multiselect, photo)."""

    not_a_list: str
    bad_item: str
    twice: str
    too_few: Callable[[int], str]
    too_many: Callable[[int], str]


def _is_sha256(item) -> bool:
    return isinstance(item, str) and SHA256.fullmatch(item) is not None


def _check_items(value, report: Report, valid: Callable[[str], object], say: ListMessages):
    if not isinstance(value, list):
        return report.error(say.not_a_list)
    if not all(isinstance(item, str) and valid(item) for item in value):
        return report.error(say.bad_item)
    if len(set(value)) != len(value):
        return report.error(say.twice)
    count_within(value, report, say.too_few, say.too_many)


def _identity(value, report: Report, what: str, check: Callable[[str], identity.NikCheck]) -> None:
    if not isinstance(value, str):
        return report.error(_("%(label)s harus berupa teks.", label=report.label))
    if (
        identity.clean_number(value) != value
    ):  # the tablet stores digits only, never "3201 0117 ..."
        return report.error(_("%(what)s hanya boleh berisi angka.", what=what))
    result = check(value)
    if result.errors:
        report.error(" ".join(result.errors))
    if result.flags:
        report.warnings[report.path] = list(result.flags)


def _choices(report: Report) -> set[str]:
    field = report.field
    if "options" in field:
        return {option["value"] for option in field["options"]}
    by = field.get("options_by") or {}
    key = report.siblings.get(by.get("field", ""))
    options = by.get("map", {}).get(key, []) if isinstance(key, str) else []
    return {option["value"] for option in options}


def count_within(
    items: list, report: Report, too_few: Callable[[int], str], too_many: Callable[[int], str]
) -> None:
    """A list as long as the field's min/max allow; the message names the bound."""
    field = report.field
    if "min" in field and len(items) < field["min"]:
        report.error(too_few(field["min"]))
    elif "max" in field and len(items) > field["max"]:
        report.error(too_many(field["max"]))


def _bound(value, today: dt.date) -> dt.date | None:
    return today if value == "today" else parse_date(value)


def _dmy(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


CHECKS: dict[str, Callable[[object, Report], None]] = {
    "text": check_text,
    "number": check_number,
    "date": check_date,
    "select": check_select,
    "multiselect": check_multiselect,
    "nik": check_nik,
    "kk": check_kk,
    "phone": check_phone,
    "photo": check_photo,
    "gps": check_gps,
    "ref": check_ref,
    "code": check_code,
}
