"""Request limits for the whole app: body size (413) and JSON nesting depth (400).

A body larger than MAX_CONTENT_LENGTH is refused before it is read; a route that needs more
(photo uploads) says so with ``@body_limit(bytes)``. JSON nested deeper than JSON_MAX_DEPTH is
refused before ``json.loads`` sees it, so a 100,000-deep body never reaches its recursion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _

from kiosk.errors import DomainError

View = TypeVar("View", bound=Callable[..., Any])

# A JSON string (skipped whole, escapes included) or one bracket; possessive, so a long string
# costs one regex step rather than one Python step per character.
_TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]', re.DOTALL)
_BYTE_TOKENS = re.compile(rb'"(?:[^"\\]++|\\.)*+"|[\[\]{}]', re.DOTALL)
_OPEN = {"[", "{", ord("["), ord("{")}
_CLOSE = {"]", "}", ord("]"), ord("}")}


class JSONTooDeep(DomainError):
    """The body nests arrays/objects deeper than JSON_MAX_DEPTH."""

    code = "json_too_deep"
    status = 400


def nesting_exceeds(text: str | bytes, limit: int) -> bool:
    """True when `text` opens more than `limit` arrays/objects inside each other."""
    tokens = _BYTE_TOKENS if isinstance(text, bytes | bytearray) else _TOKENS
    depth = 0
    for match in tokens.finditer(text):
        first = match.group()[0]
        if first in _OPEN:
            depth += 1
            if depth > limit:
                return True
        elif first in _CLOSE:
            depth -= 1
    return False


class DepthLimitedJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, refusing documents nested deeper than JSON_MAX_DEPTH."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse JSON after checking its nesting depth."""
        limit = int(self._app.config["JSON_MAX_DEPTH"])
        if nesting_exceeds(s, limit):
            raise JSONTooDeep(
                _("Data JSON bersarang terlalu dalam (paling banyak %(num)d tingkat).", num=limit)
            )
        return super().loads(s, **kwargs)


def body_limit(
    max_bytes: int, too_large: Callable[[], str] | None = None
) -> Callable[[View], View]:
    """Allow this route a body larger than MAX_CONTENT_LENGTH (e.g. a photo upload);
    `too_large`: the route's own 413 message (a callable, so it is translated per request)."""

    def mark(view: View) -> View:
        view.max_content_length = max_bytes  # type: ignore[attr-defined]
        if too_large is not None:
            view.too_large_message = too_large  # type: ignore[attr-defined]
        return view

    return mark


def _apply_body_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "max_content_length", None)
    if limit is not None:
        request.max_content_length = limit
    allowed = request.max_content_length
    # Refuse at once from the header, even on routes that never read their body.
    if allowed is not None and (request.content_length or 0) > allowed:
        abort(413)


def init_request_limits(app: Flask) -> None:
    """Install the size check and the depth-limited JSON parser on the app."""
    app.json_provider_class = DepthLimitedJSONProvider
    app.json = DepthLimitedJSONProvider(app)
    # First of all before-request hooks: CSRF protection reads the form body too.
    app.before_request_funcs.setdefault(None, []).insert(0, _apply_body_limit)
