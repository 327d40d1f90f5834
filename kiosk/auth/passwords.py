"""Password rules: length, the shipped common-password list, hashing, one-time passwords."""

from __future__ import annotations

import functools
import ipaddress
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from kiosk.blocking import check_password_hash, generate_password_hash

MIN_LENGTH = 10
MAX_LENGTH = 200
COMMON_LIST = Path(__file__).parent / "data" / "common-passwords.txt"
# No 0/O, 1/l/I: a one-time password is read off a screen and typed on another device.
_ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of passwords too common to allow (lower case)."""
    lines = COMMON_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str | None) -> str | None:
    """Why this password may not be used (in Bahasa Indonesia), or None when it is fine."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return _("Kata sandi minimal %(num)d karakter.", num=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Kata sandi paling banyak %(num)d karakter.", num=MAX_LENGTH)
    if password.strip().lower() in common_passwords():
        return _("Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain.")
    return None


def hash_password(password: str) -> str:
    """A salted hash with the configured method (scrypt in production)."""
    return generate_password_hash(password, current_app.config["PASSWORD_HASH_METHOD"])


def check_password(password_hash: str, password: str | None) -> bool:
    """Whether `password` matches the stored hash."""
    return check_password_hash(password_hash, password or "")


def spend_one_check(password: str | None) -> None:
    """Cost the same as a real check, for unknown, disabled and locked accounts."""
    check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password or "")


@functools.cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("satupintu-timing-equaliser", method)


def one_time_password() -> str:
    """A random password for an admin to hand over; it must be changed at first login."""
    groups = ("".join(secrets.choice(_ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def listens_on_lan() -> bool:
    """Whether the server listens beyond this PC (LISTEN_HOST is not a loopback address)."""
    host = str(current_app.config["LISTEN_HOST"]).strip().strip("[]")
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # a host name other than localhost: assume it is reachable
