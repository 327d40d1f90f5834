"""One helper that renders a fragment for htmx requests and the full page otherwise."""

from __future__ import annotations

from flask import make_response, render_template, request


def is_htmx() -> bool:
    """A request made by htmx that wants a fragment (not a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(page: str, partial: str, status: int = 200, **context):
    """Render `partial` for htmx, `page` (which includes the partial) otherwise; Vary on it."""
    template = partial if is_htmx() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response
