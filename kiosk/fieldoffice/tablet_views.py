"""The admin's field tablets (/admin/tablet): add one with a code and QR, revoke, wipe, and
receive a tablet's backup file (kiosk.fieldoffice.tablet_backup)."""

from __future__ import annotations

import re

from flask import g, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.devices.service import CODE_VALID
from kiosk.errors import DomainError
from kiosk.fieldoffice import bp
from kiosk.fieldoffice import tablet_control as control
from kiosk.fieldoffice.assignments import field_officer, officer_choices
from kiosk.fieldoffice.forms import BackupForm, ConfirmForm, TabletForm
from kiosk.fieldoffice.tablets import TabletRow, office_tablets, tablet_state
from kiosk.offices.current import current_office
from kiosk.queue.qr import qr_svg

ENROL_PATH = "/field/#enrol="


def enrol_url(code: str) -> str:
    """What the QR holds: the field app's address with the code (the app reads the hash)."""
    return f"{current_office().base_url}{ENROL_PATH}{code.replace('-', '')}"


def inline_qr(data: str) -> Markup:
    """An SVG QR to put in the page itself (the code is shown once and never stored)."""
    svg = qr_svg(data).decode().split("?>", 1)[-1]
    svg = re.sub(r'width="[^"]*" height="[^"]*"', 'class="qr-enrol" role="img"', svg, count=1)
    return Markup(svg)  # noqa: S704  (made by qrcode from our own URL, no user text)


def tablets_answer(
    status: int = 200, form=None, error=None, message=None, one_time=None, backup=None
):
    """The /admin/tablet page (with a message, an error, a one-time code or a backup's result)
    and its status."""
    office = current_office()
    form = form or TabletForm(formdata=None)
    form.officer.choices = officer_choices(office.id)
    html = render_template(
        "fieldoffice/tablets.html",
        tablets=office_tablets(office.id),
        form=form,
        button_form=ConfirmForm(formdata=None),
        error=error,
        message=message,
        one_time=one_time,
        backup_form=BackupForm(formdata=None),
        backup=backup,
        code_minutes=int(CODE_VALID.total_seconds() // 60),
    )
    return html, status  # no-store, like every page (kiosk.security_headers)


@bp.get("/admin/tablet")
@staff_required(Action.DEVICES_MANAGE)
def tablets_page():
    """The office's tablets: officer, last sync, records pending on it, state."""
    return tablets_answer()


@bp.post("/admin/tablet")
@staff_required(Action.DEVICES_MANAGE)
def add_tablet():
    """A new tablet for a field officer: its one-time code, grouped and as a QR."""
    office_id = current_office().id
    form = TabletForm()
    form.officer.choices = officer_choices(office_id)
    if not form.validate():
        return tablets_answer(422, form=form)
    try:
        officer = field_officer(form.officer.data, office_id)
        device, code = control.create_tablet(officer, form.name.data, g.staff_user, office_id)
    except DomainError as refusal:
        return tablets_answer(refusal.status, form=form, error=refusal.message)
    url = enrol_url(code)
    return tablets_answer(
        201,
        message=_(
            "%(name)s ditambahkan untuk %(officer)s.",
            name=device.name,
            officer=officer.display_name or officer.username,
        ),
        one_time={"device": device, "code": code, "url": url, "qr": inline_qr(url)},
    )


@bp.post("/admin/tablet/<id:device_id>/cabut")
@staff_required(Action.DEVICES_MANAGE)
def revoke_tablet(device_id: int):
    """Revoke, after a confirm step: sync is refused, later data goes to quarantine."""
    return _confirmed(
        device_id,
        "revoke",
        lambda: control.revoke_tablet(device_id, current_office().id),
        _("Akses tablet %(name)s dicabut."),
    )


@bp.post("/admin/tablet/<id:device_id>/hapus")
@staff_required(Action.DEVICES_MANAGE)
def wipe_tablet(device_id: int):
    """Ask the tablet to clear its data, after a confirm step showing what it still holds."""
    return _confirmed(
        device_id,
        "wipe",
        lambda: control.request_wipe(device_id, current_office().id),
        _("Perintah hapus data dikirim ke %(name)s; menunggu tablet tersambung."),
    )


def _confirmed(device_id: int, action: str, run, done: str):
    """A button with a confirm step: the first press shows the question, `confirm=ya` runs."""
    form = ConfirmForm()
    if not form.validate():
        return tablets_answer(400, error=_("Formulir kedaluwarsa; coba lagi."))
    try:
        device = control.tablet(device_id, current_office().id)
        if not form.confirmed:
            row = TabletRow(device, tablet_state(device))
            html = render_template(
                "fieldoffice/tablet_confirm.html",
                row=row,
                action=action,
                form=ConfirmForm(formdata=None),
                target=url_for(f".{action}_tablet", device_id=device_id),
            )
            return html
        device = run()
    except DomainError as refusal:
        return tablets_answer(refusal.status, error=refusal.message)
    return tablets_answer(message=done % {"name": device.name})
