"""Configuration: defaults, then the instance file, then SATUPINTU_* environment variables.

Every key below can be set as an environment variable with the ``SATUPINTU_`` prefix
(``SATUPINTU_OFFICE_HOURS``…) or in ``instance/satupintu.toml`` (TOML, same key names).
"""

from __future__ import annotations

import secrets
import zoneinfo
from pathlib import Path

from flask import Flask

from kiosk.config_file import ConfigFileError, read_instance_config
from kiosk.hours import OfficeHoursError, parse_office_hours

DEFAULTS: dict[str, object] = {
    "OFFICE_NAME": "Kantor Desa",
    "OFFICE_ADDRESS": "",
    # Kecamatan code (6 digits, e.g. "320101"): a Nomor KK from elsewhere is flagged on the file.
    "REGION_CODE": "",
    "OFFICE_HOURS": "mon-thu 08:00-15:00; fri 08:00-11:00,13:00-15:00",
    "TIMEZONE": "Asia/Jakarta",
    "BASE_URL": "http://127.0.0.1:8000",
    "DATABASE_URL": None,  # default: SQLite in the instance folder
    "PRINTER": "dummy:",
    "PRINTER_PAPER": "80",
    "PRINTER_PROFILE": None,
    "PRINTER_TIMEOUT": 5.0,
    # A receipt not printed by then is never printed (the kiosk showed the number instead);
    # default PRINTER_TIMEOUT + 5 s, the kiosk's on-screen fallback.
    "PRINT_JOB_MAX_AGE_SECONDS": None,
    "RECEIPT_PREVIEW_DIR": None,  # when set, every printed receipt is also saved as PNG here
    "COMPLAINT_CONTACT": "Kotak pengaduan di kantor desa / LAPOR! SMS 1708",
    "KIOSK_IDLE_SECONDS": 45,
    "KIOSK_IDLE_WARNING_SECONDS": 15,
    "DEFAULT_SERVICE_MINUTES": 6,
    "STAFF_SESSION_HOURS": 9,  # a working day; then staff log in again
    "LOGIN_MAX_FAILURES": 5,
    "PASSWORD_HASH_METHOD": "scrypt",  # werkzeug method; tests use a cheap one for speed
    "LOGIN_LOCK_MINUTES": 15,
    # Set by `satupintu serve --host`: off localhost, known demo passwords must be changed.
    "LISTEN_HOST": "127.0.0.1",
    "PRIORITY_RATIO": 2,  # regular calls per priority call when both wait
    "NO_SHOW_AFTER_RECALLS": 2,  # "Tidak Hadir" is allowed after this many recalls
    "DISPLAY_RECENT_CALLS": 6,
    "DISPLAY_STREAM_SECONDS": 600,  # end each event stream so the browser reconnects fresh
    "DISPLAY_KEEPALIVE_SECONDS": 15,
    "DISPLAY_POLL_SECONDS": 1.0,  # other processes' calls reach the display within this
    "DISPLAY_REPLAY_SECONDS": 60,  # a reconnecting display announces calls at most this old
    "STATUS_RATE_LIMIT": "30 per minute",  # every public lookup of a code, per client
    "STATUS_RATE_LIMIT_EXEMPT": [],  # kiosk addresses, e.g. ["127.0.0.1"] for a kiosk on the PC
    "TICKET_RATE_LIMIT": "10 per minute",  # anonymous ticket issue per client (kiosks exempt)
    "DISPLAY_STREAMS_PER_CLIENT": 8,  # open /display/events per client address; 429 beyond
    "BEHIND_PROXY": False,  # `serve --behind-proxy`: trust one proxy's X-Forwarded-* headers
    "SECURE_COOKIES": False,  # set by `serve` when the browser sees HTTPS
    "SECRET_KEY": None,
    "LANGUAGES": ["id", "en"],
    "BABEL_DEFAULT_LOCALE": "id",
    "WTF_CSRF_TIME_LIMIT": None,  # a kiosk screen may stay open all day
    "MAX_CONTENT_LENGTH": 1024 * 1024,  # bytes per request body; larger answers 413
    "JSON_MAX_DEPTH": 32,  # arrays/objects inside each other in a JSON body; deeper answers 400
    "PRINT_SYNC": False,  # tests only: print inline instead of on the worker thread
    # Tests only: POST /__test__/faults breaks sync calls on purpose (kiosk.sync.faults).
    "SYNC_FAULTS": False,
}


class ConfigError(RuntimeError):
    """The configuration cannot work; the message says which key and why."""


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill app.config in layers and validate what would otherwise fail later."""
    app.config.from_mapping(DEFAULTS)
    try:
        app.config.from_mapping(read_instance_config(Path(app.instance_path)))
    except ConfigFileError as error:
        raise ConfigError(str(error)) from error
    app.config.from_prefixed_env(prefix="SATUPINTU")
    if test_config:
        app.config.from_mapping(test_config)
    _validate(app)


def _validate(app: Flask) -> None:
    config = app.config
    try:
        config["OFFICE"] = parse_office_hours(str(config["OFFICE_HOURS"]))
    except OfficeHoursError as error:
        raise ConfigError(f"SATUPINTU_OFFICE_HOURS is wrong: {error}") from error
    try:
        config["TZ"] = zoneinfo.ZoneInfo(str(config["TIMEZONE"]))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigError(
            f"SATUPINTU_TIMEZONE '{config['TIMEZONE']}' is not a known time zone "
            "(e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)"
        ) from error
    if str(config["PRINTER_PAPER"]).removesuffix("mm") not in ("58", "80"):
        raise ConfigError("SATUPINTU_PRINTER_PAPER must be 58 or 80 (paper width in mm)")
    for key in ("KIOSK_IDLE_SECONDS", "KIOSK_IDLE_WARNING_SECONDS", "DEFAULT_SERVICE_MINUTES"):
        if not isinstance(config[key], int | float) or config[key] <= 0:
            raise ConfigError(f"SATUPINTU_{key} must be a positive number")
    idle, warning = config["KIOSK_IDLE_SECONDS"], config["KIOSK_IDLE_WARNING_SECONDS"]
    if warning >= idle:
        raise ConfigError(
            f"SATUPINTU_KIOSK_IDLE_WARNING_SECONDS ({warning}) must be shorter than "
            f"SATUPINTU_KIOSK_IDLE_SECONDS ({idle}): the countdown is the end of the idle time"
        )
    max_age = config["PRINT_JOB_MAX_AGE_SECONDS"]
    if max_age is not None and (not isinstance(max_age, int | float) or max_age <= 0):
        raise ConfigError("SATUPINTU_PRINT_JOB_MAX_AGE_SECONDS must be a positive number")
    for key in ("MAX_CONTENT_LENGTH", "JSON_MAX_DEPTH"):
        if isinstance(config[key], bool) or not isinstance(config[key], int) or config[key] < 1:
            raise ConfigError(f"SATUPINTU_{key} must be a positive whole number")
    config["BASE_URL"] = str(config["BASE_URL"]).rstrip("/")
    instance = Path(app.instance_path)
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{instance / 'satupintu.db'}"
    config["SQLALCHEMY_DATABASE_URI"] = config["DATABASE_URL"]
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _instance_secret(instance)


def _instance_secret(instance: Path) -> str:
    """A secret key kept in the instance folder so sessions survive a restart."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
