"""Staff accounts: create, authenticate with an atomic lock-out, and API bearer tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import case, literal, null, or_, select, update

from kiosk import clock
from kiosk.auth import audit
from kiosk.auth.passwords import (
    check_password,
    hash_password,
    listens_on_lan,
    password_problem,
    spend_one_check,
)
from kiosk.db import UTCDateTime, write_lock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import ApiToken, User
from kiosk.offices.current import current_office, office_by_code

ROLE_LABELS = {
    "admin": "Admin",
    "petugas": "Petugas loket",
    "lapangan": "Petugas lapangan",
    "kepala": "Kepala desa / pengamat",
}

# create_user's default: the office of the request.
CURRENT_OFFICE = object()


class InvalidUser(DomainError):
    """A new account's data is not acceptable."""

    code = "invalid_user"
    status = 422


class LoginFailed(DomainError):
    """Wrong username or password, disabled or locked: deliberately one answer for all."""

    code = "invalid_credentials"
    status = 401


class PasswordChangeRequired(DomainError):
    """A one-time or known demo password: the account must choose its own first."""

    code = "password_change_required"
    status = 403


def login_failed() -> LoginFailed:
    """The one answer for unknown, disabled, locked and wrong-password logins."""
    return LoginFailed(
        _(
            "Nama pengguna atau kata sandi salah, atau akun sedang dikunci. "
            "Coba lagi nanti atau minta admin membukanya."
        )
    )


def create_user(
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    counter_id: int | None = None,
    *,
    must_change: bool = False,
    check_policy: bool = True,
    actor: User | None = None,
    office_id: int | None | object = CURRENT_OFFICE,
    kecamatan_scope: str = "",
) -> User:
    """A new staff account; the password is stored as a salted hash only.

    `check_policy=False` is for the demo's known password, which is only kept on localhost.
    The account belongs to the current office unless `office_id` names another one, or None
    for a regency account; `kecamatan_scope` (6 digits) limits a regency account to that
    kecamatan's offices (a camat). Usernames are unique per office.
    """
    if office_id is CURRENT_OFFICE:
        office_id = current_office().id
    kecamatan_scope = (kecamatan_scope or "").strip()
    if kecamatan_scope and (office_id is not None or not re.fullmatch(r"\d{6}", kecamatan_scope)):
        raise InvalidUser(_("Batas kecamatan hanya untuk akun kabupaten, berupa kode 6 angka."))
    username = (username or "").strip().lower()
    if (
        not username
        or len(username) > 60
        or not username.replace(".", "").replace("_", "").isalnum()
    ):
        raise InvalidUser(_("Nama pengguna hanya boleh huruf, angka, titik, dan garis bawah."))
    check_role(role)
    if check_policy and (problem := password_problem(password)):
        raise InvalidUser(problem)
    same_name = select(User.id).where(User.username == username, _same_office(office_id))
    if db.session.scalar(same_name):
        raise InvalidUser(_("Nama pengguna %(name)s sudah dipakai.", name=username))
    user = User(
        office_id=office_id,
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        role=role,
        counter_id=counter_id,
        created_at=clock.now(),
        must_change_password=must_change,
        kecamatan_scope=kecamatan_scope,
    )
    db.session.add(user)
    db.session.flush()
    audit.record("created", actor=actor, subject=user, detail=role)
    db.session.commit()
    return user


def _same_office(office_id: int | None):
    return User.office_id.is_(None) if office_id is None else User.office_id == office_id


def check_role(role: str) -> None:
    """Refuse a role that does not exist."""
    if role not in User.ROLES:
        raise InvalidUser(_("Peran harus salah satu dari: %(roles)s.", roles=", ".join(User.ROLES)))


def authenticate(username: str, password: str, office_code: str | None = None) -> User:
    """The user for these credentials. At most LOGIN_MAX_FAILURES hash checks before a lock.

    Usernames are unique per office: the account of the chosen office (default: the office of
    the screen), else a regency account of that name."""
    username = (username or "").strip().lower()
    chosen = office_by_code(office_code) if isinstance(office_code, str) and office_code else None
    office_id = (chosen or current_office()).id
    user_id = db.session.scalar(
        select(User.id)
        .where(User.username == username, User.active.is_(True))
        .where(or_(User.office_id == office_id, User.office_id.is_(None)))
        .order_by(User.office_id.is_(None))  # the office's own account before a regency one
        .limit(1)
    )
    attempt = _claim_attempt(user_id) if user_id is not None else None
    if attempt is None:
        spend_one_check(password)
        audit.record("login_failed", subject_name=username)
        db.session.commit()
        raise login_failed()
    user = db.session.get(User, user_id, populate_existing=True)
    if not check_password(user.password_hash, password):
        audit.record("login_failed", subject=user)
        if attempt >= int(current_app.config["LOGIN_MAX_FAILURES"]):
            audit.record("locked_out", subject=user)
        db.session.commit()
        raise login_failed()
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = clock.now()
    if listens_on_lan() and password_problem(password):
        user.must_change_password = True  # the demo's known password, now reachable on the LAN
    audit.record("login", subject=user)
    db.session.commit()
    return user


def _claim_attempt(user_id: int) -> int | None:
    """Take one of the account's password-check slots in a single conditional UPDATE.

    Parallel requests cannot all read "4 failures" and all check: each UPDATE sees the last
    one's result. The attempt that takes the last slot sets the lock; a success clears it.
    Returns the attempt's number, or None when the account is locked (no slot left).
    """
    now = clock.now()
    config = current_app.config
    lock_until = now + dt.timedelta(minutes=int(config["LOGIN_LOCK_MINUTES"]))
    expired = User.locked_until.is_not(None) & (User.locked_until <= now)
    attempts = case((expired, 0), else_=User.failed_logins) + 1
    statement = (
        update(User)
        .where(
            User.id == user_id,
            User.active.is_(True),
            or_(User.locked_until.is_(None), User.locked_until <= now),
        )
        .values(
            failed_logins=attempts,
            locked_until=case(
                (attempts >= int(config["LOGIN_MAX_FAILURES"]), literal(lock_until, UTCDateTime())),
                else_=null(),
            ),
        )
        .returning(User.failed_logins)
        .execution_options(synchronize_session=False)
    )
    with write_lock():
        attempt = db.session.execute(statement).scalar_one_or_none()
        db.session.commit()
    return attempt


def issue_token(user: User) -> tuple[str, ApiToken]:
    """A new random bearer token for the API; only its hash is stored."""
    if user.must_change_password:
        raise PasswordChangeRequired(
            _("Ganti kata sandi dulu di halaman staf (/akun/kata-sandi), lalu minta token lagi.")
        )
    token = secrets.token_urlsafe(32)
    now = clock.now()
    record = ApiToken(
        user_id=user.id,
        token_hash=_digest(token),
        created_at=now,
        expires_at=now + dt.timedelta(hours=float(current_app.config["STAFF_SESSION_HOURS"])),
    )
    db.session.add(record)
    db.session.flush()
    audit.record("token_issued", actor=user, subject=user, detail=f"token {record.id}")
    db.session.commit()
    return token, record


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to, if the token is known, live and unrevoked."""
    if not token or len(token) > 200:
        return None
    record = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if (
        record is None
        or record.revoked_at is not None
        or record.expires_at <= clock.now()
        or not record.user.active
    ):
        return None
    return record.user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
