"""The console's confirm step: "Selesai" and "Tidak hadir" ask first, and so does "Panggil
Berikutnya" while a citizen is still at the counter (finish them, mark them absent, or cancel).

The answer names the ticket it was asked about, so a confirmation never closes a ticket that
arrived at the counter since (another tab, the API): that is refused with 409.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from kiosk.counter.service import current_ticket
from kiosk.models import Counter, Ticket

CONFIRMED = "yakin"  # form field: "1" once the officer confirmed
TICKET = "tiket"  # form field: the id of the ticket the question was about
THEN = ("selesai", "tidak-hadir")  # form field "lalu": what happens to it before the next call


@dataclass(frozen=True)
class Question:
    """What the console asks: `kind` is the action pressed, `ticket` the one it closes."""

    kind: str
    ticket: Ticket

    @property
    def may_mark_absent(self) -> bool:
        """Absent only for a called (not served) citizen who was recalled enough times."""
        needed = int(current_app.config["NO_SHOW_AFTER_RECALLS"])
        return self.ticket.state == "called" and self.ticket.recalls >= needed


@dataclass(frozen=True)
class Decision:
    """Ask (`question`), refuse (`error`), or go on (`then`: close the current one first)."""

    question: Question | None = None
    error: str | None = None
    status: int = 200
    then: str | None = None

    @property
    def answered(self) -> bool:
        return self.question is None and self.error is None


def decide(counter: Counter, action: str, form: Mapping[str, str]) -> Decision:
    """Whether the console must ask before running `action` with this form."""
    if action not in ("panggil", *THEN):
        return Decision()
    current = current_ticket(counter)
    if current is None or (action == "panggil" and counter.on_break):
        return Decision()  # nothing to close: the action itself says what is wrong, if anything
    if action == "tidak-hadir" and not Question(action, current).may_mark_absent:
        return Decision()  # refused by the rule itself (recall first), no question
    then = form.get("lalu") if action == "panggil" else None
    confirmed = then in THEN if action == "panggil" else form.get(CONFIRMED) == "1"
    if not confirmed:
        return Decision(question=Question(action, current))
    if form.get(TICKET) != str(current.id):
        return Decision(
            error=_(
                "Nomor di loket ini sudah berubah menjadi %(num)s. Periksa lalu ulangi.",
                num=current.label,
            ),
            status=409,
        )
    return Decision(then=then)
