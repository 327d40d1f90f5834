"""Forms of the office's field pages: a new tablet, confirm steps, assignments, the CSV."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

NAME_MAX = 80
CHOOSE_OFFICER = _l("Pilih petugas lapangan.")
DATE_FORMAT = _l("Tanggal tidak dikenali (tahun-bulan-tanggal).")


def chosen_id(value) -> int | None:
    """A select's id, None for the empty "choose" option or anything that is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def officer_field() -> SelectField:
    """The field officer to choose (the rules check the choice, with their message)."""
    return SelectField(
        _l("Petugas lapangan"),
        coerce=chosen_id,
        validators=[InputRequired(CHOOSE_OFFICER)],
        validate_choice=False,
    )


class TabletForm(FlaskForm):
    """A new tablet: the field officer who carries it and a label to tell tablets apart."""

    officer = officer_field()
    name = StringField(
        _l("Nama tablet"),
        validators=[
            InputRequired(_l('Beri nama tablet, misalnya "Tablet Puskesos 1".')),
            Length(max=NAME_MAX, message=_l("Paling banyak %(max)d karakter.")),
        ],
    )


class ConfirmForm(FlaskForm):
    """A button that asks first: without `confirm=ya` the page asks, with it the action runs."""

    confirm = HiddenField()

    @property
    def confirmed(self) -> bool:
        return self.confirm.data == "ya"


class PeriodFields(FlaskForm):
    """An officer and a period, shared by assigning and importing."""

    officer = officer_field()
    period_start = DateField(
        _l("Mulai"), validators=[InputRequired(DATE_FORMAT)], format="%Y-%m-%d"
    )
    period_end = DateField(
        _l("Selesai"), validators=[InputRequired(DATE_FORMAT)], format="%Y-%m-%d"
    )


class AssignForm(PeriodFields):
    """Assign the households ticked in the list (their ids come as `household` values)."""


class ImportForm(PeriodFields):
    """A CSV of households to create (if new) and assign."""

    file = FileField(
        _l("Berkas CSV"), validators=[FileRequired(_l("Pilih berkas CSV daftar keluarga."))]
    )


class HouseholdFilterForm(FlaskForm):
    """Narrow the office's households down (GET, no CSRF)."""

    dusun = SelectField(_l("Dusun"), validators=[Optional()], validate_choice=False)
    rt = StringField(_l("RT"), validators=[Optional(), Length(max=3)])
    nama = StringField(_l("Nama anggota keluarga"), validators=[Optional(), Length(max=60)])


class MonthFilterForm(FlaskForm):
    """The month and dusun of the DTKS visits list (GET, no CSRF)."""

    bulan = StringField(_l("Bulan"), validators=[Optional(), Length(max=7)])
    dusun = SelectField(_l("Dusun"), validators=[Optional()], validate_choice=False)


class BackupForm(FlaskForm):
    """A tablet's backup file (.spcb) to receive at the office."""

    file = FileField(
        _l("Berkas cadangan (.spcb)"),
        validators=[FileRequired(_l("Pilih berkas cadangan dari tablet."))],
    )
