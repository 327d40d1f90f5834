"""The office's backup key: RSA-OAEP 3072 (SHA-256), made once per office, kept private.

Tablets get the public half (at enrolment and on every sync) and wrap each backup's fresh
AES-256-GCM key with it, so only this office can open a tablet's "Cadangkan data" file. The
private key lives in instance/backup_keys/office-<id>.pem, mode 0600 in a 0700 folder, like
the TLS CA key (kiosk.tls.certificates); it is created with a hard link, so two workers
starting at once still end up with one key.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from flask import current_app

from kiosk.sync.blobs import write_private

FOLDER = "backup_keys"
KEY_BITS = 3072
OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def key_path(office_id: int) -> Path:
    """Where the office's private backup key is kept."""
    return Path(current_app.instance_path) / FOLDER / f"office-{int(office_id)}.pem"


def office_key(office_id: int) -> rsa.RSAPrivateKey:
    """The office's private backup key, made on first use and the same ever after."""
    path = key_path(office_id)
    if not path.exists():
        _create(path)
    return _loaded(str(path))


@functools.lru_cache(maxsize=64)
def _loaded(path: str) -> rsa.RSAPrivateKey:
    """The key in `path`, read once per process (checking an RSA key costs ~150 ms, and every
    sync sends its public half); a key file is never replaced."""
    return serialization.load_pem_private_key(Path(path).read_bytes(), password=None)


def key_id(public_key: rsa.RSAPublicKey) -> str:
    """A short name of a public key: SHA-256 of its SubjectPublicKeyInfo, 32 hex."""
    return hashlib.sha256(_spki(public_key)).hexdigest()[:32]


def public_key_info(office_id: int) -> dict:
    """What a tablet needs to encrypt for this office: {"key_id", "spki"} (base64 DER)."""
    public = office_key(office_id).public_key()
    return {"key_id": key_id(public), "spki": base64.b64encode(_spki(public)).decode()}


def unwrap(office_id: int, wrapped: bytes) -> bytes:
    """The AES key a tablet wrapped with this office's public key (ValueError if not)."""
    return office_key(office_id).decrypt(wrapped, OAEP)


def _spki(public_key: rsa.RSAPublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _create(path: Path) -> None:
    """Write a new key to a private temporary file, then link it into place unless another
    process was first (its key is kept)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        write_private(path, pem, publish=os.link)
    except FileExistsError:
        pass  # another worker made the key a moment ago: use that one
