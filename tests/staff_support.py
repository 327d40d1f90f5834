"""Helpers for staff tests: demo counters and accounts, logging in, bearer tokens, tickets."""

from __future__ import annotations

import re

from sqlalchemy import select

from kiosk.auth.service import create_user
from kiosk.demo import DEMO_PASSWORD, seed_staff
from kiosk.extensions import db
from kiosk.models import Counter, QueueEvent, Ticket, User
from kiosk.queue.service import issue_ticket

PASSWORD = DEMO_PASSWORD


def seed(app) -> dict[str, int]:
    """Loket 1..4, admin/petugas1/petugas2/kepala, plus a `lapangan` account; counter ids."""
    with app.app_context():
        seed_staff()
        create_user("lapangan", PASSWORD, "lapangan", "Petugas Lapangan", check_policy=False)
        return {c.name: c.id for c in db.session.scalars(select(Counter))}


def login(client, username: str, password: str = PASSWORD, **extra):
    """POST the login form (CSRF off unless `extra` carries a token)."""
    return client.post("/masuk", data={"username": username, "password": password, **extra})


def token(client, username: str, password: str = PASSWORD) -> str:
    """A bearer token from the API."""
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["token"]


def bearer(client, username: str) -> dict:
    """Authorization headers for `username`."""
    return {"Authorization": f"Bearer {token(client, username)}"}


def csrf_from(html: str) -> str:
    """The CSRF token printed in a page."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'"X-CSRFToken": "([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


def issue(code: str = "ktp-baru", priority: bool = False) -> Ticket:
    """Take a number as the kiosk would."""
    return issue_ticket(code, priority=priority)


def user(username: str) -> User:
    """A staff account by username."""
    return db.session.scalar(select(User).where(User.username == username))


def events(kind: str | None = None) -> list[QueueEvent]:
    """Queue events, oldest first, optionally of one kind."""
    query = select(QueueEvent).order_by(QueueEvent.id)
    if kind:
        query = query.where(QueueEvent.kind == kind)
    return list(db.session.scalars(query))
