"""The display feed shared by the open streams: a burst of new tickets (quiet bus notices)
reloads it at most every QUIET_RELOAD_SECONDS, a call at once (issue 10, point 7)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kiosk.display import bus
from kiosk.display import stream as stream_module
from kiosk.display.stream import QUIET_RELOAD_SECONDS, Feed

LONG = 60.0  # max_age: long, so only the bus decides when the feed reloads


@pytest.fixture
def now(monkeypatch) -> list[float]:
    """The stream module's monotonic clock, moved by hand."""
    moment = [1000.0]
    monkeypatch.setattr(stream_module, "time", SimpleNamespace(monotonic=lambda: moment[0]))
    return moment


@pytest.fixture
def loads(monkeypatch) -> list[float]:
    """When the feed reloaded from the database."""
    seen: list[float] = []
    load = Feed._load
    monkeypatch.setattr(Feed, "_load", lambda self: seen.append(1) or load(self))
    return seen


def test_a_burst_of_tickets_reloads_the_feed_at_most_every_quiet_interval(ctx, now, loads):
    feed = Feed()
    feed.snapshot(bus.generation(), LONG)
    for _ in range(30):  # streams polling while tickets arrive, 10 ms apart
        bus.notify(wake=False)
        now[0] += 0.01
        feed.snapshot(bus.generation(), LONG)
    assert len(loads) == 1 + 1  # the first load, then one when QUIET_RELOAD_SECONDS had passed
    now[0] += QUIET_RELOAD_SECONDS
    feed.snapshot(bus.generation(), LONG)
    assert len(loads) == 3  # the tickets since then are picked up
    feed.snapshot(bus.generation(), LONG)
    assert len(loads) == 3  # nothing new: no reload


def test_a_call_reloads_the_feed_at_once(ctx, now, loads):
    feed = Feed()
    feed.snapshot(bus.generation(), LONG)
    bus.notify(wake=False)
    bus.notify()  # a call
    feed.snapshot(bus.generation(), LONG)
    assert len(loads) == 2
