"""Staff forms: login, own password, account admin, token revocation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

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
    # Shown only on a server with several offices: usernames are unique per office.
    office = SelectField(_l("Kantor"), validate_choice=False)


class ChangePasswordForm(FlaskForm):
    """The current password once, the new one twice."""

    current = PasswordField(
        _l("Kata sandi saat ini"),
        validators=[
            DataRequired(_l("Isi kata sandi saat ini.")),
            Length(max=200, message=TOO_LONG),
        ],
    )
    new = PasswordField(
        _l("Kata sandi baru"),
        validators=[DataRequired(_l("Isi kata sandi baru.")), Length(max=200, message=TOO_LONG)],
    )
    repeat = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[
            DataRequired(_l("Ulangi kata sandi baru.")),
            EqualTo("new", message=_l("Kedua kata sandi baru tidak sama.")),
        ],
    )


class UserForm(FlaskForm):
    """A new staff account; it gets a one-time password."""

    username = StringField(
        _l("Nama pengguna"),
        validators=[DataRequired(_l("Isi nama pengguna.")), Length(max=60, message=TOO_LONG)],
    )
    display_name = StringField(
        _l("Nama tampilan"), validators=[Optional(), Length(max=120, message=TOO_LONG)]
    )
    role = SelectField(_l("Peran"))
    counter = SelectField(_l("Loket (untuk petugas)"), validators=[Optional()])


class RoleForm(FlaskForm):
    """Role and counter of an existing account."""

    role = SelectField(_l("Peran"))
    counter = SelectField(_l("Loket"), validators=[Optional()])


class RevokeForm(FlaskForm):
    """A button-only form (CSRF token): reset, disable, enable, unlock, revoke."""
