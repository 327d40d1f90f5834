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
        ("K7QM-2XPA-9RY", "/s/K7QM-2XPA-9RY"),
        ("k7qm2xpa9ry", "/s/k7qm2xpa9ry"),
        ("/K7QM-2XPA-9RY", "/s/K7QM-2XPA-9RY"),
        (" k7qm 2xpa 9ry ", "/s/k7qm%202xpa%209ry"),
    ],
)
def test_a_typed_or_scanned_code_goes_to_the_status_page(client, typed, target):
    response = client.get("/cek", query_string={"kode": typed})
    assert response.status_code == 303
    assert response.headers["Location"] == target


def test_nothing_typed_stays_on_the_screen(client):
    assert client.get("/cek?kode=").status_code == 200
    assert client.get("/cek?kode=%2F%2F").status_code == 200


def slots(html):
    return re.findall(r'<span class="code-slot([^"]*)"[^>]*>([^<]*)</span>', html)


def test_a_short_code_stays_on_the_keypad_with_what_was_typed(client):
    response = client.get("/cek?kode=K7QM-2X")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'data-code-problem="short"' in html
    assert "Kode ini kurang 5 huruf atau angka." in html
    assert 'value="K7QM-2X"' in html and 'data-code="K7QM-2X"' in html
    assert [symbol for _, symbol in slots(html)] == [*"K7QM2X", "", "", "", "", ""]
    assert "disabled" not in html.split("data-key-submit", 1)[1].split(">", 1)[0]


def test_a_mistyped_code_marks_the_swapped_symbols(client):
    # K7QM-2XPA-9RY with P and A swapped: the check symbol catches it, the swap is shown.
    html = client.get("/cek?kode=K7QM-2XAP-9RY").get_data(as_text=True)
    assert 'data-code-problem="check"' in html
    marked = [i for i, (classes, _) in enumerate(slots(html)) if "is-wrong" in classes]
    assert marked == [6, 7]
    assert 'data-wrong="A"' in html and 'data-wrong="P"' in html


def test_a_queue_number_typed_as_a_code_is_recognised(client):
    for typed in ("A001", "a-001", "B 012"):
        html = client.get("/cek", query_string={"kode": typed}).get_data(as_text=True)
        assert 'data-code-problem="queue_number"' in html, typed
    html = client.get("/cek?kode=A001").get_data(as_text=True)
    assert "A-001 adalah nomor antrean Anda, bukan kode berkas." in html
    assert "Kami tidak menemukan" not in html and "salah ketik" not in html


def test_a_scanned_text_that_is_no_code(client):
    response = client.get("/cek", query_string={"kode": "https://example.com/promo/123456789"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-code-problem="not_a_code"' in html and 'data-code=""' in html


def test_home_has_the_tile_and_listens_for_the_scanner(client):
    html = client.get("/").get_data(as_text=True)
    assert "data-check-status" in html and 'href="/cek"' in html
    assert "data-scan-wedge" in html and "js/scan.js" in html
