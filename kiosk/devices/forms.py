"""The admin's kiosk form, the kiosk's pairing form, the list's buttons."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

TOO_LONG = _l("Paling banyak %(max)d karakter.")


class KioskForm(FlaskForm):
    """A new kiosk: its name, and its own printer if it has one (rules in devices.service)."""

    name = StringField(_l("Nama kios"), validators=[Length(max=80, message=TOO_LONG)])
    printer = StringField(
        _l("Printer kios ini (boleh kosong)"), validators=[Length(max=255, message=TOO_LONG)]
    )


class PairForm(FlaskForm):
    """The one-time code typed on the kiosk screen."""

    code = StringField(_l("Kode pasang"), validators=[Length(max=40, message=TOO_LONG)])


class DeviceButtonForm(FlaskForm):
    """A button-only form (CSRF token): new code, revoke."""
