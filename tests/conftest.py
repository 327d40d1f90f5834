"""Shared fixtures: a fresh app and database per test, and a clock tests can set.

Tests marked `data_layer` run twice, on SQLite and on PostgreSQL (a server started once per
run, see postgres_support.py); any test can ask for one backend by overriding `backend`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zoneinfo
from pathlib import Path

import pytest
from kiosk_support import pair_kiosk
from postgres_support import postgres_server
from sqlalchemy import select

from kiosk import create_app
from kiosk.catalogue.service import load_catalogue
from kiosk.extensions import db, limiter
from kiosk.models import Office
from kiosk.offices.service import update_office
from kiosk.offices.settings import from_config
from kiosk.printing.process import shutdown_print_pool

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
BACKENDS = ("sqlite", "postgresql")


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


def pytest_generate_tests(metafunc) -> None:
    """A test marked data_layer runs once per database backend."""
    if metafunc.definition.get_closest_marker("data_layer") and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request) -> str:
    """The database the test runs on: SQLite, unless the test is marked data_layer."""
    return getattr(request, "param", os.environ.get("SATUPINTU_TEST_BACKEND", "sqlite"))


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the whole run."""
    with postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def pg_template(pg_server, tmp_path_factory) -> str:
    """A PostgreSQL database with the schema and the shipped catalogue, copied per test."""
    name = pg_server.create_database(name="satupintu_template")
    _build_template(pg_server.url(name), tmp_path_factory.mktemp("pg-template"))
    return name


@pytest.fixture
def pg_database(pg_server, pg_template) -> str:
    """The URL of this test's copy of the PostgreSQL template."""
    name = pg_server.create_database(template=pg_template)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def empty_database_url(backend, tmp_path, request) -> str:
    """An empty database on the test's backend, for migrations."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    server = request.getfixturevalue("pg_server")
    name = server.create_database()
    request.addfinalizer(lambda: server.drop_database(name))
    return server.url(name)


@pytest.fixture
def empty_app(app_config, empty_database_url, tmp_path, monkeypatch):
    """An app on an empty database: no create_all, only what a test migrates."""
    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(tmp_path / "instance"))
    application = create_app({**app_config, "DATABASE_URL": empty_database_url})
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _template_url(backend: str, tmp_path: Path, request) -> str:
    if backend == "postgresql":
        return request.getfixturevalue("pg_database")
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def app_config(tmp_path, clock, backend, request) -> dict:
    """Test configuration; tests may change it before `app` is built."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": _template_url(backend, tmp_path, request),
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
    _build_template(f"sqlite:///{path}", folder)
    return path


def _build_template(url: str, folder: Path) -> None:
    """Create the schema and load the shipped catalogue into the database at `url`."""
    previous = os.environ.get("SATUPINTU_INSTANCE_PATH")
    os.environ["SATUPINTU_INSTANCE_PATH"] = str(folder / "instance")
    try:
        application = create_app({"DATABASE_URL": url, "SECRET_KEY": "t", "OFFICE_HOURS": "always"})
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


@pytest.fixture
def app(app_config, tmp_path, monkeypatch, template_db, backend, request):
    """A fresh app with its own database (SQLite, or PostgreSQL) and the shipped catalogue."""
    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(tmp_path / "instance"))
    from_template = app_config["DATABASE_URL"] == _template_url(backend, tmp_path, request)
    if from_template and backend == "sqlite":
        shutil.copyfile(template_db, tmp_path / "test.db")
    application = create_app(app_config)
    limiter.reset()  # one limiter object serves every test app: start each test clean
    with application.app_context():
        if not from_template:
            db.create_all()
            load_catalogue()
        _configure_first_office(application)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    executor = application.extensions.get("satupintu.print_executor")
    if executor:
        executor.shutdown(wait=True)
    shutdown_print_pool(application)


def _configure_first_office(application) -> None:
    """The template's office takes this test's configuration (OFFICE_HOURS, TIMEZONE...), as
    the first office of an empty database does."""
    first = db.session.scalar(select(Office).order_by(Office.id).limit(1))
    update_office(first.id, from_config(application.config))


@pytest.fixture
def client(app):
    """A test client of the app: a paired kiosk of the first office (as the kiosk screens are)."""
    kiosk = app.test_client()
    pair_kiosk(app, kiosk)
    return kiosk


@pytest.fixture
def phone(app):
    """A test client that is not a paired kiosk: a phone on the office Wi-Fi."""
    return app.test_client()


@pytest.fixture
def ctx(app):
    """An application context for calling domain services directly."""
    with app.test_request_context():
        yield app
