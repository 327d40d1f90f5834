"""The village meeting: building the list, decisions that move the file at once, closing,
minutes numbers, and pages that never show a full NIK or KK."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from staff_support import login, seed, user

from kiosk.extensions import db
from kiosk.files.service import change_status
from kiosk.models import FileHistory, Household, Person, VillageMeeting
from kiosk.welfare.dtks.service import propose
from kiosk.welfare.meeting import service
from kiosk.welfare.meeting.words import date_words, number_words

pytestmark = pytest.mark.data_layer

WHEN = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)  # 09.00 in Jakarta, a Tuesday
HOMES = {
    # name: (dusun, rt, KK, head's NIK)
    "Siti Aminah": ("Krajan", "001", "3509011503150001", "3509015507800001"),
    "Bambang Susilo": ("Krajan", "002", "3509011503150002", "3509011208750002"),
    "Wagiman": ("Sumber", "001", "3509011503150003", "3509010101600003"),
}


@pytest.fixture
def desk(app, clock):
    """Accounts, three households listed for the meeting; {name: proposal id}."""
    clock.set(2026, 3, 12, 9, 0)
    seed(app)
    with app.test_request_context():
        officer = user("petugas1")
        listed = {}
        for name, (dusun, rt, kk, nik) in HOMES.items():
            home = Household(kk_number=kk, address="Jl. Mawar", dusun=dusun, rt=rt, created_at=WHEN)
            db.session.add(home)
            db.session.add(
                Person(
                    name=name,
                    name_key=name.lower(),
                    nik=nik,
                    relation="kepala_keluarga",
                    household=home,
                    created_at=WHEN,
                )
            )
            db.session.commit()
            case = propose(home, "baru", officer, channel="desk")
            change_status(case, "diverifikasi", None, officer, via="visit")
            change_status(case, "masuk_daftar_musyawarah", None, officer)
            listed[name] = _proposal_id(case)
        return listed


def _proposal_id(case) -> int:
    from kiosk.welfare.dtks.service import proposal_of

    return proposal_of(case).id


def _meeting(dusun=None, rt=None, held_at=WHEN, kind="musdes") -> VillageMeeting:
    return service.save_meeting(
        None,
        user("petugas1"),
        kind=kind,
        held_at=held_at,
        place="Balai Desa",
        dusun=dusun,
        rt=rt,
        chair_name="Kepala Desa Sugeng",
        secretary_name="Sekdes Rina",
    )


def _names(rows) -> list[str]:
    return [row.proposal.household.members[0].name for row in rows]


def test_the_list_follows_the_area_and_a_proposal_sits_on_one_meeting_at_a_time(app, desk):
    with app.test_request_context():
        krajan = _meeting("Krajan")
        assert {p.id for p in service.candidates(krajan)} == {
            desk["Siti Aminah"],
            desk["Bambang Susilo"],
        }
        assert [p.id for p in service.candidates(_meeting("Krajan", "002"))] == [
            desk["Bambang Susilo"]
        ]
        assert service.add_proposals(krajan, None) == 2
        village = _meeting()
        assert [p.id for p in service.candidates(village)] == [desk["Wagiman"]]
        with pytest.raises(service.MeetingRefused):
            service.add_proposals(village, [desk["Siti Aminah"]])
        siti = next(i for i in krajan.items if i.proposal_id == desk["Siti Aminah"])
        service.remove_item(krajan, siti.id)
        assert desk["Siti Aminah"] in {p.id for p in service.candidates(village)}
        service.open_meeting(krajan)
        with pytest.raises(service.MeetingRefused):
            service.add_proposals(krajan, None)  # the list is fixed once the meeting opens


def test_decisions_move_the_file_at_once_and_not_agreed_needs_the_reason(app, desk):
    with app.test_request_context():
        meeting = _meeting()
        service.add_proposals(meeting, None)
        items = {i.proposal_id: i for i in meeting.items}
        chair = user("kepala")
        first = items[desk["Siti Aminah"]]
        with pytest.raises(service.MeetingRefused):  # not before the meeting is open
            service.decide(meeting, first.id, "setuju", None, chair)
        service.open_meeting(meeting)
        service.decide(meeting, first.id, "setuju", None, chair)
        case = first.proposal.file
        assert case.status == "disepakati_musyawarah" and not case.closed
        second = items[desk["Wagiman"]]
        with pytest.raises(service.MeetingInputError):
            service.decide(meeting, second.id, "tidak_setuju", "  ", chair)
        assert second.proposal.file.status == "masuk_daftar_musyawarah"
        service.decide(meeting, second.id, "tidak_setuju", "Rumah layak, punya usaha", chair)
        refused = second.proposal.file
        assert refused.status == "tidak_disepakati_musyawarah" and refused.closed
        history = db.session.scalars(
            select(FileHistory).where(FileHistory.file_id == refused.id).order_by(FileHistory.id)
        ).all()
        last = history[-1]
        assert (last.kind, last.status, last.note) == (
            "status",
            "tidak_disepakati_musyawarah",
            "Rumah layak, punya usaha",
        )
        assert last.user_id == chair.id
        assert (second.decision, second.reason) == ("tidak_setuju", "Rumah layak, punya usaha")


def test_a_decision_is_corrected_while_open_and_the_history_says_so(app, desk):
    with app.test_request_context():
        meeting = _meeting("Sumber")
        service.add_proposals(meeting, None)
        service.open_meeting(meeting)
        item, chair = meeting.items[0], user("kepala")
        service.decide(meeting, item.id, "setuju", None, chair)
        service.decide(meeting, item.id, "tidak_setuju", "Salah baca: rumah sudah permanen", chair)
        case = item.proposal.file
        assert case.status == "tidak_disepakati_musyawarah"
        service.decide(meeting, item.id, "tidak_setuju", "Rumah permanen, punya mobil", chair)
        notes = [
            (row.kind, row.status, row.note)
            for row in db.session.scalars(
                select(FileHistory).where(FileHistory.file_id == case.id).order_by(FileHistory.id)
            )
        ][-3:]
        assert notes == [
            ("status", "disepakati_musyawarah", None),
            (
                "status",
                "tidak_disepakati_musyawarah",
                "Koreksi keputusan musyawarah: Salah baca: rumah sudah permanen",
            ),
            ("note", None, "Koreksi keputusan musyawarah: Rumah permanen, punya mobil"),
        ]
        assert item.reason == "Rumah permanen, punya mobil"
        change_status(case, "sanggahan", "Keberatan keluarga", chair, via="objection")
        with pytest.raises(service.MeetingRefused):  # the file moved on: no correction here
            service.decide(meeting, item.id, "setuju", None, chair)
        assert case.status == "sanggahan"


def test_closing_keeps_undecided_rows_listed_and_numbers_minutes_per_office_and_year(app, desk):
    with app.test_request_context():
        meeting = _meeting("Krajan")
        service.add_proposals(meeting, None)
        service.open_meeting(meeting)
        decided = next(i for i in meeting.items if i.proposal_id == desk["Siti Aminah"])
        service.decide(meeting, decided.id, "setuju", None, user("kepala"))
        service.close_meeting(meeting)
        assert (meeting.state, meeting.minutes_year, meeting.minutes_number) == (
            "closed",
            2026,
            1,
        )
        waiting = next(i for i in meeting.items if i.proposal_id == desk["Bambang Susilo"])
        assert waiting.decision is None
        assert waiting.proposal.file.status == "masuk_daftar_musyawarah"
        with pytest.raises(service.MeetingRefused):
            service.decide(meeting, waiting.id, "setuju", None, user("kepala"))
        next_one = _meeting()
        assert {p.id for p in service.candidates(next_one)} == {
            desk["Bambang Susilo"],
            desk["Wagiman"],
        }
        service.add_proposals(next_one, [desk["Bambang Susilo"]])
        service.open_meeting(next_one)
        service.close_meeting(next_one)
        assert next_one.minutes_number == 2
        new_year = _meeting(held_at=dt.datetime(2027, 1, 5, 2, 0, tzinfo=dt.UTC))
        service.add_proposals(new_year, [desk["Wagiman"]])
        service.open_meeting(new_year)
        service.close_meeting(new_year)
        assert (new_year.minutes_year, new_year.minutes_number) == (2027, 1)


def test_list_print_and_minutes_pages_show_no_full_nik_or_kk(app, desk):
    with app.test_request_context():
        meeting = _meeting()
        service.add_proposals(meeting, None)
        service.open_meeting(meeting)
        service.add_attendee(meeting, "Sugeng", "kepala_desa", True)
        for item in meeting.items:
            service.decide(meeting, item.id, "tidak_setuju", "Pindah ke luar desa", user("kepala"))
        service.close_meeting(meeting)
        meeting_id = meeting.id
    client = app.test_client()
    login(client, "kepala")
    base = f"/puskesos/musyawarah/{meeting_id}"
    pages = {url: client.get(url) for url in (base, f"{base}/cetak", f"{base}/berita-acara")}
    for url, page in pages.items():
        assert page.status_code == 200, url
        for name, (_dusun, _rt, kk, nik) in HOMES.items():
            assert name in page.text, url
            assert kk not in page.text and nik not in page.text, url
            assert f"{kk[:4]}**********{kk[-2:]}" in page.text, url
    minutes = pages[f"{base}/berita-acara"].text
    assert "BERITA ACARA MUSYAWARAH DESA" in minutes
    assert "Nomor: 001/BA-MUSDES/III/2026" in minutes
    assert "Pada hari ini Selasa tanggal sepuluh bulan Maret tahun dua ribu dua puluh enam" in (
        minutes
    )
    assert "pukul 09.00 WIB bertempat di Balai Desa" in minutes
    assert "data-total-not-agreed>3<" in minutes and "data-draft" not in minutes


def test_a_decision_over_htmx_swaps_the_row_and_refuses_without_reason(app, desk):
    with app.test_request_context():
        meeting = _meeting("Sumber")
        service.add_proposals(meeting, None)
        service.open_meeting(meeting)
        meeting_id, item_id = meeting.id, meeting.items[0].id
    client = app.test_client()
    login(client, "kepala")
    url = f"/puskesos/musyawarah/{meeting_id}/keputusan/{item_id}"
    htmx = {"HX-Request": "true"}
    refused = client.post(url, data={"decision": "tidak_setuju", "reason": ""}, headers=htmx)
    assert refused.status_code == 400
    assert "data-row-error" in refused.text and refused.text.lstrip().startswith("<tr")
    agreed = client.post(url, data={"decision": "setuju", "reason": ""}, headers=htmx)
    assert agreed.status_code == 200 and 'data-decision="setuju"' in agreed.text
    field_officer = app.test_client()
    login(field_officer, "lapangan")
    assert field_officer.post(url, data={"decision": "setuju"}).status_code == 403


def test_numbers_and_dates_in_words():
    assert number_words(11) == "sebelas"
    assert number_words(15) == "lima belas"
    assert number_words(111) == "seratus sebelas"
    assert number_words(1000) == "seribu"
    assert number_words(2026) == "dua ribu dua puluh enam"
    assert number_words(31) == "tiga puluh satu"
    assert date_words(dt.date(2026, 12, 3)) == (
        "tanggal tiga bulan Desember tahun dua ribu dua puluh enam"
    )


def test_the_welfare_home_shows_the_next_meeting_and_how_many_wait(app, desk):
    with app.test_request_context():
        meeting = _meeting("Krajan")
        service.add_proposals(meeting, None)
        meeting_id = meeting.id
    client = app.test_client()
    login(client, "kepala")
    home = client.get("/puskesos")
    assert home.status_code == 200 and "data-home-meeting" in home.text
    assert f'href="/puskesos/musyawarah/{meeting_id}"' in home.text
    assert "Usulan menunggu dimasukkan ke musyawarah: 1" in home.text


def test_bad_input_gets_a_clear_message_never_a_500(app, desk):
    with app.test_request_context():
        meeting = _meeting("Sumber")
        service.add_proposals(meeting, None)
        service.open_meeting(meeting)
        meeting_id, item_id = meeting.id, meeting.items[0].id
    client = app.test_client()
    login(client, "petugas1")
    assert client.get("/puskesos/musyawarah/999").status_code == 404
    empty = client.post("/puskesos/musyawarah/baru", data={"kind": "musdes"})
    assert empty.status_code == 400 and "Isi tanggal musyawarah." in empty.text
    rt_only = client.post(
        "/puskesos/musyawarah/baru",
        data={
            "kind": "musdes",
            "day": "2026-03-20",
            "time": "09:00",
            "place": "Balai Desa",
            "rt": "001",
            "chair_name": "Sugeng",
            "secretary_name": "Rina",
        },
    )
    assert rt_only.status_code == 400 and "Pilih dusun dulu" in rt_only.text
    base = f"/puskesos/musyawarah/{meeting_id}"
    odd = client.post(f"{base}/keputusan/{item_id}", data={"decision": "mungkin"})
    assert odd.status_code == 400 and "Pilih Setuju atau Tidak setuju." in odd.text
    assert client.post(f"{base}/keputusan/999", data={"decision": "setuju"}).status_code == 404
    nobody = client.post(f"{base}/hadir", data={"name": " ", "role": "warga"})
    assert nobody.status_code == 400 and "Isi nama peserta." in nobody.text
    draft = client.get(f"{base}/berita-acara")
    assert "data-draft" in draft.text and "Nomor: …/BA-MUSDES/…/…" in draft.text
