"""Requirement sheets (/lembar) and the outreach schedule: every active service's sheet says
its papers, fee and time; the schedule merges the office hours' evening openings (holidays
skipped) with the sessions staff plan, per office; planning refuses what cannot be."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import select
from staff_support import login, seed

from kiosk.catalogue.service import active_services
from kiosk.extensions import db
from kiosk.hours import parse_office_hours
from kiosk.models import Office, OutreachSession, User
from kiosk.offices.service import acting_for, create_office
from kiosk.outreach.demo import seed_outreach_demo
from kiosk.outreach.period import Period, month_period, next_month, parse_month
from kiosk.outreach.service import (
    SessionInput,
    add_session,
    check_session,
    schedule,
)
from kiosk.outreach.sheet import paper_lines
from kiosk.outreach.weekly import HoursRow, weekly_rows
from kiosk.queue.labels import time_standard_text

HOURS = "mon-thu 08:00-15:00; fri 08:00-11:00,13:00-15:00; tue,thu 19:00-21:00"
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
TODAY = dt.date(2026, 11, 23)  # the clock fixture's Monday


@pytest.fixture
def app_config(app_config):
    """A real office's week: two evening sessions (Tuesday, Thursday)."""
    return {**app_config, "OFFICE_HOURS": HOURS}


def _typed(**changes) -> SessionInput:
    values = {
        "kind": "jemput_bola",
        "day": TODAY + dt.timedelta(days=3),
        "start": dt.time(9),
        "end": dt.time(12),
        "place": "Dusun Krajan RT 01",
        "services": ("akta-kelahiran",),
        "note": "",
    }
    return SessionInput(**{**values, **changes})


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.data_layer
def test_every_active_service_has_a_sheet_with_its_papers_fee_and_time(app, phone):
    with app.app_context():
        services = [
            (s.code, s.text("name"), s.is_free, [r.text("label") for r in s.requirements],
             time_standard_text(s, "id"))
            for s in active_services()
        ]  # fmt: skip
    assert len(services) >= 15
    for code, name, free, labels, time_words in services:
        response = phone.get(f"/lembar/{code}")
        assert response.status_code == 200, code
        text = _text(response)
        assert name in text, code
        for label in labels:
            assert label in text, (code, label)
        assert ("GRATIS" in text) if free else ("Rp" in text), code
        # "14 hari kerja", or the first sentence of a "no promise" note
        assert time_words.split(".")[0] in text, code
        assert "Bawa struk dan kode berkas untuk melihat status" in text
        assert "Laporkan lewat kios: Lapor / Pengaduan" in text
        assert "Layanan malam" in text  # the Tuesday and Thursday evenings


def test_print_all_holds_one_sheet_per_active_service_in_catalogue_order(app, phone):
    with app.app_context():
        codes = [s.code for s in active_services()]
    text = phone.get("/lembar/semua").get_data(as_text=True)
    found = [part.split('"', 1)[0] for part in text.split('data-sheet="')[1:]]
    assert found == codes


def test_an_unknown_or_retired_service_is_a_404_in_indonesian(app, phone):
    for code in ("tidak-ada", "kis-tukar"):  # kis-tukar is retired in services.yaml
        response = phone.get(f"/lembar/{code}")
        assert response.status_code == 404
        assert "Layanan itu tidak ada" in _text(response)


def test_the_sheet_shows_the_village_need_and_the_alternatives_as_the_kiosk_does(app, phone):
    text = _text(phone.get("/lembar/ktp-hilang-rusak"))
    assert text.count("Salah satu dari:") == 1
    assert "untuk arsip desa; bisa difotokopi di kantor desa" in _text(phone.get("/lembar/sktm"))
    assert "Jika ada" in _text(phone.get("/lembar/kis"))  # an optional paper without a condition


def test_paper_lines_put_alternatives_together_where_the_first_stands(ctx):
    (service,) = [s for s in active_services() if s.code == "akta-kelahiran"]
    lines = paper_lines(list(service.requirements))
    assert [[item.code for item in line.items] for line in lines] == [
        ["surat-lahir", "sptjm-kelahiran"],
        ["buku-nikah-ortu", "sptjm-pasutri"],
        ["kk"],
        ["ktp-ortu"],
    ]
    assert [line.always_needed for line in lines] == [False, False, True, True]


def test_weekly_rows_group_days_and_put_evenings_on_rows_of_their_own():
    rows = weekly_rows(parse_office_hours(HOURS), DAYS)
    assert rows == [
        HoursRow("Senin–Kamis", ("08.00–15.00",), False),
        HoursRow("Jumat", ("08.00–11.00", "13.00–15.00"), False),
        HoursRow("Selasa, Kamis", ("19.00–21.00",), True),
    ]
    assert weekly_rows(parse_office_hours("always"), DAYS) == []


def test_schedule_validation_says_what_is_wrong_in_indonesian():
    hours, known = parse_office_hours(HOURS), {"akta-kelahiran", "kia"}

    def problems(**changes) -> dict[str, str]:
        return check_session(_typed(**changes), TODAY, known, hours)

    assert problems() == {}
    assert problems(day=TODAY - dt.timedelta(days=1)) == {
        "tanggal": "Tanggal sudah lewat. Pilih hari ini atau tanggal yang akan datang."
    }
    assert problems(start=dt.time(12), end=dt.time(9)) == {
        "selesai": "Jam selesai harus sesudah jam mulai."
    }
    assert problems(services=("akta-kelahiran", "paspor")) == {
        "layanan": "Layanan tidak dikenal: paspor."
    }
    assert set(problems(place="  ", kind="ronda")) == {"tempat", "jenis"}
    assert set(problems(day=None, start=None)) == {"tanggal", "mulai"}
    evening = {"kind": "layanan_malam", "start": dt.time(19), "end": dt.time(21)}
    wednesday, thursday = TODAY + dt.timedelta(days=2), TODAY + dt.timedelta(days=3)
    assert problems(**evening, day=wednesday) == {}
    assert "sudah berisi layanan malam" in problems(**evening, day=thursday)["mulai"]
    # On a holiday the office is closed: an extra evening that day clashes with nothing.
    assert check_session(_typed(**evening, day=thursday), TODAY, known, hours, {thursday}) == {}
    assert "17.00" in problems(kind="layanan_malam", start=dt.time(15), end=dt.time(18))["mulai"]


@pytest.mark.data_layer
def test_evening_openings_come_from_the_hours_skipping_holidays_and_not_twice(ctx):
    stored = add_session(
        _typed(kind="layanan_malam", day=dt.date(2026, 12, 2), start=dt.time(19), end=dt.time(21),
               place="Balai Dusun Sumberejo", services=()),
        None,
    )  # fmt: skip
    # An evening already in the hours, stored before the hours had it: shown once.
    db.session.add(
        OutreachSession(office_id=stored.office_id, kind="layanan_malam", day=dt.date(2026, 12, 1),
                        start=dt.time(19), end=dt.time(21), place="Kantor desa", services=[],
                        created_at=stored.created_at)
    )  # fmt: skip
    db.session.commit()
    entries = schedule(dt.date(2026, 11, 30), dt.date(2026, 12, 27))
    evenings = [(e.day, e.from_hours) for e in entries if e.kind == "layanan_malam"]
    assert evenings == [
        (dt.date(2026, 12, 1), False),  # Tuesday: the stored one stands for the hours' one
        (dt.date(2026, 12, 2), False),  # Wednesday: the extra session at the balai dusun
        (dt.date(2026, 12, 3), True),
        (dt.date(2026, 12, 8), True),
        (dt.date(2026, 12, 10), True),
        (dt.date(2026, 12, 15), True),
        (dt.date(2026, 12, 17), True),
        (dt.date(2026, 12, 22), True),
        # Thursday 24 December: cuti bersama Natal, the office is closed.
    ]


@pytest.mark.data_layer
def test_another_offices_sessions_never_show(app, phone):
    with app.app_context():
        other = create_office("desa-b", "Kantor Desa Beta", office_hours="mon-fri 08:00-15:00")
        with acting_for(other.id):
            session = add_session(_typed(place="Dusun Beta RT 09"), None)
        session_id, other_code = session.id, other.code
        seed(app)
    assert "Dusun Beta RT 09" not in _text(phone.get("/lembar/jadwal"))
    assert "Dusun Beta RT 09" not in _text(phone.get("/lembar/akta-kelahiran"))
    assert "Dusun Beta RT 09" in _text(phone.get(f"/lembar/jadwal?kantor={other_code}"))
    admin = app.test_client()
    login(admin, "admin")  # an account of the first office
    assert "Dusun Beta RT 09" not in _text(admin.get("/lembar/jadwal/ubah"))
    assert admin.post(f"/lembar/jadwal/{session_id}/hapus").status_code == 404
    with app.app_context():
        assert db.session.get(OutreachSession, session_id) is not None


@pytest.mark.data_layer
def test_staff_plan_and_remove_a_session_and_the_sheets_show_it(app, phone):
    seed(app)
    petugas = app.test_client()
    login(petugas, "petugas1")
    form = {
        "jenis": "jemput_bola",
        "tanggal": "2026-11-26",
        "mulai": "09:00",
        "selesai": "12:00",
        "tempat": "Posyandu Melati, Dusun Sumberejo",
        "layanan": ["akta-kelahiran", "kia"],
    }
    refused = petugas.post("/lembar/jadwal/ubah", data={**form, "selesai": "08:00"})
    assert refused.status_code == 422
    assert "Jam selesai harus sesudah jam mulai." in _text(refused)
    unreadable = petugas.post("/lembar/jadwal/ubah", data={**form, "tanggal": "besok"})
    assert unreadable.status_code == 422
    assert "Tanggal tidak bisa dibaca" in _text(unreadable)
    saved = petugas.post("/lembar/jadwal/ubah", data=form)
    assert saved.status_code == 303
    with app.app_context():
        (row,) = db.session.scalars(select(OutreachSession))
        assert row.services == ["akta-kelahiran", "kia"]
        assert row.created_by_id == db.session.scalar(
            select(User.id).where(User.username == "petugas1")
        )
        row_id = row.id
    assert "Posyandu Melati" in _text(phone.get("/lembar/jadwal"))
    assert "Posyandu Melati" in _text(phone.get("/lembar/kia"))
    assert "Posyandu Melati" not in _text(phone.get("/lembar/ktp-baru"))  # not served there
    kepala = app.test_client()
    login(kepala, "kepala")
    assert kepala.post(f"/lembar/jadwal/{row_id}/hapus").status_code == 403
    assert petugas.post(f"/lembar/jadwal/{row_id}/hapus").status_code == 303
    assert "Posyandu Melati" not in _text(phone.get("/lembar/jadwal"))


def test_the_schedule_page_covers_a_month_on_request_and_refuses_a_bad_one(app, phone):
    december = _text(phone.get("/lembar/jadwal?bulan=2026-12"))
    assert "Desember 2026" in december
    assert december.count("data-from-hours") == 9  # 10 Tue/Thu evenings, 24 Dec closed
    bad = phone.get("/lembar/jadwal?bulan=2026-13")
    assert bad.status_code == 400
    assert "Bulan tidak bisa dibaca" in _text(bad)


def test_the_sheets_are_public_and_planning_is_for_staff(app, phone):
    seed(app)
    with app.app_context():
        office = db.session.scalar(select(Office).order_by(Office.id))
        office_name = office.name
    for url in ("/lembar", "/lembar/semua", "/lembar/jadwal", "/lembar/qr.svg"):
        assert phone.get(url).status_code == 200, url
    assert office_name.upper() in _text(phone.get("/lembar/jadwal"))
    assert phone.get("/lembar/jadwal/ubah").status_code == 302  # staff only: to the login


def test_a_printed_month_starts_today_when_it_is_the_current_one():
    assert parse_month("2026-12") == dt.date(2026, 12, 1)
    assert parse_month("2026-13") is None and parse_month("2026-1") is None
    assert month_period(dt.date(2026, 11, 1), TODAY) == Period(
        TODAY, dt.date(2026, 11, 30), dt.date(2026, 11, 1)
    )
    assert next_month(dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)


def test_the_demo_plans_its_sessions_once(ctx):
    assert seed_outreach_demo() >= 3
    assert seed_outreach_demo() == 0
    assert all(entry.day >= TODAY for entry in schedule(TODAY, TODAY + dt.timedelta(days=30)))
