"""Schedule forms (flask-wtf: CSRF on every one). The rules live in kiosk.outreach.service."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget


class SessionForm(FlaskForm):
    """A new evening-service or home-visit date. Fields are parsed here, judged by the service
    (check_session), so every refusal reads the same in Indonesian."""

    jenis = SelectField(
        _l("Jenis"),
        choices=[
            SelectChoice("jemput_bola", _l("Jemput bola (kunjungan ke dusun/RT)")),
            SelectChoice("layanan_malam", _l("Layanan malam tambahan")),
        ],
        validate_choice=False,
    )
    tanggal = DateField(_l("Tanggal"), validators=[Optional()])
    mulai = TimeField(_l("Jam mulai"), validators=[Optional()])
    selesai = TimeField(_l("Jam selesai"), validators=[Optional()])
    tempat = StringField(_l("Tempat (dusun/RT atau nama tempat)"))
    layanan = SelectMultipleField(
        _l("Layanan yang dilayani (kosongkan: semua layanan)"),
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validate_choice=False,
    )
    catatan = StringField(_l("Catatan (boleh dikosongkan)"))


def with_services(form: SessionForm, services) -> SessionForm:
    """Offer the office's active services as the form's checkboxes."""
    form.layanan.choices = [SelectChoice(s.code, s.text("name")) for s in services]
    return form


class RemoveForm(FlaskForm):
    """The remove button of one session (CSRF only)."""
