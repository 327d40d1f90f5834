"""A counter's whole day from the web: no-shows put back in line, the confirm step, numbers and
reprints from the desk, who collected a file, staff error pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from staff_support import events, issue, login, seed

from kiosk.counter import service as counters
from kiosk.counter.noshow import requeue, ticket_history, todays_no_shows
from kiosk.extensions import db
from kiosk.models import FileHistory, PrintJob, Ticket
from kiosk.offices.current import current_office
from kiosk.offices.requeue import requeue_position, set_requeue_position
from kiosk.queue.position import people_ahead


def absent(counter, number: str, clock) -> Ticket:
    """Call `number` out of order, recall it twice and mark it absent."""
    counters.call_specific(counter, number, "uji", None)
    counters.recall(counter)
    counters.recall(counter)
    return counters.no_show(counter)


def numbers(clock, count: int) -> list[Ticket]:
    taken = []
    for _ in range(count):
        taken.append(issue("ktp-baru"))
        clock.advance(minutes=1)
    return taken


@pytest.mark.data_layer
@pytest.mark.parametrize("place", ["original", "front"])
def test_no_show_goes_back_in_line_and_is_called_again(ctx, clock, place):
    """A no-show returns where the office's setting says, is called again, and its history
    shows the no-show and the return."""
    counter = counters.create_counter("Loket A", ["ktp-baru"])
    if place == "front":
        set_requeue_position(current_office().id, "front")
        db.session.commit()
    first, second, third = numbers(clock, 3)
    gone = absent(counter, third.label, clock)
    assert todays_no_shows(counter) == [gone]

    back = requeue(counter, gone.id)
    assert back.state == "waiting" and back.counter_id is None and back.recalls == 0
    assert todays_no_shows(counter) == []
    expected = [third, first, second] if place == "front" else [first, second, third]
    assert people_ahead(db.session.get(Ticket, first.id)) == (1 if place == "front" else 0)
    called = [counters.call_next(counter).label for _ in range(3)]
    assert called == [t.label for t in expected]
    kinds = [e.kind for e in ticket_history(back)]
    assert kinds[:6] == ["call", "recall", "recall", "no_show", "requeue", "call"]
    assert events("requeue")[0].note.startswith("Kembali ke antrean")


@pytest.mark.data_layer
def test_only_todays_no_shows_of_the_counter_go_back_once(ctx, clock):
    counter = counters.create_counter("Loket A", ["ktp-baru"])
    other = counters.create_counter("Loket B", ["kk-baru"])
    (ticket,) = numbers(clock, 1)
    absent(counter, ticket.label, clock)
    with pytest.raises(counters.WrongTicketState):
        requeue(other, ticket.id)  # not a service Loket B calls
    requeue(counter, ticket.id)
    with pytest.raises(counters.WrongTicketState):
        requeue(counter, ticket.id)  # already back in line
    assert len(events("requeue")) == 1


def test_requeue_setting_is_edited_on_the_office_page(app, client):
    seed(app)
    login(client, "admin")
    page = client.get("/admin/kantor")
    assert "Sesuai waktu ambil nomor" in page.text
    with app.app_context():
        office = current_office()
        form = {key: getattr(office, key) or "" for key in ("name", "timezone", "printer")}
    form.update(
        office_hours="always", printer_paper="80", priority_ratio="2", early_issue_minutes="30"
    )
    saved = client.post("/admin/kantor/kantor", data={**form, "requeue_position": "front"})
    assert saved.status_code == 200 and "disimpan" in saved.text
    refused = client.post("/admin/kantor/kantor", data={**form, "requeue_position": "acak"})
    assert refused.status_code == 422
    with app.app_context():
        assert requeue_position(current_office().id) == "front"


def test_console_asks_before_closing_the_current_citizen(app, client):
    """Call next while serving asks first (finish / absent / cancel); a confirmation names its
    ticket, so a stale one is refused; Selesai asks too."""
    seed(app)
    with app.app_context():
        first, second, third = issue().id, issue().id, issue().id
    login(client, "petugas1")
    client.post("/loket/1/panggil")
    client.post("/loket/1/mulai")

    asked = client.post("/loket/1/panggil")  # a plain form post: works without JavaScript too
    assert asked.status_code == 200 and 'data-confirm="panggil"' in asked.text
    assert "<html" in asked.text and 'method="post" action="/loket/1/panggil"' in asked.text
    assert 'data-confirm-choice="no-show"' not in asked.text  # being served: not absent
    with app.app_context():
        assert db.session.get(Ticket, first).state == "serving"  # nothing happened yet

    stale = client.post("/loket/1/panggil", data={"lalu": "selesai", "tiket": str(second)})
    assert stale.status_code == 409 and "sudah berubah" in stale.text
    done = client.post("/loket/1/panggil", data={"lalu": "selesai", "tiket": str(first)})
    assert done.status_code == 200 and "selesai" in done.text
    with app.app_context():
        assert db.session.get(Ticket, first).state == "done"
        assert db.session.get(Ticket, second).state == "called"

    asked = client.post("/loket/1/selesai")
    assert 'data-confirm="selesai"' in asked.text
    finished = client.post("/loket/1/selesai", data={"yakin": "1", "tiket": str(second)})
    assert finished.status_code == 200
    with app.app_context():
        assert db.session.get(Ticket, second).state == "done"
        assert db.session.get(Ticket, third).state == "waiting"


def test_absent_then_next_from_the_confirm_step(app, client):
    seed(app)
    with app.app_context():
        first, second = issue().id, issue().id
    login(client, "petugas1")
    client.post("/loket/1/panggil")
    client.post("/loket/1/ulang")
    client.post("/loket/1/ulang")
    assert 'data-confirm="tidak-hadir"' in client.post("/loket/1/tidak-hadir").text
    answer = client.post("/loket/1/panggil", data={"lalu": "tidak-hadir", "tiket": str(first)})
    assert answer.status_code == 200 and "tidak hadir" in answer.text
    assert 'data-no-show-number="A-001"' in client.get("/loket/1/antrian").text
    with app.app_context():
        assert db.session.get(Ticket, first).state == "no_show"
        assert db.session.get(Ticket, second).state == "called"
    back = client.post(f"/loket/1/kembalikan/{first}")
    assert back.status_code == 200 and "dikembalikan ke antrean" in back.text
    assert client.post("/loket/1/kembalikan/999999").status_code == 409


def test_desk_issues_a_number_and_reprints_a_receipt(app, client):
    """A number taken at the desk prints like the kiosk's (once per form); a reprint from the
    web is a print job, by number or tracking code."""
    seed(app)
    login(client, "petugas1")
    form = {"service": "kia", "priority": "lansia", "token": "f00d"}
    taken = client.post("/loket/1/ambil-nomor", data=form)
    assert taken.status_code == 200 and "diambil untuk warga" in taken.text
    client.post("/loket/1/ambil-nomor", data=form)  # pressed twice: the same number
    with app.app_context():
        (ticket,) = db.session.scalars(select(Ticket)).all()
        assert (ticket.source, ticket.priority, ticket.priority_reason) == ("desk", True, "lansia")
        assert [job.kind for job in ticket.print_jobs] == ["ticket"]
        code = ticket.tracking_code
    assert client.post("/loket/1/ambil-nomor", data={"service": ""}).status_code == 422

    for number in (ticket.label, code.lower()):
        reprinted = client.post("/loket/1/cetak-ulang", data={"number": number})
        assert reprinted.status_code == 200 and "dikirim ke printer" in reprinted.text
    with app.app_context():
        jobs = db.session.scalars(select(PrintJob).where(PrintJob.kind == "reprint")).all()
        assert [job.status for job in jobs] == ["printed", "printed"]
    missing = client.post("/loket/1/cetak-ulang", data={"number": "Z-999"})
    assert missing.status_code == 404 and "tidak ditemukan" in missing.text


def test_staff_errors_show_in_the_staff_layout_in_indonesian(app, client):
    seed(app)
    login(client, "petugas1")
    for path, status in (("/loket/2", 403), ("/berkas/tidak-ada", 404), ("/loket/xyz", 404)):
        page = client.get(path)
        assert page.status_code == status, path
        assert "staff-bar" in page.text and "Kembali ke halaman staf" in page.text, path
        assert "Kembali ke halaman awal" not in page.text, path
    fragment = client.get("/loket/2", headers={"HX-Request": "true"})
    assert fragment.status_code == 403 and "<html" not in fragment.text
    assert "Kembali ke halaman staf" in fragment.text
    assert "staff-bar" not in client.get("/s/nope").text  # the public screens keep theirs


def test_collected_file_records_who_took_it(app, client):
    from test_files import accept

    from kiosk.files import service as files

    seed(app)
    with app.app_context():
        case = accept()
        for status in ("diverifikasi", "diteruskan", "siap_diambil"):
            files.change_status(case, status, None, None)
        code = case.tracking_code
    login(client, "petugas1")
    page = client.get(f"/berkas/{code}")
    assert "data-collected-fields" in page.text
    refused = client.post(f"/berkas/{code}/status", data={"status": "diambil"})
    assert refused.status_code == 422 and "siapa yang mengambil" in refused.text
    data = {"status": "diambil", "collected_who": "wakil", "collected_name": "Siti Aminah"}
    saved = client.post(f"/berkas/{code}/status", data=data)
    assert saved.status_code == 200 and "Diambil oleh Siti Aminah" in saved.text
    with app.app_context():
        case = files.get_file(code)
        assert case.status == "diambil"
        rows = db.session.scalars(select(FileHistory).where(FileHistory.kind == "collected"))
        assert [(row.value, row.note) for row in rows] == [("wakil", "Siti Aminah")]
        assert db.session.scalar(select(func.count(FileHistory.id))) >= 5
