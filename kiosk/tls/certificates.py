"""The office's own certificate authority and the server certificate it signs.

The office LAN has no internet, so no public CA can vouch for the mini PC. On first start the
server makes a CA (EC P-256, 10 years) that staff install once on each tablet and PC, and a
server certificate signed by it for every name and address the LAN may use. The server
certificate is made again when those addresses change or it nears expiry; the CA stays.
Keys are written 0600 and never leave the instance folder.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_DAYS = 3652  # ten years: reinstalling the CA on every device is the costly step
SERVER_DAYS = 825  # the longest validity browsers accept for a server certificate
RENEW_BEFORE = dt.timedelta(days=30)
FOLDER = "tls"
CA_CERT, CA_KEY = "ca.pem", "ca.key"
SERVER_CERT, SERVER_KEY = "server.pem", "server.key"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class ServerFiles:
    """Where the server's certificate chain and key are, for the TLS listener."""

    certfile: Path
    keyfile: Path
    ca_certfile: Path


def tls_folder(instance: Path) -> Path:
    """The folder holding the CA and server certificate, created 0700."""
    folder = instance / FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def ensure_server_certificate(
    instance: Path, office_name: str, names: list[str], addresses: list[IPAddress]
) -> ServerFiles:
    """Make the CA if missing, and a server certificate unless the current one still covers
    `names` and `addresses` for more than RENEW_BEFORE."""
    folder = tls_folder(instance)
    ca_cert, ca_key = _load_or_create_ca(folder, office_name)
    cert_path = folder / SERVER_CERT
    current = _read_cert(cert_path)
    if current is None or not _still_fits(current, ca_cert, names, addresses):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _server_certificate(key, ca_cert, ca_key, office_name, names, addresses)
        _write_private(folder / SERVER_KEY, _key_pem(key))
        # The chain: the server certificate, then the CA that signed it.
        _write_private(cert_path, _cert_pem(cert) + _cert_pem(ca_cert))
    return ServerFiles(cert_path, folder / SERVER_KEY, folder / CA_CERT)


def ca_certificate(instance: Path) -> x509.Certificate | None:
    """The office CA certificate, or None before the first HTTPS start."""
    return _read_cert(instance / FOLDER / CA_CERT)


def fingerprint(cert: x509.Certificate, algorithm: hashes.HashAlgorithm | None = None) -> str:
    """The fingerprint (SHA-256 unless told) as colon-separated hex pairs, as devices show it."""
    return cert.fingerprint(algorithm or hashes.SHA256()).hex(":").upper()


def _load_or_create_ca(folder: Path, office_name: str) -> tuple[x509.Certificate, object]:
    cert = _read_cert(folder / CA_CERT)
    key_path = folder / CA_KEY
    if cert is not None and key_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return cert, key
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"Satu Pintu CA {office_name}"[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, (office_name or "Satu Pintu")[:64]),
        ]
    )
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, _key_pem(key))
    _write_private(folder / CA_CERT, _cert_pem(cert))
    return cert, key


def _server_certificate(key, ca_cert, ca_key, office_name, names, addresses) -> x509.Certificate:
    now = _now()
    alt_names = [x509.DNSName(name) for name in names] + [x509.IPAddress(a) for a in addresses]
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(min(now + dt.timedelta(days=SERVER_DAYS), ca_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )


def _still_fits(cert: x509.Certificate, ca_cert: x509.Certificate, names, addresses) -> bool:
    """Signed by this CA, not near expiry, and covering every wanted name and address."""
    if cert.issuer != ca_cert.subject or cert.not_valid_after_utc - _now() < RENEW_BEFORE:
        return False
    try:
        cert.verify_directly_issued_by(ca_cert)
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (ValueError, TypeError, InvalidSignature, x509.ExtensionNotFound):
        return False
    return set(san.get_values_for_type(x509.DNSName)) == set(names) and set(
        san.get_values_for_type(x509.IPAddress)
    ) == set(addresses)


def _read_cert(path: Path) -> x509.Certificate | None:
    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except (OSError, ValueError):
        return None


def _cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, from the moment it exists."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
