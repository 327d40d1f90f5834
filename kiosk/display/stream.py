"""The display's server-sent event stream: board snapshots and one event per call.

The stream is a plain generator (no `request` inside): the view picks where it starts and wraps
it in `stream_with_context`. Each event's `id:` is the newest queue event the display has been
told about, so a reconnecting EventSource sends it back as `Last-Event-ID` and misses nothing.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
import threading
import time
from collections.abc import Iterator

from flask import current_app, render_template
from flask_babel import get_locale

from kiosk import clock
from kiosk.display import bus
from kiosk.display.state import (
    board_fingerprint,
    board_state,
    call_json,
    calls_after,
    last_event_before,
    last_event_id,
)
from kiosk.extensions import db
from kiosk.offices.current import current_office

RETRY_MS = 1000
FEED_SIZE = 200  # newest call events kept in memory for the open streams
LOOKBACK = 20  # ids re-read on each poll, for commits that land out of id order
# A board change without a call (a ticket taken, a notice) waits this long after the last board
# sent on a stream: a burst of tickets then costs each open stream one board, not one per ticket.
# A call never waits (its board goes first, so the highlight lands on it).
BOARD_MIN_SECONDS = 1.0
# A quiet change (a ticket taken: bus.notify(wake=False)) reloads the shared feed at most this
# often, however many streams poll: a burst of tickets costs a few reloads a second, not one per
# stream poll.
QUIET_RELOAD_SECONDS = 0.2


def format_event(data: str, event: str | None = None, event_id: int | None = None) -> str:
    """One SSE message: optional id and event name, each data line prefixed `data: `."""
    lines = []
    if event_id is not None:
        lines.append(f"id: {event_id}")
    if event:
        lines.append(f"event: {event}")
    lines.extend(f"data: {line}" for line in data.splitlines() or [""])
    return "\n".join(lines) + "\n\n"


def parse_event_id(value: str | None) -> int | None:
    """A Last-Event-ID (or ?last=) value as a queue event id; None when absent or garbled."""
    value = (value or "").strip()
    # ASCII digits only: str.isdigit() also says yes to "²", which int() refuses.
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None


def start_cursor(resume_from: int | None) -> int:
    """Where a stream starts: after the newest event on a fresh connect (so a reloaded display
    replays nothing), or after `resume_from` on a reconnect, skipping calls too old to announce."""
    newest = last_event_id()
    if resume_from is None or resume_from >= newest:
        return newest
    window = dt.timedelta(seconds=float(current_app.config["DISPLAY_REPLAY_SECONDS"]))
    return max(resume_from, last_event_before(clock.now() - window))


def board_context() -> dict:
    """What the board templates need: the board state and the office's "now"."""
    return {"state": board_state(), "now": clock.now()}


def call_event(event) -> str:
    """One call or recall as a `call` event with its JSON (number, counter name...)."""
    return format_event(json.dumps(call_json(event), ensure_ascii=False), "call", event.id)


class Feed:
    """The newest call events and board renders of one app, shared by all its open streams.

    When a call wakes twenty displays, the first stream to look reloads the feed (a few small
    queries, one board render) and the other nineteen reuse it: a call costs the same however
    many displays are open. The feed keeps only strings, never ORM objects.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.render_lock = threading.Lock()
        self.generation: int | None = None
        self.changes: int | None = None  # bus.changes() at the last load
        self.loaded_at = float("-inf")
        self.fingerprint: tuple = ()
        self.calls: dict[int, str] = {}  # queue event id -> formatted `call` event
        self.floor: int | None = None  # every call with an id above this is in `calls`
        self.boards: dict[tuple, str] = {}  # (fingerprint, locale) -> board data lines

    def snapshot(self, generation: int, max_age: float) -> tuple[tuple, dict[int, str], int]:
        """(fingerprint, calls, floor), reloaded from the database when a waking notice moved
        the bus on, when a quiet one did and the last load is QUIET_RELOAD_SECONDS old, or when
        the last load is older than `max_age` seconds (changes made by other processes)."""
        with self.lock:
            now = time.monotonic()
            changes = bus.changes()
            age = now - self.loaded_at
            behind = self.generation is None or generation > self.generation
            quiet = changes != self.changes and age >= QUIET_RELOAD_SECONDS
            if behind or quiet or age > max_age:
                try:
                    self._load()
                finally:
                    db.session.remove()
                self.generation = max(generation, self.generation or 0)
                self.changes = changes
                self.loaded_at = now
            return self.fingerprint, dict(self.calls), self.floor

    def _load(self) -> None:
        if self.floor is None:
            self.floor = last_event_id()
        newest = max(self.calls, default=self.floor)
        # Re-read a few ids back: on PostgreSQL a lower id can commit after a higher one.
        since = max(self.floor, newest - LOOKBACK)
        while True:
            events = calls_after(since, limit=FEED_SIZE)
            for event in events:
                self.calls.setdefault(event.id, call_event(event))
            if len(events) < FEED_SIZE:
                break
            since = events[-1].id
        for old in sorted(self.calls)[:-FEED_SIZE]:
            del self.calls[old]
            self.floor = old
        self.fingerprint = (board_fingerprint(), tuple(sorted(self.calls)[-LOOKBACK:]))

    def board(self, fingerprint: tuple) -> str:
        """The board's `data:` lines for this fingerprint in the request's language."""
        key = (fingerprint, str(get_locale()))
        with self.render_lock:
            if key not in self.boards:
                try:
                    html = render_template("display/_board.html", **board_context())
                finally:
                    db.session.remove()
                lines = [line.strip() for line in html.splitlines() if line.strip()]
                self.boards = {key: "".join(f"data: {line}\n" for line in lines)}
            return self.boards[key]


def feed() -> Feed:
    """The feed shared by this app's displays of the current office."""
    feeds = current_app.extensions.setdefault("satupintu.display_feeds", {})
    return feeds.setdefault(current_office().id, Feed())


def event_stream(cursor: int) -> Iterator[str]:
    """Yield the stream: retry hint and board, then calls, board changes and keepalives.

    Between polls it waits on the in-process bus (a call in this server wakes it at once), and
    at the latest after DISPLAY_POLL_SECONDS it looks at the database anyway, so calls made by
    another process arrive within that time. No DB session stays open between polls: an open
    display must not pin a pooled connection.
    """
    config = current_app.config
    poll = float(config["DISPLAY_POLL_SECONDS"])
    keepalive = float(config["DISPLAY_KEEPALIVE_SECONDS"])
    ends_at = time.monotonic() + float(config["DISPLAY_STREAM_SECONDS"])
    shared = feed()
    state = _StreamState(cursor)
    seen = bus.generation()
    try:
        # A reconnecting display gets the calls it missed straight after the board.
        first = _poll(shared, state, seen, poll * 0.2)
    finally:
        db.session.remove()
    yield f"retry: {RETRY_MS}\n\n" + first
    last_write = time.monotonic()
    while time.monotonic() < ends_at:
        seen = bus.wait(seen, timeout=poll * 0.8)
        try:
            chunk = _poll(shared, state, seen, poll * 0.2)
        finally:
            db.session.remove()
        now = time.monotonic()
        if chunk:
            yield chunk
            last_write = now
        elif now - last_write >= keepalive:
            yield ": keepalive\n\n"
            last_write = now


class _StreamState:
    """Where one stream is: its cursor, the calls it sent lately, the board it showed last."""

    def __init__(self, cursor: int) -> None:
        self.start = cursor
        self.cursor = cursor
        self.sent: collections.deque[int] = collections.deque(maxlen=FEED_SIZE)
        self.fingerprint: tuple | None = None
        self.board_at = float("-inf")  # time.monotonic() of the last board sent


def _poll(shared: Feed, state: _StreamState, generation: int, max_age: float) -> str:
    """New calls for this stream and, if the board changed, a fresh board (sent first, so the
    call's highlight lands on the new board)."""
    fingerprint, cached, floor = shared.snapshot(generation, max_age)
    if state.cursor < floor:
        calls = [(event.id, call_event(event)) for event in calls_after(state.cursor)]
    else:
        lowest = max(state.start, state.cursor - LOOKBACK)
        calls = sorted(
            (event_id, text)
            for event_id, text in cached.items()
            if event_id > lowest and event_id not in state.sent
        )
    for event_id, _text in calls:
        state.sent.append(event_id)
        state.cursor = max(state.cursor, event_id)
    parts = []
    now = time.monotonic()
    board_due = calls or now - state.board_at >= BOARD_MIN_SECONDS
    if fingerprint != state.fingerprint and board_due:
        state.fingerprint, state.board_at = fingerprint, now
        parts.append(f"id: {state.cursor}\nevent: board\n{shared.board(fingerprint)}\n")
    parts.extend(text for _event_id, text in calls)
    return "".join(parts)
