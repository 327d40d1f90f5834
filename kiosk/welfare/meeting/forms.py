"""Forms of the village meeting pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from kiosk.models import MeetingAttendee

KIND_LABELS = {
    "musdes": _l("Musyawarah desa (musdes)"),
    "muskel": _l("Musyawarah kelurahan (muskel)"),
    "musdus": _l("Musyawarah dusun (musdus)"),
}
ROLE_LABELS = {
    "kepala_desa": _l("Kepala desa / lurah"),
    "perangkat": _l("Perangkat desa / kelurahan"),
    "bpd": _l("BPD / LPMK"),
    "rt_rw": _l("Ketua RT/RW"),
    "tokoh": _l("Tokoh masyarakat / agama"),
    "pendamping": _l("Pendamping PKH / TKSK"),
    "warga": _l("Wakil warga"),
}
assert set(ROLE_LABELS) == set(MeetingAttendee.ROLES)
TOO_LONG = _l("Paling banyak %(max)d karakter.")


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(code, label) for code, label in labels.items()]


def _name(label, missing: str) -> StringField:
    return StringField(
        label, validators=[InputRequired(missing), Length(max=120, message=TOO_LONG)]
    )


class MeetingForm(FlaskForm):
    """A meeting's details: kind, when, where, the area, who chairs and who writes."""

    kind = SelectField(_l("Jenis musyawarah"), choices=_choices(KIND_LABELS))
    day = DateField(_l("Tanggal"), validators=[InputRequired(_l("Isi tanggal musyawarah."))])
    time = TimeField(_l("Jam mulai"), validators=[InputRequired(_l("Isi jam mulai."))])
    place = _name(_l("Tempat"), _l("Isi tempat musyawarah."))
    dusun = SelectField(_l("Wilayah (dusun)"), validate_choice=False)
    rt = StringField(
        _l("RT (boleh kosong)"), validators=[Optional(), Length(max=3, message=TOO_LONG)]
    )
    chair_name = _name(_l("Pimpinan rapat"), _l("Isi nama pimpinan rapat."))
    secretary_name = _name(_l("Notulis"), _l("Isi nama notulis."))


class AttendeeForm(FlaskForm):
    """One person on the attendance list."""

    name = _name(_l("Nama"), _l("Isi nama peserta."))
    role = SelectField(_l("Unsur"), choices=_choices(ROLE_LABELS))
    present = BooleanField(_l("Hadir"), default=True)


class PresentForm(FlaskForm):
    """The present tick of one attendee."""

    present = BooleanField(_l("Hadir"))


class DecisionForm(FlaskForm):
    """The meeting's decision on one row, with the reason read out."""

    decision = SelectField(
        choices=[
            SelectChoice("setuju", _l("Setuju")),
            SelectChoice("tidak_setuju", _l("Tidak setuju")),
        ],
        validate_choice=False,
    )
    reason = TextAreaField(
        _l("Alasan yang dibacakan"), validators=[Length(max=1000, message=TOO_LONG)]
    )


class AddForm(FlaskForm):
    """Add one candidate (proposal id) or, without one, every candidate."""

    proposal = StringField(validators=[Optional()])


class ConfirmForm(FlaskForm):
    """A plain confirm step (CSRF only): open, close, remove."""
