"""Forms of the counter console and the admin page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

# WTForms ships no Indonesian messages: every length limit says its own.
TOO_LONG = _l("Paling banyak %(max)d karakter.")


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes, one per choice."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CallSpecificForm(FlaskForm):
    """Call one number out of order, with a reason that is logged."""

    number = StringField(
        _l("Nomor"),
        validators=[
            DataRequired(_l("Isi nomor antrean, misalnya A-007.")),
            Length(max=20, message=TOO_LONG),
        ],
    )
    reason = StringField(
        _l("Alasan"),
        validators=[
            DataRequired(_l("Tulis alasannya.")),
            Length(min=3, max=200, message=_l("Alasan 3 sampai 200 huruf.")),
        ],
    )


class TransferForm(FlaskForm):
    """Send the current ticket to another service or counter."""

    target = SelectField(_l("Alihkan ke"), validators=[DataRequired(_l("Pilih tujuan."))])


class CounterForm(FlaskForm):
    """A counter and the services it calls."""

    name = StringField(
        _l("Nama loket"),
        validators=[
            DataRequired(_l("Isi nama loket, misalnya Loket 1.")),
            Length(max=60, message=TOO_LONG),
        ],
    )
    services = MultiCheckboxField(_l("Layanan yang dipanggil"))
    printer = StringField(
        _l("Printer loket (boleh kosong)"), validators=[Length(max=255, message=TOO_LONG)]
    )

    def validate_services(self, field):
        if not field.data:
            raise ValidationError(_l("Pilih paling sedikit satu layanan."))


class NoticeForm(FlaskForm):
    """The running notice line on the waiting-room display."""

    notice = TextAreaField(
        _l("Pengumuman di layar antrean"), validators=[Length(max=200, message=TOO_LONG)]
    )


class EndOfDayForm(FlaskForm):
    """What happens to tickets still waiting at closing time."""

    action = RadioField(
        _l("Antrean yang masih menunggu"), validators=[DataRequired(_l("Pilih salah satu."))]
    )
    # No Optional() here: it would stop the chain before validate_reason runs.
    reason = StringField(
        _l("Alasan (wajib jika ditutup)"), validators=[Length(max=200, message=TOO_LONG)]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set after binding: WTForms 3.3 deprecates tuple choices passed to the constructor.
        self.action.choices = [
            ("carry", _l("Bawa ke hari buka berikutnya (nomor dan urutan tetap)")),
            ("close", _l("Tutup dengan alasan")),
        ]

    def validate_reason(self, field):
        if self.action.data == "close" and len((field.data or "").strip()) < 3:
            raise ValidationError(_l("Tulis alasan menutup antrean, misalnya: blanko habis."))


class DeskTicketForm(FlaskForm):
    """A number taken for a citizen at the desk: service and priority, chosen by the officer."""

    service = SelectField(_l("Layanan"), validators=[DataRequired(_l("Pilih layanan."))])
    priority = SelectField(_l("Prioritas"), validate_choice=False)
    # One number per form drawn: pressing twice (or resending) gives the same ticket.
    token = HiddenField(validators=[Length(max=40, message=TOO_LONG)])


class ReprintForm(FlaskForm):
    """Reprint a queue receipt, by number (today) or tracking code."""

    number = StringField(
        _l("Nomor antrean atau kode lacak"),
        validators=[
            DataRequired(_l("Isi nomor antrean (A-007) atau kode lacak dari struk.")),
            Length(max=40, message=TOO_LONG),
        ],
    )


class CounterPrinterForm(FlaskForm):
    """A counter's own receipt printer (empty: the office's desk or kiosk printer)."""

    printer = StringField(_l("Printer loket"), validators=[Length(max=255, message=TOO_LONG)])
