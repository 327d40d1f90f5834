"""One presenter: the status page and the JSON API say the same about a file and a ticket."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

import printer
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.files.receipt import file_receipt
from kiosk.queue.service import find_ticket, issue_ticket
from kiosk.status.presenter import file_status, ticket_status
from kiosk.tracking import new_code

pytestmark = pytest.mark.data_layer

APPLICANT = {
    "nik": "3201015708450002",
    "name": "Siti Wahyuni",
    "kk": "3201011503150007",
    "birth_date": "1945-08-17",
    "sex": "P",
    "address": "Jl. Mawar 3",
    "rt": "3",
    "rw": "12",
}
MISSING = ["Kartu Keluarga (KK), fotokopi", "Akta kelahiran, fotokopi"]


@pytest.fixture
def overdue_file(app, clock):
    """A file accepted complete, then left past its due date."""
    clock.set(2026, 11, 2, 9, 0)
    with app.test_request_context():
        ticket = issue_ticket("ktp-baru")
        case = files.accept_file(
            tracking_code=ticket.tracking_code,
            service_code=None,
            applicant=APPLICANT,
            received=["Kartu Keluarga (KK), fotokopi"],
            missing=[],
        )
        code, due = case.tracking_code, case.due_date
    clock.set(2026, 12, 1, 9, 0)
    return code, due


@pytest.fixture
def incomplete_file(app, clock):
    """A file accepted with papers missing: waiting on the citizen, due date paused."""
    clock.set(2026, 11, 2, 9, 0)
    with app.test_request_context():
        ticket = issue_ticket("ktp-baru")
        case = files.accept_file(
            tracking_code=ticket.tracking_code,
            service_code=None,
            applicant=APPLICANT,
            received=[],
            missing=MISSING,
        )
        return case.tracking_code


def page_and_json(client, code: str) -> tuple[str, dict]:
    html = client.get(f"/s/{code}").get_data(as_text=True)
    answer = client.get(f"/api/v1/files/{code}")
    assert answer.status_code == 200
    return html, answer.get_json()


def test_page_and_api_agree_on_an_overdue_file(app, client, overdue_file):
    """Status, next step, due date and overdue: one computation, shown twice."""
    code, due = overdue_file
    html, body = page_and_json(client, code)
    assert body["overdue"] is True and body["due_date"] == due.isoformat()
    assert "sudah lewat tanggal janji; petugas sudah diberi tahu" in html
    assert body["status_label"] in html and body["next_step"] in html
    with app.test_request_context():
        assert file_status(files.find_file(code)) == body


def test_page_and_api_agree_on_missing_papers(app, client, incomplete_file):
    """The missing papers the page lists are the API's `missing`, in order."""
    html, body = page_and_json(client, incomplete_file)
    assert body["missing"] == MISSING and body["overdue"] is False
    shown = re.search(r"<dd data-missing>(.*?)</dd>", html).group(1)
    assert re.findall(r"<li>(.*?)</li>", shown) == MISSING
    assert body["status_label"] in html and body["next_step"] in html


def test_page_and_api_agree_on_a_ticket(app, client, clock):
    """People ahead and the estimated call time of the page are the API's."""
    clock.set(2026, 12, 1, 9, 0)
    with app.test_request_context():
        issue_ticket("ktp-baru")
        ticket = issue_ticket("ktp-baru")
        code = ticket.tracking_code
    body = client.get(f"/api/v1/tickets/{code}").get_json()
    html = client.get(f"/s/{code}").get_data(as_text=True)
    assert body["people_ahead"] == 1 and "1 orang di depan Anda" in html
    estimate = dt.datetime.fromisoformat(body["estimated_call_at"])
    assert estimate.strftime("%H.%M") in html
    with app.test_request_context():
        assert ticket_status(find_ticket(code)) == body


AT_HOME = "Diterima petugas di rumah warga (jemput bola)"


@pytest.fixture
def doorstep_file(app, clock):
    """A complete KTP-el file taken at the citizen's home on a field tablet, and a counter one."""
    clock.set(2026, 11, 2, 9, 0)
    with app.test_request_context():
        counter = files.accept_file(
            tracking_code=None,
            service_code="ktp-baru",
            applicant=APPLICANT,
            received=["Kartu Keluarga (KK), fotokopi"],
            missing=[],
        )
        service = counter.service
        field = files.accept_field_file(
            tracking_code=new_code(),
            service=service,
            applicant=counter.applicant,
            ticked={paper.id for paper in service.requirements},
            visit_day=dt.date(2026, 11, 2),
            file_uuid=str(uuid.uuid4()),
            user=None,
        )
        db.session.commit()
        assert field.status == "diterima" and field.source == "field"
        return field.tracking_code, counter.tracking_code


def test_doorstep_file_starts_received_at_home(app, doorstep_file):
    """Status, timeline and receipt of a field file say where it was received; the counter's
    file keeps "at the village office"; once moved on, only the timeline keeps it."""
    field_code, counter_code = doorstep_file
    with app.test_request_context():
        field = files.find_file(field_code)
        shown = file_status(field)
        assert shown["status_label"] == AT_HOME
        assert [step["label"] for step in shown["timeline"]] == [AT_HOME]
        assert (
            "Received by an officer at the citizen's home"
            in (file_status(field, "en")["status_label"])
        )
        assert AT_HOME in _receipt_text(field)
        counter = file_status(files.find_file(counter_code))
        assert counter["status_label"] == "Diterima di kantor desa"
        files.change_status(field, "diverifikasi", None, None)
        db.session.commit()
        moved = file_status(files.find_file(field_code))
        assert moved["status_label"] == "Diperiksa, lengkap"
        assert [step["label"] for step in moved["timeline"]] == [AT_HOME, "Diperiksa, lengkap"]


def test_status_page_and_json_of_a_doorstep_file(client, doorstep_file):
    field_code, _ = doorstep_file
    html, body = page_and_json(client, field_code)
    assert body["status_label"] == AT_HOME and AT_HOME in html
    assert "Diterima di kantor desa" not in html


def _receipt_text(case) -> str:
    lines = [line.text for line in file_receipt(case).layout(printer.PAPER_80) if line.text]
    return " ".join(" ".join(lines).split())
