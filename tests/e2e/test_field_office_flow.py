"""The admin's field tablets in the browser: add a tablet for a field officer (code + QR the
tablet can scan), see what it reports, ask for a wipe through the confirm step, and watch the
tablet obey at its next contact."""

from __future__ import annotations

import subprocess

import zxingcpp
from browser_support import log_in, shoot
from PIL import Image
from playwright.sync_api import expect

DESK = {"width": 1366, "height": 768}
ADMIN, OFFICER, PASSWORD = "admin_tablet", "sari_lapangan", "teh-manis-lapangan-7"


def _create_user(server, username: str, role: str, name: str) -> None:
    subprocess.run(
        [
            *server.cli,
            "create-user",
            "--username",
            username,
            "--role",
            role,
            "--name",
            name,
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        text=True,
        env=server.env,
        check=True,
        capture_output=True,
    )


def test_admin_adds_a_tablet_then_wipes_it_after_confirming(browser, live_server, tmp_path):
    server = live_server
    _create_user(server, ADMIN, "admin", "Admin Tablet")
    _create_user(server, OFFICER, "lapangan", "Sari Wulandari")
    context = browser.new_context(viewport=DESK)
    page = context.new_page()
    log_in(page, server, ADMIN, PASSWORD)
    page.goto(server.url + "/admin/tablet")
    page.get_by_label("Petugas lapangan").select_option(label=f"Sari Wulandari ({OFFICER})")
    page.get_by_label("Nama tablet").fill("Tablet Puskesos 1")
    page.get_by_role("button", name="Tambah tablet dan buat kode").click()
    code = page.locator("[data-code]").inner_text()
    shoot(page, "field-office-tablet-code")

    qr = tmp_path / "qr.png"
    page.locator("[data-enrol-qr] svg").screenshot(path=str(qr))
    decoded = [result.text for result in zxingcpp.read_barcodes(Image.open(qr))]
    assert decoded == [f"{server.url}/field/#enrol={code.replace('-', '')}"]

    # The tablet redeems the code and reports 5 records not yet sent on its next call.
    enrolled = page.request.post(
        server.url + "/api/v1/devices/enrol", data={"enrolment_code": code}
    )
    assert enrolled.status == 201
    tablet = {"Authorization": f"Bearer {enrolled.json()['token']}"}
    assert (
        page.request.get(
            server.url + "/api/v1/forms", headers={**tablet, "X-Satupintu-Pending": "5"}
        ).status
        == 200
    )

    page.goto(server.url + "/admin/tablet")
    row = page.locator("[data-tablet]", has_text="Tablet Puskesos 1")
    expect(row).to_have_attribute("data-tablet-state", "active")
    expect(row.locator("[data-pending]")).to_contain_text("5")
    row.get_by_role("button", name="Hapus data").click()
    expect(page.locator("[data-confirm-pending]")).to_contain_text("masih menyimpan 5 data")
    shoot(page, "field-office-wipe-confirm")
    page.get_by_role("button", name="Ya, hapus data tablet").click()
    expect(row).to_have_attribute("data-tablet-state", "wipe_asked")
    expect(row).to_contain_text("menunggu tablet tersambung")

    wiped = page.request.get(server.url + "/api/v1/forms", headers=tablet)
    assert wiped.json() == {"wipe": True}
    assert wiped.headers["clear-site-data"] == '"storage"'
    page.reload()
    expect(row).to_have_attribute("data-tablet-state", "wiped")
    context.close()
