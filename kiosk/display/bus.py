"""Wakes the waiting-room display streams when something on the board changed.

Within one server process a condition variable wakes every stream at once; the streams
also poll the database every second, so a change made by another process (a second
server on PostgreSQL, the CLI) still reaches the display within a second.
"""

from __future__ import annotations

import threading

_changed = threading.Condition()
_generation = 0


def notify(wake: bool = True) -> None:
    """Something on the board changed (a call, a new ticket, a break, the notice).

    `wake=False` (a new ticket: only a waiting count moved) wakes no stream; each sees the change
    at its next poll, within DISPLAY_POLL_SECONDS. A burst of tickets then does not wake every
    open display once per ticket.
    """
    global _generation
    with _changed:
        _generation += 1
        if wake:
            _changed.notify_all()


def generation() -> int:
    """A number that grows with every notify(); pass it to wait()."""
    return _generation


def wait(seen: int, timeout: float) -> int:
    """Block until a notify() after `seen`, or `timeout` seconds; return the generation."""
    with _changed:
        _changed.wait_for(lambda: _generation != seen, timeout=timeout)
        return _generation
