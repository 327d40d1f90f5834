"""Forms for people and households: the intake's subject part, and the staff edit screens.
The rules themselves live in kiosk.people.rules; these forms carry CSRF, lengths and labels."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from kiosk.files.flags import NIK_ABSENT_CHOICES

RELATION_CHOICES = [
    ("kepala_keluarga", _l("Kepala keluarga")),
    ("suami", _l("Suami")),
    ("istri", _l("Istri")),
    ("anak", _l("Anak")),
    ("menantu", _l("Menantu")),
    ("cucu", _l("Cucu")),
    ("orang_tua", _l("Orang tua")),
    ("mertua", _l("Mertua")),
    ("famili_lain", _l("Famili lain")),
    ("lainnya", _l("Lainnya")),
]
# Every change names the version its page showed: without it a stale page could overwrite.
VERSION_GIVEN = InputRequired(_l("Versi data tidak terkirim; muat ulang halaman lalu coba lagi."))
# The fields of a person a form hands to the rules, by name.
PERSON_FIELDS = ("nik", "nik_absent", "name", "sex", "birth_date", "birth_place", "relation")
HOME_FIELDS = ("kk", "address", "rt", "rw", "dusun")


def relation_label(code: str | None) -> str:
    """A relation in the family, in words ("" when unknown)."""
    return str(dict(RELATION_CHOICES).get(code or "", code or ""))


class PersonFields(FlaskForm):
    """Who someone is: NIK or the reason there is none, name, sex, birth, relation."""

    nik = StringField(_l("NIK (16 digit)"), validators=[Length(max=30)])
    nik_absent = SelectField(_l("Tidak ada NIK? Alasannya"), validate_choice=False)
    name = StringField(_l("Nama lengkap sesuai KTP/KK"), validators=[Length(max=120)])
    sex = SelectField(_l("Jenis kelamin"), validate_choice=False)
    birth_date = DateField(_l("Tanggal lahir"), validators=[Optional()])
    birth_place = StringField(_l("Tempat lahir"), validators=[Length(max=60)])
    relation = SelectField(_l("Hubungan dengan pemohon / dalam KK"), validate_choice=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set after binding: WTForms 3.3 deprecates tuple choices passed to the constructor.
        self.sex.choices = [("", _l("— pilih —")), ("L", _l("Laki-laki")), ("P", _l("Perempuan"))]
        self.nik_absent.choices = [("", _l("— ada NIK —")), *NIK_ABSENT_CHOICES]
        self.relation.choices = [("", _l("— pilih —")), *RELATION_CHOICES]

    def person_data(self) -> dict:
        """The typed values, for kiosk.people.rules (which checks them)."""
        return {name: getattr(self, name).data or None for name in PERSON_FIELDS}


class SubjectForm(PersonFields):
    """The intake's "data yang diurus" (prefix `subject-`; the intake form holds the CSRF)."""

    class Meta:
        csrf = False

    # The public id of the person on record the officer chose to use (same NIK).
    person = HiddenField(validators=[Length(max=36)])
    is_applicant = BooleanField(_l("Yang diurus adalah pemohon sendiri"))

    def typed(self) -> bool:
        """Did the officer type anyone at all?"""
        return bool((self.name.data or "").strip() or (self.nik.data or "").strip())


class MemberForm(PersonFields):
    """Add someone to a household: a NIK on record moves that person in, else a new person."""


class PersonForm(PersonFields):
    """Correct a person's data; `version` is the row's version when the page was drawn."""

    phone = StringField(_l("Nomor HP (boleh kosong)"), validators=[Length(max=20)])
    phone_consent = BooleanField(_l("Warga setuju menerima SMS tentang berkasnya di nomor ini"))
    version = IntegerField(validators=[VERSION_GIVEN, NumberRange(min=1, max=2**62)])

    def person_data(self) -> dict:
        """The typed values including the phone and its consent."""
        return {
            **super().person_data(),
            "phone": self.phone.data,
            "phone_consent": bool(self.phone_consent.data),
        }


class HouseholdForm(FlaskForm):
    """Correct a household's KK number and address."""

    kk = StringField(_l("Nomor KK (boleh kosong)"), validators=[Length(max=30)])
    address = StringField(_l("Alamat (jalan/kampung)"), validators=[Length(max=300)])
    rt = StringField(_l("RT"), validators=[Length(max=3)])
    rw = StringField(_l("RW"), validators=[Length(max=3)])
    dusun = StringField(_l("Dusun"), validators=[Length(max=60)])
    version = IntegerField(validators=[VERSION_GIVEN, NumberRange(min=1, max=2**62)])

    def home_data(self) -> dict:
        """The typed values, for kiosk.people.rules."""
        return {name: getattr(self, name).data for name in HOME_FIELDS}


class MoveOutForm(FlaskForm):
    """Move a member out of a household (the person stays on record)."""

    version = IntegerField(validators=[VERSION_GIVEN, NumberRange(min=1, max=2**62)])
