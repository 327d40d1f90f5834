"""Spoken kiosk screens (issue 11 point 7): "Dengarkan" names a clip by key, never by text; the
server speaks it with espeak-ng once, keeps it, and says so plainly when it cannot."""

from __future__ import annotations

import re

from kiosk.display.announce import spoken_number
from kiosk.queue.service import issue_ticket
from kiosk.speech import clips

SRC = re.compile(r'data-speak-src="(/suara/([0-9a-f]{64})\.ogg)"')


def _status_clip(client, ctx_ticket) -> tuple[str, str]:
    page = client.get(f"/s/{ctx_ticket.tracking_code}").get_data(as_text=True)
    match = SRC.search(page)
    assert match, "the status page has a Dengarkan button with a clip"
    return match.group(1), match.group(2)


def test_a_ticket_status_is_spoken_from_a_clip_made_once(app, ctx, client):
    ticket = issue_ticket("ktp-baru")
    url, key = _status_clip(client, ticket)
    note = clips.speech_dir() / f"{key}.txt"
    assert "nomor antrean a nol nol satu" in note.read_text(encoding="utf-8").lower()
    first = client.get(url)
    assert first.status_code == 200 and first.mimetype == "audio/ogg"
    assert first.data.startswith(b"OggS") and len(first.data) > 2000
    assert "immutable" in first.headers["Cache-Control"]
    made = clips.speech_dir() / f"{key}.ogg"
    stamp = made.stat().st_mtime_ns
    again = client.get(url)
    assert again.data == first.data and made.stat().st_mtime_ns == stamp
    first.close()
    again.close()


def test_only_texts_this_server_showed_can_be_spoken(client):
    assert client.get("/suara/" + "0" * 64 + ".ogg").status_code == 404
    assert client.get("/suara/tidak-ada.ogg").status_code == 404


def test_without_espeak_the_clip_is_a_clear_503_and_the_page_still_works(
    app, ctx, client, monkeypatch
):
    ticket = issue_ticket("ktp-baru")
    url, _key = _status_clip(client, ticket)
    monkeypatch.setattr(clips.shutil, "which", lambda tool: None)
    answer = client.get(url)
    assert answer.status_code == 503
    assert "Suara belum tersedia" in answer.get_data(as_text=True)
    assert client.get(f"/s/{ticket.tracking_code}").status_code == 200


def test_a_recorded_clip_is_played_instead_of_the_made_one(app, ctx, client):
    """A regional-language recording is added as data: a file named by the key."""
    ticket = issue_ticket("ktp-baru")
    url, key = _status_clip(client, ticket)
    recorded = clips.speech_dir() / "recorded" / f"{key}.ogg"
    recorded.parent.mkdir(parents=True)
    recorded.write_bytes(b"OggS recorded by the office")
    played = client.get(url)
    assert played.data == b"OggS recorded by the office"
    played.close()


def test_ticket_numbers_are_said_as_the_display_calls_them():
    assert spoken_number("A-012") == "a nol satu dua"
    assert spoken_number("KB-7") == "ka be tujuh"
