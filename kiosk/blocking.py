"""CPU-heavy calls that must not stall the server's other connections.

`satupintu serve` runs every request as a greenlet in one gevent worker: a greenlet that computes
holds up all the others, kiosks and displays included. A password hash (scrypt: tens to hundreds
of ms) therefore runs in gevent's pool of real threads; hashlib releases the GIL while hashing, so
the other greenlets keep being served meanwhile. Outside gevent (tests, the CLI) it runs inline.

Call these with no write transaction open (commit first): while this greenlet waits, another
one that wants to write would wait in SQLite's busy handler, which blocks the whole worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from werkzeug import security

T = TypeVar("T")


def off_the_hub(function: Callable[..., T], *args) -> T:
    """Run `function(*args)` in a real thread when gevent has patched this process, else inline."""
    from gevent import get_hub, monkey

    if not monkey.is_module_patched("threading"):
        return function(*args)
    return get_hub().threadpool.apply(function, args)


def check_password_hash(pwhash: str, password: str) -> bool:
    """werkzeug's check, off the gevent hub."""
    return off_the_hub(security.check_password_hash, pwhash, password)


def generate_password_hash(password: str, method: str = "scrypt") -> str:
    """werkzeug's hash, off the gevent hub."""
    return off_the_hub(security.generate_password_hash, password, method)
