"""Forms of the DTKS pages (flask-wtf: CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from kiosk.sync.forms.criteria import criteria_options


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


DATE_FORMAT = _l("Tanggal tidak dikenali (tahun-bulan-tanggal).")
NOTE_MAX = 500
TOO_LONG = _l("Paling banyak %(max)d karakter.")
KIND_CHOICES = choices(
    [
        ("baru", _l("Usulan baru")),
        ("perubahan", _l("Perubahan data")),
        ("penghapusan", _l("Penghapusan")),
    ]
)
REASON_CHOICES = choices(
    [
        ("", _l("— bukan penghapusan —")),
        ("meninggal", _l("Meninggal dunia")),
        ("pindah", _l("Pindah")),
    ]
)
VISIT_CHOICES = choices(
    [
        ("ditemui", _l("Keluarga ditemui")),
        ("tidak_ditemui", _l("Tidak ada orang di rumah")),
        ("pindah", _l("Keluarga sudah pindah")),
        ("meninggal", _l("Meninggal dunia")),
    ]
)


def _day(label) -> DateField:
    return DateField(label, validators=[InputRequired(DATE_FORMAT)], format="%Y-%m-%d")


def _note(label, required: bool = False) -> TextAreaField:
    needed = [InputRequired(_l("Tulis alasannya; warga akan membaca alasan ini."))]
    return TextAreaField(
        label,
        validators=[
            *(needed if required else [Optional()]),
            Length(max=NOTE_MAX, message=TOO_LONG),
        ],
    )


class KindFields(FlaskForm):
    """What is proposed: new, update, or removal with its reason."""

    kind = SelectField(_l("Jenis usulan"), choices=KIND_CHOICES, default="baru")
    removal_reason = SelectField(_l("Alasan penghapusan"), choices=REASON_CHOICES, default="")


class ProposeForm(KindFields):
    """A proposal from the desk for a household, found by its KK number (or chosen before)."""

    household = HiddenField(validators=[Optional(), Length(max=36)])
    kk_number = StringField(
        _l("Nomor KK"), validators=[Optional(), Length(max=20, message=TOO_LONG)]
    )
    note = _note(_l("Catatan (misalnya keadaan keluarga)"))


class VisitForm(FlaskForm):
    """A verification visit entered at the desk (e.g. from the paper form)."""

    outcome = SelectField(_l("Hasil kunjungan"), choices=VISIT_CHOICES, default="ditemui")
    criteria = SelectMultipleField(
        _l("Kriteria yang terpenuhi"),
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
    visited_on = _day(_l("Tanggal kunjungan"))
    note = _note(_l("Catatan petugas"))

    def with_criteria(self, version: int) -> VisitForm:
        """Offer the criteria of `version` (the current one)."""
        self.criteria.choices = choices((c["value"], c["label"]) for c in criteria_options(version))
        return self


class ReasonForm(FlaskForm):
    """A step that needs a reason the family will read (not yet proposable, objection)."""

    note = _note(_l("Alasan"), required=True)


class EnteredForm(FlaskForm):
    """The day the operator entered the proposals into SIKS-NG."""

    entered_on = _day(_l("Tanggal diinput"))


class OutcomeForm(FlaskForm):
    """The result that came back from the national list."""

    outcome = SelectField(
        _l("Hasil"),
        choices=choices([("masuk", _l("Masuk")), ("tidak_masuk", _l("Tidak masuk"))]),
        validators=[AnyOf(["masuk", "tidak_masuk"], message=_l("Pilih hasil."))],
    )
    decile = IntegerField(
        _l("Desil (1–10, bila ada)"),
        validators=[Optional(), NumberRange(min=1, max=10, message=_l("Desil 1 sampai 10."))],
    )
    outcome_on = _day(_l("Tanggal hasil"))


class AreaForm(FlaskForm):
    """A dusun and RT (a filter, or the area listed for the meeting at once)."""

    dusun = SelectField(_l("Dusun"), validate_choice=False, validators=[Length(max=60)])
    rt = StringField(_l("RT"), validators=[Optional(), Length(max=3, message=TOO_LONG)])


class ListFilterForm(AreaForm):
    """The DTKS list's filters: dusun, RT, stage."""

    class Meta:
        csrf = False

    tahap = SelectField(_l("Tahap"), validate_choice=False, validators=[Length(max=40)])


class ConfirmForm(FlaskForm):
    """A button with CSRF and nothing else."""
