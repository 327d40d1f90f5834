"""Schedule forms (flask-wtf: CSRF on every one). The rules live in kiosk.outreach.service."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, StringField, TimeField
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget


class SessionForm(FlaskForm):
    """A new evening-service or home-visit date. Fields are parsed here, judged by the service
    (check_session), so every refusal reads the same in Indonesian."""

    jenis = SelectField(
        _l("Jenis"),
        choices=[
            ("jemput_bola", _l("Jemput bola (kunjungan ke dusun/RT)")),
            ("layanan_malam", _l("Layanan malam tambahan")),
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


class RemoveForm(FlaskForm):
    """The remove button of one session (CSRF only)."""
