"""The waiting-room display page and its server-sent event stream."""

from __future__ import annotations

from flask import render_template

from kiosk.display import bp
from kiosk.display.state import board_state


@bp.get("")
def board():
    """The full-screen board for the waiting-room TV."""
    return render_template("display/board.html", state=board_state())
