"""The waiting-room display: the board, its server-sent event stream, the announcement clips."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import wave
from pathlib import Path
from types import SimpleNamespace

import pytest
from staff_support import issue, seed, user

from kiosk.catalogue.service import active_services
from kiosk.counter import service as counters
from kiosk.display import make_clips
from kiosk.display import stream as stream_module
from kiosk.display.announce import COUNTER_WORDS, clip_sequence
from kiosk.display.state import board_state, set_notice
from kiosk.display.stream import Feed, format_event, parse_event_id
from kiosk.extensions import db

AUDIO = Path(__file__).resolve().parents[1] / "kiosk" / "static" / "audio" / "id"


@pytest.fixture
def ids(app):
    """Demo counters Loket 1-4 and staff; counter ids by name."""
    return seed(app)


def call_next(app, ids, counter="Loket 1", username="petugas1"):
    """Press "call next" at a counter; the called ticket's number and the call's event id."""
    with app.test_request_context():
        ticket = counters.call_next(counters.get_counter(ids[counter]), user(username))
        event_id = board_state()["last_event_id"]
        return ticket.label, event_id


def take(app, code="ktp-baru", times=1):
    """Tickets taken at the kiosk; their numbers."""
    with app.test_request_context():
        return [issue(code).label for _ in range(times)]


class Stream:
    """Reads a /display/events response one chunk (one poll) at a time, parsed into events."""

    def __init__(self, client, headers=None, query=""):
        self.response = client.get("/display/events" + query, headers=headers or {}, buffered=False)
        self.chunks = iter(self.response.response)

    def next_events(self) -> list[dict]:
        """The events of the next chunk the server writes."""
        chunk = next(self.chunks)
        return parse(chunk.decode() if isinstance(chunk, bytes) else chunk)

    def close(self):
        self.response.close()


def parse(text: str) -> list[dict]:
    """Split SSE text into events: {"id", "event", "data", "retry", "comment"}."""
    events = []
    for block in text.split("\n\n"):
        if not block:
            continue
        event: dict = {}
        data = []
        for line in block.split("\n"):
            field, _, value = line.partition(": ")
            if line.startswith(":"):
                event["comment"] = line[1:].strip()
            elif field == "data":
                data.append(value)
            else:
                event[field] = value
        if data:
            event["data"] = "\n".join(data)
        events.append(event)
    return events


@pytest.fixture
def stream(client):
    """Open event streams, closed at the end of the test."""
    opened = []

    def open_stream(**kwargs):
        opened.append(Stream(client, **kwargs))
        return opened[-1]

    yield open_stream
    for each in reversed(opened):  # each stream pushed its request context: pop in order
        each.close()


# --- the board page -------------------------------------------------------------------------------


def test_board_page_is_public_and_shows_the_office(app, client, ids):
    waiting = take(app, "ktp-baru", 3)
    take(app, "kk-baru")
    number, _ = call_next(app, ids)
    with app.test_request_context():
        set_notice("Blanko KTP-el habis, perekaman tetap dilayani.")
        counters.set_break(counters.get_counter(ids["Loket 3"]), True, user("petugas1"))
    response = client.get("/display")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert number == waiting[0]
    assert 'hx-ext="sse"' in html and 'sse-connect="/display/events"' in html
    assert 'sse-swap="board"' in html
    assert 'data-timezone="Asia/Jakarta"' in html
    assert "Kantor Desa Uji" in html
    assert "Blanko KTP-el habis, perekaman tetap dilayani." in html
    assert f'<p class="now-number" data-now-number>{number}</p>' in html
    assert "<strong data-now-counter>Loket 1</strong>" in html
    assert "Istirahat" in html
    assert "Ketuk untuk mengaktifkan suara" in html and "Tap to enable sound" in html
    assert 'data-waiting-service="ktp-baru"' in html and 'data-waiting-service="kk-baru"' in html
    assert "/static/vendor/htmx-ext-sse-2.2.4.js" in html and "/static/js/display.js" in html
    assert "csrf" not in html.lower()  # a public read-only page: no session needed


def test_board_state_never_carries_personal_data(app, ids):
    take(app, "ktp-baru", 2)
    call_next(app, ids)
    with app.test_request_context():
        state = board_state()
    keys = set()

    def walk(value):
        if isinstance(value, dict):
            keys.update(value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(state)
    assert keys == {
        "office_name", "notice", "counters", "latest", "recent_calls", "waiting",
        "last_event_id", "id", "name", "on_break", "current", "number", "service", "state",
        "kind", "service_name", "counter", "counter_id", "at", "prefix", "count",
    }  # fmt: skip
    assert not {key for key in keys if "nik" in key or "phone" in key or "address" in key}
    assert state["latest"]["number"] == "A-001" and state["latest"]["counter"] == "Loket 1"


def test_counters_are_in_natural_order(app, ids):
    with app.test_request_context():
        counters.create_counter("Loket 10", ["kia"])
        names = [c["name"] for c in board_state()["counters"]]
    assert names == ["Loket 1", "Loket 2", "Loket 3", "Loket 4", "Loket 10"]


# --- the event stream -----------------------------------------------------------------------------


def test_stream_headers_retry_and_first_board(app, ids, stream):
    take(app, "ktp-baru", 2)
    old_number, old_id = call_next(app, ids)
    events = stream().next_events()
    assert events[0] == {"retry": "1000"}
    assert events[1]["event"] == "board" and events[1]["id"] == str(old_id)
    assert 'class="board' in events[1]["data"] and old_number in events[1]["data"]
    assert [e.get("event") for e in events] == [None, "board"]  # no replay of the old call


def test_stream_response_headers(client):
    response = client.get("/display/events", buffered=False)
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Accel-Buffering"] == "no"
    response.close()


def test_each_call_and_recall_is_an_event_after_a_fresh_board(app, ids, stream):
    take(app, "ktp-baru", 2)
    take(app, "kk-baru")
    reader = stream()
    reader.next_events()
    number, event_id = call_next(app, ids)
    board, call = reader.next_events()
    assert board["event"] == "board" and number in board["data"]
    assert call["event"] == "call" and call["id"] == str(event_id)
    body = json.loads(call["data"])
    assert body["number"] == number == "A-001"
    assert body["counter"] == "Loket 1" and body["kind"] == "call"
    assert set(body) == {
        "id", "kind", "number", "service", "service_name", "counter", "counter_id", "at",
    }  # fmt: skip

    with app.test_request_context():
        counters.recall(counters.get_counter(ids["Loket 1"]), user("petugas1"))
    recalled = [e for e in reader.next_events() if e.get("event") == "call"]
    assert [json.loads(e["data"])["kind"] for e in recalled] == ["recall"]

    other, _ = call_next(app, ids, "Loket 2", "petugas2")
    calls = [json.loads(e["data"]) for e in reader.next_events() if e.get("event") == "call"]
    assert [(c["number"], c["counter"]) for c in calls] == [(other, "Loket 2")]


def test_board_changes_without_a_call_send_only_a_board(app, ids, stream):
    reader = stream()
    reader.next_events()
    with app.test_request_context():
        set_notice("Listrik padam, layanan tetap buka.")
    events = reader.next_events()
    assert [e["event"] for e in events] == ["board"]
    assert "Listrik padam, layanan tetap buka." in events[0]["data"]


def test_last_event_id_resumes_after_the_missed_calls(app, ids, stream):
    take(app, "ktp-baru", 3)
    _, seen_id = call_next(app, ids)
    second, _ = call_next(app, ids)
    third, last_id = call_next(app, ids)
    events = stream(headers={"Last-Event-ID": str(seen_id)}).next_events()
    calls = [json.loads(e["data"]) for e in events if e.get("event") == "call"]
    assert [c["number"] for c in calls] == [second, third]
    board = next(e for e in events if e.get("event") == "board")
    assert board["id"] == str(last_id)


def test_query_last_resumes_like_the_header(app, ids, stream):
    take(app, "ktp-baru", 2)
    _, seen_id = call_next(app, ids)
    second, _ = call_next(app, ids)
    events = stream(query=f"?last={seen_id}").next_events()
    assert [json.loads(e["data"])["number"] for e in events if e.get("event") == "call"] == [second]


def test_reconnect_never_replays_calls_older_than_a_minute(app, ids, stream, clock):
    take(app, "ktp-baru", 3)
    _, seen_id = call_next(app, ids)
    call_next(app, ids)  # missed, but two minutes old by the time the display is back
    clock.advance(minutes=2)
    fresh, _ = call_next(app, ids)
    events = stream(headers={"Last-Event-ID": str(seen_id)}).next_events()
    assert [json.loads(e["data"])["number"] for e in events if e.get("event") == "call"] == [fresh]


def test_garbled_or_future_last_event_id_starts_fresh(app, ids, stream):
    take(app, "ktp-baru")
    call_next(app, ids)
    for value in ("abc", "-1", "999999"):
        reader = stream(headers={"Last-Event-ID": value})
        assert [e.get("event") for e in reader.next_events()] == [None, "board"]
        reader.close()
    assert parse_event_id(" 42 ") == 42 and parse_event_id("4e2") is None


def test_keepalive_when_nothing_happens(app, stream):
    app.config.update(DISPLAY_KEEPALIVE_SECONDS=0, DISPLAY_POLL_SECONDS=0.01)
    reader = stream()
    reader.next_events()
    assert reader.next_events() == [{"comment": "keepalive"}]


def test_stream_ends_so_the_browser_reconnects(app, stream):
    app.config["DISPLAY_STREAM_SECONDS"] = 0
    reader = stream()
    assert [e.get("event") for e in reader.next_events()] == [None, "board"]
    with pytest.raises(StopIteration):
        reader.next_events()


def test_an_open_stream_holds_no_database_connection(app, ids, stream):
    take(app, "ktp-baru")
    reader = stream()
    reader.next_events()
    with app.app_context():
        assert db.engine.pool.checkedout() == 0
    call_next(app, ids)
    assert any(e.get("event") == "call" for e in reader.next_events())
    with app.app_context():
        assert db.engine.pool.checkedout() == 0


def test_open_displays_share_one_database_poll_per_call(app, ids, stream, monkeypatch):
    take(app, "ktp-baru")
    readers = [stream() for _ in range(3)]
    for reader in readers:
        reader.next_events()
    loads, renders = [], []
    load, render = Feed._load, stream_module.render_template
    monkeypatch.setattr(Feed, "_load", lambda self: loads.append(1) or load(self))
    monkeypatch.setattr(
        stream_module, "render_template", lambda *a, **k: renders.append(a) or render(*a, **k)
    )
    # The feed's clock stands still from here: a slow machine must not age the shared load
    # past its reuse window between one reader and the next.
    frozen = stream_module.time.monotonic()
    monkeypatch.setattr(stream_module, "time", SimpleNamespace(monotonic=lambda: frozen))
    number, _ = call_next(app, ids)
    for reader in readers:
        calls = [e for e in reader.next_events() if e.get("event") == "call"]
        assert [json.loads(e["data"])["number"] for e in calls] == [number]
    assert len(loads) == 1 and len(renders) == 1


def test_format_event_prefixes_every_line():
    assert format_event("a\nb", "board", 7) == "id: 7\nevent: board\ndata: a\ndata: b\n\n"
    assert format_event("") == "data: \n\n"


# --- announcements --------------------------------------------------------------------------------


def test_clip_sequence_spells_the_number_and_names_the_counter():
    assert clip_sequence("A-007", "Loket 2") == [
        "chime",
        "phrase-nomor-antrian",
        "letter-a",
        "digit-0",
        "digit-0",
        "digit-7",
        "phrase-silakan-menuju",
        "phrase-loket",
        "number-2",
    ]
    assert clip_sequence("B-012", "Loket 20")[-2:] == ["phrase-loket", "number-20"]
    assert clip_sequence("B-012", "Meja Informasi")[-1] == "tts:Meja Informasi"
    assert clip_sequence("B-012", "Loket 21")[-1] == "tts:Loket 21"


def manifest() -> dict:
    return json.loads((AUDIO / "manifest.json").read_text(encoding="utf-8"))


def test_every_clip_the_announcer_can_need_exists(app):
    clips = manifest()["clips"]
    with app.app_context():
        prefixes = {service.prefix for service in active_services()}
    needed = set()
    for prefix in prefixes | set("ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
        for counter in COUNTER_WORDS:
            needed.update(clip_sequence(f"{prefix}-0123456789", f"Loket {counter}"))
    assert needed <= set(clips)
    total = 0
    for name, clip in clips.items():
        data = (AUDIO / clip["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == clip["sha256"], name
        with wave.open(str(AUDIO / clip["file"])) as wav:
            assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (16000, 1, 2)
            assert 0.2 < wav.getnframes() / 16000 < 2.0, name
        total += len(data)
    assert total < 2 * 1024 * 1024
    assert clips["letter-q"]["text"] == "ki" and clips["number-12"]["text"] == "dua belas"


@pytest.mark.skipif(
    not (shutil.which("espeak-ng") and shutil.which("sox")), reason="needs espeak-ng and sox"
)
def test_make_clips_is_deterministic(tmp_path):
    version = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout
    if " ".join(version.split()[:4]) not in manifest()["generator"]:
        pytest.skip("a different espeak-ng version speaks differently")
    make_clips.main(["--out", str(tmp_path)])
    for path in sorted(AUDIO.iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
