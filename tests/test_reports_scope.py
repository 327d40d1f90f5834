"""Who sees which offices on /laporan: an office account only its own, a regency account every
office, one kecamatan's or one office's; DTKS proposals per dusun; the monthly A4 page."""

from __future__ import annotations

import datetime as dt

import pytest
from reports_support import at, first_office_id, make_file, make_ticket, page_table
from staff_support import PASSWORD, login, seed

from kiosk.auth.service import create_user
from kiosk.extensions import db
from kiosk.models import DtksProposal, Household
from kiosk.offices.service import create_office, update_office
from kiosk.offices.settings import OfficeSettingsError
from kiosk.reports.ikm.index import CODES
from kiosk.reports.ikm.service import record_survey

pytestmark = pytest.mark.data_layer
D = dt.date


@pytest.fixture
def two_offices(app):
    """Office A (the first, kecamatan 330101) with one overdue file; office B (kecamatan
    330102) with two; a kepala in A and a regency kepala."""
    seed(app)
    with app.test_request_context():
        first = first_office_id()
        update_office(first, {"region_code": "330101"})
        second = create_office("desa-b", "Kantor Desa Beta", region_code="330102").id
        make_file("kk-baru", "diterima", at(11, 2), D(2026, 11, 16))
        for day in (3, 4):
            make_file("kk-baru", "diterima", at(11, day), D(2026, 11, 17), office_id=second)
        create_user("kabupaten", PASSWORD, "kepala", check_policy=False, office_id=None)
    return first, second


def overdue(client, query: str = "") -> str:
    page = client.get(f"/laporan{query}")
    assert page.status_code == 200, page.text
    return page.text.split('data-headline-value="lewat_batas">')[1].split("<")[0]


def test_an_office_account_sees_only_its_own_office(app, two_offices):
    with app.app_context():
        kepala = app.test_client()
        assert login(kepala, "kepala").status_code == 302
        assert overdue(kepala) == "1"
        assert overdue(kepala, "?kantor=desa-b&kecamatan=330102") == "1"  # ignored
        page = kepala.get("/laporan").text
        assert 'name="kantor"' not in page and 'data-table="kantor"' not in page
        assert "1" == page_table(page, "tenggat")[1][-1][2]


def test_a_regency_account_reads_all_offices_one_kecamatan_or_one_office(app, two_offices):
    with app.app_context():
        regency = app.test_client()
        assert login(regency, "kabupaten").status_code == 302
        assert overdue(regency) == "3"
        page = regency.get("/laporan").text
        assert 'name="kantor"' in page and 'name="kecamatan"' in page
        header, rows = page_table(page, "kantor")
        assert header[:3] == ["Kantor", "Berkas terbuka", "Lewat batas waktu"]
        assert rows == [
            ["Kantor Desa Beta", "2", "2", "", "0", "", "0", ""],
            ["Kantor Desa Uji", "1", "1", "", "0", "", "0", ""],
        ]
        assert overdue(regency, "?kantor=desa-b") == "2"
        assert overdue(regency, "?kecamatan=330101") == "1"
        assert 'data-table="kantor"' not in regency.get("/laporan?kantor=desa-b").text
        assert regency.get("/laporan?kantor=tidak-ada").status_code == 400
        assert regency.get("/laporan?kecamatan=12").status_code == 400
        assert regency.get("/laporan/kantor.csv").text.splitlines()[1:] == [
            "Kantor Desa Beta,2,2,,0,,0,",
            "Kantor Desa Uji,1,1,,0,,0,",
        ]
        assert regency.get("/laporan/kantor.csv?kantor=desa-b").status_code == 404
        monthly = regency.get("/laporan/bulanan?bulan=2026-11&kecamatan=330102").text
        assert "KANTOR DESA BETA" in monthly.split("data-letterhead>")[1].split("</header>")[0]
        both = regency.get("/laporan/bulanan?bulan=2026-11").text
        assert "Camat" in both.split("data-signature>")[1]
        assert page_table(both, "kantor")[1][0][0] == "Kantor Desa Beta"


def _ikm_value(page: str, key: str) -> str:
    return page.split(f"data-ikm-{key}>")[1].split("<")[0].strip()


def test_a_service_over_several_offices_counts_that_service_in_each(app, two_offices):
    """?layanan= with every office: the IKM counts the service's ratings and people served in
    each office, not only the first office's service."""
    first, second = two_offices
    with app.app_context():
        for office_id, code, answer in ((first, "kk-baru", 4), (second, "kk-baru", 2)):
            ticket = make_ticket(code, at(11, 5), "done", office_id=office_id)
            rated = record_survey(dict.fromkeys(CODES, answer), office_id=office_id, ticket=ticket)
            rated.day = ticket.day
        make_ticket("kk-baru", at(11, 6), "done", office_id=second)  # served, not rated
        other = make_ticket("ktp-baru", at(11, 5), "done", office_id=first)
        record_survey(dict.fromkeys(CODES, 1), office_id=first, ticket=other).day = other.day
        db.session.commit()
        regency = app.test_client()
        assert login(regency, "kabupaten").status_code == 302
        period = "dari=2026-11-01&sampai=2026-11-30"
        page = regency.get(f"/laporan/ikm?{period}&layanan=kk-baru").text
        assert _ikm_value(page, "respondents") == "2"
        assert _ikm_value(page, "population") == "3"
        assert _ikm_value(page, "index") == "75,00"  # mean answer 3 of 4, both offices
        assert _ikm_value(regency.get(f"/laporan/ikm?{period}").text, "respondents") == "3"
        headline = regency.get(f"/laporan?{period}&layanan=kk-baru").text
        assert 'data-headline-value="ikm">75,00<' in headline


def test_dtks_proposals_per_dusun_by_stage(app):
    seed(app)
    with app.test_request_context():
        for dusun, status, made in (
            ("Krajan", "diusulkan", at(11, 2)),
            ("Krajan", "masuk_daftar_musyawarah", at(11, 5)),
            ("Sumber", "diusulkan", at(11, 9)),
            ("Sumber", "diusulkan", at(10, 9)),  # October: another period
        ):
            case = make_file("dtks", status, made, None)
            home = Household(dusun=dusun, created_at=made, office_id=case.office_id)
            db.session.add(home)
            db.session.flush()
            db.session.add(
                DtksProposal(
                    office_id=case.office_id,
                    file_id=case.id,
                    household_id=home.id,
                    channel="desk",
                    created_at=made,
                )
            )
        db.session.commit()
    client = app.test_client()
    login(client, "kepala")
    header, rows = page_table(client.get("/laporan").text, "dtks")
    assert header == ["Dusun", "Usulan", "Diusulkan", "Masuk daftar musyawarah desa"]
    assert rows == [["Krajan", "2", "1", "1"], ["Sumber", "1", "1", "0"], ["Jumlah", "3", "2", "1"]]


def test_the_monthly_page_has_the_letterhead_tables_and_signature(app):
    seed(app)
    with app.test_request_context():
        update_office(
            first_office_id(),
            {
                "regency_name": "Sleman",
                "district_name": " Ngaglik ",
                "head_name": "Sri Wahyuni",
                "address": "Jl. Kaliurang km 9",
                "phone": "0274 123456",
            },
        )
        make_file("kk-baru", "diterima", at(11, 2), D(2026, 11, 16))
    client = app.test_client()
    login(client, "kepala")
    page = client.get("/laporan/bulanan?bulan=2026-11")
    assert page.status_code == 200
    html = page.text
    letterhead = html.split("data-letterhead>")[1].split("</header>")[0]
    for line in ("PEMERINTAH KABUPATEN SLEMAN", "KECAMATAN NGAGLIK", "KANTOR DESA UJI"):
        assert line in letterhead
    assert "Jl. Kaliurang km 9" in letterhead and "0274 123456" in letterhead
    assert "1 November 2026 s.d. 30 November 2026" in html
    assert page_table(html, "tenggat")[1][-1] == ["Jumlah", "1", "1", "0", "0"]
    signature = html.split("data-signature>")[1]
    assert "Uji, 23 November 2026" in signature  # signed today, within the month
    assert "Kepala Desa" in signature and "Sri Wahyuni" in signature
    october = client.get("/laporan/bulanan?bulan=2026-10").text
    assert "31 Oktober 2026" in october.split("data-signature>")[1]


def test_letterhead_settings_are_checked(app):
    with app.test_request_context():
        office = first_office_id()
        saved = update_office(office, {"head_title": "  ", "regency_name": "Kota  Batu"})
        assert saved.head_title == "Kepala Desa" and saved.regency_name == "Kota Batu"
        with pytest.raises(OfficeSettingsError):
            update_office(office, {"head_name": "x" * 121})
