"""Shared fixtures: a fresh app and database per test, and a clock tests can set."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zoneinfo
from pathlib import Path

import pytest

from kiosk import create_app
from kiosk.catalogue.service import load_catalogue
from kiosk.extensions import db, limiter
from kiosk.queue.printing import shutdown_print_pool

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment

    def set(self, *args: int) -> None:
        """Set office-local time: set(2026, 11, 23, 9, 30)."""
        self.moment = dt.datetime(*args, tzinfo=JAKARTA)

    def advance(self, **delta: float) -> None:
        """Move forward by a timedelta's keyword arguments."""
        self.moment += dt.timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    """Monday 23 November 2026, 09:00 in Jakarta unless a test moves it."""
    return FakeClock(dt.datetime(2026, 11, 23, 9, 0, tzinfo=JAKARTA))


@pytest.fixture
def app_config(tmp_path, clock) -> dict:
    """Test configuration; tests may change it before `app` is built."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'test.db'}",
        "OFFICE_NAME": "Kantor Desa Uji",
        "OFFICE_HOURS": "always",
        "PRINTER": "dummy:",
        "PRINT_SYNC": True,
        "BASE_URL": "http://kiosk.test",
        "CLOCK": clock,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast; production uses scrypt
        "TICKET_RATE_LIMIT": "1000 per minute",  # tests take many numbers from one address
    }


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """A database with the schema and the shipped catalogue, built once and copied per test."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.db"
    previous = os.environ.get("SATUPINTU_INSTANCE_PATH")
    os.environ["SATUPINTU_INSTANCE_PATH"] = str(folder / "instance")
    try:
        application = create_app(
            {"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "t", "OFFICE_HOURS": "always"}
        )
        with application.app_context():
            db.create_all()
            load_catalogue()
            db.session.remove()
            db.engine.dispose()
    finally:
        if previous is None:
            os.environ.pop("SATUPINTU_INSTANCE_PATH", None)
        else:
            os.environ["SATUPINTU_INSTANCE_PATH"] = previous
    return path


@pytest.fixture
def app(app_config, tmp_path, monkeypatch, template_db):
    """A fresh app with its own SQLite database and the shipped catalogue."""
    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(tmp_path / "instance"))
    default_db = f"sqlite:///{tmp_path / 'test.db'}"
    from_template = app_config["DATABASE_URL"] == default_db
    if from_template:
        shutil.copyfile(template_db, tmp_path / "test.db")
    application = create_app(app_config)
    limiter.reset()  # one limiter object serves every test app: start each test clean
    if not from_template:
        with application.app_context():
            db.create_all()
            load_catalogue()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    executor = application.extensions.get("satupintu.print_executor")
    if executor:
        executor.shutdown(wait=True)
    shutdown_print_pool(application)


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def ctx(app):
    """An application context for calling domain services directly."""
    with app.test_request_context():
        yield app
