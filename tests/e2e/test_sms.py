"""Acceptance: a file taken in at the desk with SMS consent and set to "ready" sends one SMS
(the `file:` backend set in SATUPINTU_SMS), which the SMS log shows as sent and the file's
history lists; the admin page shows the templates with their live length and the sender."""

from __future__ import annotations

import json
import re

import pytest
from browser_support import LiveServer, fill_applicant, log_in, shoot, take_by_api
from playwright.sync_api import expect

DESK = {"width": 1366, "height": 768}
NIK = "3201011708800001"


@pytest.fixture(scope="module")
def sms_server(tmp_path_factory):
    """A demo office whose SMS go to a JSON-lines file, as a modem would send them."""
    root = tmp_path_factory.mktemp("sms")
    server = LiveServer(root, demo=True, SMS=f"file:{root / 'sms.jsonl'}").start()
    yield server
    server.stop()


def test_ready_file_sends_an_sms_shown_in_the_log(browser, sms_server):
    server = sms_server
    admin = browser.new_context(viewport=DESK).new_page()
    log_in(admin, server, "admin")
    admin.goto(server.url + "/admin/sms")
    expect(admin.locator("[data-sms-url]")).to_have_text(f"file:{server.root / 'sms.jsonl'}")
    ready = admin.locator("[data-template=siap_diambil]")
    ready.locator("textarea").fill("{kantor}: berkas {kode} siap diambil. Info {telp}")
    expect(ready.locator("[data-sms-count]")).to_contain_text("/ 160")
    # Send at any hour (the test may run at night, office time): equal times, no quiet hours.
    admin.locator("#quiet_from").fill("00:00")
    admin.locator("#quiet_until").fill("00:00")
    admin.locator("[data-save-settings]").click()
    expect(admin.locator("[data-notice]")).to_contain_text("Pengaturan SMS disimpan")
    shoot(admin, "sms-admin")

    number = take_by_api(admin.request, server, "ktp-baru")
    staff = browser.new_context(viewport=DESK).new_page()
    log_in(staff, server, "petugas1")
    expect(staff).to_have_url(server.url + "/loket/1")
    staff.locator("[data-action=call-next]").click()
    expect(staff.locator("[data-current-number]")).to_have_text(number)
    staff.locator("[data-action=start]").click()
    staff.locator("[data-action=intake]").click()
    form = staff.locator("[data-form=intake]")
    fill_applicant(
        form,
        nik=NIK,
        name="Bambang Sutrisno",
        birth_date="1980-08-17",
        sex="L",
        kk="3201011508100003",
        address="Kampung Cibodas",
        rt="3",
        rw="2",
        dusun="Cibodas",
    )
    form.locator("#phone").fill("0812-3456-7890")
    form.get_by_label("Warga setuju menerima SMS tentang berkasnya di nomor ini").check()
    form.locator("[data-accept]").click()
    staff.wait_for_url(re.compile(r".*/berkas/[0-9A-Z-]+\?baru=1$"))
    code = staff.url.split("/berkas/")[1].split("?")[0]

    for target in ("diverifikasi", "diteruskan", "siap_diambil"):
        status = staff.locator("[data-form=status]")
        status.locator("select[name=status]").select_option(target)
        status.locator("button[type=submit]").click()
        expect(staff.locator(f"section[data-file-status={target}]")).to_be_visible()

    # The worker is woken when the change is committed; the log says when it went.
    staff.goto(server.url + "/sms")
    row = staff.locator("[data-sms-row]", has=staff.locator(f"a:text-is('{code}')"))
    if row.get_attribute("data-state") != "terkirim":
        row.locator("[data-sms-resend]").click()
    # Until the worker has recorded it: the log page, fetched again until its row says so.
    staff.wait_for_function(
        """async (code) => {
            const html = await (await fetch("/sms")).text();
            const page = new DOMParser().parseFromString(html, "text/html");
            return [...page.querySelectorAll("[data-sms-row]")].some((row) =>
                row.dataset.state === "terkirim" && row.textContent.includes(code));
        }""",
        arg=code,
        polling=250,
    )
    staff.goto(server.url + "/sms")
    expect(row).to_have_attribute("data-state", "terkirim")
    expect(row).to_contain_text("•••• 7890")
    expect(row).to_contain_text(code)
    expect(row).not_to_contain_text("0812")
    shoot(staff, "sms-log")

    sent = [json.loads(text) for text in (server.root / "sms.jsonl").read_text().splitlines()]
    (line,) = [each for each in sent if each["to"] == "+6281234567890"]  # + the demo's own
    assert code in line["body"] and "siap diambil" in line["body"]
    assert NIK not in line["body"] and "Bambang" not in line["body"]

    row.locator("a").click()
    expect(staff.locator("[data-file-sms]")).to_contain_text("terkirim")
