"""Forms of the file desk. Identity rules live in kiosk.files.service (one source of truth);
these forms carry CSRF, lengths and the labels."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from kiosk.files.flags import NIK_ABSENT_CHOICES


class IntakeForm(FlaskForm):
    """The applicant and the papers handed in; per-requirement choices come as req-<id>."""

    nik = StringField(_l("NIK (16 digit)"), validators=[Length(max=30)])
    nik_absent = SelectField(_l("Tidak ada NIK? Alasannya"), validate_choice=False)
    # The public id of the person on record the officer chose to use (same NIK).
    person = HiddenField(validators=[Length(max=36)])
    name = StringField(_l("Nama lengkap sesuai KTP/KK"), validators=[Length(max=120)])
    kk = StringField(_l("Nomor KK"), validators=[Length(max=30)])
    birth_date = DateField(_l("Tanggal lahir"), validators=[Optional()])
    birth_place = StringField(_l("Tempat lahir"), validators=[Length(max=60)])
    sex = SelectField(_l("Jenis kelamin"))
    address = StringField(_l("Alamat (jalan/kampung)"), validators=[Length(max=300)])
    rt = StringField(_l("RT"), validators=[Length(max=3)])
    rw = StringField(_l("RW"), validators=[Length(max=3)])
    dusun = StringField(_l("Dusun"), validators=[Length(max=60)])
    phone = StringField(_l("Nomor HP (boleh kosong)"), validators=[Length(max=20)])
    phone_consent = BooleanField(_l("Warga setuju menerima SMS tentang berkasnya di nomor ini"))
    name_mismatch = BooleanField(_l("Ejaan nama di KTP dan KK berbeda"))
    notes = TextAreaField(_l("Catatan petugas"), validators=[Length(max=1000)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set after binding: WTForms 3.3 deprecates tuple choices passed to the constructor.
        self.sex.choices = [("", _l("— pilih —")), ("L", _l("Laki-laki")), ("P", _l("Perempuan"))]
        self.nik_absent.choices = [("", _l("— ada NIK —")), *NIK_ABSENT_CHOICES]


class StatusForm(FlaskForm):
    """Move a file to its next status."""

    status = SelectField(_l("Status baru"), validators=[DataRequired(_l("Pilih status."))])
    # The file's version when the page was drawn: a change made since then is a conflict.
    version = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**62)])
    note = TextAreaField(_l("Catatan / alasan"), validators=[Length(max=500)])
    # Only for "Sudah diambil" (checked by kiosk.files.collection): who took the document home.
    collected_who = SelectField(
        _l("Yang mengambil"),
        choices=[
            SelectChoice("", _l("— pilih —")),
            SelectChoice("pemohon", _l("Pemohon sendiri")),
            SelectChoice("wakil", _l("Orang lain (diwakilkan)")),
        ],
        validate_choice=False,
    )
    collected_name = StringField(
        _l("Nama yang mengambil"),
        validators=[Length(max=120, message=_l("Paling banyak 120 huruf."))],
    )


class PaperForm(FlaskForm):
    """Change the state of one of a file's papers (e.g. a missing one was brought in)."""

    state = StringField(validators=[AnyOf(("received", "missing", "not_needed"))])
    # The paper row's version when the page was drawn: a change made since then is a conflict.
    version = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**62)])


class FlagForm(FlaskForm):
    """Urgent or name-mismatch flag with the reason."""

    value = SelectField(_l("Tanda"))
    reason = StringField(_l("Alasan"), validators=[Length(max=300)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.value.choices = [("1", _l("Ya")), ("0", _l("Tidak"))]  # see IntakeForm


class LocationForm(FlaskForm):
    """Where the paper is kept."""

    shelf = StringField(_l("Rak"), validators=[DataRequired(_l("Isi rak.")), Length(max=40)])
    folder = StringField(_l("Map / kotak"), validators=[Length(max=40)])


class SearchForm(FlaskForm):
    """Find a file by code, NIK/KK or name (POSTed with CSRF; a scanned code may come by GET)."""

    q = StringField(_l("Kode, NIK/KK, atau nama"), validators=[Length(max=80)])


class HandoverForm(FlaskForm):
    """A new handover batch."""

    destination = StringField(
        _l("Tujuan"),
        validators=[DataRequired(_l("Isi tujuan, misalnya Kecamatan Sukamaju.")), Length(max=120)],
    )
    carrier = StringField(
        _l("Dibawa oleh"), validators=[DataRequired(_l("Isi nama pembawa.")), Length(max=120)]
    )
    note = StringField(_l("Catatan"), validators=[Length(max=300)])


class ScanForm(FlaskForm):
    """Scan or type a tracking code into a batch."""

    code = StringField(
        _l("Kode berkas"), validators=[DataRequired(_l("Pindai atau ketik kode.")), Length(max=40)]
    )


class ReturnForm(FlaskForm):
    """A batch came back."""

    returned_by = StringField(
        _l("Dikembalikan oleh"), validators=[DataRequired(_l("Isi nama.")), Length(max=120)]
    )
