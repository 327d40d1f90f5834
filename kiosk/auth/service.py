"""Staff accounts: create, authenticate with lock-out, and API bearer tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.blocking import check_password_hash, generate_password_hash
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import ApiToken, User

ROLE_LABELS = {
    "admin": "Admin",
    "petugas": "Petugas loket",
    "lapangan": "Petugas lapangan",
    "kepala": "Kepala desa / pengamat",
}
MIN_PASSWORD = 8
# Compared against when the username does not exist, so both paths cost one hash check.
_DUMMY_HASH = generate_password_hash("satupintu-timing-equaliser")


class InvalidUser(DomainError):
    """A new account's data is not acceptable."""

    code = "invalid_user"
    status = 422


class LoginFailed(DomainError):
    """Wrong username or password (deliberately not saying which)."""

    code = "invalid_credentials"
    status = 401


class AccountLocked(DomainError):
    """Too many wrong passwords in a row: the account waits before the next try."""

    code = "account_locked"
    status = 423


def create_user(
    username: str, password: str, role: str, display_name: str = "", counter_id: int | None = None
) -> User:
    """A new staff account; the password is stored as a salted scrypt hash only."""
    username = (username or "").strip().lower()
    if (
        not username
        or len(username) > 60
        or not username.replace(".", "").replace("_", "").isalnum()
    ):
        raise InvalidUser(_("Nama pengguna hanya boleh huruf, angka, titik, dan garis bawah."))
    if role not in User.ROLES:
        raise InvalidUser(_("Peran harus salah satu dari: %(roles)s.", roles=", ".join(User.ROLES)))
    if len(password or "") < MIN_PASSWORD:
        raise InvalidUser(_("Kata sandi minimal %(num)d karakter.", num=MIN_PASSWORD))
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise InvalidUser(_("Nama pengguna %(name)s sudah dipakai.", name=username))
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=generate_password_hash(password, current_app.config["PASSWORD_HASH_METHOD"]),
        role=role,
        counter_id=counter_id,
        created_at=clock.now(),
    )
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(username: str, password: str) -> User:
    """The user for these credentials; counts failures and locks after too many."""
    username = (username or "").strip().lower()
    user = db.session.scalar(select(User).where(User.username == username))
    now = clock.now()
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password or "")
        raise LoginFailed(_("Nama pengguna atau kata sandi salah."))
    if user.locked_until and user.locked_until > now:
        raise AccountLocked(_locked_message(user.locked_until))
    if not check_password_hash(user.password_hash, password or ""):
        user.failed_logins += 1
        config = current_app.config
        if user.failed_logins >= int(config["LOGIN_MAX_FAILURES"]):
            user.locked_until = now + dt.timedelta(minutes=int(config["LOGIN_LOCK_MINUTES"]))
            user.failed_logins = 0
            db.session.commit()
            raise AccountLocked(_locked_message(user.locked_until))
        db.session.commit()
        raise LoginFailed(_("Nama pengguna atau kata sandi salah."))
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    db.session.commit()
    return user


def _locked_message(until: dt.datetime) -> str:
    from kiosk.i18n import clock_time

    return _(
        "Terlalu banyak percobaan gagal. Akun dikunci sampai pukul %(time)s.",
        time=clock_time(until),
    )


def issue_token(user: User) -> tuple[str, ApiToken]:
    """A new random bearer token for the API; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    record = ApiToken(
        user_id=user.id,
        token_hash=_digest(token),
        created_at=now,
        expires_at=now + dt.timedelta(hours=float(current_app.config["STAFF_SESSION_HOURS"])),
    )
    db.session.add(record)
    db.session.commit()
    return token, record


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to, if the token is known and unexpired."""
    if not token or len(token) > 200:
        return None
    record = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if record is None or record.expires_at <= clock.now() or not record.user.active:
        return None
    return record.user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
