"""Demo complaints for `satupintu demo`: one anonymous pungli report, one about an officer
(only the kepala and the admin see it), one answered."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.complaints import service
from kiosk.extensions import db
from kiosk.models import Complaint, User


def seed_complaints() -> int:
    """Add the demo complaints once (none if the office already has complaints)."""
    if db.session.scalar(select(Complaint.id).limit(1)) is not None:
        return 0
    kepala = db.session.scalar(select(User).where(User.username == "kepala"))
    service.create_complaint(
        channel="kiosk",
        category="diminta_membayar",
        text="Saat mengurus KK saya diminta Rp50.000 oleh orang di depan kantor.",
    )
    service.create_complaint(
        channel="counter",
        category="petugas",
        text="Loket tutup pukul 10 padahal jam layanan sampai 15.00.",
        officer_name="Loket 2",
        user=kepala,
    )
    slow = service.create_complaint(
        channel="field",
        category="berkas_hilang",
        text="Akta kelahiran anak saya belum ada kabar sejak bulan lalu.",
        reporter_name="Warga Dusun Krajan",
    )
    db.session.commit()
    if kepala is not None:
        service.answer(
            slow,
            "Berkas Anda sudah kami temukan di Disdukcapil; akta siap diambil Senin depan.",
            kepala,
        )
    return 3
