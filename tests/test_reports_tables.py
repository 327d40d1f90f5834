"""/laporan against a seeded scenario: every number computed by hand here (the clock stands
at Monday 23 November 2026, 09:00 in Jakarta; the default period is November 2026)."""

from __future__ import annotations

import datetime as dt

import pytest
from reports_support import (
    at,
    csv_table,
    make_complaint,
    make_file,
    make_ticket,
    page_table,
    service_name,
    xlsx_sheets,
)
from sqlalchemy import func, select
from staff_support import login, seed

from kiosk.extensions import db
from kiosk.models import DataAccess

pytestmark = pytest.mark.data_layer
D = dt.date


@pytest.fixture
def kepala(app, client):
    """The demo accounts, the kepala desa logged in."""
    seed(app)
    assert login(client, "kepala").status_code == 302
    return client


def seed_files() -> None:
    """Seven open files, five that reached "ready" or closed, in November and before."""
    make_file("ktp-baru", "diterima", at(11, 20), D(2026, 11, 27))  # 3 days, due soon
    make_file("ktp-baru", "menunggu_blanko", at(11, 3), D(2026, 11, 10))  # paused, 20 days
    make_file("kk-baru", "diteruskan", at(11, 13), D(2026, 11, 20))  # overdue, 10 days
    make_file("kk-baru", "diterima", at(11, 22), D(2026, 12, 15))  # 1 day, not due soon
    make_file("sktm", "diterima", at(11, 23, 8), D(2026, 11, 24))  # today, due soon
    make_file("ktp-baru", "siap_diambil", at(11, 5), D(2026, 11, 6))  # ready on time, 18 days
    make_file("domisili", "siap_diambil", at(11, 19), None)  # ready, no standard, 4 days
    # Closed: ready on 10 Nov (due 11 Nov): on time.
    make_file(
        "kk-baru", "diambil", at(11, 12), D(2026, 11, 11), closed=True,
        history=(("diterima", at(11, 2)), ("siap_diambil", at(11, 10))),
    )  # fmt: skip
    # Closed: ready on 18 Nov (due 17 Nov): late.
    make_file(
        "sktm", "diambil", at(11, 19), D(2026, 11, 17), closed=True,
        history=(("siap_diambil", at(11, 18)),),
    )  # fmt: skip
    # Ready in October: another period. Returned: never finished.
    make_file(
        "kk-baru", "diambil", at(10, 21), D(2026, 10, 22), closed=True,
        history=(("siap_diambil", at(10, 20)),),
    )  # fmt: skip
    make_file("kk-baru", "dikembalikan", at(11, 15), D(2026, 11, 20), closed=True)


def by_service(*rows: list) -> list[list]:
    """Rows keyed by service code, in the page's order (by service name)."""
    return sorted(([service_name(code), *rest] for code, *rest in rows), key=lambda r: r[0])


def test_file_tables_match_a_hand_count(app, kepala):
    with app.app_context():
        seed_files()
        names = {code: service_name(code) for code in ("ktp-baru", "kk-baru", "sktm", "domisili")}
    page = kepala.get("/laporan")
    assert page.status_code == 200
    html = page.text

    _header, stages = page_table(html, "tahap-berkas")
    assert stages == [
        ["Diterima", "1", "0.0", "0"],  # the letter (sktm) received today
        ["Diterima di kantor desa", "2", "2.0", "3"],  # 3 and 1 days
        ["Diteruskan ke kecamatan/Disdukcapil", "1", "10.0", "10"],
        ["Menunggu blanko", "1", "20.0", "20"],
        ["Siap diambil", "2", "11.0", "18"],  # 18 and 4 days
        ["Jumlah", "7", "4.0", "20"],  # median of 0 1 3 4 10 18 20
    ]
    _header, due = page_table(html, "tenggat")
    with app.app_context():
        expected_due = by_service(
            ("ktp-baru", "3", "0", "1", "1"),
            ("kk-baru", "2", "1", "0", "0"),
            ("sktm", "1", "0", "1", "0"),
            ("domisili", "1", "0", "0", "0"),
        )
        expected_on_time = by_service(
            ("ktp-baru", "1", "1", "0", "0", "100.0"),
            ("kk-baru", "1", "1", "0", "0", "100.0"),
            ("sktm", "1", "0", "1", "0", "0.0"),
            ("domisili", "1", "0", "0", "1", ""),
        )
    assert due == [*expected_due, ["Jumlah", "7", "1", "2", "1"]]
    _header, on_time = page_table(html, "tepat-waktu")
    assert on_time == [*expected_on_time, ["Jumlah", "4", "2", "1", "1", "66.7"]]
    _header, blanko = page_table(html, "blanko")
    assert blanko == [
        [names["ktp-baru"], "1", "2026-11-03", "20"],
        ["Jumlah", "1", "2026-11-03", "20"],
    ]
    assert 'data-headline-value="lewat_batas">1<' in html
    assert 'data-headline-value="berkas_terbuka">7<' in html


def test_queue_table_reuses_the_statistics_arithmetic(app, kepala):
    with app.app_context():
        make_ticket(
            "ktp-baru", at(11, 20, 8), "done",
            called=at(11, 20, 8, 10), started=at(11, 20, 8, 12), finished=at(11, 20, 8, 22),
        )  # fmt: skip
        make_ticket(
            "ktp-baru", at(11, 20, 8, 5), "done",
            called=at(11, 20, 8, 35), started=at(11, 20, 8, 35), finished=at(11, 20, 8, 55),
        )  # fmt: skip
        make_ticket("ktp-baru", at(11, 20, 8, 10), "no_show", called=at(11, 20, 8, 40))
        make_ticket(
            "ktp-baru",
            at(10, 30, 8),
            "done",
            called=at(10, 30, 9),
            started=at(10, 30, 9),
            finished=at(10, 30, 10),
        )  # fmt: skip  (October: another period)
        make_ticket("kk-baru", at(11, 21, 9), "waiting")
        expected = by_service(
            # waits 10, 30, 30 min; services 10, 20 min; 1 no-show of 3 ended
            ("ktp-baru", "3", "2", "1", "23.3", "30.0", "15.0", "33.3"),
            ("kk-baru", "1", "0", "0", "", "", "", ""),
        )
    _header, rows = page_table(kepala.get("/laporan").text, "antrean")
    assert rows == [*expected, ["Jumlah", "4", "2", "1", "23.3", "30.0", "15.0", "33.3"]]
    filtered = kepala.get("/laporan?layanan=kk-baru").text
    _header, rows = page_table(filtered, "antrean")
    assert [row[:4] for row in rows] == [[expected[0][0], "1", "0", "0"], ["Jumlah", "1", "0", "0"]]


def test_complaints_counted_against_their_own_due_date(app, kepala):
    with app.app_context():
        make_complaint("pelayanan_lambat", at(11, 3), D(2026, 11, 12), "dijawab", at(11, 10))
        make_complaint("pelayanan_lambat", at(11, 18), D(2026, 11, 27), "baru")
        make_complaint("persyaratan", at(11, 4), D(2026, 11, 18), "selesai", at(11, 20))  # late
        make_complaint("persyaratan", at(10, 28), D(2026, 11, 4), "baru")  # October
    _header, rows = page_table(kepala.get("/laporan").text, "pengaduan")
    assert rows == [
        ["Pelayanan lambat", "2", "1", "1", "1", "100.0"],
        ["Persyaratan tidak jelas", "1", "0", "1", "0", "0.0"],
        ["Jumlah", "3", "1", "2", "1", "50.0"],
    ]


def test_csv_and_xlsx_hold_the_pages_tables_and_are_logged(app, kepala):
    with app.app_context():
        seed_files()
    html = kepala.get("/laporan?dari=2026-11-01&sampai=2026-11-30").text
    for key in ("tahap-berkas", "tenggat", "tepat-waktu", "blanko"):
        header, rows = page_table(html, key)
        response = kepala.get(f"/laporan/{key}.csv?dari=2026-11-01&sampai=2026-11-30")
        assert response.status_code == 200
        assert "attachment" in response.headers["Content-Disposition"]
        assert csv_table(response.data) == (header, rows)
    sheets = xlsx_sheets(kepala.get("/laporan/semua.xlsx").data)
    assert list(sheets)[:4] == ["tahap-berkas", "tenggat", "tepat-waktu", "blanko"]
    blanko = sheets["blanko"]
    assert blanko[0] == ("Menunggu blanko", None, None, None)
    assert "Kantor Desa Uji" in blanko[1][0] and "November 2026" in blanko[1][0]
    assert blanko[2] == ("Layanan", "Berkas", "Paling lama sejak", "Terlama (hari)")
    # Numbers as numbers, dates as dates.
    assert blanko[3][1:] == (1, dt.datetime(2026, 11, 3), 20)
    stages = sheets["tahap-berkas"]
    assert stages[-1] == ("Jumlah", 7, 4.0, 20)
    with app.app_context():
        exports = db.session.scalar(
            select(func.count(DataAccess.id)).where(DataAccess.kind == "export")
        )
    assert exports == 5  # four CSVs and one workbook


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("dari=2026-11-30&sampai=2026-11-01", "tidak boleh sebelum"),
        ("layanan=tidak-ada", "Layanan tidak dikenal"),
        ("dari=99999-01-01", "tidak sah"),
        ("sampai=2026-02-30", "tidak sah"),
        ("dari=2024-01-01&sampai=2026-01-01", "paling panjang satu tahun"),
    ],
)
def test_bad_filters_answer_400_in_indonesian(kepala, query, message):
    page = kepala.get(f"/laporan?{query}")
    assert page.status_code == 400
    assert message in page.text
    assert "data-report-filter" in page.text  # the form stays, to correct it
    download = kepala.get(f"/laporan/tenggat.csv?{query}")
    assert download.status_code == 400
    assert message in download.text
    assert kepala.get("/laporan/bulanan?bulan=2026-13").status_code == 400
    assert kepala.get("/laporan/tidak-ada.csv").status_code == 404
