"""The waiting-room display page and its server-sent event stream."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template, request, stream_with_context

from kiosk.display import bp
from kiosk.display.slots import stream_slots
from kiosk.display.stream import board_context, event_stream, parse_event_id, start_cursor


@bp.get("")
def board():
    """The full-screen board for the waiting-room TV (public: numbers only, no names)."""
    return render_template("display/board.html", **board_context())


@bp.get("/events")
def events():
    """Server-sent events: `board` snapshots and one `call` event per call or recall.

    A reconnecting EventSource resumes after its Last-Event-ID (the sse extension, when it
    opens a new EventSource, passes ?last= instead); a fresh page starts at "now".
    Each client address holds at most DISPLAY_STREAMS_PER_CLIENT streams (429 beyond; the
    display's EventSource retries and gets in once an old stream of it has closed).
    """
    client, slots = request.remote_addr or "", stream_slots()
    if not slots.take(client, int(current_app.config["DISPLAY_STREAMS_PER_CLIENT"])):
        abort(429)
    try:
        resume = parse_event_id(request.headers.get("Last-Event-ID") or request.args.get("last"))
        stream = event_stream(start_cursor(resume))
    except BaseException:
        slots.release(client)
        raise
    response = Response(
        stream_with_context(stream),
        mimetype="text/event-stream",
        headers={"X-Accel-Buffering": "no"},  # Cache-Control: no-store comes from security_headers
    )
    response.call_on_close(lambda: slots.release(client))
    return response
