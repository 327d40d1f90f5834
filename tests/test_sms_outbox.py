"""The SMS outbox through real status changes: consent, no NIK or name in a body, one message
per change, a failing backend that never blocks the change, retries with backoff, the daily
cap and the quiet hours; and the staff pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sms_support import NAME, NIK, take_in
from sqlalchemy import select
from staff_support import login, seed

from kiosk.extensions import db
from kiosk.files import service as files
from kiosk.models import SmsMessage
from kiosk.notify import service as sms
from kiosk.notify.sender import send_due

pytestmark = pytest.mark.data_layer


@pytest.fixture
def outbox(tmp_path):
    return tmp_path / "sms.jsonl"


@pytest.fixture
def app_config(app_config, outbox):
    return {**app_config, "SMS": f"file:{outbox}"}


def messages() -> list[SmsMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(SmsMessage).order_by(SmsMessage.id)))


def sent_lines(outbox) -> list[dict]:
    return [json.loads(line) for line in outbox.read_text().splitlines()] if outbox.exists() else []


def test_ready_file_with_consent_sends_one_sms_with_the_code_and_no_nik_or_name(ctx, outbox):
    case = take_in()
    assert messages() == []  # taking in sends nothing: the citizen is at the counter
    files.change_status(case, "siap_diambil", None, None)
    (message,) = messages()
    assert (message.kind, message.state, message.phone) == (
        "siap_diambil",
        "menunggu",
        "+6281234567890",
    )
    assert case.tracking_code in message.body and "siap diambil" in message.body
    for secret in (NIK, NAME, *NAME.split()):
        assert secret not in message.body
    assert len(message.body) <= 160
    report = send_due()
    assert report.sent == 1
    (line,) = sent_lines(outbox)
    assert line["to"] == "+6281234567890" and line["body"] == message.body
    assert NIK not in outbox.read_text()
    (message,) = messages()
    assert (message.state, message.attempts) == ("terkirim", 1)
    assert send_due().sent == 0  # sent once


def test_without_consent_or_phone_nothing_is_queued(ctx):
    for consent, phone in ((False, "081234567890"), (True, None)):
        case = take_in(consent=consent, phone=phone)
        files.change_status(case, "siap_diambil", None, None)
    assert messages() == []


def test_the_same_change_announced_twice_queues_one_message(ctx):
    case = take_in()
    files.change_status(case, "siap_diambil", None, None)
    assert sms.queue_for_file(case, "siap_diambil") is None  # replayed: already queued
    sms.on_status_changed(case, previous="diterima", target="siap_diambil", previous_due=None)
    db.session.commit()
    assert len(messages()) == 1
    files.change_status(case, "diambil", None, None)  # collected in person: no SMS
    assert len(messages()) == 1


def test_a_failing_backend_never_blocks_the_change_and_the_message_retries(ctx, app, clock, outbox):
    app.config["SMS"] = f"file:{outbox.parent / 'missing' / 'sms.jsonl'}"
    case = take_in()
    files.change_status(case, "siap_diambil", None, None)
    assert files.get_file(case.tracking_code).status == "siap_diambil"
    send_due()
    (message,) = messages()
    assert (message.state, message.attempts) == ("menunggu", 1)
    assert message.last_error.startswith("Tidak bisa menulis ke tujuan SMS")
    assert message.next_try_at == clock.moment + dt.timedelta(minutes=1)
    send_due()  # not due yet: no try spent
    assert messages()[0].attempts == 1
    app.config["SMS"] = f"file:{outbox}"
    clock.advance(minutes=1)
    assert send_due().sent == 1
    (message,) = messages()
    assert (message.state, message.attempts, message.last_error) == ("terkirim", 2, None)
    assert len(sent_lines(outbox)) == 1


def test_after_the_last_try_the_message_has_failed(ctx, app, clock):
    app.config.update(SMS="dummy:?fault=no_modem", SMS_MAX_ATTEMPTS=3)
    case = take_in()
    files.change_status(case, "siap_diambil", None, None)
    for _ in range(3):
        send_due()
        clock.advance(hours=1)
    (message,) = messages()
    assert (message.state, message.attempts) == ("gagal", 3)
    assert message.last_error.startswith("Modem tidak terpasang")
    assert sms.send_again(message)  # "Kirim ulang sekarang": one more try
    assert messages()[0].state == "menunggu"


def test_a_receiver_fault_is_logged_and_the_status_change_goes_on(ctx, monkeypatch, caplog):
    def broken(*_args):
        raise RuntimeError("template store down")

    monkeypatch.setattr(sms, "template_text", broken)
    case = take_in()
    files.change_status(case, "siap_diambil", None, None)
    assert files.get_file(case.tracking_code).status == "siap_diambil"
    assert messages() == []
    assert "not queued" in caplog.text


def test_quiet_hours_hold_messages_until_morning(ctx, clock, outbox):
    clock.set(2026, 11, 23, 21, 30)
    case = take_in()
    files.change_status(case, "siap_diambil", None, None)
    report = send_due()
    assert (report.sent, report.held) == (0, 1)
    (message,) = messages()
    assert message.state == "menunggu" and message.attempts == 0
    clock.set(2026, 11, 24, 7, 0)
    assert send_due().sent == 1


def test_the_daily_cap_holds_the_rest_until_the_next_day(ctx, app, clock):
    office_id = take_in().office_id
    sms.save_settings(
        office_id,
        enabled=True,
        daily_cap=1,
        quiet_from=dt.time(20, 0),
        quiet_until=dt.time(7, 0),
        user=None,
    )
    for _ in range(2):
        case = take_in()
        files.change_status(case, "siap_diambil", None, None)
    report = send_due()
    assert (report.sent, report.held) == (1, 1)
    clock.set(2026, 11, 24, 8, 0)
    assert send_due().sent == 1


def test_a_message_the_file_moved_past_is_cancelled(ctx, clock):
    clock.set(2026, 11, 23, 22, 0)  # held overnight
    case = take_in()
    files.change_status(case, "siap_diambil", None, None)
    files.change_status(case, "diambil", None, None)
    clock.set(2026, 11, 24, 8, 0)
    assert send_due().cancelled == 1
    (message,) = messages()
    assert message.state == "dibatalkan" and "sudah berubah" in message.last_error


def test_a_template_that_cannot_fit_is_refused_on_save(ctx):
    office_id = take_in().office_id
    with pytest.raises(sms.TemplateError, match="Terlalu panjang"):
        sms.save_template(office_id, "siap_diambil", "{kode} " + "x" * 160, None)
    saved = sms.save_template(office_id, "siap_diambil", "Berkas {kode} siap. Info {telp}", None)
    assert saved.version == 1
    case = take_in()
    files.change_status(case, "siap_diambil", None, None)
    assert messages()[0].body.startswith(f"Berkas {case.tracking_code} siap.")


def test_the_log_shows_the_masked_phone_the_reason_and_sends_again(app, client, clock):
    seed(app)
    app.config["SMS"] = "dummy:?fault=sim"
    with app.app_context():
        case = take_in()
        files.change_status(case, "siap_diambil", None, None)
        code = case.tracking_code
        send_due()
    login(client, "petugas1")
    page = client.get("/sms").get_data(as_text=True)
    assert "•••• 7890" in page and "081234567890" not in page and "+6281234567890" not in page
    assert "1 SMS menunggu: Pulsa habis atau kartu SIM bermasalah" in page
    assert '<p class="msg msg-error" role="alert" data-sms-banner="fault">' in page
    assert f'href="/berkas/{code}"' in page
    assert client.get("/sms?keadaan=terkirim").get_data(as_text=True).count("data-sms-row") == 0
    file_page = client.get(f"/berkas/{code}").get_data(as_text=True)
    assert "data-file-sms" in file_page and "Pulsa habis" in file_page
    with app.app_context():
        message_id = messages()[0].id
    response = client.post(f"/sms/{message_id}/kirim")
    assert response.status_code == 302
    with app.app_context():
        assert messages()[0].next_try_at == clock.moment
    assert client.post("/sms/999999/kirim").status_code == 404
    assert client.get("/admin/sms").status_code == 403


def test_a_night_hold_is_an_informational_banner_not_an_error(app, client, clock):
    """Held for the quiet hours is normal: the banner says so in the info style."""
    seed(app)
    clock.set(2026, 11, 23, 21, 30)
    with app.app_context():
        case = take_in()
        files.change_status(case, "siap_diambil", None, None)
        assert send_due().held == 1
    login(client, "petugas1")
    page = client.get("/sms").get_data(as_text=True)
    assert "1 SMS menunggu: Menunggu pagi (tidak mengirim malam hari)" in page
    assert '<p class="msg msg-info" role="status" data-sms-banner="hold">' in page
    assert "msg-error" not in page


def test_admin_page_refuses_a_long_template_and_saves_settings(app, client):
    seed(app)
    login(client, "admin")
    page = client.get("/admin/sms").get_data(as_text=True)
    assert "sms.jsonl" in page and "data-sms-text" in page
    refused = client.post(
        "/admin/sms/templat", data={"kind": "siap_diambil", "text": "{kode} " + "x" * 170}
    )
    assert refused.status_code == 422
    assert "Terlalu panjang" in refused.get_data(as_text=True)
    saved = client.post(
        "/admin/sms/pengaturan",
        data={"enabled": "y", "daily_cap": "50", "quiet_from": "21:00", "quiet_until": "06:30"},
    )
    assert saved.status_code == 302
    bad = client.post(
        "/admin/sms/pengaturan", data={"daily_cap": "-3", "quiet_from": "x", "quiet_until": ""}
    )
    assert bad.status_code == 422
    with app.app_context():
        setting = sms.settings_for(1)
        assert (setting.daily_cap, setting.quiet_from) == (50, dt.time(21, 0))
    tested = client.post("/admin/sms/uji", data={"phone": "0812 1111 2222"})
    assert "SMS uji terkirim" in tested.get_data(as_text=True)
    assert client.post("/admin/sms/uji", data={"phone": "021555"}).status_code == 422


def test_a_returning_citizen_who_agrees_at_intake_gets_the_sms(ctx):
    take_in(consent=False, phone=None)  # on record, without a phone
    case = take_in(consent=True)  # the same NIK again, now with a number and consent
    assert case.applicant.phone_consent and case.applicant.phone
    files.change_status(case, "siap_diambil", None, None)
    assert [m.kind for m in messages()] == ["siap_diambil"]
