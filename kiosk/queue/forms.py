"""Kiosk forms (flask-wtf: CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from kiosk.queue.service import PRIORITY_REASONS, REQUEST_TOKEN_MAX


class TakeNumberForm(FlaskForm):
    """'Ambil Nomor': the service, the priority lane, which requirements the citizen has."""

    service = HiddenField(validators=[DataRequired(), Length(max=40)])
    prioritas = HiddenField(validators=[Optional(), AnyOf(PRIORITY_REASONS)])
    token = HiddenField(validators=[DataRequired(), Length(max=REQUEST_TOKEN_MAX)])
    punya = SelectMultipleField(
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validate_choice=True,
    )
    lanjut = HiddenField(validators=[Optional(), AnyOf(["1"])])


class LanguageForm(FlaskForm):
    """Language toggle (Bahasa Indonesia / English)."""

    lang = HiddenField(validators=[DataRequired(), AnyOf(["id", "en"])])
    # The page to return to, as the kiosk's own links write it: no control characters (a CR/LF
    # would split the Location header) and no backslash (browsers read "/\\x" as "//x").
    next = HiddenField(
        validators=[
            Optional(),
            Length(max=300),
            Regexp(r"^[^\x00-\x20\x7f\\]*\Z", message=_l("Alamat halaman tujuan tidak sah.")),
        ]
    )
