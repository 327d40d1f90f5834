"""The admin's form of one office's settings (rules and messages live in offices.settings)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

TOO_LONG = _l("Paling banyak %(max)d karakter.")
# Indonesia's three zones first; any other IANA name may be typed by a regency outside them.
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


class OfficeForm(FlaskForm):
    """Name, address, hours, time zone, printer, priority ratio and base URL of one office."""

    name = StringField(_l("Nama kantor"), validators=[Length(max=120, message=TOO_LONG)])
    address = StringField(_l("Alamat"), validators=[Length(max=255, message=TOO_LONG)])
    phone = StringField(_l("Telepon (boleh kosong)"), validators=[Length(max=30, message=TOO_LONG)])
    region_code = StringField(
        _l("Kode kecamatan (6 angka)"), validators=[Length(max=12, message=TOO_LONG)]
    )
    office_hours = TextAreaField(_l("Jam layanan"), validators=[Length(max=500, message=TOO_LONG)])
    cuti_bersama_closes = BooleanField(_l("Kantor tutup pada hari cuti bersama"))
    timezone = StringField(_l("Zona waktu"), validators=[Length(max=60, message=TOO_LONG)])
    priority_ratio = StringField(
        _l("Rasio prioritas (panggilan biasa per satu prioritas)"),
        validators=[Length(max=4, message=TOO_LONG)],
    )
    early_issue_minutes = StringField(
        _l("Nomor bisa diambil sebelum buka (menit)"),
        validators=[Length(max=4, message=TOO_LONG)],
    )
    base_url = StringField(
        _l("Alamat dasar untuk kode QR"), validators=[Length(max=255, message=TOO_LONG)]
    )
    printer = StringField(_l("Printer kios"), validators=[Length(max=255, message=TOO_LONG)])
    desk_printer = StringField(
        _l("Printer meja layanan (boleh kosong)"), validators=[Length(max=255, message=TOO_LONG)]
    )
    # Checked by offices.settings, whose message is in plain Indonesian.
    printer_paper = SelectField(
        _l("Lebar kertas"),
        choices=[SelectChoice("80", "80 mm"), SelectChoice("58", "58 mm")],
        validate_choice=False,
    )
    printer_profile = StringField(
        _l("Profil printer (boleh kosong)"), validators=[Length(max=60, message=TOO_LONG)]
    )
    phone_tickets = BooleanField(
        _l("Ponsel warga boleh mengambil nomor (tampil di layar, tanpa struk)")
    )
    regency_name = StringField(
        _l("Kabupaten/kota (kop surat)"), validators=[Length(max=120, message=TOO_LONG)]
    )
    district_name = StringField(
        _l("Kecamatan (kop surat)"), validators=[Length(max=120, message=TOO_LONG)]
    )
    head_title = StringField(
        _l("Jabatan penanda tangan"), validators=[Length(max=60, message=TOO_LONG)]
    )
    head_name = StringField(
        _l("Nama penanda tangan"), validators=[Length(max=120, message=TOO_LONG)]
    )
    # Checked by offices.settings too (the API and the CLI pass there).
    requeue_position = SelectField(
        _l("Nomor tidak hadir yang dikembalikan ke antrean"),
        choices=[
            SelectChoice("original", _l("Sesuai waktu ambil nomor")),
            SelectChoice("front", _l("Paling depan (dipanggil berikutnya)")),
        ],
        validate_choice=False,
    )


class LocalHolidayForm(FlaskForm):
    """A day this office alone is closed."""

    day = DateField(_l("Tanggal"), validators=[Optional()])
    name = StringField(_l("Nama hari libur"), validators=[Length(max=255, message=TOO_LONG)])


class RemoveHolidayForm(FlaskForm):
    """The CSRF token of the remove buttons."""
