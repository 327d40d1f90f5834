"""A tablet's backup file ("Cadangkan data"), opened and fed to the office through the sync code.

The file (`.spcb`) is one line of JSON header, a newline, then the AES-256-GCM ciphertext (its
16-byte tag at the end) of the payload JSON:

    {"format": "satupintu-backup", "version": 1, "device_id", "exported_at", "counts",
     "key_id", "wrapped_key", "iv"}\\n<ciphertext>

`wrapped_key` is the fresh AES key wrapped with the office's RSA-OAEP key (kiosk.sync.backup_key),
`iv` its 12-byte nonce, both base64. The payload holds `ops` (op id, record id, seq, body as the
tablet sends it), `drafts` and `photos` (sha256, type, base64 bytes). Every photo goes through
receive_photo and every op through receive_op, the very calls of `PUT /api/v1/sync/blobs` and
`PUT /api/v1/sync/ops`: an op already received is a ledger replay ("sudah ada"), a revoked
tablet's ops land in quarantine, and a later sync from the tablet replays too.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app
from flask_babel import gettext as _
from marshmallow import ValidationError

from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.limits import nesting_exceeds
from kiosk.models import Device
from kiosk.sync.auth import standing_of
from kiosk.sync.backup_key import key_id, office_key, unwrap
from kiosk.sync.blobs import store_blob
from kiosk.sync.ops import receive_op
from kiosk.sync.schemas import OpRequestSchema
from kiosk.sync.tablets import TABLET
from kiosk.sync.uploads import receive_photo

FORMAT = "satupintu-backup"
VERSION = 1
HEADER_MAX = 16 * 1024
KEPT_AS = "application/x-satupintu-backup"  # the file itself is kept as a blob, unopened


class BadBackup(DomainError):
    """Not a backup file, or one damaged or changed after it was made."""

    code = "bad_backup"
    status = 400


class NotForThisOffice(BadBackup):
    code = "backup_other_office"


@dataclass
class Summary:
    """What an import did: new records, ones already held, photos, and what was refused."""

    device: Device
    exported_at: dt.datetime | None = None  # when the tablet made the file, by its clock
    new: int = 0
    existing: int = 0
    quarantined: int = 0
    photos: int = 0
    drafts: int = 0
    refused: list[str] = field(default_factory=list)


def import_backup(data: bytes, office_id: int) -> Summary:
    """Open a tablet's backup for this office and receive everything in it, once."""
    payload = open_backup(data, office_id)
    device = db.session.get(Device, payload["device_id"])
    if device is None or device.office_id != office_id or device.kind != TABLET:
        raise BadBackup(_("Tablet pembuat cadangan ini tidak terdaftar di kantor ini."))
    store_blob(data, hashlib.sha256(data).hexdigest(), KEPT_AS)  # drafts included, kept whole
    summary = Summary(
        device=device,
        exported_at=_moment(payload.get("exported_at")),
        drafts=len(payload["drafts"]),
    )
    standing, officer = standing_of(device), device.user
    for photo in payload["photos"]:
        try:
            receive_photo(photo["sha256"], io.BytesIO(photo["bytes"]), photo["type"], officer)
            summary.photos += 1
        except DomainError as refusal:
            db.session.rollback()
            summary.refused.append(refusal.message)
    versions: dict[str, int] = {}  # record id → version answered for its latest op here
    for op in sorted(payload["ops"], key=lambda o: (o["created_at"], o["seq"])):
        sent = resolved_body(op, versions)
        try:
            body = OpRequestSchema().load(sent)
            answer = receive_op(op["op_id"], body, sent, device, officer, standing)
        except ValidationError:
            db.session.rollback()
            summary.refused.append(_("Data %(op)s tidak sesuai formulir.", op=op["op_id"][:8]))
            continue
        except DomainError as refusal:
            db.session.rollback()
            summary.refused.append(f"{op['op_id'][:8]}: {refusal.message}")
            continue
        if isinstance(answer.body.get("version"), int):
            versions[op["record_id"]] = answer.body["version"]
        if answer.replayed:
            summary.existing += 1
        elif answer.body.get("status") == "quarantined":
            summary.quarantined += 1
        else:
            summary.new += 1
    return summary


def resolved_body(op: dict, versions: dict[str, int]) -> dict:
    """The body as the tablet will send it: an edit queued behind an unsent op takes the
    version that op got (field_pwa/js/sync.js resolvedBody)."""
    body = op["body"]
    if op.get("base_from_previous") and op["record_id"] in versions:
        return {**body, "base_version": versions[op["record_id"]]}
    return body


def open_backup(data: bytes, office_id: int) -> dict:
    """The checked payload of a backup file made for this office's key."""
    header = _header(data)
    public = office_key(office_id).public_key()
    if header.get("key_id") != key_id(public):
        raise NotForThisOffice(_("Cadangan ini bukan untuk kantor ini."))
    wrapped, iv = _base64(header.get("wrapped_key")), _base64(header.get("iv"))
    try:
        aes_key = unwrap(office_id, wrapped)
    except ValueError:
        raise NotForThisOffice(_("Cadangan ini bukan untuk kantor ini.")) from None
    ciphertext = data.partition(b"\n")[2]
    if len(aes_key) != 32 or len(iv) != 12:
        raise _damaged()
    try:
        plain = AESGCM(aes_key).decrypt(iv, ciphertext, None)
    except InvalidTag:
        raise _damaged() from None
    return _payload(plain, header)


def _header(data: bytes) -> dict:
    line, newline, _rest = data[: HEADER_MAX + 1].partition(b"\n")
    try:
        header = json.loads(line) if newline else None
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BadBackup(_("Berkas ini bukan berkas cadangan tablet Satu Pintu (.spcb)."))
    if header.get("version") != VERSION:
        raise BadBackup(_("Versi berkas cadangan ini tidak dikenal; perbarui aplikasi kantor."))
    return header


def _payload(plain: bytes, header: dict) -> dict:
    """The decrypted JSON, its shape checked and photo bytes decoded (400 when wrong)."""
    if nesting_exceeds(plain, int(current_app.config["JSON_MAX_DEPTH"])):
        raise _damaged()
    try:
        payload = json.loads(plain)
        if payload["format"] != FORMAT or payload["device_id"] != header.get("device_id"):
            raise ValueError("header and payload differ")
        if not isinstance(payload["device_id"], int):
            raise ValueError("device_id")
        payload.setdefault("drafts", [])
        _check(payload, ops=list, photos=list, drafts=list)
        for op in payload["ops"]:
            _check(op)
            op.setdefault("created_at", 0)
            _check(op, op_id=str, record_id=str, seq=int, created_at=(int, float), body=dict)
        for photo in payload["photos"]:
            _check(photo, sha256=str, type=str, data=str)
            photo["bytes"] = _base64(photo["data"])
    except (ValueError, KeyError, TypeError) as error:
        raise _damaged() from error
    return payload


def _moment(text: object) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _check(item: object, **types: type | tuple[type, ...]) -> None:
    if not isinstance(item, dict):
        raise TypeError("not an object")
    for name, kind in types.items():
        if not isinstance(item.get(name), kind):
            raise TypeError(name)


def _base64(text: object) -> bytes:
    try:
        return base64.b64decode(text if isinstance(text, str) else "", validate=True)
    except (binascii.Error, ValueError):
        raise _damaged() from None


def _damaged() -> BadBackup:
    return BadBackup(
        _("Berkas cadangan rusak atau sudah diubah; tidak ada data yang diterima. "
          "Buat cadangan baru di tablet.")
    )  # fmt: skip
