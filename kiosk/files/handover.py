"""Handover log: batches of files carried to the kecamatan/Dukcapil/Dinsos and back.

Each step is also written into every file's append-only history, so a file is never
"lost" without a trace of who took it where and when.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk import clock
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.files.service import get_file, record
from kiosk.models import HandoverBatch, HandoverItem, User
from kiosk.offices.service import office_filter, visible_to_staff


class HandoverRefused(DomainError):
    code = "handover_refused"
    status = 409


class UnknownBatch(DomainError):
    code = "not_found"
    status = 404


def create_batch(destination: str, carrier: str, note: str | None, user: User | None):
    """A new, still open batch."""
    batch = HandoverBatch(
        destination=" ".join(destination.split()),
        carrier=" ".join(carrier.split()),
        note=(note or "").strip() or None,
        created_by_id=user.id if user else None,
        created_at=clock.now(),
    )
    db.session.add(batch)
    db.session.commit()
    return batch


def get_batch(batch_id: int) -> HandoverBatch:
    batch = db.session.get(HandoverBatch, batch_id)
    if batch is None or not visible_to_staff(batch):
        raise UnknownBatch(_("Pengiriman tidak ditemukan."))
    return batch


def recent_batches(limit: int = 30) -> list[HandoverBatch]:
    return list(
        db.session.scalars(
            select(HandoverBatch)
            .where(*office_filter(HandoverBatch))
            .order_by(HandoverBatch.id.desc())
            .limit(limit)
        )
    )


def open_batch_of(file_id: int) -> HandoverBatch | None:
    """The batch a file is in and that has not come back yet."""
    return db.session.scalar(
        select(HandoverBatch)
        .join(HandoverItem)
        .where(HandoverItem.file_id == file_id, HandoverItem.returned_at.is_(None))
    )


def add_file(batch: HandoverBatch, code: str, user: User | None) -> HandoverItem:
    """Scan a file into an unsent batch."""
    if batch.sent_at is not None:
        raise HandoverRefused(_("Pengiriman ini sudah berangkat; buat pengiriman baru."))
    case = get_file(code)
    other = open_batch_of(case.id)
    if other is not None:
        raise HandoverRefused(
            _(
                "Berkas %(code)s sudah ada di pengiriman #%(num)d.",
                code=case.tracking_code,
                num=other.id,
            )
        )
    item = HandoverItem(batch_id=batch.id, file_id=case.id, added_at=clock.now())
    db.session.add(item)
    record(
        case,
        "handover",
        user,
        value=f"batch:{batch.id}",
        note=_("Masuk pengiriman #%(num)d ke %(to)s", num=batch.id, to=batch.destination),
    )
    db.session.commit()
    return item


def send_batch(batch: HandoverBatch, user: User | None) -> HandoverBatch:
    """The batch leaves the office."""
    if batch.sent_at is not None:
        raise HandoverRefused(_("Pengiriman ini sudah dicatat berangkat."))
    if not batch.items:
        raise HandoverRefused(_("Pengiriman masih kosong; pindai berkas dulu."))
    batch.sent_at = clock.now()
    for item in batch.items:
        record(
            item.file,
            "handover",
            user,
            value=f"batch:{batch.id}",
            note=_("Dibawa ke %(to)s oleh %(who)s", to=batch.destination, who=batch.carrier),
        )
    db.session.commit()
    return batch


def return_batch(batch: HandoverBatch, returned_by: str, user: User | None) -> HandoverBatch:
    """The batch came back to the office."""
    if batch.sent_at is None:
        raise HandoverRefused(_("Pengiriman ini belum berangkat."))
    if batch.returned_at is not None:
        raise HandoverRefused(_("Pengiriman ini sudah dicatat kembali."))
    now = clock.now()
    batch.returned_at, batch.returned_by = now, " ".join(returned_by.split())
    for item in batch.items:
        item.returned_at = now
        record(
            item.file,
            "handover",
            user,
            value=f"batch:{batch.id}",
            note=_(
                "Kembali dari %(to)s, dibawa %(who)s", to=batch.destination, who=batch.returned_by
            ),
        )
    db.session.commit()
    return batch
