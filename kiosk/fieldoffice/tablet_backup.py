"""`POST /admin/tablet/cadangan`: the admin receives a tablet's backup file (.spcb).

The file is opened with the office's key and fed through the sync API's own code
(kiosk.sync.backup); the result is shown on /admin/tablet and written to the audit trail.
"""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _

from kiosk.auth import audit
from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.fieldoffice import bp
from kiosk.fieldoffice.forms import BackupForm
from kiosk.fieldoffice.tablet_views import tablets_answer
from kiosk.limits import body_limit
from kiosk.offices.current import current_office
from kiosk.sync.backup import Summary, import_backup

MAX_BACKUP_BYTES = 256 * 1024 * 1024


def too_large() -> str:
    return _(
        "Berkas cadangan terlalu besar (paling besar %(mb)d MB). Kirim dulu data tablet lewat "
        "jaringan kantor, lalu buat cadangan baru.",
        mb=MAX_BACKUP_BYTES >> 20,
    )


@bp.post("/admin/tablet/cadangan")
@staff_required(Action.DEVICES_MANAGE)
@body_limit(MAX_BACKUP_BYTES, too_large)
def import_tablet_backup():
    """Receive every record and photo of a tablet's backup, each exactly once."""
    form = BackupForm()
    if not form.validate():
        problems = [m for errors in form.errors.values() for m in errors]
        if "csrf_token" in form.errors:
            problems = [_("Formulir kedaluwarsa; coba lagi.")]
        return tablets_answer(400, error=" ".join(str(p) for p in problems))
    try:
        summary = import_backup(form.file.data.read(), current_office().id)
    except DomainError as refusal:
        db.session.rollback()
        return tablets_answer(refusal.status, error=refusal.message)
    audit.record(
        "tablet_backup",
        actor=g.staff_user,
        subject=summary.device.user,
        detail=_detail(summary),
    )
    db.session.commit()
    return tablets_answer(message=result_text(summary), backup=summary)


def result_text(summary: Summary) -> str:
    """ "N data baru diterima, M sudah ada, K foto" (and what was kept or refused)."""
    text = _(
        "%(new)d data baru diterima, %(existing)d sudah ada, %(photos)d foto.",
        new=summary.new,
        existing=summary.existing,
        photos=summary.photos,
    )
    if summary.quarantined:
        text += " " + _(
            "%(num)d data dari tablet yang dicabut disimpan untuk ditinjau.",
            num=summary.quarantined,
        )
    return text


def _detail(summary: Summary) -> str:
    parts = [
        summary.device.name,
        f"baru {summary.new}",
        f"sudah ada {summary.existing}",
        f"karantina {summary.quarantined}",
        f"foto {summary.photos}",
        f"ditolak {len(summary.refused)}",
    ]
    return ", ".join(parts)
