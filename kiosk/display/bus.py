"""Wakes the waiting-room display streams when something on the board changed.

Within one server process a condition variable wakes every stream at once; the streams
also poll the database every second, so a change made by another process (a second
server on PostgreSQL, the CLI) still reaches the display within a second.
"""

from __future__ import annotations

import threading

_changed = threading.Condition()
_generation = 0  # waking notices
_changes = 0  # every notice, waking or not


def notify(wake: bool = True) -> None:
    """Something on the board changed (a call, a new ticket, a break, the notice).

    `wake=False` (a new ticket: only a waiting count moved) wakes no stream and leaves
    generation() alone: the shared feed picks it up at a stream's next poll, at most every
    QUIET_RELOAD_SECONDS (kiosk.display.stream). A burst of tickets then neither wakes every open
    display nor makes each of them reload the board once per ticket.
    """
    global _generation, _changes
    with _changed:
        _changes += 1
        if wake:
            _generation += 1
            _changed.notify_all()


def generation() -> int:
    """A number that grows with every waking notify(); pass it to wait()."""
    return _generation


def changes() -> int:
    """A number that grows with every notify(), waking or not."""
    return _changes


def wait(seen: int, timeout: float) -> int:
    """Block until a notify() after `seen`, or `timeout` seconds; return the generation."""
    with _changed:
        _changed.wait_for(lambda: _generation != seen, timeout=timeout)
        return _generation
