"""A file (berkas) from the kiosk to the counter and back: the citizen follows it by scanning.

Take a number at the kiosk by touch, serve and accept it at Loket 1, move the file through
its statuses, and after each move read it at the kiosk's "Cek Status Berkas" screen the way
the receipt scanner sends it (fast keystrokes ending in Enter), by the on-screen keypad, and
by the kiosk camera (Chromium's fake camera playing a video of the receipt QR).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import qrcode
from browser_support import LANDSCAPE, PORTRAIT, LiveServer, fill_applicant, log_in, shoot
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from kiosk.files.workflow import read_workflow

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
NIK = "3201015708450002"  # a woman (day 17 + 40) born 17-08-1945
NAME = "Siti Wahyuni"
MASKED = "S***i W."
FAKE_CAMERA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
ADMINDUK = read_workflow("adminduk_kartu")  # ktp-baru and kia: cards, with blanko


@pytest.fixture(scope="module")
def files_server(tmp_path_factory):
    """A demo office of its own: Loket 1 free, and the status rate limit not shared."""
    server = LiveServer(tmp_path_factory.mktemp("files"), demo=True).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def closed_files_server(tmp_path_factory):
    """An office whose only opening day is three days from today: closed right now."""
    today = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Jakarta")).weekday()
    day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][(today + 3) % 7]
    server = LiveServer(
        tmp_path_factory.mktemp("files-closed"), OFFICE_HOURS=f"{day} 08:00-15:00"
    ).start()
    yield server
    server.stop()


@pytest.fixture()
def camera_browser(playwright, browser_type_launch_args, tmp_path):
    """Chromium whose camera plays tmp_path/camera.y4m, read when the page opens the camera."""
    video = tmp_path / "camera.y4m"
    args = [
        *browser_type_launch_args["args"],
        *FAKE_CAMERA,
        f"--use-file-for-fake-video-capture={video}",
    ]
    browser = playwright.chromium.launch(**{**browser_type_launch_args, "args": args})
    yield browser, video
    browser.close()


def write_camera_video(path, text: str | None, width=640, height=480) -> None:
    """A short Y4M video of a receipt held up to the camera: its QR says `text` (None: blank)."""
    frame = Image.new("L", (width, height), 200)
    paper = Image.new("L", (360, 400), 255)
    if text:
        qr = qrcode.QRCode(box_size=8, border=4)
        qr.add_data(text)
        qr.make(fit=True)
        image = qr.make_image().convert("L")
        image.thumbnail((320, 320))
        paper.paste(image, ((paper.width - image.width) // 2, 20))
    ImageDraw.Draw(paper).rectangle((40, 350, 320, 370), fill=0)
    frame.paste(paper, ((width - paper.width) // 2, (height - paper.height) // 2))
    chroma = bytes([128]) * (width * height // 4) * 2  # grey: 4:2:0 U and V planes
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            video.write(b"FRAME\n" + frame.tobytes() + chroma)


def scan(page, text):
    """What a USB/handheld scanner does: the QR text typed very fast, Enter, no field focused."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.type(text, delay=5)
    page.keyboard.press("Enter")


def assert_fits(page):
    """Nothing to scroll: the screen fits the kiosk's display both ways."""
    width, height = page.evaluate(
        "() => [document.documentElement.scrollWidth - document.documentElement.clientWidth,"
        " document.documentElement.scrollHeight - document.documentElement.clientHeight]"
    )
    assert (width, height) == (0, 0)


def assert_min_touch_size(page, selector, minimum=64):
    boxes = page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert boxes
    for box in boxes:
        assert min(box) >= minimum, f"{selector} is {box}, smaller than {minimum}px"


def assert_private(page):
    """The kiosk shows the masked name, never the NIK or the full name."""
    expect(page.locator(".file-applicant")).to_contain_text(MASKED)
    html = page.content()
    assert NIK not in html
    assert NAME not in html and "Wahyuni" not in html


def both_ways(page, name, fits=False):
    """Screenshots in portrait and landscape (the page is left in portrait)."""
    for viewport in (PORTRAIT, LANDSCAPE):
        page.set_viewport_size(viewport)
        shoot(page, name)
        if fits:
            assert_fits(page)
    page.set_viewport_size(PORTRAIT)


def take_ticket_by_touch(page, server):
    page.goto(server.url + "/")
    expect(page.locator("[data-check-status]")).to_be_visible()
    page.locator("[data-group=ktp]").tap()
    page.locator("[data-service=ktp-baru]").tap()
    expect(page.locator("[data-screen=service][data-service=ktp-baru]")).to_be_visible()
    labels = page.locator("label.req-bring")
    for label in labels.all():
        label.tap()
    expect(page.locator("label.req-bring input:checked")).to_have_count(labels.count())
    page.locator("[data-take-number]").tap()
    expect(page.locator("[data-screen=ticket]")).to_be_visible()
    code = page.locator("[data-screen=ticket]").get_attribute("data-tracking")
    number = page.locator("[data-ticket-number]").inner_text()
    return code, number


def accept_at_counter(staff, server, number, code):
    log_in(staff, server, "petugas1")
    expect(staff).to_have_url(server.url + "/loket/1")
    staff.locator("[data-action=call-next]").click()
    expect(staff.locator("[data-current-number]")).to_have_text(number)
    staff.locator("[data-action=start]").click()
    staff.locator("[data-action=intake]").click()
    expect(staff.locator("[data-form=intake]")).to_be_visible()
    shoot(staff, "files-intake")
    form = staff.locator("[data-form=intake]")
    fill_applicant(
        form,
        nik=NIK,
        name=NAME,
        birth_date="1945-08-17",
        sex="L",  # the NIK says a woman: a flag, not a refusal
        kk="3201011508100003",
        address="Kampung Cibodas",
        rt="3a",  # wrong: RT is digits
        rw="2",
        dusun="Cibodas",
    )
    missing = form.locator("tr[data-requirement]").first
    missing_label = missing.locator("th").inner_text().split(" — ")[0].strip()
    missing.locator("input[value=kurang]").check()
    form.locator("[data-accept]").click()

    rt_field = staff.locator(".field.has-error", has=staff.locator("#rt"))
    expect(rt_field.locator(".field-error")).to_contain_text("RT diisi angka")
    expect(staff.locator("[data-error]")).to_contain_text("Periksa isian yang ditandai")
    shoot(staff, "files-intake-error")
    staff.locator("#rt").fill("3")
    staff.locator("[data-form=intake] [data-accept]").click()
    expect(staff).to_have_url(f"{server.url}/berkas/{code}?baru=1")
    expect(staff.locator("[data-flag=nik_sex]")).to_contain_text("Jenis kelamin beda dengan NIK")
    expect(staff.locator("[data-notice]")).to_contain_text("Slip kekurangan juga dicetak")
    return missing_label


def move_to(staff, status, **fields):
    form = staff.locator("[data-form=status]")
    form.locator("select[name=status]").select_option(status)
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        field.select_option(value) if name == "collected_who" else field.fill(value)
    form.locator("button[type=submit]").click()
    expect(staff.locator(f"section[data-file-status={status}]")).to_be_visible()


def check_at_kiosk(kiosk, server, status_url, status):
    kiosk.goto(server.url + "/cek")
    expect(kiosk.locator("[data-screen=check]")).to_be_visible()
    scan(kiosk, status_url)
    expect(kiosk.locator("[data-status-label]")).to_have_text(ADMINDUK.status(status).text("label"))
    expect(kiosk.locator(f"[data-file-status={status}]")).to_be_visible()
    assert_private(kiosk)


def test_file_followed_by_scanning_the_receipt(browser, camera_browser, files_server):
    server = files_server
    camera, video = camera_browser
    write_camera_video(video, None)
    kiosk_context = server.kiosk_context(
        camera, viewport=PORTRAIT, has_touch=True, permissions=["camera"]
    )
    kiosk = kiosk_context.new_page()
    code, number = take_ticket_by_touch(kiosk, server)
    status_url = f"{server.url}/s/{code}"

    staff_context = browser.new_context(viewport=LAPTOP)
    staff = staff_context.new_page()
    missing_label = accept_at_counter(staff, server, number, code)
    expect(staff.locator("section[data-file-status=perlu_dilengkapi]")).to_be_visible()
    missing_paper = staff.locator("[data-papers] tr[data-paper-state=missing]")
    expect(missing_paper).to_have_count(1)
    expect(missing_paper).to_contain_text(missing_label)
    shoot(staff, "files-detail")

    # Accepted with a paper missing: the kiosk says so, and what is missing.
    check_at_kiosk(kiosk, server, status_url, "perlu_dilengkapi")
    expect(kiosk.locator("[data-missing]")).to_contain_text(missing_label)
    expect(kiosk.locator("[data-home]")).to_be_visible()
    expect(kiosk.locator("[data-check-again]")).to_be_visible()
    both_ways(kiosk, "files-status-incomplete")

    # The same page on the citizen's phone (the receipt QR opens it).
    phone_context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    phone = phone_context.new_page()
    phone.goto(status_url)
    expect(phone.locator("[data-status-label]")).to_have_text(
        ADMINDUK.status("perlu_dilengkapi").text("label")
    )
    assert_private(phone)
    assert phone.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    shoot(phone, "files-status-phone")
    phone_context.close()

    for status in ("diverifikasi", "diteruskan", "menunggu_blanko", "siap_diambil"):
        move_to(staff, status)
        expect(staff.locator("[data-papers] tr[data-paper-state=missing]")).to_have_count(0)
        check_at_kiosk(kiosk, server, status_url, status)
        expect(kiosk.locator("[data-missing]")).to_have_count(0)  # checked: complete now
    expect(kiosk.locator("[data-pickup]")).to_be_visible()
    both_ways(kiosk, "files-status")

    # The on-screen keypad: the code appears grouped 4-4-3 as it is typed.
    move_to(staff, "diambil", collected_who="wakil", collected_name="Siti Aminah")
    expect(staff.locator("[data-history]")).to_contain_text("Diambil oleh Siti Aminah")
    kiosk.locator("[data-check-again]").tap()
    expect(kiosk.locator("[data-screen=check]")).to_be_visible()
    assert_fits(kiosk)
    assert_min_touch_size(kiosk, "[data-key], [data-key-back], [data-key-clear], [data-key-submit]")
    display = kiosk.locator("[data-code-display]")
    for index, symbol in enumerate(code.replace("-", "")):
        kiosk.locator(f"[data-key='{symbol}']").tap()
        if index == 5:
            expect(display).to_have_attribute("data-code", code[:7])
            both_ways(kiosk, "files-check-keypad", fits=True)
    expect(display).to_have_attribute("data-code", code)
    kiosk.locator("[data-key=A]").tap()  # a twelfth symbol is refused
    expect(display).to_have_attribute("data-code", code)
    kiosk.locator("[data-key-submit]").tap()
    expect(kiosk.locator("[data-status-label]")).to_have_text(
        ADMINDUK.status("diambil").text("label")
    )
    assert_private(kiosk)

    # The camera: a blank receipt first (the live view), then the receipt QR.
    kiosk.goto(server.url + "/cek")
    kiosk.locator("[data-camera-start]").tap()
    expect(kiosk.locator("[data-camera]")).to_be_visible()
    expect(kiosk.locator("[data-camera]")).to_have_attribute("data-decoder", "jsqr")
    both_ways(kiosk, "files-check-camera", fits=True)
    kiosk.locator("[data-camera-stop]").tap()
    expect(kiosk.locator("[data-camera]")).to_be_hidden()
    write_camera_video(video, status_url)
    kiosk.locator("[data-camera-start]").tap()
    expect(kiosk.locator("[data-status-label]")).to_have_text(
        ADMINDUK.status("diambil").text("label")
    )
    assert kiosk.url == status_url

    # Staff scan-to-retrieve: the same receipt scanned on the file desk opens the file.
    staff.goto(server.url + "/berkas")
    scan(staff, status_url)
    expect(staff).to_have_url(f"{server.url}/berkas/{code}")
    expect(staff.locator("section[data-file-status=diambil]")).to_be_visible()
    kiosk_context.close()
    staff_context.close()


def test_home_tile_scanner_and_unknown_codes(browser, files_server):
    server = files_server
    context = server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    ticket = page.request.post(server.url + "/api/v1/tickets", data={"service": "kia"}).json()
    page.goto(server.url + "/")
    for viewport in (PORTRAIT, LANDSCAPE):
        page.set_viewport_size(viewport)
        assert_fits(page)
        assert_min_touch_size(page, "[data-check-status], [data-group]")
        shoot(page, "files-kiosk-home")
    page.set_viewport_size(PORTRAIT)

    # The scanner works straight from the home screen; a bare code works as well as the URL.
    scan(page, ticket["status_url"])
    expect(page.locator("[data-screen=status]")).to_contain_text(ticket["number"])
    page.goto(server.url + "/")
    scan(page, ticket["tracking_code"].lower())
    expect(page.locator("[data-screen=status]")).to_contain_text(ticket["number"])

    # Slow typing is not a scan.
    page.goto(server.url + "/cek")
    page.keyboard.type(ticket["tracking_code"], delay=120)
    page.keyboard.press("Enter")
    page.locator("[data-key='7']").tap()
    expect(page.locator("[data-code-display]")).to_have_attribute("data-code", "7")
    expect(page).to_have_url(server.url + "/cek")

    # The home tile opens /cek; a short code stays on the keypad, with what was typed.
    page.goto(server.url + "/")
    page.locator("[data-check-status]").tap()
    expect(page.locator("[data-screen=check]")).to_be_visible()
    expect(page).to_have_url(server.url + "/cek")
    for symbol in "K7Q":
        page.locator(f"[data-key='{symbol}']").tap()
    page.locator("[data-key-back]").tap()
    expect(page.locator("[data-code-display]")).to_have_attribute("data-code", "K7")
    page.locator("[data-key-submit]").tap()
    expect(page.locator("[data-code-problem=short]")).to_be_visible()
    expect(page.locator("[data-code-display]")).to_have_attribute("data-code", "K7")
    page.locator("[data-key='Q']").tap()
    expect(page.locator("[data-code-display]")).to_have_attribute("data-code", "K7Q")

    # Two swapped symbols are marked, and stay marked until deleted; a queue number is named.
    page.goto(server.url + "/cek?kode=K7QM-2XAP-9RY")
    wrong = page.locator(".code-slot.is-wrong")
    expect(wrong).to_have_text(["A", "P"])
    shoot(page, "kiosk-check-mistyped")
    for _ in range(4):
        page.locator("[data-key-back]").tap()
    expect(wrong).to_have_text(["A"])
    page.locator("[data-key-clear]").tap()
    for symbol in "A001":
        page.locator(f"[data-key='{symbol}']").tap()
    page.locator("[data-key-submit]").tap()
    expect(page.locator("[data-code-problem=queue_number]")).to_contain_text("A-001")

    # A well-formed code that was never issued: the friendly "not found" answer.
    page.goto(server.url + "/cek")
    scan(page, f"{server.url}/s/ZZZZ-ZZZZ-ZZA")
    expect(page.locator("[data-status-unknown=unknown]")).to_be_visible()
    expect(page.locator("[data-check-again]")).to_be_visible()

    # In English too; the next citizen gets Indonesian again.
    page.goto(server.url + "/cek")
    page.get_by_role("button", name="English").tap()
    expect(page.locator("h1")).to_have_text("Check File Status")
    expect(page.locator("[data-camera-start]")).to_have_text("Scan with the camera")
    page.get_by_role("button", name="Indonesia").tap()
    expect(page.locator("h1")).to_have_text("Cek Status Berkas")

    # No camera on this kiosk: a clear message, and the keypad still works.
    page.locator("[data-camera-start]").tap()
    expect(page.locator("[data-camera-message]:visible")).to_have_count(1)
    both_ways(page, "files-check-no-camera", fits=True)
    expect(page.locator("[data-camera-message=unavailable]")).to_be_visible()
    context.close()

    # Permission refused: the message says so.
    context = browser.new_context(viewport=LANDSCAPE, has_touch=True)
    context.add_init_script(
        "navigator.mediaDevices.getUserMedia = () =>"
        " Promise.reject(new DOMException('refused', 'NotAllowedError'));"
    )
    page = context.new_page()
    page.goto(server.url + "/cek")
    page.locator("[data-camera-start]").tap()
    expect(page.locator("[data-camera-message=denied]")).to_be_visible()
    expect(page.locator("[data-camera-message=unavailable]")).to_be_hidden()
    expect(page.locator("[data-camera-start]")).to_be_enabled()
    context.close()


def test_status_screen_returns_home_when_idle(browser, quick_idle_server):
    context = quick_idle_server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    ticket = page.request.post(
        quick_idle_server.url + "/api/v1/tickets", data={"service": "sktm"}
    ).json()
    page.goto(quick_idle_server.url + "/cek")
    scan(page, ticket["status_url"])
    expect(page.locator("[data-screen=status]")).to_be_visible()
    expect(page.locator("#idle")).to_be_visible(timeout=10_000)
    expect(page.locator("[data-screen=home]")).to_be_visible(timeout=10_000)
    context.close()


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_home_fits_when_the_office_is_closed(browser, closed_files_server, viewport):
    """Closed, citizens still come to check their files: the tile stays on the first screen."""
    context = closed_files_server.kiosk_context(browser, viewport=viewport, has_touch=True)
    page = context.new_page()
    page.goto(closed_files_server.url + "/")
    expect(page.locator("[data-office-closed]")).to_be_visible()
    expect(page.locator("[data-check-status]")).to_be_in_viewport()
    shoot(page, "files-kiosk-home-closed")
    assert_fits(page)
    assert_min_touch_size(page, "[data-report], [data-other]", 72)
    context.close()


def test_alternatives_read_one_of_from_kiosk_to_intake_to_status(browser, files_server):
    """KTP-el hilang/rusak with nothing ticked: the kiosk warning, the pre-marked intake, the
    file and its status page all ask for ONE of the police letter and the damaged card."""
    server = files_server
    either = "Salah satu dari: Surat keterangan kehilangan dari polisi, KTP-el yang rusak"
    kiosk_context = server.kiosk_context(browser, viewport=PORTRAIT, has_touch=True)
    kiosk = kiosk_context.new_page()
    kiosk.goto(server.url + "/layanan/ktp-hilang-rusak")
    kiosk.locator("[data-take-number]").tap()
    warning = kiosk.locator("[data-missing-warning] [data-missing-list] li")
    expect(warning).to_have_text(["Kartu Keluarga (KK)", either])
    shoot(kiosk, "alternatives-kiosk-warning")
    kiosk.locator("[data-take-number]").tap()
    expect(kiosk.locator("[data-screen=ticket]")).to_be_visible()
    expect(kiosk.locator(".reminder")).to_contain_text(either)
    code = kiosk.locator("[data-screen=ticket]").get_attribute("data-tracking")

    staff_context = browser.new_context(viewport=LAPTOP)
    staff = staff_context.new_page()
    log_in(staff, server, "admin")
    staff.goto(f"{server.url}/berkas/terima/{code}")
    form = staff.locator("[data-form=intake]")
    expect(form.locator("tr[data-requirement] input[value=kurang]:checked")).to_have_count(3)
    expect(form.locator("[data-one-of]")).to_have_count(2)
    form.locator("#nik").fill("3201014506800003")
    form.locator("#name").fill("Rina Lestari")
    form.locator("#address").fill("Kampung Cibodas")
    form.locator("tr[data-requirement]").first.locator("input[value=ada]").check()
    shoot(staff, "alternatives-intake")
    form.locator("[data-accept]").click()
    expect(staff).to_have_url(f"{server.url}/berkas/{code}?baru=1")
    expect(staff.locator("[data-missing]")).to_have_text(either)

    kiosk.goto(f"{server.url}/s/{code}")
    expect(kiosk.locator("[data-missing] li")).to_have_text([either])
    expect(kiosk.locator(".status-file.is-incomplete")).to_be_visible()
    shoot(kiosk, "alternatives-status")
    kiosk.set_viewport_size(LAPTOP)  # the same page on a desk screen
    shoot(kiosk, "alternatives-status")
    staff_context.close()
    kiosk_context.close()
