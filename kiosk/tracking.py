"""Tracking codes: unguessable, readable aloud, typed on a keypad, scanned from a QR.

A code is 50 random bits written as 10 Crockford base32 symbols, then one check symbol
(Luhn mod 32, so every single mistyped symbol and most swaps are caught), grouped 4-4-3:
``K7QM-2XPA-9RY``. Reading is forgiving: case, spaces and dashes are ignored, O reads as 0,
I and L as 1, so a code read over the phone or from a faded receipt still works.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_SYMBOLS = 10
CODE_LENGTH = RANDOM_SYMBOLS + 1
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALUE = {symbol: index for index, symbol in enumerate(ALPHABET)}


def new_code() -> str:
    """A fresh random tracking code in canonical grouped form."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return group(body + check_symbol(body))


def check_symbol(body: str) -> str:
    """The Luhn mod 32 check symbol of a canonical (ungrouped, upper-case) body."""
    total = 0
    factor = 2
    for symbol in reversed(body):
        addend = factor * _VALUE[symbol]
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return ALPHABET[(32 - total % 32) % 32]


def group(canonical: str) -> str:
    """Insert dashes for reading aloud: 4-4-3."""
    return "-".join(canonical[i : i + 4] for i in range(0, len(canonical), 4))


def normalise(text: str) -> str | None:
    """Canonical grouped code from what a person typed or a scanner sent, or None if invalid.

    Accepts a bare code or a status URL ending in ``/s/<code>``.
    """
    if not isinstance(text, str):
        return None
    candidate = text.strip()
    if "/s/" in candidate:
        candidate = candidate.rsplit("/s/", 1)[1]
    candidate = candidate.split("?", 1)[0].split("#", 1)[0]
    cleaned = "".join(ch for ch in candidate.upper() if ch not in " -_.\t").translate(_CONFUSABLE)
    if len(cleaned) != CODE_LENGTH or any(ch not in _VALUE for ch in cleaned):
        return None
    body, check = cleaned[:-1], cleaned[-1]
    if check_symbol(body) != check:
        return None
    return group(cleaned)
