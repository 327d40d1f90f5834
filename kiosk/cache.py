"""Small per-process memo with a time-to-live, for hot-path reads where a few seconds' staleness
is harmless (an estimate, not a rule). With TESTING set nothing is kept, so tests that move a
FakeClock or change rows always see fresh values.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app

T = TypeVar("T")
MAX_ENTRIES = 1024

_entries: dict[Hashable, tuple[float, object]] = {}
_lock = threading.Lock()


def memo(name: str, key: Hashable, ttl: float, compute: Callable[[], T]) -> T:
    """compute(), or its value from less than `ttl` seconds ago for (app, name, key)."""
    app = current_app._get_current_object()
    if app.config.get("TESTING") or ttl <= 0:
        return compute()
    full_key = (id(app), name, key)
    now = time.monotonic()
    hit = _entries.get(full_key)
    if hit is not None and hit[0] > now:
        return hit[1]  # type: ignore[return-value]
    value = compute()
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[full_key] = (now + ttl, value)
    return value


def clear() -> None:
    """Forget every memoised value."""
    with _lock:
        _entries.clear()
