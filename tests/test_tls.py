"""HTTPS on the LAN: the office CA, the server certificate, the CA page, cookies, the proxy."""

from __future__ import annotations

import datetime as dt
import ipaddress
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from staff_support import login, seed

from kiosk.server import ServeOptions, uses_https
from kiosk.tls import certificates
from kiosk.tls.addresses import is_loopback, lan_addresses
from kiosk.tls.certificates import ca_certificate, ensure_server_certificate, fingerprint

NAMES = ["localhost", "kantor", "kantor.local"]
ADDRESSES = [ipaddress.ip_address(a) for a in ("127.0.0.1", "192.168.1.10")]


def make(tmp_path, addresses=ADDRESSES):
    return ensure_server_certificate(tmp_path, "Kantor Desa Uji", NAMES, addresses)


def load(path):
    return x509.load_pem_x509_certificates(path.read_bytes())


def test_first_run_makes_a_ten_year_p256_ca_and_a_server_certificate_it_signs(tmp_path):
    files = make(tmp_path)
    ca = ca_certificate(tmp_path)
    assert isinstance(ca.public_key(), ec.EllipticCurvePublicKey)
    assert ca.public_key().curve.name == "secp256r1"
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert ca.not_valid_after_utc - ca.not_valid_before_utc >= dt.timedelta(days=3650)
    server, chain_ca = load(files.certfile)
    assert chain_ca == ca
    server.verify_directly_issued_by(ca)
    assert server.not_valid_after_utc - server.not_valid_before_utc <= dt.timedelta(days=826)
    san = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == NAMES
    assert san.get_values_for_type(x509.IPAddress) == ADDRESSES
    eku = server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]


def test_key_and_certificate_files_are_private(tmp_path):
    make(tmp_path)
    folder = tmp_path / "tls"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_restart_keeps_both_certificates_when_nothing_changed(tmp_path):
    first = make(tmp_path).certfile.read_bytes()
    assert make(tmp_path).certfile.read_bytes() == first


def test_new_lan_address_makes_a_new_server_certificate_from_the_same_ca(tmp_path):
    make(tmp_path)
    ca_bytes = (tmp_path / "tls" / "ca.pem").read_bytes()
    moved = [*ADDRESSES[:1], ipaddress.ip_address("10.0.0.5")]
    server, _ca = load(make(tmp_path, moved).certfile)
    san = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.IPAddress) == moved
    assert (tmp_path / "tls" / "ca.pem").read_bytes() == ca_bytes


def test_a_certificate_near_expiry_is_renewed(tmp_path, monkeypatch):
    first = make(tmp_path).certfile.read_bytes()
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=certificates.SERVER_DAYS - 10)
    monkeypatch.setattr(certificates, "_now", lambda: later)
    renewed = make(tmp_path).certfile.read_bytes()
    assert renewed != first
    assert load(tmp_path / "tls" / "server.pem")[0].not_valid_after_utc > later


# --- which scheme ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "https"),
    [
        (ServeOptions("0.0.0.0", 8080), True),
        (ServeOptions("192.168.1.10", 8080), True),
        (ServeOptions("127.0.0.1", 8080), False),
        (ServeOptions("localhost", 8080), False),
        (ServeOptions("::1", 8080), False),
        (ServeOptions("127.0.0.1", 8080, https=True), True),
        (ServeOptions("0.0.0.0", 8080, behind_proxy=True), False),
    ],
)
def test_lan_hosts_get_https_loopback_and_proxy_get_http(options, https):
    assert uses_https(options) is https


def test_addresses_for_a_specific_host_and_loopback_detection():
    assert lan_addresses("192.168.1.10") == [ADDRESSES[0], ADDRESSES[1]]
    assert ipaddress.ip_address("127.0.0.1") in lan_addresses("0.0.0.0")
    assert is_loopback("127.0.0.2") and is_loopback("localhost") and not is_loopback("0.0.0.0")


# --- the staff page -------------------------------------------------------------------------------


@pytest.fixture
def office_ca(app):
    make(Path(app.instance_path))
    return ca_certificate(Path(app.instance_path))


def test_certificate_page_needs_a_staff_login(client):
    for path in ("/sertifikat", "/sertifikat/satupintu-ca.pem", "/sertifikat/satupintu-ca.crt"):
        response = client.get(path)
        assert response.status_code == 302 and "/masuk" in response.headers["Location"]


@pytest.mark.parametrize("role", ["admin", "petugas1", "kepala", "lapangan"])
def test_every_staff_role_downloads_the_ca_and_sees_its_fingerprint(app, client, office_ca, role):
    seed(app)
    login(client, role)
    html = client.get("/sertifikat").get_data(as_text=True)
    assert fingerprint(office_ca) in html
    for steps in ("Tablet Android", "PC Windows", "Chromium", "certutil"):
        assert steps in html
    pem = client.get("/sertifikat/satupintu-ca.pem")
    assert pem.status_code == 200 and "attachment" in pem.headers["Content-Disposition"]
    assert x509.load_pem_x509_certificate(pem.data) == office_ca
    der = client.get("/sertifikat/satupintu-ca.crt")
    assert x509.load_der_x509_certificate(der.data) == office_ca
    assert der.data == office_ca.public_bytes(serialization.Encoding.DER)


def test_keys_are_never_served(app, client, office_ca):
    seed(app)
    login(client, "admin")
    for name in ("satupintu-ca.key", "ca.key", "server.key", "satupintu-ca.pem.key"):
        assert client.get(f"/sertifikat/{name}").status_code == 404
    body = client.get("/sertifikat/satupintu-ca.pem").data
    assert b"PRIVATE KEY" not in body


def test_page_explains_when_no_ca_exists_yet(app, client):
    seed(app)
    login(client, "petugas1")
    assert "Sertifikat belum dibuat" in client.get("/sertifikat").get_data(as_text=True)
    assert client.get("/sertifikat/satupintu-ca.crt").status_code == 404


# --- cookies and the proxy ------------------------------------------------------------------------


def app_with(request, app_config, **settings):
    app_config.update(settings)
    return request.getfixturevalue("app")


@pytest.mark.parametrize("secure", [True, False])
def test_cookies_are_secure_on_https_and_lax_always(request, app_config, secure):
    app = app_with(request, app_config, SECURE_COOKIES=secure)
    seed(app)
    response = login(app.test_client(), "admin")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert ("; Secure" in cookie) is secure
    assert "SameSite=Lax" in cookie


def test_behind_proxy_the_forwarded_client_is_the_one_limited(request, app_config):
    app = app_with(request, app_config, BEHIND_PROXY=True, STATUS_RATE_LIMIT="1 per minute")
    client = app.test_client()
    proxy = {"REMOTE_ADDR": "127.0.0.1"}

    def lookup(phone):
        headers = {"X-Forwarded-For": phone, "X-Forwarded-Proto": "https"}
        return client.get("/s/AAAA-BBBB-CCC", environ_base=proxy, headers=headers).status_code

    assert [lookup("10.0.0.7"), lookup("10.0.0.7"), lookup("10.0.0.8")] == [404, 429, 404]


def test_the_printed_address_is_one_the_server_listens_on():
    from kiosk.tls.addresses import shown_address

    assert shown_address("192.168.1.10") == "192.168.1.10"
    everywhere = shown_address("0.0.0.0")
    lan = [str(a) for a in lan_addresses("0.0.0.0") if not a.is_loopback]
    assert everywhere in lan if lan else everywhere == "127.0.0.1"
