"""HTTPS on the LAN: the office CA, trusted the way an office installs it, and nothing else."""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import subprocess

import pytest
from browser_support import LiveServer, log_in, shoot
from cryptography import x509
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from kiosk.tls.certificates import ensure_server_certificate, fingerprint


@pytest.fixture(scope="module")
def https_server(tmp_path_factory):
    """`satupintu serve --https`: the office CA and server certificate made on first start."""
    server = LiveServer(tmp_path_factory.mktemp("https"), demo=True, https=True).start()
    yield server
    server.stop()


def nss_home(folder, ca_file) -> str:
    """A HOME whose NSS database trusts `ca_file`, as the README tells a Chromium kiosk to do."""
    nssdb = folder / ".pki" / "nssdb"
    nssdb.mkdir(parents=True)
    certutil = ["certutil", "-d", f"sql:{nssdb}"]
    subprocess.run([*certutil, "-N", "--empty-password"], check=True)
    subprocess.run(
        [*certutil, "-A", "-t", "C,,", "-n", "Satu Pintu CA", "-i", str(ca_file)], check=True
    )
    return str(folder)


def get_root(server: LiveServer, host: str, cafile) -> int:
    """GET / over TLS with `cafile` as the only trust root, the host name checked."""
    context = ssl.create_default_context(cafile=str(cafile))
    assert context.check_hostname and context.verify_mode == ssl.CERT_REQUIRED
    conn = http.client.HTTPSConnection(host, server.port, context=context, timeout=10)
    try:
        conn.request("GET", "/")
        return conn.getresponse().status
    finally:
        conn.close()


def test_staff_log_in_over_https_and_the_downloaded_ca_verifies_the_server(
    https_server, browser_type, browser_type_launch_args, tmp_path
):
    home = nss_home(tmp_path / "home", https_server.ca_file)
    context = browser_type.launch_persistent_context(
        str(tmp_path / "profile"), **browser_type_launch_args, env={**os.environ, "HOME": home}
    )
    page = context.new_page()
    log_in(page, https_server, "admin")
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()  # logged in
    assert page.url.startswith("https://127.0.0.1:")
    page.goto(https_server.url + "/sertifikat")
    with page.expect_download() as download:
        page.locator("a[href$='satupintu-ca.pem']").click()
    ca_file = tmp_path / "downloaded-ca.pem"
    download.value.save_as(ca_file)
    shown = page.locator("[data-sha256]").inner_text()
    assert shown == fingerprint(x509.load_pem_x509_certificate(ca_file.read_bytes()))
    for size in ({"width": 1366, "height": 768}, {"width": 800, "height": 1280}):
        page.set_viewport_size(size)  # a desk PC, and the Android tablet that installs the CA
        shoot(page, "staff-certificate")
    context.close()

    assert get_root(https_server, "127.0.0.1", ca_file) == 200
    assert get_root(https_server, "localhost", ca_file) == 200


def test_a_name_outside_the_certificate_or_another_ca_is_refused(https_server, tmp_path):
    context = ssl.create_default_context(cafile=str(https_server.ca_file))
    with socket.create_connection(("127.0.0.1", https_server.port)) as raw:
        with pytest.raises(ssl.SSLCertVerificationError, match="Hostname mismatch"):
            context.wrap_socket(raw, server_hostname="kantor-lain.example")
    foreign = ensure_server_certificate(tmp_path, "Kantor Lain", ["localhost"], [])
    with pytest.raises(ssl.SSLCertVerificationError, match="certificate verify failed"):
        get_root(https_server, "127.0.0.1", foreign.ca_certfile)


def test_chromium_without_the_office_ca_refuses_the_server(https_server, browser):
    context = browser.new_context()
    page = context.new_page()
    with pytest.raises(PlaywrightError, match="ERR_CERT_AUTHORITY_INVALID"):
        page.goto(https_server.url + "/masuk")
    context.close()
