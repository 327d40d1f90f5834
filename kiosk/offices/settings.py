"""An office's settings as one immutable snapshot, and the rules every edit must pass."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass

from flask_babel import gettext as _

from kiosk.errors import DomainError
from kiosk.hours import OfficeHours, OfficeHoursError, parse_office_hours

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
PAPERS = ("58", "80")
DEFAULT_EARLY_MINUTES = 30
MAX_EARLY_MINUTES = 180
PRINTER_SCHEMES = ("tcp://", "usb://", "serial://", "file:", "cups://", "dummy:")
# The fields an admin edits (and the initial values taken from configuration).
FIELDS = (
    "name",
    "address",
    "phone",
    "region_code",
    "timezone",
    "office_hours",
    "cuti_bersama_closes",
    "priority_ratio",
    "early_issue_minutes",
    "base_url",
    "printer",
    "desk_printer",
    "printer_paper",
    "printer_profile",
    "phone_tickets",
    "regency_name",
    "district_name",
    "head_title",
    "head_name",
)
# The letterhead and signature of printed reports: free text, each with its longest length.
LETTERHEAD = {"regency_name": 120, "district_name": 120, "head_title": 60, "head_name": 120}
DEFAULT_HEAD_TITLE = "Kepala Desa"


class OfficeSettingsError(DomainError):
    """A setting cannot work; the message says which and why (nothing is saved)."""

    code = "invalid_office_settings"
    status = 422


@dataclass(frozen=True)
class OfficeSettings:
    """What the rest of the app reads about an office: safe to cache and share between threads."""

    id: int
    code: str
    name: str
    address: str
    phone: str | None
    region_code: str
    timezone: str
    office_hours: str
    cuti_bersama_closes: bool
    priority_ratio: int
    early_issue_minutes: int
    base_url: str
    printer: str
    desk_printer: str | None
    printer_paper: str
    printer_profile: str | None
    phone_tickets: bool
    tz: zoneinfo.ZoneInfo
    hours: OfficeHours
    regency_name: str = ""
    district_name: str = ""
    head_title: str = DEFAULT_HEAD_TITLE
    head_name: str = ""

    @classmethod
    def of(cls, office) -> OfficeSettings:
        """The snapshot of an Office row."""
        return cls(
            id=office.id,
            code=office.code,
            name=office.name,
            address=office.address or "",
            phone=office.phone,
            region_code=office.region_code or "",
            timezone=office.timezone,
            office_hours=office.office_hours,
            cuti_bersama_closes=bool(office.cuti_bersama_closes),
            priority_ratio=int(office.priority_ratio),
            early_issue_minutes=int(office.early_issue_minutes or 0),
            base_url=(office.base_url or server_base_url()).rstrip("/"),
            printer=office.printer,
            desk_printer=office.desk_printer or None,
            printer_paper=office.printer_paper,
            printer_profile=office.printer_profile or None,
            phone_tickets=bool(office.phone_tickets),
            tz=zoneinfo.ZoneInfo(office.timezone),
            hours=parse_office_hours(office.office_hours),
            regency_name=office.regency_name or "",
            district_name=office.district_name or "",
            head_title=office.head_title or DEFAULT_HEAD_TITLE,
            head_name=office.head_name or "",
        )


def server_base_url() -> str:
    """The address this server answers on (SATUPINTU_BASE_URL), for offices that set none."""
    from flask import current_app

    return str(current_app.config["BASE_URL"])


def from_config(config) -> dict:
    """The initial settings of the first office, from the (validated) process configuration."""
    return {
        "name": str(config["OFFICE_NAME"]),
        "address": str(config.get("OFFICE_ADDRESS") or ""),
        "phone": None,
        "region_code": str(config.get("REGION_CODE") or ""),
        "timezone": str(config["TIMEZONE"]),
        "office_hours": str(config["OFFICE_HOURS"]),
        "cuti_bersama_closes": True,
        "priority_ratio": int(config["PRIORITY_RATIO"]),
        "early_issue_minutes": DEFAULT_EARLY_MINUTES,
        # Empty: QR codes follow the server's own address (SATUPINTU_BASE_URL, which `make run`
        # sets from the LAN address at every start), as before offices existed.
        "base_url": "",
        "printer": str(config["PRINTER"]),
        "desk_printer": None,
        "printer_paper": str(config["PRINTER_PAPER"]).removesuffix("mm"),
        "printer_profile": config.get("PRINTER_PROFILE") or None,
        "phone_tickets": False,
        "regency_name": "",
        "district_name": "",
        "head_title": DEFAULT_HEAD_TITLE,
        "head_name": "",
    }


def clean(values: dict) -> dict:
    """Check and normalise settings; raise OfficeSettingsError with an Indonesian message."""
    cleaned = dict(values)
    if "name" in cleaned:
        cleaned["name"] = str(cleaned["name"] or "").strip()
        if not cleaned["name"] or len(cleaned["name"]) > 120:
            raise OfficeSettingsError(_("Nama kantor wajib diisi (paling banyak 120 huruf)."))
    if "office_hours" in cleaned:
        try:
            parse_office_hours(str(cleaned["office_hours"]))
        except OfficeHoursError as error:
            raise OfficeSettingsError(
                _("Jam layanan tidak bisa dibaca: %(error)s", error=str(error))
            ) from error
        cleaned["office_hours"] = str(cleaned["office_hours"]).strip()
    if "timezone" in cleaned:
        cleaned["timezone"] = _timezone(str(cleaned["timezone"] or "").strip())
    if "phone_tickets" in cleaned:
        cleaned["phone_tickets"] = bool(cleaned["phone_tickets"])
    if "priority_ratio" in cleaned:
        cleaned["priority_ratio"] = _ratio(cleaned["priority_ratio"])
    if "early_issue_minutes" in cleaned:
        cleaned["early_issue_minutes"] = _early_minutes(cleaned["early_issue_minutes"])
    if "printer_paper" in cleaned:
        paper = str(cleaned["printer_paper"] or "").removesuffix("mm")
        if paper not in PAPERS:
            raise OfficeSettingsError(_("Lebar kertas printer harus 58 atau 80 (mm)."))
        cleaned["printer_paper"] = paper
    if "printer" in cleaned:
        cleaned["printer"] = clean_printer_url(cleaned["printer"])
    if "desk_printer" in cleaned:
        cleaned["desk_printer"] = clean_printer_url(cleaned["desk_printer"], optional=True)
    if "base_url" in cleaned:
        url = str(cleaned["base_url"] or "").strip().rstrip("/")
        if url and not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", url):
            raise OfficeSettingsError(
                _("Alamat dasar harus diawali http:// atau https:// (untuk kode QR).")
            )
        cleaned["base_url"] = url
    if "region_code" in cleaned:
        region = str(cleaned["region_code"] or "").strip()
        if region and not re.fullmatch(r"\d{6}", region):
            raise OfficeSettingsError(_("Kode kecamatan harus 6 angka (atau kosong)."))
        cleaned["region_code"] = region
    for key, longest in LETTERHEAD.items():
        if key in cleaned:
            cleaned[key] = " ".join(str(cleaned[key] or "").split())
            if len(cleaned[key]) > longest:
                raise OfficeSettingsError(
                    _("Kop surat: paling banyak %(max)d huruf per isian.", max=longest)
                )
    if "head_title" in cleaned and not cleaned["head_title"]:
        cleaned["head_title"] = DEFAULT_HEAD_TITLE
    for key in ("address", "phone", "printer_profile"):
        if key in cleaned:
            text = str(cleaned[key] or "").strip()
            cleaned[key] = text if text or key == "address" else None
    return cleaned


def clean_printer_url(value, *, optional: bool = False) -> str | None:
    """A printer URL of a known scheme; with `optional`, empty means none (None)."""
    url = str(value or "").strip()
    if optional and not url:
        return None
    if not url.startswith(PRINTER_SCHEMES):
        raise OfficeSettingsError(
            _("Alamat printer tidak dikenal (contoh: tcp://192.168.1.50:9100 atau dummy:).")
        )
    return url


def check_code(code: str) -> str:
    """An office code: a short slug (lower-case letters, digits, dashes)."""
    code = (code or "").strip().lower()
    if not CODE.match(code):
        raise OfficeSettingsError(
            _("Kode kantor hanya huruf kecil, angka dan tanda minus (contoh: desa-sukamaju).")
        )
    return code


def _timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise OfficeSettingsError(
            _(
                "Zona waktu '%(name)s' tidak dikenal (contoh: Asia/Jakarta, Asia/Makassar, "
                "Asia/Jayapura).",
                name=name,
            )
        ) from error
    return name


def _ratio(value) -> int:
    try:
        ratio = int(value)
    except (TypeError, ValueError) as error:
        raise OfficeSettingsError(_("Rasio prioritas harus angka bulat 0–20.")) from error
    if isinstance(value, bool) or not 0 <= ratio <= 20:
        raise OfficeSettingsError(_("Rasio prioritas harus angka bulat 0–20."))
    return ratio


def _early_minutes(value) -> int:
    """Minutes before the first opening that numbers may be taken: a whole number 0–180."""
    message = _(
        "Nomor boleh diambil sebelum buka: isi menit, angka bulat 0–%(max)d.", max=MAX_EARLY_MINUTES
    )
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError) as error:
        raise OfficeSettingsError(message) from error
    if isinstance(value, bool) or not 0 <= minutes <= MAX_EARLY_MINUTES:
        raise OfficeSettingsError(message)
    return minutes
