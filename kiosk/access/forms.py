"""Form of the access page: grant or withdraw full view for one account."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf


class FullViewForm(FlaskForm):
    """value "1" grants full view of NIK/KK/address, "0" withdraws it."""

    value = HiddenField(validators=[AnyOf(["0", "1"], message=_l("Pilih beri atau cabut izin."))])
