"""The schema: every table of Satu Pintu, in one place."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.db import UTCDateTime
from kiosk.extensions import db


class Bilingual:
    """Mixin helper: pick the Indonesian or English variant of a text pair."""

    def text(self, field: str, lang: str) -> str:
        """The `field` text in `lang`, falling back to Indonesian."""
        value = getattr(self, f"{field}_{lang}", None) if lang != "id" else None
        return value or getattr(self, f"{field}_id") or ""


class ServiceGroup(Bilingual, db.Model):
    """A home-screen tile that holds one or more services (e.g. KTP-el)."""

    __tablename__ = "service_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    icon: Mapped[str] = mapped_column(String(60))
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))
    hint_id: Mapped[str | None] = mapped_column(String(255))
    hint_en: Mapped[str | None] = mapped_column(String(255))
    position: Mapped[int] = mapped_column(Integer, default=0)
    services: Mapped[list[Service]] = relationship(
        back_populates="group", order_by="Service.position"
    )


class Service(Bilingual, db.Model):
    """A service (layanan) a citizen can queue for."""

    __tablename__ = "service"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("service_group.id"))
    prefix: Mapped[str] = mapped_column(String(2), unique=True)
    icon: Mapped[str] = mapped_column(String(60))
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))
    summary_id: Mapped[str | None] = mapped_column(Text)
    summary_en: Mapped[str | None] = mapped_column(Text)
    notice_id: Mapped[str | None] = mapped_column(Text)
    notice_en: Mapped[str | None] = mapped_column(Text)
    fee: Mapped[int] = mapped_column(Integer, default=0)
    fee_note_id: Mapped[str | None] = mapped_column(String(255))
    fee_note_en: Mapped[str | None] = mapped_column(String(255))
    time_standard_days: Mapped[int | None] = mapped_column(Integer)
    time_note_id: Mapped[str | None] = mapped_column(Text)
    time_note_en: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[str] = mapped_column(String(40))
    done_at_id: Mapped[str] = mapped_column(String(255))
    done_at_en: Mapped[str | None] = mapped_column(String(255))
    daily_quota: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    group: Mapped[ServiceGroup] = relationship(back_populates="services")
    requirements: Mapped[list[Requirement]] = relationship(
        back_populates="service", order_by="Requirement.position", cascade="all, delete-orphan"
    )

    @property
    def is_free(self) -> bool:
        """GRATIS: no fee at all."""
        return self.fee == 0


class Requirement(Bilingual, db.Model):
    """One item of a service's requirements: brought, made here, or captured by an officer."""

    __tablename__ = "requirement"
    KINDS = ("bring", "made", "captured")
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(12))
    icon: Mapped[str] = mapped_column(String(60))
    label_id: Mapped[str] = mapped_column(String(255))
    label_en: Mapped[str | None] = mapped_column(String(255))
    why_id: Mapped[str | None] = mapped_column(Text)
    why_en: Mapped[str | None] = mapped_column(Text)
    condition_id: Mapped[str | None] = mapped_column(String(255))
    condition_en: Mapped[str | None] = mapped_column(String(255))
    optional: Mapped[bool] = mapped_column(Boolean, default=False)
    service: Mapped[Service] = relationship(back_populates="requirements")


class Holiday(Bilingual, db.Model):
    """A day the office is closed (libur nasional, cuti bersama, local)."""

    __tablename__ = "holiday"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, unique=True)
    name_id: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str | None] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20), default="libur")


class DailyCounter(db.Model):
    """The last number issued for a service on a local day; the row that serialises numbering."""

    __tablename__ = "daily_counter"
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(db.Model):
    """A queue number (antrian)."""

    __tablename__ = "ticket"
    __table_args__ = (UniqueConstraint("service_id", "day", "number", name="uq_ticket_number"),)
    STATES = ("waiting", "called", "serving", "done", "no_show", "transferred", "cancelled")
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(12))
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    priority_reason: Mapped[str | None] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(16), default="waiting", index=True)
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    request_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(12), default="kiosk")
    lang: Mapped[str] = mapped_column(String(5), default="id")
    missing_requirements: Mapped[list] = mapped_column(JSON, default=list)
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    called_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    service: Mapped[Service] = relationship()
    print_jobs: Mapped[list[PrintJob]] = relationship(
        back_populates="ticket", order_by="PrintJob.id"
    )


class PrintJob(db.Model):
    """One attempt to print a receipt, done off the request path; faults are kept here."""

    __tablename__ = "print_job"
    STATUSES = ("queued", "printing", "printed", "failed")
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="ticket")
    status: Mapped[str] = mapped_column(String(12), default="queued")
    printer_url: Mapped[str] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ticket: Mapped[Ticket] = relationship(back_populates="print_jobs")
