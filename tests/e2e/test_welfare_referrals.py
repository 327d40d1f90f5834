"""The welfare desk's referrals in the browser: a death taken in at the counter for a member of
a household visited for DTKS shows on /puskesos as a suggested removal; accepting it opens the
DTKS removal proposal. Then a referral is made from the household page, followed up and
answered. Screens at the desk size are saved for review."""

from __future__ import annotations

import datetime as dt
import shutil

from browser_support import kiosk_headers, log_in, shoot
from playwright.sync_api import expect

DESK = {"width": 1366, "height": 768}
SHOTS = "/work/shots/referrals"
SON = {"nik": "3509121411900004", "name": "Joko Suparman", "kk": "3509120303090005"}
DECEASED = "Mbah Sarijem"


def keep(page, name: str) -> None:
    """A screenshot for the test artifacts, copied where the team reviews the screens."""
    path = shoot(page, f"referrals-{name}")
    try:
        shutil.copy(path, f"{SHOTS}/{path.name}")
    except OSError:  # the review folder exists on the team's machines only
        pass


def take_in_death(page, server) -> None:
    ticket = page.request.post(
        server.url + "/api/v1/tickets",
        data={"service": "akta-kematian"},
        headers=kiosk_headers(server),
    ).json()
    page.goto(f"{server.url}/berkas/terima/{ticket['tracking_code']}")
    form = page.locator("[data-form=intake]")
    form.locator("#nik").fill(SON["nik"])
    form.locator("#name").fill(SON["name"])
    form.locator("#kk").fill(SON["kk"])  # the demo family visited for DTKS
    form.locator("#address").fill("Dusun Krajan")
    subject = page.locator("[data-subject=person]")
    subject.locator("#subject-nik_absent").select_option("belum_punya")
    subject.locator("#subject-name").fill(DECEASED)
    form.locator("[data-accept]").click()
    expect(page).to_have_url(f"{server.url}/berkas/{ticket['tracking_code']}?baru=1")


def test_death_suggests_a_dtks_removal_and_a_referral_is_followed_to_an_answer(
    browser, demo_server
):
    server = demo_server
    context = browser.new_context(viewport=DESK)
    page = context.new_page()
    log_in(page, server, "admin")
    take_in_death(page, server)

    page.goto(server.url + "/puskesos")
    block = page.locator("[data-home-referrals]")
    removal = block.locator("[data-kind=dtks_penghapusan]", has_text=DECEASED)
    expect(removal).to_contain_text("Usul hapus dari DTKS/DTSEN (meninggal)")
    expect(block.locator("[data-kind=pbi_penghapusan]", has_text=DECEASED)).to_be_visible()
    expect(page.locator("[data-home-overdue] [data-referral][data-overdue]")).to_have_count(1)
    block.scroll_into_view_if_needed()
    keep(page, "puskesos-home")
    removal.locator("[data-form=accept-suggestion] button").click()
    expect(page.locator("[data-notice]")).to_have_text("Usulan diterima.")
    handled = page.locator("[data-handled] tr", has_text=DECEASED).first
    expect(handled).to_contain_text("Diterima")
    keep(page, "suggestions")
    handled.locator("a.mono").click()  # the removal proposal's file
    expect(page.locator("[data-history]")).to_contain_text("Meninggal: akta kematian")

    page.goto(server.url + "/puskesos")  # the PBI-JK one still waits; its name opens the family
    page.locator("[data-home-referrals] [data-suggestion] a", has_text=DECEASED).click()
    household_block = page.locator("[data-household-referrals]")
    household_block.scroll_into_view_if_needed()
    expect(household_block).to_contain_text("Lapor peserta PBI-JK meninggal")
    keep(page, "household-block")
    page.locator("[data-refer]").click()
    form = page.locator("[data-form=new-referral]")
    form.locator("#program").select_option("rtlh")
    form.locator("#person").select_option(label=SON["name"])
    form.locator("#note").fill("Atap dapur roboh")
    keep(page, "new")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-notice]")).to_have_text("Rujukan dicatat.")
    expect(page.locator("[data-referral-facts]")).to_contain_text("Dinas Sosial")

    next_ask = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    follow = page.locator("[data-form=follow-up]")
    follow.locator("#heard").fill("Dinsos akan survei minggu depan")
    follow.locator("#next_on").fill(next_ask)
    follow.locator("button[type=submit]").click()
    expect(page.locator("[data-notice]")).to_have_text("Tindak lanjut dicatat.")
    answer = page.locator("[data-form=answer]")
    answer.locator("#answer").select_option("ditolak")
    answer.locator("button[type=submit]").click()
    expect(page.locator("[data-error]")).to_be_visible()  # a refusal needs its reason
    expect(answer.locator(".field-error")).to_have_text("Tulis alasan penolakan yang disampaikan.")
    answer.locator("#note").fill("Tanah belum bersertifikat")
    answer.locator("button[type=submit]").click()
    expect(page.locator("[data-notice]")).to_have_text("Jawaban dicatat; rujukan ditutup.")
    steps = page.locator("[data-history] li")
    expect(steps).to_have_count(3)
    expect(steps.nth(2)).to_contain_text("Ditolak")
    expect(page.locator("[data-form=answer]")).to_have_count(0)
    keep(page, "detail")

    page.goto(server.url + "/puskesos/rujukan")
    expect(page.locator("[data-referral-rows] [data-referral]")).to_have_count(6)
    keep(page, "list")
    context.close()
