"""Complaint forms (flask-wtf: CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from kiosk.complaints.service import ANSWER_MAX, NAME_MAX, TEXT_MAX


class DetailFields(FlaskForm):
    """What a citizen may add, all optional: a short story, the officer, a phone to answer."""

    cerita = TextAreaField(
        _l("Ceritakan singkat (boleh dikosongkan)"),
        validators=[Optional(), Length(max=TEXT_MAX)],
    )
    petugas = StringField(
        _l("Tentang petugas tertentu? Nama petugas atau loket (boleh dikosongkan)"),
        validators=[Optional(), Length(max=NAME_MAX)],
    )
    hp = StringField(
        _l("Nomor HP untuk jawaban (boleh dikosongkan)"),
        validators=[Optional(), Length(max=20)],
    )
    setuju = BooleanField(_l("Saya setuju dihubungi petugas di nomor ini"))


class KioskComplaintForm(DetailFields):
    """The kiosk's complaint, carried through its screens; `token` makes the last tap once."""

    kategori = HiddenField(validators=[DataRequired(), Length(max=30)])
    token = HiddenField(validators=[DataRequired(), Length(max=64)])


class CounterComplaintForm(DetailFields):
    """'Catat pengaduan' at the counter: the officer types what the citizen says."""

    kategori = SelectField(_l("Jenis pengaduan"), validators=[DataRequired()])
    diminta_bayar = BooleanField(_l("Warga diminta membayar"))
    petugas_id = SelectField(_l("Akun petugas yang diadukan (jika ada)"), coerce=int, default=0)
    nama = StringField(
        _l("Nama pelapor (kosongkan jika tidak mau disebut)"),
        validators=[Optional(), Length(max=NAME_MAX)],
    )
    token = HiddenField(validators=[DataRequired(), Length(max=64)])


class VersionedForm(FlaskForm):
    """A step on a complaint page, naming the version the page showed."""

    version = IntegerField(validators=[InputRequired()])


class AssignForm(VersionedForm):
    petugas_id = SelectField(_l("Tugaskan kepada"), coerce=int)


class AnswerForm(VersionedForm):
    jawaban = TextAreaField(
        _l("Jawaban untuk warga (tampil di halaman status)"),
        validators=[Optional(), Length(max=ANSWER_MAX)],
    )


class FilterForm(FlaskForm):
    """The list's filters (GET, no CSRF)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), validators=[Optional()], validate_choice=False)
    jenis = SelectField(_l("Jenis"), validators=[Optional()], validate_choice=False)
    terlambat = BooleanField(_l("Hanya yang terlambat"))
    kode = StringField(_l("Kode lacak"), validators=[Optional(), Length(max=40)])
