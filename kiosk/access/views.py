"""The admin's page of the personal-data access log (newest first, paged, filtered by user),
with the full-view grants of accounts that see files masked."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.access import bp
from kiosk.access.forms import FullViewForm
from kiosk.access.service import (
    MAX_ID,
    access_page,
    grantable_accounts,
    set_full_view,
    staff_choices,
)
from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.errors import DomainError

WHAT = {
    "file_page": _l("Membuka halaman berkas"),
    "file_api": _l("Detail berkas lewat API"),
    "reprint": _l("Cetak ulang tanda terima"),
    "search": _l("Pencarian"),
    "person_page": _l("Membuka data warga"),
    "family_page": _l("Membuka data keluarga"),
    "export": _l("Ekspor data (file SIKS-NG)"),
    "complaint": _l("Membuka pengaduan (identitas pelapor)"),
    "referral": _l("Membuka data rujukan"),
}
SEARCH_BY = {"code": _l("kode"), "nik_kk": _l("NIK/KK"), "name": _l("nama")}


class BadFilter(DomainError):
    """A page number or user id in the address is not a positive whole number."""

    code = "invalid_filter"
    status = 400


@bp.get("/admin/akses-data")
@staff_required(Action.ACCESS_LOG_READ)
def log():
    """Who looked at which file's personal data, and every search."""
    return _page()


@bp.post("/admin/akses-data/izin/<id:user_id>")
@staff_required(Action.ADMIN_MANAGE)
def full_view(user_id: int):
    """Grant or withdraw full view (NIK, KK, address, phone) for one masked-view account."""
    form = FullViewForm()
    if not form.validate():
        return _page(422, error=" ".join(form.value.errors) or _("Permintaan tidak sah."))
    account = set_full_view(user_id, form.value.data == "1")
    if account.pii_full_view:
        message = _("%(name)s sekarang melihat data pribadi lengkap.", name=account.username)
    else:
        message = _("%(name)s kembali melihat data pribadi tersamar.", name=account.username)
    return _page(message=message)


def _page(status: int = 200, **notices):
    user_id = _positive_arg("pengguna")
    return render_template(
        "access/log.html",
        result=access_page(user_id, _positive_arg("halaman") or 1),
        staff=staff_choices(),
        user_id=user_id,
        grantable=grantable_accounts(),
        grant_form=FullViewForm(formdata=None),
        what=WHAT,
        search_by=SEARCH_BY,
        **notices,
    ), status


def _positive_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_ID:
        raise BadFilter(_("Isian %(name)s harus angka bulat positif.", name=name))
    return int(raw)
