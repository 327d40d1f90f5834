"""Helpers for the report tests: rows made directly (a file in a status since a day, a ticket
with its times, a complaint), and the tables read back from the page, the CSV and the XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import zoneinfo
from html import unescape

from openpyxl import load_workbook
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.files.workflow import workflow_for_service
from kiosk.models import CaseFile, Complaint, FileHistory, Office, Person, Service, Ticket

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
_numbers = itertools.count(1)


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment of 2026 in office time (Jakarta)."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=JAKARTA)


def first_office_id() -> int:
    return db.session.scalar(select(Office.id).order_by(Office.id).limit(1))


def service(code: str, office_id: int | None = None) -> Service:
    office_id = office_id or first_office_id()
    return db.session.scalar(
        select(Service).where(Service.code == code, Service.office_id == office_id)
    )


def service_name(code: str) -> str:
    return service(code).text("name")


def make_file(
    code: str,
    status: str,
    since: dt.datetime,
    due: dt.date | None,
    *,
    closed: bool = False,
    history: tuple[tuple[str, dt.datetime], ...] = (),
    office_id: int | None = None,
) -> CaseFile:
    """A file of service `code` standing in `status` since `since`; `history` adds the status
    moves before (the last move, to `status`, is written from `since`)."""
    number = next(_numbers)
    office_id = office_id or first_office_id()
    person = Person(name=f"Warga {number}", name_key=f"warga {number}", nik_absent="belum_punya")
    person.created_at = since
    person.office_id = office_id
    db.session.add(person)
    db.session.flush()
    case = CaseFile(
        office_id=office_id,
        tracking_code=f"RPT{number:010d}",
        service_id=service(code, office_id).id,
        workflow=workflow_for_service(code).code,
        status=status,
        applicant_id=person.id,
        accepted_at=since,
        due_date=due,
        status_since=since,
        closed=closed,
    )
    db.session.add(case)
    db.session.flush()
    for moved_to, moment in (*history, (status, since)):
        db.session.add(FileHistory(file_id=case.id, kind="status", status=moved_to, at=moment))
    db.session.commit()
    return case


def make_ticket(
    code: str,
    issued: dt.datetime,
    state: str,
    *,
    called: dt.datetime | None = None,
    started: dt.datetime | None = None,
    finished: dt.datetime | None = None,
    office_id: int | None = None,
) -> Ticket:
    number = next(_numbers)
    office_id = office_id or first_office_id()
    ticket = Ticket(
        office_id=office_id,
        service_id=service(code, office_id).id,
        day=issued.date(),
        number=number,
        label=f"R-{number:03d}",
        state=state,
        tracking_code=f"TCK{number:010d}",
        issued_at=issued,
        called_at=called,
        started_at=started,
        finished_at=finished,
    )
    db.session.add(ticket)
    db.session.commit()
    return ticket


def make_complaint(
    category: str,
    created: dt.datetime,
    due: dt.date,
    state: str,
    answered: dt.datetime | None = None,
    office_id: int | None = None,
) -> Complaint:
    number = next(_numbers)
    complaint = Complaint(
        office_id=office_id or first_office_id(),
        tracking_code=f"CMP{number:010d}",
        channel="kiosk",
        category=category,
        state=state,
        due_date=due,
        answered_at=answered,
        answer="Dijawab." if answered else None,
        created_at=created,
    )
    db.session.add(complaint)
    db.session.commit()
    return complaint


def page_table(html: str, key: str) -> tuple[list[str], list[list[str]]]:
    """(header labels, rows of data-value strings) of one table of the page."""
    match = re.search(rf'<table class="report-table" data-table="{key}">(.*?)</table>', html, re.S)
    assert match, f"no table {key} on the page"
    body = match.group(1)
    header = [
        unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<th[^>]*>(.*?)</th>", body, re.S)
    ]
    rows = [
        [unescape(value) for value in re.findall(r'data-value="([^"]*)"', row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.split("<tbody>")[1], re.S)
    ]
    return header, rows


def csv_table(body: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return rows[0], rows[1:]


def xlsx_sheets(body: bytes) -> dict[str, list[tuple]]:
    """{sheet name: rows of values} of a workbook (title, subtitle, header, data rows)."""
    book = load_workbook(io.BytesIO(body))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
