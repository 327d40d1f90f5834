"""What the "Cek Status Berkas" keypad makes of a code that is not a valid tracking code.

The screen keeps what was typed, marks the symbols it can show to be wrong, and recognises a
queue number typed where the tracking code belongs. A single wrong symbol cannot be located (the
check symbol can be satisfied by changing any one position); two swapped neighbours usually can.
Nothing here looks at stored codes, so the answer never tells whether some code exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.tracking import ALPHABET, CODE_LENGTH, check_symbol

_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_QUEUE_NUMBER = re.compile(r"([A-Z])-?([0-9]{3,4})")


@dataclass(frozen=True)
class CodeProblem:
    """Why a typed code is not a tracking code, and what the keypad shows again."""

    kind: str  # queue_number | not_a_code | unknown_symbol | short | check
    symbols: str = ""  # what was typed, for the keypad (at most CODE_LENGTH symbols)
    wrong: tuple[int, ...] = ()  # positions in `symbols` to mark
    queue_number: str = ""  # "A-001" when `kind` is queue_number

    @property
    def missing(self) -> int:
        """How many symbols a short code lacks."""
        return CODE_LENGTH - len(self.symbols)


def code_problem(typed: str) -> CodeProblem:
    """The problem with `typed`, which `kiosk.tracking.normalise` refused."""
    candidate = typed.strip()
    if "/s/" in candidate:
        candidate = candidate.rsplit("/s/", 1)[1]
    candidate = candidate.split("?", 1)[0].split("#", 1)[0].upper()
    number = _QUEUE_NUMBER.fullmatch("".join(candidate.split()))
    if number:
        return CodeProblem("queue_number", queue_number=f"{number[1]}-{int(number[2]):03d}")
    symbols = "".join(ch for ch in candidate if ch not in " -_.\t").translate(_CONFUSABLE)
    if len(symbols) > CODE_LENGTH or not symbols:
        return CodeProblem("not_a_code")
    unknown = tuple(i for i, symbol in enumerate(symbols) if symbol not in ALPHABET)
    if unknown:
        return CodeProblem("unknown_symbol", symbols, unknown)
    if len(symbols) < CODE_LENGTH:
        return CodeProblem("short", symbols)
    return CodeProblem("check", symbols, _swapped_neighbours(symbols))


def _swapped_neighbours(symbols: str) -> tuple[int, ...]:
    """The one pair of neighbours whose swap makes the code valid, if exactly one does."""
    pairs = []
    for i in range(len(symbols) - 1):
        if symbols[i] == symbols[i + 1]:
            continue
        swapped = symbols[:i] + symbols[i + 1] + symbols[i] + symbols[i + 2 :]
        if check_symbol(swapped[:-1]) == swapped[-1]:
            pairs.append((i, i + 1))
    return pairs[0] if len(pairs) == 1 else ()
