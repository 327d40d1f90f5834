"""The admin's SMS forms: one template, the settings, a test message; and the log filter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange

from kiosk.notify.texts import KINDS


class TemplateForm(FlaskForm):
    """One kind's wording."""

    kind = StringField(validators=[InputRequired(), AnyOf(KINDS)])
    text = TextAreaField(_l("Teks SMS"), validators=[InputRequired(), Length(max=480)])


class SettingsForm(FlaskForm):
    """The office's switch, daily cap and quiet hours."""

    enabled = BooleanField(_l("Kirim SMS ke warga"))
    daily_cap = IntegerField(
        _l("Batas SMS per hari"),
        validators=[InputRequired(_l("Isi angka.")), NumberRange(0, 10000)],
    )
    quiet_from = TimeField(_l("Tidak mengirim mulai pukul"), validators=[InputRequired()])
    quiet_until = TimeField(_l("sampai pukul"), validators=[InputRequired()])


class TestForm(FlaskForm):
    """A test message to a number the admin types."""

    phone = StringField(
        _l("Nomor HP tujuan"), validators=[DataRequired(_l("Isi nomor HP.")), Length(max=20)]
    )


class LogFilterForm(FlaskForm):
    """Which state the log shows."""

    class Meta:
        csrf = False

    keadaan = SelectField(_l("Keadaan"), validate_choice=False)
