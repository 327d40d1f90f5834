"""Staff SMS pages: the delivery log (/sms, with "Kirim ulang sekarang") and the admin page
(/admin/sms: templates, settings, the sender in use, a test message)."""

from __future__ import annotations

from flask import current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.extensions import db
from kiosk.models import SmsMessage
from kiosk.notify import bp
from kiosk.notify import service as sms
from kiosk.notify.forms import LogFilterForm, SettingsForm, TemplateForm, TestForm
from kiosk.notify.listing import log_rows, state_counts, waiting_banner
from kiosk.notify.sender import send_test
from kiosk.notify.texts import DEFAULTS, KINDS, PLACEHOLDERS, TemplateError, kind_label
from kiosk.offices.current import current_office
from kiosk.offices.service import visible_to_staff


def _state_labels() -> dict[str, str]:
    return {
        "menunggu": _("Menunggu"),
        "terkirim": _("Terkirim"),
        "gagal": _("Gagal"),
        "dibatalkan": _("Dibatalkan"),
    }


@bp.get("/sms")
@staff_required(Action.NOTIFY_READ)
def log_page():
    """The delivery log, newest first, filtered by state."""
    labels = _state_labels()
    form = LogFilterForm(request.args)
    form.keadaan.choices = [("", _("Semua"))] + list(labels.items())
    state = form.keadaan.data if form.keadaan.data in labels else None
    return render_template(
        "notify/log.html",
        form=form,
        rows=log_rows(state),
        counts=state_counts(),
        banner=waiting_banner(),
        state_labels=labels,
        notice=_notice(request.args.get("ok")),
    )


def _notice(code: str | None) -> str | None:
    return {
        "ulang": _("SMS masuk antrean kirim lagi."),
        "templat": _("Templat SMS disimpan."),
        "pengaturan": _("Pengaturan SMS disimpan."),
    }.get(code or "")


@bp.post("/sms/<id:message_id>/kirim")
@staff_required(Action.NOTIFY_READ)
def resend(message_id: int):
    """Kirim ulang sekarang: a waiting or failed message goes first in line again."""
    message = db.session.get(SmsMessage, message_id)
    if message is None or not visible_to_staff(message):
        return render_template("notify/not_found.html"), 404
    if not sms.send_again(message):
        return render_template("notify/not_found.html", gone=True), 409
    return redirect(url_for("notify.log_page", ok="ulang"))


@bp.get("/admin/sms")
@staff_required(Action.NOTIFY_MANAGE)
def admin_page():
    """Templates, settings, the sender URL in use, and a test message."""
    return _admin()


def _admin(status: int = 200, **extra):
    office_id = current_office().id
    setting = sms.settings_for(office_id)
    rows = sms.templates_of(office_id)
    forms = extra.pop("template_forms", {})
    template_forms = {
        kind: forms.get(kind)
        or TemplateForm(
            formdata=None, kind=kind, text=rows[kind].text if rows[kind] else DEFAULTS[kind]
        )
        for kind in KINDS
    }
    settings_form = extra.pop("settings_form", None) or SettingsForm(
        formdata=None,
        enabled=setting.enabled,
        daily_cap=setting.daily_cap,
        quiet_from=setting.quiet_from,
        quiet_until=setting.quiet_until,
    )
    return render_template(
        "notify/admin.html",
        template_forms=template_forms,
        templates=rows,
        settings_form=settings_form,
        test_form=extra.pop("test_form", None) or TestForm(formdata=None),
        sender_url=current_app.config.get("SMS") or "dummy:",
        placeholders=PLACEHOLDERS,
        kind_label=kind_label,
        longest=sms.longest_values(office_id),
        notice=extra.pop("notice", None) or _notice(request.args.get("ok")),
        **extra,
    ), status


@bp.post("/admin/sms/templat")
@staff_required(Action.NOTIFY_MANAGE)
def save_template():
    """Store one template; one that cannot fit one SMS is refused with the reason."""
    form = TemplateForm()
    if not form.validate():
        return _admin(422, error=_("Teks SMS tidak boleh kosong."))
    try:
        sms.save_template(current_office().id, form.kind.data, form.text.data, g.staff_user)
    except TemplateError as error:
        form.text.errors = [str(error)]
        return _admin(422, template_forms={form.kind.data: form}, error=str(error))
    return redirect(url_for("notify.admin_page", ok="templat"))


@bp.post("/admin/sms/pengaturan")
@staff_required(Action.NOTIFY_MANAGE)
def save_settings():
    """Store the switch, the daily cap and the quiet hours."""
    form = SettingsForm()
    if not form.validate():
        return _admin(422, settings_form=form, error=_("Periksa isian pengaturan SMS."))
    sms.save_settings(
        current_office().id,
        enabled=bool(form.enabled.data),
        daily_cap=form.daily_cap.data,
        quiet_from=form.quiet_from.data,
        quiet_until=form.quiet_until.data,
        user=g.staff_user,
    )
    return redirect(url_for("notify.admin_page", ok="pengaturan"))


@bp.post("/admin/sms/uji")
@staff_required(Action.NOTIFY_MANAGE)
def send_test_message():
    """Send a test message now and say what happened."""
    form = TestForm()
    if not form.validate():
        return _admin(422, test_form=form, error=_("Isi nomor HP tujuan."))
    try:
        message = send_test(current_office().id, form.phone.data, g.staff_user.id)
    except ValueError:
        form.phone.errors = [_("Bukan nomor HP Indonesia (contoh 081234567890).")]
        return _admin(422, test_form=form, error=form.phone.errors[0])
    if message.state == sms.SENT:
        return _admin(notice=_("SMS uji terkirim."), test_form=form)
    if message.backend_ref:
        return _admin(notice=_("SMS uji diserahkan ke Gammu; lihat Log SMS."), test_form=form)
    return _admin(test_form=form, error=_("SMS uji gagal: %(why)s", why=message.last_error))
