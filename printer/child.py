"""Helpers for running printer work in a child process (see kiosk.printing.process)."""

from __future__ import annotations

import os
import threading
import time

PARENT_CHECK_SECONDS = 1.0


def exit_with_parent() -> None:
    """Process-pool initializer: end this child soon after its parent is gone.

    A parent killed by a signal never shuts its pool down, and an orphaned worker would
    otherwise wait for work forever (holding the parent's stdout open).
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


BACKGROUND_NICENESS = 5


def background_child() -> None:
    """Process-pool initializer for printing in the background: end with the parent, and give
    the CPU to it first (nice +5), so rendering receipts never delays the requests it serves."""
    exit_with_parent()
    os.nice(BACKGROUND_NICENESS)
