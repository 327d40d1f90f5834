"""How many event streams each client address holds open, so one device cannot take them all."""

from __future__ import annotations

import collections
import threading

from flask import current_app

EXTENSION_KEY = "satupintu.display_stream_slots"


class StreamSlots:
    """Open /display/events streams per client address, in this server process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: collections.Counter[str] = collections.Counter()

    def take(self, client: str, limit: int) -> bool:
        """Count one more stream for `client`; False (nothing counted) when it has `limit`."""
        with self._lock:
            if self._open[client] >= limit:
                return False
            self._open[client] += 1
            return True

    def release(self, client: str) -> None:
        """The stream ended (closed by the client, the server or its maximum lifetime)."""
        with self._lock:
            self._open[client] -= 1
            if self._open[client] <= 0:
                del self._open[client]

    def open_for(self, client: str) -> int:
        """Streams `client` holds now."""
        with self._lock:
            return self._open[client]


def stream_slots() -> StreamSlots:
    """This app's stream counter."""
    return current_app.extensions.setdefault(EXTENSION_KEY, StreamSlots())
