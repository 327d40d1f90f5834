"""The staff menu at the desk's 1366x768: the admin's whole menu in one row, every link a
touch target at least 44 px tall."""

from browser_support import log_in, shoot
from playwright.sync_api import expect

DESK = {"width": 1366, "height": 768}


def test_admins_menu_fits_one_row_at_1366(browser, demo_server):
    context = browser.new_context(viewport=DESK)
    page = context.new_page()
    log_in(page, demo_server, "admin")
    page.goto(demo_server.url + "/admin")
    links = page.locator(".staff-nav a")
    expect(links.last).to_contain_text("Layar antrean")
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    shoot(page, "staff-menu-admin")
    assert len(boxes) == 12, "the admin sees every link"
    assert {round(box["y"]) for box in boxes} == {round(boxes[0]["y"])}, boxes
    assert min(box["height"] for box in boxes) >= 44, boxes
    assert max(box["x"] + box["width"] for box in boxes) <= DESK["width"]
    context.close()
