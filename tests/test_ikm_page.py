"""/laporan/ikm: the index of the period as the hand calculation says, the per-element table
equal in the page, the CSV and the XLSX, the filters, and who may open it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from staff_support import login, seed

from kiosk.extensions import db
from kiosk.models import Office
from kiosk.offices.current import current_office
from kiosk.queue.service import issue_ticket
from kiosk.reports.ikm import service as ikm
from kiosk.reports.ikm.index import CODES

# Column sums 14, 13, 11, 16, 13, 13, 15, 10, 11 → IKM 80.56 (B, Baik); see test_ikm_index.
ROWS = [
    (4, 4, 3, 4, 3, 3, 4, 2, 3),
    (3, 3, 3, 4, 3, 3, 3, 2, 3),
    (4, 3, 2, 4, 3, 4, 4, 3, 2),
    (3, 3, 3, 4, 4, 3, 4, 3, 3),
]


@pytest.fixture
def rated(app):
    """Demo staff; four served tickets, each rated once (the first by a woman in her 30s)."""
    seed(app)
    with app.test_request_context():
        for number, row in enumerate(ROWS):
            ticket = issue_ticket("ktp-baru")
            ticket.state, ticket.finished_at = "done", ticket.issued_at + dt.timedelta(minutes=4)
            extra = {"sex": "P", "age_group": "30-39"} if number == 0 else {}
            ikm.record_survey(
                dict(zip(CODES, row, strict=True)),
                office_id=current_office().id,
                ticket=ticket,
                demographics=extra,
            )
        db.session.commit()
    return app


def test_the_page_shows_the_hand_calculated_index(rated, client):
    login(client, "kepala")
    page = client.get("/laporan/ikm")
    assert page.status_code == 200
    assert "data-ikm-index>80,56<" in page.text and 'data-ikm-grade="B"' in page.text
    assert "Mutu B · Baik" in page.text
    assert "data-ikm-respondents>4<" in page.text and "data-ikm-population>4<" in page.text
    assert "data-ikm-sample>4<" in page.text
    assert 'data-table="ikm"' in page.text
    assert 'data-value="3.50">3,50</td>' in page.text and 'data-value="0.39">0,39</td>' in page.text


def test_downloads_match_the_page(rated, client):
    login(client, "kepala")
    text = client.get("/laporan/ikm.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Kode", "Unsur pelayanan", "Responden"]
    assert rows[1] == ["U1", "Persyaratan", "4", "3.50", "0.39", "B"]
    assert rows[-1][0] == "IKM" and rows[-1][4] == "80.56" and rows[-1][5] == "B · Baik"
    page = client.get("/laporan/ikm").text
    for row in rows[1:]:  # every CSV row is on the page
        assert f'<td class="col-text" data-value="{row[0]}">{row[0]}</td>' in page
    book = openpyxl.load_workbook(io.BytesIO(client.get("/laporan/ikm.xlsx").data))
    sheet = [list(row) for row in book.active.iter_rows(values_only=True)]
    header = sheet.index(["Kode", "Unsur pelayanan", "Responden", "NRR", "NRR tertimbang", "Mutu"])
    assert sheet[header + 1] == ["U1", "Persyaratan", 4, 3.5, 0.39, "B"]
    assert sheet[-1][4] == 80.56 and len(sheet) - header == len(rows)


def test_filters(rated, client):
    login(client, "kepala")
    day = dt.date(2026, 11, 23)  # the test clock's day
    later = client.get("/laporan/ikm", query_string={"dari": "2026-12-01", "sampai": "2026-12-31"})
    assert "data-ikm-respondents>0<" in later.text and "Belum ada penilaian" in later.text
    same = client.get("/laporan/ikm", query_string={"dari": day.isoformat(), "layanan": "ktp-baru"})
    assert "data-ikm-respondents>4<" in same.text
    other = client.get("/laporan/ikm", query_string={"dari": day.isoformat(), "layanan": "kk-baru"})
    assert "data-ikm-respondents>0<" in other.text
    for bad in (
        {"dari": "kemarin"},
        {"dari": "2026-11-30", "sampai": "2026-11-01"},
        {"layanan": "tidak-ada"},
    ):  # a clear Indonesian message, never a 500
        refused = client.get("/laporan/ikm", query_string=bad)
        assert refused.status_code == 400, bad


def test_only_report_readers(rated, client):
    login(client, "lapangan")
    assert client.get("/laporan/ikm").status_code == 403


def test_a_regency_account_picks_an_office(rated, client):
    from kiosk.auth.service import create_user

    with rated.app_context():
        other = Office(
            code="lain",
            name="Desa Lain",
            office_hours="always",
            created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
        db.session.add(other)
        db.session.commit()
        create_user(
            "kabupaten",
            "satupintu-kab-1",
            "kepala",
            "Kabupaten",
            check_policy=False,
            office_id=None,
        )
    login(client, "kabupaten", "satupintu-kab-1")
    every = client.get("/laporan/ikm", query_string={"dari": "2026-11-23"})
    assert "data-ikm-respondents>4<" in every.text and "Desa Lain" in every.text
    lain = client.get("/laporan/ikm", query_string={"dari": "2026-11-23", "kantor": "lain"})
    assert "data-ikm-respondents>0<" in lain.text
