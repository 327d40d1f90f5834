"""Printers per place: which printer a staff member's receipts use, the settings that name
them, the monitor's state (probes and job outcomes), the staff strip and the kiosk fallback."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import func, select, update
from staff_support import login, seed, user

import printer
from kiosk.counter.service import get_counter, set_counter_printer
from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import Device, PrintJob, Ticket
from kiosk.offices.current import current_office
from kiosk.offices.service import update_office
from kiosk.offices.settings import OfficeSettingsError
from kiosk.printing.monitor import check_printers, note_job_outcome, printer_states
from kiosk.printing.places import staff_printer, watched_printers
from kiosk.queue.service import issue_ticket

APPLICANT = {
    "nik": "3201015708450002",
    "name": "Siti Wahyuni",
    "kk": "3201011503150007",
    "birth_date": "1945-08-17",
    "sex": "P",
    "address": "Jl. Mawar 3",
    "rt": "3",
    "rw": "12",
    "dusun": "Krajan",
}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _state(app, url: str) -> str | None:
    known = printer_states(app).get(url)
    return known.health.state if known else None


@pytest.fixture
def counters(app):
    return seed(app)


# ---------------------------------------------------------------- where receipts print


@pytest.mark.data_layer
def test_staff_printer_counter_then_desk_then_kiosk(ctx, counters):
    office = current_office()
    petugas, admin = user("petugas1"), user("admin")
    assert staff_printer(petugas).key == "kiosk" and staff_printer(None).url == office.printer
    update_office(office.id, {"desk_printer": "dummy:?fault=offline"})
    assert staff_printer(petugas).name == "meja layanan"
    loket1 = get_counter(counters["Loket 1"])
    set_counter_printer(loket1, "  tcp://192.168.1.51:9100 ")
    place = staff_printer(petugas)
    assert (place.name, place.url) == ("Loket 1", "tcp://192.168.1.51:9100")
    assert place.printed_here == "Dicetak di printer Loket 1."
    assert staff_printer(admin).key == "desk"  # an admin without a counter: the desk
    assert staff_printer(admin, counter=loket1).key == f"counter-{loket1.id}"  # its console
    keys = [p.key for p in watched_printers()]
    assert keys == ["kiosk", "desk", f"counter-{loket1.id}"]


@pytest.mark.data_layer
def test_paired_kiosks_own_printers_are_watched(ctx):
    from kiosk.devices.service import create_kiosk

    create_kiosk("Kios teras", "dummy:?fault=paper-out", None, current_office().id)
    assert [p.key for p in watched_printers()] == ["kiosk"]  # not paired yet
    db.session.execute(update(Device).values(paired_at=func.now()))
    db.session.commit()
    (_office_kiosk, teras) = watched_printers()
    assert (teras.name, teras.url) == ("Kios teras", "dummy:?fault=paper-out")


@pytest.mark.data_layer
def test_printer_settings_are_checked_and_empty_means_none(ctx, counters):
    office = current_office()
    loket1 = get_counter(counters["Loket 1"])
    with pytest.raises(OfficeSettingsError, match="Alamat printer tidak dikenal"):
        set_counter_printer(loket1, "192.168.1.51")
    with pytest.raises(OfficeSettingsError, match="Alamat printer tidak dikenal"):
        update_office(office.id, {"desk_printer": "lpt1"})
    update_office(office.id, {"desk_printer": "  "})
    assert current_office().desk_printer is None
    assert set_counter_printer(loket1, "").printer is None


def test_counter_printer_is_edited_on_the_admin_page(client, counters):
    login(client, "admin")
    url = f"/admin/loket/{counters['Loket 2']}/printer"
    refused = client.post(url, data={"printer": "printer-loket-2"})
    assert refused.status_code == 422 and "Alamat printer tidak dikenal" in refused.text
    saved = client.post(url, data={"printer": "dummy:"})
    assert saved.status_code == 200 and "Printer Loket 2 disimpan." in saved.text
    assert 'value="dummy:"' in saved.text


def test_office_page_names_the_kiosk_and_desk_printers(client, counters):
    login(client, "admin")
    page = client.get("/admin/kantor")
    assert "Printer kios" in page.text and "Printer meja layanan (boleh kosong)" in page.text


def test_file_receipt_prints_at_the_counter_not_the_kiosk(client, app, counters, tmp_path):
    kiosk_file, counter_file = tmp_path / "kiosk.bin", tmp_path / "loket1.bin"
    with app.app_context():
        update_office(current_office().id, {"printer": f"file:{kiosk_file}"})
        set_counter_printer(get_counter(counters["Loket 1"]), f"file:{counter_file}")
        ticket = issue_ticket("ktp-baru")
        case = files.accept_file(
            tracking_code=ticket.tracking_code,
            service_code=None,
            applicant=APPLICANT,
            received=["Kartu Keluarga (KK), fotokopi"],
            missing=[],
        )
        code = case.tracking_code
    kiosk_file.write_bytes(b"")
    login(client, "petugas1")
    answer = client.post(f"/berkas/{code}/cetak/file")
    assert answer.status_code == 200 and "Dicetak di printer Loket 1." in answer.text
    assert counter_file.read_bytes() and kiosk_file.read_bytes() == b""


def test_desk_ticket_and_reprint_say_where_they_print(client, app, counters):
    with app.app_context():
        set_counter_printer(get_counter(counters["Loket 1"]), "dummy:")
    login(client, "petugas1")
    base = f"/loket/{counters['Loket 1']}"
    taken = client.post(f"{base}/ambil-nomor", data={"service": "ktp-baru", "token": "t1"})
    assert "Struk dikirim ke printer Loket 1." in taken.text
    again = client.post(f"{base}/cetak-ulang", data={"number": "A-001"})
    assert "Struk A-001 dikirim ke printer Loket 1." in again.text
    with app.app_context():
        urls = db.session.scalars(select(PrintJob.printer_url)).all()
    assert urls == ["dummy:", "dummy:"]


# ---------------------------------------------------------------- printer state


@pytest.mark.data_layer
def test_monitor_step_probes_every_watched_printer(app, ctx, counters):
    closed = f"tcp://127.0.0.1:{_closed_port()}"
    update_office(current_office().id, {"desk_printer": "dummy:?fault=paper-out"})
    set_counter_printer(get_counter(counters["Loket 1"]), closed)
    set_counter_printer(get_counter(counters["Loket 2"]), "usb://04b8:0202")
    found = check_printers(app, timeout=0.5)
    assert {url: health.state for url, health in found.items()} == {
        "dummy:": printer.ONLINE,
        "dummy:?fault=paper-out": printer.PAPER_OUT,
        closed: printer.OFFLINE,
        "usb://04b8:0202": printer.UNKNOWN,
    }
    assert _state(app, closed) == printer.OFFLINE


def test_job_outcomes_feed_the_state_and_unknown_probes_keep_it(app, ctx):
    usb = "usb://04b8:0202"
    note_job_outcome(app, usb, printer.PaperOut("out of paper"))
    assert _state(app, usb) == printer.PAPER_OUT
    printer_states(app).record(usb, printer.PrinterHealth(printer.UNKNOWN), "probe")
    assert _state(app, usb) == printer.PAPER_OUT  # a probe that cannot tell hides nothing
    note_job_outcome(app, usb, RuntimeError("a bug, not the printer"))
    assert _state(app, usb) == printer.PAPER_OUT
    note_job_outcome(app, usb, None)
    assert _state(app, usb) == printer.ONLINE


def test_a_failed_kiosk_job_marks_its_printer_at_once(app, ctx):
    update_office(current_office().id, {"printer": "dummy:?fault=offline"})
    issue_ticket("ktp-baru")
    assert _state(app, "dummy:?fault=offline") == printer.OFFLINE
    update_office(current_office().id, {"printer": "dummy:"})
    issue_ticket("ktp-baru")
    assert _state(app, "dummy:") == printer.ONLINE


def test_strip_shows_the_fault_and_a_reprint_prints_where_the_officer_works(
    client, app, counters, tmp_path
):
    counter_file = tmp_path / "unplugged" / "loket1.bin"
    with app.app_context():
        set_counter_printer(get_counter(counters["Loket 1"]), f"file:{counter_file}")
        ticket = issue_ticket("ktp-baru", printer=f"file:{counter_file}")
        check_printers(app)
        label = ticket.label
    login(client, "petugas1")
    strip = client.get("/printer/status").text
    assert "Printer Loket 1" in strip and "Tidak tersambung" in strip
    assert "1 gagal hari ini" in strip and "printer-strip-bad" in strip
    job_id = int(strip.split('data-reprint-job="')[1].split('"')[0])

    counter_file.parent.mkdir()  # the printer is back
    check_printers(app)  # as the monitor thread calls it: outside any app context
    back = client.post(f"/printer/cetak-ulang/{job_id}")
    assert back.status_code == 200 and "Dicetak di printer Loket 1." in back.text
    assert counter_file.read_bytes()
    assert "Siap" in back.text and "gagal hari ini" not in back.text
    twice = client.post(f"/printer/cetak-ulang/{job_id}", headers={"HX-Request": "true"})
    assert twice.status_code == 404 and "sudah dicetak ulang" in twice.text
    assert label


def test_strip_is_on_the_console_and_admin_pages(client, counters):
    login(client, "admin")
    for page in ("/admin", f"/loket/{counters['Loket 1']}", "/berkas"):
        assert 'hx-get="/printer/status"' in client.get(page).text


# ---------------------------------------------------------------- the kiosk's fallback


def _ticket_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Ticket.id)))


def test_kiosk_failure_offers_the_desk_printer_once(client, app, counters):
    with app.app_context():
        update_office(
            current_office().id, {"printer": "dummy:?fault=offline", "desk_printer": "dummy:"}
        )
        code = issue_ticket("ktp-baru").tracking_code
    screen = client.get(f"/tiket/{code}")
    assert "Cetak di meja petugas" in screen.text and "foto layar" not in screen.text
    tickets = _ticket_count(app)
    headers = {"HX-Request": "true"}
    for _press in range(2):
        answer = client.post(f"/tiket/{code}/cetak-di-meja", headers=headers)
        assert answer.status_code == 200
        assert "Struk Anda dicetak di printer meja layanan. Ambil di meja petugas." in answer.text
    assert _ticket_count(app) == tickets
    with app.app_context():
        jobs = db.session.execute(select(PrintJob.printer_url, PrintJob.status)).all()
    assert sorted(jobs) == [("dummy:", "printed"), ("dummy:?fault=offline", "failed")]


def test_kiosk_failure_without_another_printer_says_show_the_staff(client, app):
    with app.app_context():
        update_office(current_office().id, {"printer": "dummy:?fault=offline"})
        code = issue_ticket("ktp-baru").tracking_code
    screen = client.get(f"/tiket/{code}")
    assert "Tunjukkan nomor ini ke petugas." in screen.text
    assert "Cetak di meja petugas" not in screen.text
    pressed = client.post(f"/tiket/{code}/cetak-di-meja")
    assert pressed.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(PrintJob.id))) == 1


def test_monitor_thread_checks_at_start_and_stops_cleanly(app):
    from kiosk.printing.monitor import MONITOR_KEY, start_printer_monitor, stop_printer_monitor

    monitor = start_printer_monitor(app)
    assert start_printer_monitor(app) is monitor  # one per app
    first = printer_states(app).wait_for("dummy:", timeout=10)  # the first check at start
    assert first is not None and first.health.state == printer.ONLINE
    stop_printer_monitor(app)
    assert MONITOR_KEY not in app.extensions and not monitor._thread.is_alive()


def test_a_printer_printing_a_job_is_not_probed(app, ctx):
    states = printer_states(app)
    with states.printing("dummy:?fault=offline"):
        update_office(current_office().id, {"printer": "dummy:?fault=offline"})
        assert check_printers(app) == {}
    assert check_printers(app)["dummy:?fault=offline"].state == printer.OFFLINE
