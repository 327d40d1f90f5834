"""Forms of the referrals desk: a new referral, a follow-up, the answer, the list's filters,
and the two buttons of a suggestion."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from kiosk.welfare.referrals.programs import destination_choices, program_choices
from kiosk.welfare.referrals.words import STATE_LABELS

DATE_FORMAT = _l("Tanggal tidak dikenali (tahun-bulan-tanggal).")
NOTE_MAX = 1000
TOO_LONG = _l("Paling banyak %(max)d karakter.")
# Every change names the version its page showed: a stale page cannot overwrite.
VERSION = [InputRequired(_l("Muat ulang halaman lalu coba lagi.")), NumberRange(1, 2**62)]


def options(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


ANSWER_CHOICES = options(
    [
        ("", _l("— pilih —")),
        ("diterima", _l("Diterima")),
        ("ditolak", _l("Ditolak (tulis alasannya)")),
        ("tidak_ada_kabar", _l("Tidak ada kabar — tutup rujukan")),
    ]
)


def _note(label, required: str | None = None) -> TextAreaField:
    checks = [InputRequired(required)] if required else [Optional()]
    return TextAreaField(label, validators=[*checks, Length(max=NOTE_MAX, message=TOO_LONG)])


def _date(label, required: bool = False) -> DateField:
    first = InputRequired(DATE_FORMAT) if required else Optional()
    return DateField(label, validators=[first], format="%Y-%m-%d")


class ReferralForm(FlaskForm):
    """A new referral of a household (or one member) to a program."""

    program = SelectField(_l("Program"), validate_choice=False)
    person = SelectField(_l("Untuk"), validate_choice=False)
    sent_to = SelectField(_l("Dikirim ke"), validate_choice=False)
    sent_to_other = StringField(
        _l("Tujuan lain"), validators=[Optional(), Length(max=120, message=TOO_LONG)]
    )
    sent_on = _date(_l("Tanggal kirim"))
    follow_up_on = _date(_l("Tanya kabar lagi pada"))
    file_code = StringField(
        _l("Kode berkas terkait (jika ada)"), validators=[Optional(), Length(max=30)]
    )
    note = _note(_l("Catatan"))

    def fill_choices(self, members: list[tuple[str, str]]) -> ReferralForm:
        """Programs, destinations and the household's members as the select options."""
        self.program.choices = options([("", _l("— pilih program —")), *program_choices()])
        self.sent_to.choices = options([("", _l("— sesuai program —")), *destination_choices()])
        self.person.choices = options([("", _l("Seluruh keluarga")), *members])
        return self


class FollowUpForm(FlaskForm):
    """Asking for news: the day, what was heard, the next day to ask."""

    version = IntegerField(validators=VERSION)
    on_date = _date(_l("Tanggal"))
    heard = _note(
        _l("Kabar yang didapat"), _l("Tulis kabar yang didapat (atau 'belum ada kabar').")
    )
    next_on = _date(_l("Tanya lagi pada"), required=True)


class AnswerForm(FlaskForm):
    """The answer that closes a referral."""

    version = IntegerField(validators=VERSION)
    answer = SelectField(_l("Jawaban"), choices=ANSWER_CHOICES, validate_choice=False)
    on_date = _date(_l("Tanggal jawaban"))
    note = _note(_l("Alasan / catatan"))


class FilterForm(FlaskForm):
    """The referral list's filters (GET, no CSRF)."""

    class Meta:
        csrf = False

    program = SelectField(_l("Program"), validate_choice=False)
    state = SelectField(
        _l("Keadaan"),
        choices=options([("", _l("Semua")), *STATE_LABELS.items()]),
        validate_choice=False,
    )
    dusun = SelectField(_l("Dusun"), validate_choice=False)
    terlambat = SelectField(
        _l("Tindak lanjut"),
        choices=options([("", _l("Semua")), ("1", _l("Lewat batas waktu"))]),
        validate_choice=False,
    )


class SuggestionForm(FlaskForm):
    """Accept or dismiss a suggestion (dismissing needs the reason)."""

    version = IntegerField(validators=VERSION)
    reason = StringField(
        _l("Alasan mengabaikan"), validators=[Optional(), Length(max=255, message=TOO_LONG)]
    )
