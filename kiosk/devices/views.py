"""Pairing a kiosk (/kios/pasang, on the kiosk) and the admin's devices (/admin/perangkat)."""

from __future__ import annotations

from flask import g, redirect, render_template, url_for
from flask_babel import gettext as _

from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.devices import bp
from kiosk.devices.forms import DeviceButtonForm, KioskForm, PairForm
from kiosk.devices.kiosk import current_kiosk, remember_kiosk
from kiosk.devices.service import (
    CODE_VALID,
    create_kiosk,
    new_code,
    office_devices,
    redeem,
    revoke,
)
from kiosk.errors import DomainError
from kiosk.extensions import limiter
from kiosk.htmx import render
from kiosk.offices.current import SCREEN_COOKIE, current_office, office_settings

PAIR_RATE_LIMIT = "10 per minute"  # a code is 40 bits and lives 15 minutes: guessing is futile


@bp.get("/kios/pasang")
def pair_page():
    """The kiosk asks for the one-time code the admin was given."""
    return _pair_screen(PairForm(formdata=None))


def _pair_screen(form: PairForm, status: int = 200, error: str | None = None):
    return render(
        "devices/pair.html",
        "devices/_pair.html",
        status=status,
        form=form,
        error=error,
        device=current_kiosk(),
    )


@bp.post("/kios/pasang")
@limiter.limit(PAIR_RATE_LIMIT)
def pair():
    """Redeem the code: this browser becomes the kiosk (a long-lived cookie), then home."""
    form = PairForm()
    if not form.validate():
        return _pair_screen(form, 400, _("Formulir kedaluwarsa; coba lagi."))
    try:
        device, token = redeem(form.code.data)
    except DomainError as refusal:
        return _pair_screen(form, refusal.status, refusal.message)
    response = redirect(url_for("queue.home"), code=303)
    remember_kiosk(response, token)
    # The kiosk belongs to the device's office from now on (as the admin's "claim screen").
    response.set_cookie(
        SCREEN_COOKIE,
        office_settings(device.office_id).code,
        max_age=3650 * 86400,
        samesite="Lax",
        httponly=True,
    )
    return response


def _admin_page(status: int = 200, error=None, message=None, one_time=None, form=None):
    office = current_office()
    html = render_template(
        "devices/admin.html",
        devices=office_devices(office.id),
        form=form or KioskForm(formdata=None),
        button_form=DeviceButtonForm(formdata=None),
        error=error,
        message=message,
        one_time=one_time,
        code_minutes=int(CODE_VALID.total_seconds() // 60),
        pair_url=f"{office.base_url}{url_for('devices.pair_page')}",
    )
    return html, status  # no-store, like every page (kiosk.security_headers)


@bp.get("/admin/perangkat")
@staff_required(Action.DEVICES_MANAGE)
def devices_page():
    """The office's kiosks: paired or waiting for their code, last seen, revoke."""
    return _admin_page()


@bp.post("/admin/perangkat")
@staff_required(Action.DEVICES_MANAGE)
def add_kiosk():
    """A new kiosk and its one-time code, shown once."""
    form = KioskForm()
    if not form.validate():
        return _admin_page(422, form=form)
    try:
        device, code = create_kiosk(
            form.name.data, form.printer.data, g.staff_user, current_office().id
        )
    except DomainError as refusal:
        return _admin_page(refusal.status, error=refusal.message, form=form)
    return _admin_page(
        message=_("%(name)s ditambahkan sebagai kios.", name=device.name), one_time=(device, code)
    )


@bp.post("/admin/perangkat/<id:device_id>/kode")
@staff_required(Action.DEVICES_MANAGE)
def renew_code(device_id: int):
    """A new one-time code for a kiosk whose browser lost its pairing; the old one ends."""

    def renew():
        device, code = new_code(device_id, current_office().id)
        return _admin_page(message=_("Kode pasang baru dibuat."), one_time=(device, code))

    return _device_button(renew)


@bp.post("/admin/perangkat/<id:device_id>/cabut")
@staff_required(Action.DEVICES_MANAGE)
def revoke_device(device_id: int):
    """Revoke a device: it stops printing at once and counts as a phone."""

    def end_trust():
        device = revoke(device_id, current_office().id)
        return _admin_page(message=_("Perangkat %(name)s dicabut.", name=device.name))

    return _device_button(end_trust)


def _device_button(action):
    """One of the list's buttons: its CSRF token, then `action`, a refusal shown on the page."""
    if not DeviceButtonForm().validate():
        return _admin_page(400, error=_("Formulir kedaluwarsa; coba lagi."))
    try:
        return action()
    except DomainError as refusal:
        return _admin_page(refusal.status, error=refusal.message)
