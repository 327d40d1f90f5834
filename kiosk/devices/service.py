"""Device rules: a kiosk with a one-time pairing code, redeeming it for a long-lived token,
finding a device by its token, revoking it. Only hashes of codes and tokens are stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
from dataclasses import dataclass, replace

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from kiosk import clock
from kiosk.db import without_fsync, write_lock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import Device, User
from kiosk.offices.settings import OfficeSettingsError, clean
from kiosk.tracking import ALPHABET

KIOSK = "kiosk"
CODE_SYMBOLS = 8
CODE_VALID = dt.timedelta(minutes=15)
NAME_MAX = 80
# last_seen_at is written at most this often per device (not on every kiosk request).
SEEN_EVERY = dt.timedelta(minutes=5)
KIOSK_TTL_SECONDS = 5.0
KIOSK_MEMO_MAX = 1024
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


class PairingRefused(DomainError):
    """The code is unknown, used, expired or its device revoked."""

    code = "pairing_code_invalid"
    status = 422


class DeviceRefused(DomainError):
    """A device cannot be added as asked (name, printer)."""

    code = "invalid_device"
    status = 422


class DeviceNotFound(DomainError):
    code = "not_found"
    status = 404


def digest(secret: str) -> str:
    """The SHA-256 of a code or token: what the database holds instead of it."""
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(text: str | None) -> str | None:
    """A pairing code as typed (any case, spaces, dashes, O for 0, I/L for 1), or None."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    cleaned = "".join(ch for ch in text.upper() if ch not in " -_.\t").translate(_CONFUSABLE)
    if len(cleaned) != CODE_SYMBOLS or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def grouped(code: str) -> str:
    """ABCD-EFGH: read aloud and typed in two halves."""
    half = CODE_SYMBOLS // 2
    return f"{code[:half]}-{code[half:]}"


def create_kiosk(
    name: str, printer: str | None, created_by: User | None, office_id: int
) -> tuple[Device, str]:
    """A new kiosk of the office and its one-time pairing code (shown once, grouped)."""
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise DeviceRefused(_("Nama kios wajib diisi (paling banyak %(max)d huruf).", max=NAME_MAX))
    device = Device(
        office_id=office_id,
        kind=KIOSK,
        name=name,
        printer=_printer(printer),
        created_at=clock.now(),
        created_by_id=created_by.id if created_by else None,
    )
    db.session.add(device)
    code = new_pairing_code(device)
    db.session.commit()
    return device, code


def code_for_new_kiosk(name: str, printer: str | None, office_id: int) -> tuple[Device, str]:
    """`satupintu kiosk-code`: a code for the named kiosk; a kiosk of that name never paired
    yet (an earlier start's code went unused) gets a fresh code instead of a second row."""
    waiting = db.session.scalar(
        select(Device).where(
            Device.office_id == office_id,
            Device.kind == KIOSK,
            Device.name == (name or "").strip(),
            Device.paired_at.is_(None),
            Device.revoked_at.is_(None),
        )
    )
    if waiting is None:
        return create_kiosk(name, printer, None, office_id)
    waiting.printer = _printer(printer)
    return new_code(waiting.id, office_id)


def new_code(device_id: int, office_id: int) -> tuple[Device, str]:
    """A fresh pairing code for a device (its browser lost the cookie); the old token ends."""
    device = find_device(device_id, office_id)
    if device.revoked_at is not None:
        raise DeviceRefused(_("Perangkat ini sudah dicabut; tambahkan sebagai perangkat baru."))
    device.token_hash = None
    code = new_pairing_code(device)
    db.session.commit()
    _forget_kiosks()
    return device, code


def new_pairing_code(device: Device) -> str:
    """Give the device a fresh one-time code (only its hash kept); the code, grouped."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_SYMBOLS))
    device.code_hash = digest(code)
    device.code_expires_at = clock.now() + CODE_VALID
    return grouped(code)


def _printer(url: str | None) -> str | None:
    """A kiosk's own printer, checked like the office's; empty: the office's kiosk printer."""
    if not (url or "").strip():
        return None
    try:
        return clean({"printer": url})["printer"]
    except OfficeSettingsError as error:
        raise DeviceRefused(error.message) from error


def redeem(typed_code: str | None, kind: str = KIOSK) -> tuple[Device, str]:
    """Pair the browser that typed a valid code: the device and its new long-lived token.

    A code works once and for CODE_VALID, and only on a device of its `kind` (a tablet's code
    typed at a kiosk is refused, and stays usable); a second redeem of the same code is
    refused even when both arrive at the same moment (the update is conditional on the code
    hash)."""
    refused = PairingRefused(
        _(
            "Kode pasang tidak berlaku: salah ketik, sudah dipakai atau kedaluwarsa. "
            "Minta kode baru kepada admin."
        )
    )
    code = normalise_code(typed_code)
    if code is None:
        raise refused
    now = clock.now()
    device = db.session.scalar(select(Device).where(Device.code_hash == digest(code)))
    if device is None or device.revoked_at is not None or device.code_expires_at <= now:
        raise refused
    if device.kind != kind:
        raise refused
    token = secrets.token_urlsafe(32)
    with write_lock():
        claimed = db.session.execute(
            update(Device)
            .where(Device.id == device.id, Device.code_hash == digest(code))
            .values(
                token_hash=digest(token),
                code_hash=None,
                code_expires_at=None,
                paired_at=now,
                last_seen_at=now,
            )
        )
        if claimed.rowcount != 1:
            db.session.rollback()
            raise refused
        db.session.commit()
    _forget_kiosks()
    return db.session.get(Device, device.id), token


@dataclass(frozen=True)
class PairedKiosk:
    """What a request needs of its kiosk; safe to keep between requests."""

    id: int
    office_id: int
    name: str
    printer: str | None
    last_seen_at: dt.datetime | None


def kiosk_for_token(token: str | None, office_id: int) -> PairedKiosk | None:
    """The office's paired, unrevoked kiosk holding `token`; None for anything else.

    Read from the database at most once per KIOSK_TTL_SECONDS per process (the ticket path
    stays at its statement budget); pairing, new codes and revoking clear it at once here,
    other processes follow within KIOSK_TTL_SECONDS."""
    if not token or len(token) > 200:
        return None
    hashed = digest(token)
    entries = _known_kiosks()
    now = time.monotonic()
    hit = entries.get(hashed)
    if hit is None or hit[0] <= now:
        if len(entries) >= KIOSK_MEMO_MAX:  # made-up cookies must not grow it without end
            entries.clear()
        hit = (now + KIOSK_TTL_SECONDS, _load_kiosk(hashed))
        entries[hashed] = hit
    kiosk = hit[1]
    if kiosk is None or kiosk.office_id != office_id:
        return None
    return _mark_seen(hashed, kiosk)


def _load_kiosk(hashed: str) -> PairedKiosk | None:
    device = db.session.scalar(select(Device).where(Device.token_hash == hashed))
    if device is None or device.kind != KIOSK or device.revoked_at is not None:
        return None
    return PairedKiosk(
        device.id, device.office_id, device.name, device.printer, device.last_seen_at
    )


def _known_kiosks() -> dict:
    return current_app.extensions.setdefault("satupintu.kiosks", {})


def _forget_kiosks() -> None:
    _known_kiosks().clear()


def _mark_seen(hashed: str, kiosk: PairedKiosk) -> PairedKiosk:
    now = clock.now()
    if kiosk.last_seen_at is not None and now - kiosk.last_seen_at < SEEN_EVERY:
        return kiosk
    with write_lock(), without_fsync():  # bookkeeping: losing it at a power cut is harmless
        db.session.execute(update(Device).where(Device.id == kiosk.id).values(last_seen_at=now))
        db.session.commit()
    seen = replace(kiosk, last_seen_at=now)
    _known_kiosks()[hashed] = (time.monotonic() + KIOSK_TTL_SECONDS, seen)
    return seen


def revoke(device_id: int, office_id: int) -> Device:
    """End a device's trust: its token and any open code stop working at once."""
    device = find_device(device_id, office_id)
    if device.revoked_at is None:
        device.revoked_at = clock.now()
        device.code_hash = None
        device.code_expires_at = None
        db.session.commit()
        _forget_kiosks()
    return device


def find_device(device_id: int, office_id: int) -> Device:
    device = db.session.get(Device, device_id)
    if device is None or device.office_id != office_id:
        raise DeviceNotFound(_("Perangkat tidak ditemukan."))
    return device


def office_devices(office_id: int) -> list[Device]:
    """The office's devices, newest first (revoked ones too, marked as such)."""
    return list(
        db.session.scalars(
            select(Device).where(Device.office_id == office_id).order_by(Device.id.desc())
        )
    )
