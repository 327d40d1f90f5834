"""Changing staff accounts: passwords, enable/disable, role, counter, unlock, tokens.

Every change that takes rights away or changes a password ends all of the user's sessions
(the session version in the login cookie) and revokes all of their API tokens.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select, update

from kiosk import clock
from kiosk.auth import audit
from kiosk.auth.passwords import check_password, hash_password, one_time_password, password_problem
from kiosk.auth.permissions import Action, allowed
from kiosk.auth.service import InvalidUser, check_role
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import ApiToken, Counter, User
from kiosk.offices.service import scoped, visible_to_staff


class AccountNotFound(DomainError):
    """No such staff account or token (or not yours)."""

    code = "not_found"
    status = 404


class SelfLockout(DomainError):
    """An admin may not disable or demote their own account (the office could lose its admin)."""

    code = "own_account"
    status = 409


def end_sessions(user: User) -> None:
    """Log the user out everywhere: bump the session version and revoke every live token."""
    user.session_version += 1
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )


def get_user(user_id: int) -> User:
    """A staff account by id, or 404."""
    user = db.session.get(User, user_id) if 0 < user_id < 2**63 else None
    if user is None or not visible_to_staff(user):
        raise AccountNotFound(_("Akun tidak ditemukan."))
    return user


def all_users() -> list[User]:
    """Every staff account, by username."""
    return list(db.session.scalars(scoped(select(User), User).order_by(User.username)))


def logout(user: User) -> None:
    """The user pressed Keluar: end every session and token."""
    end_sessions(user)
    audit.record("logout", actor=user, subject=user)
    db.session.commit()


def change_own_password(user: User, current: str, new: str) -> None:
    """Staff choose their own password (also the forced change after a one-time password)."""
    if not check_password(user.password_hash, current):
        raise InvalidUser(_("Kata sandi saat ini salah."))
    if problem := password_problem(new):
        raise InvalidUser(problem)
    if new == current:
        raise InvalidUser(_("Kata sandi baru harus berbeda dari yang lama."))
    user.password_hash = hash_password(new)
    user.must_change_password = False
    end_sessions(user)
    audit.record("password_changed", actor=user, subject=user)
    db.session.commit()


def reset_password(user: User, actor: User) -> str:
    """A new one-time password (returned once, never stored in clear)."""
    password = one_time_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    end_sessions(user)
    audit.record("password_reset", actor=actor, subject=user)
    db.session.commit()
    return password


def create_with_one_time_password(
    username: str, role: str, display_name: str, counter_id: int | None, actor: User
) -> tuple[User, str]:
    """An admin-made account with a one-time password that must be changed at first login."""
    from kiosk.auth.service import create_user

    password = one_time_password()
    user = create_user(
        username, password, role, display_name, _counter_id(counter_id),
        must_change=True, check_policy=False, actor=actor,
    )  # fmt: skip
    return user, password


def set_active(user: User, active: bool, actor: User) -> None:
    """Disable (ends sessions and tokens at once) or re-enable an account."""
    if user.active == active:
        return
    if not active and user.id == actor.id:
        raise SelfLockout(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    user.active = active
    end_sessions(user)
    audit.record("enabled" if active else "disabled", actor=actor, subject=user)
    db.session.commit()


def set_role_and_counter(user: User, role: str, counter_id: int | None, actor: User) -> None:
    """Change role (ends sessions and tokens) and/or assigned counter."""
    check_role(role)
    counter_id = _counter_id(counter_id)
    if role != user.role:
        if user.id == actor.id:
            raise SelfLockout(_("Anda tidak dapat mengubah peran akun Anda sendiri."))
        audit.record("role_changed", actor=actor, subject=user, detail=f"{user.role} → {role}")
        user.role = role
        end_sessions(user)
    if counter_id != user.counter_id:
        names = [_counter_name(user.counter_id), _counter_name(counter_id)]
        audit.record("counter_changed", actor=actor, subject=user, detail=" → ".join(names))
        user.counter_id = counter_id
    db.session.commit()


def unlock(user: User, actor: User) -> None:
    """Lift a lock-out now."""
    user.failed_logins = 0
    user.locked_until = None
    audit.record("unlocked", actor=actor, subject=user)
    db.session.commit()


def live_tokens(owner: User | None) -> list[ApiToken]:
    """Unrevoked, unexpired tokens of `owner` (or everyone's when None), newest first."""
    query = select(ApiToken).where(ApiToken.revoked_at.is_(None), ApiToken.expires_at > clock.now())
    if owner is not None:
        query = query.where(ApiToken.user_id == owner.id)
    return list(db.session.scalars(query.order_by(ApiToken.id.desc())))


def revoke_token(token_id: int, actor: User) -> ApiToken:
    """Revoke one token: an admin any, others only their own (else 404, as if absent)."""
    token = db.session.get(ApiToken, token_id) if 0 < token_id < 2**63 else None
    if token is None or (not allowed(actor, Action.ADMIN_MANAGE) and token.user_id != actor.id):
        raise AccountNotFound(_("Token tidak ditemukan."))
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        audit.record("token_revoked", actor=actor, subject=token.user, detail=f"token {token.id}")
        db.session.commit()
    return token


def _counter_id(counter_id: int | None) -> int | None:
    if counter_id is not None and db.session.get(Counter, counter_id) is None:
        raise InvalidUser(_("Loket tidak ditemukan."))
    return counter_id


def _counter_name(counter_id: int | None) -> str:
    counter = db.session.get(Counter, counter_id) if counter_id else None
    return counter.name if counter else "—"
