"""Point 7: concurrent intake of one code gives one 201 and 409s; logs never hold personal data."""

from __future__ import annotations

import io
import logging
import shutil
import threading

import pytest
from sqlalchemy.exc import IntegrityError
from staff_support import bearer, issue, seed

from kiosk import clock as kiosk_clock
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.logsafe import PersonalDataFilter, scrub
from kiosk.models import CaseFile, Person

NIK = "3201015708450002"
KK = "3201011503150007"
NAME = "Siti Wahyuni"
ADDRESS = "Jl. Mawar Merah 3"
PHONE = "081234567890"
PERSONAL = (NIK, KK, NAME, ADDRESS, PHONE)
APPLICANT = {
    "nik": NIK,
    "name": NAME,
    "kk": KK,
    "birth_date": "1945-08-17",
    "sex": "P",
    "address": ADDRESS,
    "phone": PHONE,
}
INTAKES = 4
# How each database names the broken constraint (a person's public UUID, not personal data).
DUPLICATE_CODE = {
    "sqlite": "UNIQUE constraint failed: person.uuid",
    "postgresql": 'unique constraint "person_uuid_key"',
}
PERSON_UUID = "0b5c6a1e-8f0e-4a53-9c1d-2f6f3a7b9e10"

pytestmark = pytest.mark.data_layer


@pytest.fixture
def log_stream():
    """A root handler like the server's console, present before the app is built."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logging.getLogger().addHandler(handler)
    yield stream
    logging.getLogger().removeHandler(handler)


@pytest.fixture
def app_config(app_config, log_stream):
    """The app is built after the log handler exists (as in `satupintu serve`)."""
    return app_config


def _race_at_insert(monkeypatch, parties: int) -> None:
    """Hold every intake after its "already exists?" check until all have passed it."""
    barrier = threading.Barrier(parties, timeout=20)
    due_date = files._due_date

    def wait_then_due_date(*args):
        barrier.wait()
        return due_date(*args)

    monkeypatch.setattr(files, "_due_date", wait_then_due_date)


def test_concurrent_api_intake_of_one_code_gives_one_201_and_409s(
    app, client, monkeypatch, log_stream
):
    seed(app)
    headers = bearer(client, "admin")
    with app.app_context():
        code = issue("ktp-baru").tracking_code
    _race_at_insert(monkeypatch, INTAKES)
    body = {"tracking_code": code, "applicant": APPLICANT, "requirements": {"received": []}}
    answers: list = []

    def intake() -> None:
        response = app.test_client().post("/api/v1/files", json=body, headers=headers)
        answers.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=intake) for _ in range(INTAKES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _ in answers)
    assert statuses == [201] + [409] * (INTAKES - 1)
    conflicts = [answer for status, answer in answers if status == 409]
    assert all(answer["error"] == "file_exists" for answer in conflicts)
    assert conflicts[0]["message"] == f"Berkas untuk kode {code} sudah ada."
    with app.app_context():
        assert db.session.query(CaseFile).filter_by(tracking_code=code).count() == 1
    log = log_stream.getvalue()
    assert not [value for value in PERSONAL if value in log]


def test_concurrent_html_intake_answers_409_with_a_message(app, monkeypatch):
    seed(app)
    with app.app_context():
        code = issue("ktp-baru").tracking_code
    _race_at_insert(monkeypatch, 2)
    form = {**APPLICANT}
    statuses: list[int] = []
    pages: list[str] = []

    def intake() -> None:
        browser = app.test_client()
        browser.post("/masuk", data={"username": "admin", "password": "satupintu"})
        response = browser.post(f"/berkas/terima/{code}", data=form)
        statuses.append(response.status_code)
        pages.append(response.get_data(as_text=True))

    threads = [threading.Thread(target=intake) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 409]
    assert f"Berkas untuk kode {code} sudah ada." in pages[statuses.index(409)]


def _duplicate_file_error(app) -> IntegrityError:
    """The database's own answer to a second record of one person, personal data inside."""
    with app.app_context():
        fields = {
            "uuid": PERSON_UUID,
            "name": NAME,
            "name_key": NAME.lower(),
            "phone": PHONE,
            "created_at": kiosk_clock.now(),
        }
        db.session.add(Person(nik=None, **fields))  # the first record has no NIK yet
        db.session.commit()
        db.session.add(Person(nik=NIK, **fields))
        with pytest.raises(IntegrityError) as caught:
            db.session.commit()
        db.session.rollback()
        return caught.value


def test_database_errors_hide_their_parameters(app, backend):
    """The engine is built with hide_parameters: the error text has no applicant data."""
    error = _duplicate_file_error(app)
    assert DUPLICATE_CODE[backend] in str(error)
    assert not [value for value in PERSONAL if value in str(error)]


@pytest.mark.parametrize("engine_hides", [True, False])
def test_logged_database_error_holds_no_personal_data(
    app_config, log_stream, template_db, tmp_path, monkeypatch, engine_hides, backend
):
    """Even an engine that quotes parameters cannot put them in the log: the filter strips them."""
    from kiosk import create_app

    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(tmp_path / "instance"))
    shutil.copyfile(template_db, tmp_path / "test.db")
    options = {"hide_parameters": engine_hides}
    app = create_app({**app_config, "SQLALCHEMY_ENGINE_OPTIONS": options})
    error = _duplicate_file_error(app)
    if not engine_hides:
        assert NIK in str(error) and NAME in str(error)  # the error itself carries them
    try:
        raise error
    except IntegrityError:
        logging.getLogger("kiosk.errors").exception("unexpected error on POST /api/v1/files")
    logging.getLogger("kiosk").warning("looked up %s for %s", NIK, KK)
    log = log_stream.getvalue()
    assert DUPLICATE_CODE[backend] in log
    assert not [value for value in PERSONAL if value in log]
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_filter_is_on_every_root_handler_once(app):
    """create_app installs the filter on the root handlers; building another app adds none."""
    from kiosk import create_app

    create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://", "OFFICE_HOURS": "always"})
    for handler in logging.getLogger().handlers:
        assert sum(isinstance(f, PersonalDataFilter) for f in handler.filters) == 1


def test_scrub_masks_sixteen_digit_numbers_only():
    assert scrub(f"NIK {NIK}, KK {KK}.") == "NIK [NIK/KK disembunyikan], KK [NIK/KK disembunyikan]."
    assert scrub("tiket 12345 dan 12345678901234567") == "tiket 12345 dan 12345678901234567"


def test_scrub_masks_the_values_postgresql_quotes_in_error_details():
    """A key keeps its column names; a failing row is hidden whole."""
    key = "DETAIL:  Key (applicant_name)=(Siti Wahyuni) already exists.\n[SQL: INSERT …]"
    assert scrub(key) == "DETAIL:  Key (applicant_name)=[disembunyikan]\n[SQL: INSERT …]"
    row = f"DETAIL:  Failing row contains (1, {NAME}, {ADDRESS}, {PHONE})."
    assert scrub(row) == "DETAIL:  [disembunyikan]"
