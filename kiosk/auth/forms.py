"""Staff login form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

TOO_LONG = _l("Paling banyak %(max)d karakter.")


class LoginForm(FlaskForm):
    """Username and password; `next` returns the user where they were going."""

    username = StringField(
        _l("Nama pengguna"),
        validators=[DataRequired(_l("Isi nama pengguna.")), Length(max=60, message=TOO_LONG)],
    )
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Isi kata sandi.")), Length(max=200, message=TOO_LONG)],
    )
    next = HiddenField()
