"""The kiosk's "Cek Status Berkas" screen (/cek): keypad, camera prompt, and where codes go."""

import re

import pytest

from kiosk.tracking import ALPHABET


def test_screen_has_a_key_for_every_code_symbol(client):
    response = client.get("/cek")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert sorted(re.findall(r'data-key="([0-9A-Z])"', html)) == sorted(ALPHABET)
    assert html.count('class="code-slot"') == 11
    assert "data-camera-start" in html and "vendor/jsqr-1.4.0.js" in html
    assert "data-scan-wedge" in html and "<html" in html


def test_htmx_gets_the_fragment(client):
    response = client.get("/cek", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'data-screen="check"' in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("typed", "target"),
    [
        ("K7QM-2XPA-9RT", "/s/K7QM-2XPA-9RT"),
        ("k7qm2xpa9rt", "/s/k7qm2xpa9rt"),
        ("/K7Q", "/s/K7Q"),
        (" K7 ", "/s/K7"),
    ],
)
def test_a_typed_or_scanned_code_goes_to_the_status_page(client, typed, target):
    response = client.get("/cek", query_string={"kode": typed})
    assert response.status_code == 303
    assert response.headers["Location"] == target


def test_nothing_typed_stays_on_the_screen(client):
    assert client.get("/cek?kode=").status_code == 200
    assert client.get("/cek?kode=%2F%2F").status_code == 200


def test_malformed_code_from_the_keypad_gets_the_friendly_page(client):
    response = client.get("/cek?kode=K7Q", follow_redirects=True)
    assert response.status_code == 404
    assert 'data-status-unknown="malformed"' in response.get_data(as_text=True)


def test_home_has_the_tile_and_listens_for_the_scanner(client):
    html = client.get("/").get_data(as_text=True)
    assert "data-check-status" in html and 'href="/cek"' in html
    assert "data-scan-wedge" in html and "js/scan.js" in html
