"""The schema: every table of Satu Pintu, in one place."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    event,
    false,
    select,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.db import UTCDateTime, guard_append_only, make_append_only, trigram_index
from kiosk.extensions import db


def new_uuid() -> str:
    """A random UUID as text: the public id of a row that may be made away from the server."""
    return str(uuid.uuid4())


def _param(context, name: str):
    """Default a column to another column's value in the same INSERT."""
    return context.get_current_parameters()[name]


def translated(texts: dict | None, lang: str) -> str:
    """One text of a {language: text} mapping in `lang`, falling back to Indonesian ("id")."""
    texts = texts or {}
    return texts.get(lang) or texts.get("id") or ""


class Translated:
    """Mixin: catalogue text lives in JSON columns {"id": ..., "en": ..., "jv": ...}, so a new
    language needs data, never a schema change. Read it only through `text()`."""

    def text(self, field: str, lang: str = "id") -> str:
        """The `field` text in `lang`, falling back to Indonesian."""
        return translated(getattr(self, field), lang)


def _current_office_id(context) -> int | None:
    """Column default of office-owned rows: the office of the request, else the first office.

    Runs inside a flush, so it reads through the flush's own connection, never the session.
    """
    from kiosk.offices.current import office_id_on_g

    office_id = office_id_on_g()
    if office_id is not None:
        return office_id
    return context.connection.scalar(select(Office.id).order_by(Office.id).limit(1))


def _office_column(*, nullable: bool = False, defaulted: bool = True) -> Mapped:
    """The `office_id` of an office-owned row."""
    return mapped_column(
        ForeignKey("office.id"),
        index=True,
        nullable=nullable,
        default=_current_office_id if defaulted else None,
    )


class Office(db.Model):
    """A village office (kantor desa): its own numbering, counters, staff, hours and files.

    The settings that used to live in process configuration live here, edited by the admin.
    """

    __tablename__ = "office"
    PAPERS = ("58", "80")

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str | None] = mapped_column(String(30))
    region_code: Mapped[str] = mapped_column(String(12), default="")
    timezone: Mapped[str] = mapped_column(String(60), default="Asia/Jakarta")
    office_hours: Mapped[str] = mapped_column(Text)
    cuti_bersama_closes: Mapped[bool] = mapped_column(Boolean, default=True)
    priority_ratio: Mapped[int] = mapped_column(Integer, default=2)
    # The kiosk issues numbers from this many minutes before the day's first opening.
    early_issue_minutes: Mapped[int] = mapped_column(Integer, default=30)
    # Empty: the server's own address (SATUPINTU_BASE_URL) goes into receipt QR codes.
    base_url: Mapped[str] = mapped_column(String(255), default="")
    printer: Mapped[str] = mapped_column(String(255), default="dummy:")  # the kiosk's printer
    # The staff desk / back office printer; empty: staff receipts print on the kiosk printer.
    desk_printer: Mapped[str | None] = mapped_column(String(255))
    printer_paper: Mapped[str] = mapped_column(String(4), default="80")
    printer_profile: Mapped[str | None] = mapped_column(String(60))
    # A browser that is not a paired kiosk (a phone) may take a number shown on screen only.
    phone_tickets: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The letterhead of printed reports (PEMERINTAH KABUPATEN …, KECAMATAN …) and who signs them.
    regency_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    district_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    head_title: Mapped[str] = mapped_column(
        String(60), default="Kepala Desa", server_default="Kepala Desa"
    )
    head_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ServiceGroup(Translated, db.Model):
    """A home-screen tile that holds one or more services (e.g. KTP-el)."""

    __tablename__ = "service_group"
    __table_args__ = (UniqueConstraint("office_id", "code", name="uq_service_group_office_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
    code: Mapped[str] = mapped_column(String(40))
    icon: Mapped[str] = mapped_column(String(60))
    name: Mapped[dict] = mapped_column(JSON)
    hint: Mapped[dict | None] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer, default=0)
    services: Mapped[list[Service]] = relationship(
        back_populates="group", order_by="Service.position"
    )


class Service(Translated, db.Model):
    """A service (layanan) a citizen can queue for."""

    __tablename__ = "service"
    __table_args__ = (
        UniqueConstraint("office_id", "code", name="uq_service_office_code"),
        UniqueConstraint("office_id", "prefix", name="uq_service_office_prefix"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
    code: Mapped[str] = mapped_column(String(40))
    group_id: Mapped[int] = mapped_column(ForeignKey("service_group.id"))
    prefix: Mapped[str] = mapped_column(String(2))
    icon: Mapped[str] = mapped_column(String(60))
    name: Mapped[dict] = mapped_column(JSON)
    summary: Mapped[dict | None] = mapped_column(JSON)
    notice: Mapped[dict | None] = mapped_column(JSON)
    fee: Mapped[int] = mapped_column(Integer, default=0)
    fee_note: Mapped[dict | None] = mapped_column(JSON)
    time_standard_days: Mapped[int | None] = mapped_column(Integer)
    time_note: Mapped[dict | None] = mapped_column(JSON)
    done_at: Mapped[str] = mapped_column(String(40))  # the office key (here, kecamatan...)
    done_at_label: Mapped[dict] = mapped_column(JSON)  # that office in words
    daily_quota: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    group: Mapped[ServiceGroup] = relationship(back_populates="services")
    # Every requirement ever shipped (retired ones too: old files point at them)...
    all_requirements: Mapped[list[Requirement]] = relationship(
        back_populates="service", order_by="Requirement.position", cascade="all, delete-orphan"
    )
    # ...and the ones offered today (kiosk checklist, intake form, API).
    requirements: Mapped[list[Requirement]] = relationship(
        primaryjoin="and_(Requirement.service_id == Service.id, Requirement.active)",
        order_by="Requirement.position",
        viewonly=True,
    )

    @property
    def is_free(self) -> bool:
        """GRATIS: no fee at all."""
        return self.fee == 0


class Requirement(Translated, db.Model):
    """One item of a service's requirements: brought, made here, or captured by an officer."""

    __tablename__ = "requirement"
    __table_args__ = (UniqueConstraint("service_id", "code", name="uq_requirement_code"),)
    KINDS = ("bring", "made", "captured")
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    # Stable within its service (services.yaml): the catalogue load updates rows by it.
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(12))
    icon: Mapped[str] = mapped_column(String(60))
    label: Mapped[dict] = mapped_column(JSON)
    why: Mapped[dict | None] = mapped_column(JSON)
    condition: Mapped[dict | None] = mapped_column(JSON)
    optional: Mapped[bool] = mapped_column(Boolean, default=False)
    # Alternatives: the service's requirements with the same code here are "one of" each other
    # (police letter or the damaged card); any one of them satisfies the group.
    one_of: Mapped[str | None] = mapped_column(String(40))
    # Retired when it leaves services.yaml: never deleted, old files still name it.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    service: Mapped[Service] = relationship(back_populates="all_requirements")


class Holiday(Translated, db.Model):
    """A day the office is closed (libur nasional, cuti bersama, local)."""

    __tablename__ = "holiday"
    __table_args__ = (UniqueConstraint("office_id", "day", name="uq_holiday_office_day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL: a national day (holidays.yaml); else a local holiday of one office.
    office_id: Mapped[int | None] = _office_column(nullable=True, defaulted=False)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    name: Mapped[dict] = mapped_column(JSON)
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
    __table_args__ = (
        UniqueConstraint("service_id", "day", "number", name="uq_ticket_number"),
        # People ahead: one queue's waiting tickets of a day, in the order numbers were taken
        # (without it the count walks every ticket the service ever had).
        Index("ix_ticket_queue_waiting", "queue_service_id", "queue_day", "state", "issued_at"),
    )
    STATES = ("waiting", "called", "serving", "done", "no_show", "closed")
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
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
    # Requirement ids the citizen marked "not brought" at the kiosk (text only from before 0011).
    missing_requirements: Mapped[list] = mapped_column(JSON, default=list)
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    called_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Where the ticket waits now: a transfer changes the queue's service or counter, never the
    # number; a carry-over to the next opening changes the queue day.
    queue_service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id"), index=True, default=lambda ctx: _param(ctx, "service_id")
    )
    queue_day: Mapped[dt.date] = mapped_column(
        Date, index=True, default=lambda ctx: _param(ctx, "day")
    )
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), index=True)
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    closed_reason: Mapped[str | None] = mapped_column(Text)
    # Its place in line when that is not the time the number was taken (a no-show put back
    # at the front); queues order by coalesce(line_at, issued_at).
    line_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    service: Mapped[Service] = relationship(foreign_keys=[service_id])
    queue_service: Mapped[Service] = relationship(foreign_keys=[queue_service_id])
    counter: Mapped[Counter | None] = relationship(foreign_keys=[counter_id])
    target_counter: Mapped[Counter | None] = relationship(foreign_keys=[target_counter_id])
    print_jobs: Mapped[list[PrintJob]] = relationship(
        back_populates="ticket", order_by="PrintJob.id"
    )


class PrintJob(db.Model):
    """One attempt to print a receipt, done off the request path; faults are kept here."""

    __tablename__ = "print_job"
    # expired: waited past the moment the kiosk shows the number large, so never printed late
    STATUSES = ("queued", "printing", "printed", "failed", "expired")
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="ticket")  # ticket, file, complaint…
    status: Mapped[str] = mapped_column(String(12), default="queued")
    printer_url: Mapped[str] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ticket: Mapped[Ticket | None] = relationship(back_populates="print_jobs")
    file: Mapped[CaseFile | None] = relationship()
    complaint: Mapped[Complaint | None] = relationship()

    @property
    def label(self) -> str:
        """What the job prints, for logs and preview file names."""
        if self.complaint is not None:
            return f"{self.kind}-{self.complaint.tracking_code}"
        if self.file is not None:
            return f"{self.kind}-{self.file.tracking_code}"
        return self.ticket.label if self.ticket else f"job-{self.id}"


counter_service = Table(
    "counter_service",
    db.metadata,
    Column("counter_id", ForeignKey("counter.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
)


class Counter(db.Model):
    """A service counter (loket) and the services it calls."""

    __tablename__ = "counter"
    __table_args__ = (UniqueConstraint("office_id", "name", name="uq_counter_office_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
    name: Mapped[str] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    on_break: Mapped[bool] = mapped_column(Boolean, default=False)
    # This counter's own receipt printer; empty: the office's desk printer, else the kiosk's.
    printer: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    services: Mapped[list[Service]] = relationship(
        secondary=counter_service, order_by="Service.position"
    )


class QueueEvent(db.Model):
    """Append-only log of what counters did (call, recall, start, transfer, break, notice...).

    Its ids order the waiting-room display's event stream.
    """

    __tablename__ = "queue_event"
    KINDS = (
        "call",
        "recall",
        "start",
        "finish",
        "no_show",
        "transfer",
        "break",
        "resume",
        "carry",
        "close",
        "notice",
        "requeue",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    ticket: Mapped[Ticket | None] = relationship()
    counter: Mapped[Counter | None] = relationship()
    user: Mapped[User | None] = relationship()


make_append_only(QueueEvent.__table__)
guard_append_only(QueueEvent)


class Setting(db.Model):
    """A small office setting edited at run time (e.g. the display's notice line)."""

    __tablename__ = "setting"

    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class User(db.Model):
    """A staff account; the password is stored only as a salted hash."""

    __tablename__ = "staff_user"
    __table_args__ = (
        UniqueConstraint("office_id", "username", name="uq_staff_user_office_username"),
    )
    ROLES = ("admin", "petugas", "lapangan", "kepala")

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL: a regency account, which reads every office's files and reports (set explicitly by
    # create_user: a column default would turn that NULL into an office).
    office_id: Mapped[int | None] = _office_column(nullable=True, defaulted=False)
    username: Mapped[str] = mapped_column(String(60))
    display_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(12))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # A one-time password (set by an admin) or a known demo password on the LAN: change it first.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # Granted by an admin: a role that sees files masked (kepala) sees NIK, KK and address.
    pii_full_view: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # A regency account limited to the offices of one kecamatan (a camat); "": every office.
    kecamatan_scope: Mapped[str] = mapped_column(String(6), default="", server_default="")
    counter: Mapped[Counter | None] = relationship()


class Device(db.Model):
    """A screen or tablet the admin trusts: a kiosk that prints (later: a field tablet).

    Paired once with a short one-time code; then it holds a long random token (a cookie or a
    bearer token). Only hashes of the code and the token are stored; revoking ends the trust.
    """

    __tablename__ = "device"
    KINDS = ("kiosk", "tablet")

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
    kind: Mapped[str] = mapped_column(String(12), default="kiosk")
    name: Mapped[str] = mapped_column(String(80))
    # A kiosk's own printer; empty: the office's kiosk printer.
    printer: Mapped[str | None] = mapped_column(String(255))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    code_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    paired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    # A field tablet: its officer (a lapangan user), the wipe asked for and done, and what it
    # last reported of its queue (records not yet confirmed on the tablet).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL"), index=True
    )
    wipe_requested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    wiped_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    pending_reported: Mapped[int | None] = mapped_column(Integer)
    pending_reported_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_sync_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class ApiToken(db.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship()


class AuditEvent(db.Model):
    """One staff-account event (created, login, lock-out…). Never updated or deleted
    (database triggers refuse it); holds no passwords."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    subject: Mapped[str] = mapped_column(String(120), default="")  # username or token id
    detail: Mapped[str] = mapped_column(String(255), default="")
    client_address: Mapped[str | None] = mapped_column(String(64))
    # The office the event happened in (NULL: a regency account's own events), for filtering.
    office_id: Mapped[int | None] = _office_column(nullable=True, defaulted=False)
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


make_append_only(AuditEvent.__table__)


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _audit_is_append_only(mapper, connection, target) -> None:
    """Refuse in the ORM too, before the database trigger would."""
    raise ValueError("audit_event is append-only")


class CaseFile(db.Model):
    """A file (berkas): one accepted application, keyed by its ticket's tracking code.

    `status`, `due_date`, `urgent`, `shelf`... are the current values; every change to them
    is first written to the append-only FileHistory, which is the record.
    """

    __tablename__ = "case_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    # Every UPDATE is conditional on it (WHERE id=? AND version=?): no lost updates.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    workflow: Mapped[str] = mapped_column(String(30))
    # The workflow version (workflow.id) the file follows; its status is resolved there.
    # No foreign key on purpose: SQLite adds and drops a plain column in place, where a keyed
    # one would mean rebuilding case_file; versions are never deleted.
    workflow_id: Mapped[int | None] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(40), index=True)
    # Linked, not copied: who asked, and whom (or which household) the file is about.
    applicant_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    subject_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    subject_household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    name_mismatch: Mapped[bool] = mapped_column(Boolean, default=False)
    # Identity warnings found at intake (kiosk.files.flags codes): shown, never a refusal.
    flags: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    # Where the application was taken: "counter" (the office) or "field" (a tablet, door to door).
    source: Mapped[str] = mapped_column(String(10), default="counter", server_default="counter")
    shelf: Mapped[str | None] = mapped_column(String(40))
    folder: Mapped[str | None] = mapped_column(String(40))
    accepted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status_since: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    closed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    service: Mapped[Service] = relationship()
    ticket: Mapped[Ticket | None] = relationship()
    # Joined: every screen of a file shows (at least the masked) applicant's name.
    applicant: Mapped[Person] = relationship(foreign_keys=[applicant_id], lazy="joined")
    subject_person: Mapped[Person | None] = relationship(foreign_keys=[subject_person_id])
    subject_household: Mapped[Household | None] = relationship()
    history: Mapped[list[FileHistory]] = relationship(
        back_populates="file", order_by="FileHistory.id"
    )
    papers: Mapped[list[FileRequirement]] = relationship(
        back_populates="file", order_by="FileRequirement.id"
    )
    __mapper_args__ = {"version_id_col": version}

    @property
    def applicant_name(self) -> str:
        """The applicant's name, read through the link."""
        return self.applicant.name


class FileRequirement(db.Model):
    """One requirement of one file and its state: received, missing or not needed.

    Points at the requirement by id, so relabelling it in the catalogue relabels old files;
    `legacy_label` keeps a paper named in free text (or from before 0011) with no requirement."""

    __tablename__ = "file_requirement"
    __table_args__ = (UniqueConstraint("file_id", "requirement_id", name="uq_file_requirement"),)
    STATES = ("received", "missing", "not_needed")

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    file_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    requirement_id: Mapped[int | None] = mapped_column(ForeignKey("requirement.id"), index=True)
    legacy_label: Mapped[str | None] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(12))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    file: Mapped[CaseFile] = relationship(back_populates="papers")
    requirement: Mapped[Requirement | None] = relationship(lazy="joined")
    __mapper_args__ = {"version_id_col": version}

    def label(self, lang: str = "id") -> str:
        """What the paper is called, in `lang`."""
        if self.requirement is not None:
            return self.requirement.text("label", lang)
        return self.legacy_label or ""


class WorkflowVersion(Translated, db.Model):
    """One version of a file workflow, as loaded from workflows.yaml. Never changed: an edit
    of the YAML writes a new version, so a file keeps reading the statuses it was given."""

    __tablename__ = "workflow"
    __table_args__ = (UniqueConstraint("code", "version", name="uq_workflow_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[dict] = mapped_column(JSON)
    start: Mapped[str] = mapped_column(String(40))
    incomplete: Mapped[str] = mapped_column(String(40))
    services: Mapped[list] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    statuses: Mapped[list[WorkflowStatus]] = relationship(
        back_populates="workflow", order_by="WorkflowStatus.position"
    )


class WorkflowStatus(Translated, db.Model):
    """One status of one workflow version."""

    __tablename__ = "workflow_status"
    __table_args__ = (UniqueConstraint("workflow_id", "code", name="uq_workflow_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workflow_id: Mapped[int] = mapped_column(ForeignKey("workflow.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[dict] = mapped_column(JSON)
    next_step: Mapped[dict] = mapped_column(JSON)
    pickup: Mapped[dict | None] = mapped_column(JSON)
    next: Mapped[list] = mapped_column(JSON, default=list)
    waiting_on: Mapped[str | None] = mapped_column(String(12))
    pauses_due: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_note: Mapped[bool] = mapped_column(Boolean, default=False)
    final: Mapped[bool] = mapped_column(Boolean, default=False)
    # Reachable only through its own step (meeting, visit, entry...), never the status form.
    via: Mapped[str | None] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    workflow: Mapped[WorkflowVersion] = relationship(back_populates="statuses")


class FileHistory(db.Model):
    """One change to a file: who, when, what, and a note. Rows are never updated or deleted
    (database triggers refuse it)."""

    __tablename__ = "file_history"
    KINDS = ("status", "urgent", "mismatch", "location", "note", "handover", "collected")

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    status: Mapped[str | None] = mapped_column(String(40))
    value: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    file: Mapped[CaseFile] = relationship(back_populates="history")
    user: Mapped[User | None] = relationship()


make_append_only(FileHistory.__table__)
guard_append_only(FileHistory)


class HandoverBatch(db.Model):
    """A batch of files carried to the kecamatan/Dukcapil/Dinsos and (later) brought back."""

    __tablename__ = "handover_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
    destination: Mapped[str] = mapped_column(String(120))
    carrier: Mapped[str] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    returned_by: Mapped[str | None] = mapped_column(String(120))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    items: Mapped[list[HandoverItem]] = relationship(
        back_populates="batch", order_by="HandoverItem.id"
    )


class HandoverItem(db.Model):
    """One file in a handover batch."""

    __tablename__ = "handover_item"
    __table_args__ = (UniqueConstraint("batch_id", "file_id", name="uq_handover_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("handover_batch.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    batch: Mapped[HandoverBatch] = relationship(back_populates="items")
    file: Mapped[CaseFile] = relationship()


class DataAccess(db.Model):
    """One look at citizens' personal data: a file's page or API detail, a reprint, a search,
    a person's, household's, complaint's or referral's page, an export.

    Holds who, when and what (the file, or the kind of search and how many files it found),
    never the NIK, KK or name searched for. Rows are never updated or deleted (triggers).
    """

    __tablename__ = "data_access_log"
    KINDS = (
        "file_page",
        "file_api",
        "reprint",
        "search",
        "person_page",
        "family_page",
        "export",
        "complaint",
        "referral",
    )
    SEARCHES = ("code", "nik_kk", "name")

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(12))
    file_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    # A person's or a household's page (kinds person_page, family_page).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    # A complaint's or a referral's page (kinds complaint, referral).
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"), index=True)
    search_by: Mapped[str | None] = mapped_column(String(12))
    results: Mapped[int | None] = mapped_column(Integer)
    masked: Mapped[bool] = mapped_column(Boolean, default=False)
    # The office whose data was looked at (NULL: a regency account's search), for filtering.
    office_id: Mapped[int | None] = _office_column(nullable=True, defaulted=False)
    user: Mapped[User] = relationship()
    file: Mapped[CaseFile | None] = relationship()
    person: Mapped[Person | None] = relationship()
    household: Mapped[Household | None] = relationship()
    complaint: Mapped[Complaint | None] = relationship()
    referral: Mapped[Referral | None] = relationship()


make_append_only(DataAccess.__table__)


class Household(db.Model):
    """A family as on its Kartu Keluarga (the KK number is optional), and where it lives."""

    __tablename__ = "household"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    kk_number: Mapped[str | None] = mapped_column(String(16), unique=True)
    address: Mapped[str] = mapped_column(Text, default="")
    rt: Mapped[str | None] = mapped_column(String(3))
    rw: Mapped[str | None] = mapped_column(String(3))
    dusun: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Where it was registered; the KK number stays unique across the regency.
    office_id: Mapped[int | None] = _office_column(nullable=True)
    members: Mapped[list[Person]] = relationship(back_populates="household", order_by="Person.id")
    __mapper_args__ = {"version_id_col": version}


class Person(db.Model):
    """A citizen, with or without a NIK (then the reason is recorded)."""

    __tablename__ = "person"
    NIK_ABSENT = ("belum_punya", "hilang", "lupa")
    SEXES = ("L", "P")
    # Hubungan dalam keluarga, as the KK lists it.
    RELATIONS = (
        "kepala_keluarga",
        "suami",
        "istri",
        "anak",
        "menantu",
        "cucu",
        "orang_tua",
        "mertua",
        "famili_lain",
        "lainnya",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    nik: Mapped[str | None] = mapped_column(String(16), unique=True)
    nik_absent: Mapped[str | None] = mapped_column(String(12))  # one of NIK_ABSENT
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120), index=True)  # lower-case, for search
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    birth_place: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(20))
    phone_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    relation: Mapped[str | None] = mapped_column(String(20))  # hubungan dalam keluarga
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Where the person was registered; a NIK is one person across the regency.
    office_id: Mapped[int | None] = _office_column(nullable=True)
    household: Mapped[Household | None] = relationship(back_populates="members")
    __mapper_args__ = {"version_id_col": version}


# Name search (`name_key LIKE '%text%'`) on a regency server's many people uses this index.
trigram_index(Person.__table__, "ix_person_name_key_trgm", "name_key")


class Operation(db.Model):
    """The operation ledger: one row per (client, op id), its request hash and stored answer."""

    __tablename__ = "operation"
    __table_args__ = (UniqueConstraint("client_id", "op_id", name="uq_operation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    op_id: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class Attachment(db.Model):
    """A stored blob, named by the SHA-256 of its bytes (instance/blobs/ab/cd/<sha256>)."""

    __tablename__ = "attachment"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class AttachmentLink(db.Model):
    """An attachment belonging to a file or a person (e.g. a KK photo)."""

    __tablename__ = "attachment_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment.sha256"), index=True)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    attachment: Mapped[Attachment] = relationship()
    file: Mapped[CaseFile | None] = relationship()
    person: Mapped[Person | None] = relationship()
    __mapper_args__ = {"version_id_col": version}


class SyncRecord(db.Model):
    """A record made or edited on field tablets (a household, a document request, a DTKS
    visit), keyed by the UUID the tablet gave it; `fields` are its current merged values."""

    __tablename__ = "sync_record"
    KINDS = ("household", "document_request", "dtks_visit", "complaint")

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = _office_column()
    form: Mapped[str] = mapped_column(String(40))
    form_version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Codes shown to staff: conflict, quarantined, nik_exists, nik_warning, code_taken...
    flags: Mapped[list] = mapped_column(JSON, default=list)
    # Every photo it names is held.
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    quarantined: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    device: Mapped[Device | None] = relationship()


class SyncRecordVersion(db.Model):
    """One op applied to a record: what came in, what the record became, what clashed.

    Its id is the change cursor of `GET /api/v1/sync/changes`. Only the review columns change
    after insert (an officer accepts or rejects a clash or a quarantined op). A quarantined op
    leaves the record as it was: its row carries the record's version of that moment."""

    __tablename__ = "sync_record_version"
    __table_args__ = (UniqueConstraint("op_id", name="uq_sync_record_version_op"),)
    MERGE_KINDS = ("parallel", "conflict")
    REVIEWS = ("open", "accepted", "rejected")

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("sync_record.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    # The ledger key scoped to the device (kiosk.sync.ledger.scoped_token): one row per op.
    op_id: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    base_version: Mapped[int | None] = mapped_column(Integer)
    incoming: Mapped[dict] = mapped_column(JSON)
    fields_after: Mapped[dict] = mapped_column(JSON)
    changed: Mapped[list] = mapped_column(JSON, default=list)
    clashes: Mapped[dict] = mapped_column(JSON, default=dict)
    merge_kind: Mapped[str | None] = mapped_column(String(10))
    quarantined: Mapped[bool] = mapped_column(Boolean, default=False)
    review: Mapped[str | None] = mapped_column(String(10), index=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    record: Mapped[SyncRecord] = relationship()
    device: Mapped[Device | None] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])


class SyncRecordBlob(db.Model):
    """A photo a record names, and whether its bytes are held yet ("expected vs present")."""

    __tablename__ = "sync_record_blob"

    record_id: Mapped[int] = mapped_column(ForeignKey("sync_record.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    present: Mapped[bool] = mapped_column(Boolean, default=False)


class FieldAssignment(db.Model):
    """A household given to a field officer to visit within a period (the tablet's worklist)."""

    __tablename__ = "field_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    form: Mapped[str] = mapped_column(String(40), default="dtks_visit")
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    household: Mapped[Household] = relationship()
    officer: Mapped[User] = relationship(foreign_keys=[officer_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])


class HouseholdVisit(db.Model):
    """A DTKS household verification visit, projected from a synced `dtks_visit` record; it
    keeps the version of the criteria it was recorded with."""

    __tablename__ = "household_visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = _office_column()
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    criteria_version: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    criteria_met: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    gps: Mapped[dict | None] = mapped_column(JSON)
    # The house photos' SHA-256 (attachment rows once their bytes arrived).
    photos: Mapped[list] = mapped_column(JSON, default=list)
    visited_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    household: Mapped[Household] = relationship()
    officer: Mapped[User | None] = relationship()


class DtksExport(db.Model):
    """One file made for the SIKS-NG operator (CSV and XLSX of agreed DTKS proposals); the
    proposals it holds point at it, so it can be downloaded again."""

    __tablename__ = "dtks_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    layout_version: Mapped[int] = mapped_column(Integer)
    row_count: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(120))
    made_by: Mapped[User | None] = relationship()


class DtksProposal(db.Model):
    """The DTKS (DTSEN) side of a `dtks`-workflow file: what is proposed for which household,
    through which door, its verification visit, its export and the outcome that came back."""

    __tablename__ = "dtks_proposal"
    KINDS = ("baru", "perubahan", "penghapusan")
    REMOVAL_REASONS = ("meninggal", "pindah")
    CHANNELS = ("kiosk", "counter", "field", "desk")
    OUTCOMES = ("masuk", "tidak_masuk")

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
    file_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), unique=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="baru")
    removal_reason: Mapped[str | None] = mapped_column(String(12))
    channel: Mapped[str] = mapped_column(String(10))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("household_visit.id"))
    export_id: Mapped[int | None] = mapped_column(ForeignKey("dtks_export.id"), index=True)
    entered_on: Mapped[dt.date | None] = mapped_column(Date)
    decile: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(12))
    outcome_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    file: Mapped[CaseFile] = relationship()
    household: Mapped[Household] = relationship()
    visit: Mapped[HouseholdVisit | None] = relationship()
    export: Mapped[DtksExport | None] = relationship()


class Referral(db.Model):
    """An SLRT referral (rujukan) of a household, or one person in it, to a program: where it
    went, when to ask again, and the answer. Every change is first written to the append-only
    ReferralHistory; this row only caches the current values, and every UPDATE is conditional
    on `version`."""

    __tablename__ = "referral"
    STATES = ("menunggu", "diterima", "ditolak", "tidak_ada_kabar")
    OPEN = "menunggu"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    office_id: Mapped[int] = _office_column()
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    program: Mapped[str] = mapped_column(String(30), index=True)  # programs.yaml code
    sent_to: Mapped[str] = mapped_column(String(20))  # programs.yaml destination code
    sent_to_other: Mapped[str | None] = mapped_column(String(120))
    sent_on: Mapped[dt.date] = mapped_column(Date)
    # The next day to ask for news; NULL once answered.
    follow_up_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    answer_note: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    household: Mapped[Household] = relationship()
    person: Mapped[Person | None] = relationship()
    file: Mapped[CaseFile | None] = relationship()
    history: Mapped[list[ReferralHistory]] = relationship(
        back_populates="referral", order_by="ReferralHistory.id"
    )
    __mapper_args__ = {"version_id_col": version}


class ReferralHistory(db.Model):
    """One step of a referral: sent, a follow-up (what was heard, the next date), the answer.
    Rows are never updated or deleted (database triggers refuse it)."""

    __tablename__ = "referral_history"
    KINDS = ("dikirim", "tindak_lanjut", "jawaban")

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))  # the referral's state after this step
    on_date: Mapped[dt.date] = mapped_column(Date)  # the day it happened (may be before today)
    next_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    referral: Mapped[Referral] = relationship(back_populates="history")
    user: Mapped[User | None] = relationship()


make_append_only(ReferralHistory.__table__)
guard_append_only(ReferralHistory)


class WelfareSuggestion(db.Model):
    """Something the welfare desk should act on, found from an event (a death, a birth, a
    welfare applicant without a KTP): accepted (a referral or a DTKS removal is made) or
    dismissed with a reason. One per (kind, source file, person): a replayed event adds none."""

    __tablename__ = "welfare_suggestion"
    __table_args__ = (
        UniqueConstraint("kind", "source_file_id", "person_id", name="uq_welfare_suggestion"),
    )
    KINDS = ("dtks_penghapusan", "pbi_penghapusan", "kis_bayi", "berkas_adminduk")
    STATES = ("baru", "diterima", "diabaikan")

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    kind: Mapped[str] = mapped_column(String(20))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    source_file_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    state: Mapped[str] = mapped_column(String(10), index=True, default="baru")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    note: Mapped[str | None] = mapped_column(Text)
    # What accepting it made: a referral, or (a DTKS removal) the proposal's file.
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"))
    result_file_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"))
    household: Mapped[Household] = relationship()
    person: Mapped[Person] = relationship()
    source_file: Mapped[CaseFile] = relationship(foreign_keys=[source_file_id])
    result_file: Mapped[CaseFile | None] = relationship(foreign_keys=[result_file_id])
    referral: Mapped[Referral | None] = relationship()
    resolved_by: Mapped[User | None] = relationship()
    __mapper_args__ = {"version_id_col": version}


class VillageMeeting(db.Model):
    """A village meeting (musyawarah desa/kelurahan/dusun) that decides DTKS proposals.

    draft (the list is built) → open (attendance and decisions) → closed (minutes numbered)."""

    __tablename__ = "village_meeting"
    __table_args__ = (
        UniqueConstraint(
            "office_id", "minutes_year", "minutes_number", name="uq_village_meeting_minutes"
        ),
    )
    KINDS = ("musdes", "muskel", "musdus")
    STATES = ("draft", "open", "closed")

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    kind: Mapped[str] = mapped_column(String(8))
    held_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(120))
    # The area the list covers: NULL dusun is the whole village; RT narrows a dusun.
    dusun: Mapped[str | None] = mapped_column(String(60))
    rt: Mapped[str | None] = mapped_column(String(3))
    chair_name: Mapped[str] = mapped_column(String(120))
    secretary_name: Mapped[str] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(String(8), default="draft", index=True)
    opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The minutes' number, per office per year, given when the meeting closes.
    minutes_year: Mapped[int | None] = mapped_column(Integer)
    minutes_number: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    items: Mapped[list[MeetingItem]] = relationship(
        back_populates="meeting", order_by="MeetingItem.id"
    )
    attendees: Mapped[list[MeetingAttendee]] = relationship(
        back_populates="meeting", order_by="MeetingAttendee.id"
    )
    __mapper_args__ = {"version_id_col": version}


class MeetingItem(db.Model):
    """One DTKS proposal on a meeting's list, and the meeting's decision on it."""

    __tablename__ = "meeting_item"
    __table_args__ = (UniqueConstraint("meeting_id", "proposal_id", name="uq_meeting_item"),)
    DECISIONS = ("setuju", "tidak_setuju")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("village_meeting.id"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("dtks_proposal.id"), index=True)
    decision: Mapped[str | None] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    meeting: Mapped[VillageMeeting] = relationship(back_populates="items")
    proposal: Mapped[DtksProposal] = relationship()


class MeetingAttendee(db.Model):
    """Someone at the meeting: name, the group they speak for (unsur), present or not."""

    __tablename__ = "meeting_attendee"
    ROLES = ("kepala_desa", "perangkat", "bpd", "rt_rw", "tokoh", "pendamping", "warga")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("village_meeting.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(12))
    present: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    meeting: Mapped[VillageMeeting] = relationship(back_populates="attendees")


class Complaint(db.Model):
    """A complaint (pengaduan) from the kiosk, the counter or a field tablet.

    The reporter may stay anonymous (name and phone NULL). A complaint that names an officer is
    seen only by those kiosk.complaints.visibility lets through. Every change is first written
    to the append-only ComplaintHistory."""

    __tablename__ = "complaint"
    CHANNELS = ("kiosk", "counter", "field")
    STATES = ("baru", "diproses", "dijawab", "selesai")

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    office_id: Mapped[int] = _office_column()
    # Every UPDATE is conditional on it (WHERE id=? AND version=?): no lost updates.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    # The kiosk form's one-time token: a double tap sends it twice, one complaint is made.
    request_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(30), index=True)
    asked_to_pay: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str | None] = mapped_column(Text)
    about_officer: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    officer_name: Mapped[str | None] = mapped_column(String(120))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    reporter_name: Mapped[str | None] = mapped_column(String(120))
    reporter_phone: Mapped[str | None] = mapped_column(String(20))
    phone_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    lang: Mapped[str] = mapped_column(String(5), default="id")
    state: Mapped[str] = mapped_column(String(10), default="baru", index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    due_date: Mapped[dt.date] = mapped_column(Date, index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    officer: Mapped[User | None] = relationship(foreign_keys=[officer_id])
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    history: Mapped[list[ComplaintHistory]] = relationship(
        back_populates="complaint", order_by="ComplaintHistory.id"
    )
    __mapper_args__ = {"version_id_col": version}


class ComplaintHistory(db.Model):
    """One change to a complaint: who, when, what. Never updated or deleted (triggers)."""

    __tablename__ = "complaint_history"
    KINDS = ("created", "assigned", "state", "answer", "note")

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    state: Mapped[str | None] = mapped_column(String(10))
    value: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    complaint: Mapped[Complaint] = relationship(back_populates="history")
    user: Mapped[User | None] = relationship()


make_append_only(ComplaintHistory.__table__)
guard_append_only(ComplaintHistory)


class IkmResponse(db.Model):
    """One IKM satisfaction survey (PermenPANRB 14/2017): the 9 answers, 1..4 each.

    `ticket_id` is unique: one survey per served ticket, enforced by the database. An anonymous
    survey has no ticket. No name, no NIK: only optional demographic codes."""

    __tablename__ = "ikm_response"
    CHANNELS = ("kiosk",)
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    office_id: Mapped[int] = _office_column()
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), unique=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"), index=True)
    u1: Mapped[int] = mapped_column(SmallInteger)
    u2: Mapped[int] = mapped_column(SmallInteger)
    u3: Mapped[int] = mapped_column(SmallInteger)
    u4: Mapped[int] = mapped_column(SmallInteger)
    u5: Mapped[int] = mapped_column(SmallInteger)
    u6: Mapped[int] = mapped_column(SmallInteger)
    u7: Mapped[int] = mapped_column(SmallInteger)
    u8: Mapped[int] = mapped_column(SmallInteger)
    u9: Mapped[int] = mapped_column(SmallInteger)
    age_group: Mapped[str | None] = mapped_column(String(8))
    sex: Mapped[str | None] = mapped_column(String(1))
    education: Mapped[str | None] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(10), default="kiosk")
    # The office-local day it was given: periods filter on it like Ticket.day.
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class OutreachSession(db.Model):
    """A date the office serves outside its usual desk hours: an extra evening session
    (layanan malam) or a home visit round (jemput bola) in a dusun/RT. Evening openings that
    are part of the weekly office hours are not stored here: they come from the hours."""

    __tablename__ = "outreach_session"
    KINDS = ("layanan_malam", "jemput_bola")

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
    kind: Mapped[str] = mapped_column(String(16))
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    start: Mapped[dt.time] = mapped_column(Time)
    end: Mapped[dt.time] = mapped_column(Time)
    # Dusun/RT or a place name (balai dusun, posyandu...): never a person's name or address.
    place: Mapped[str] = mapped_column(String(120))
    # Service codes served there; empty: every service.
    services: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class SmsTemplate(db.Model):
    """An office's wording of one kind of SMS (kiosk.notify.texts has the defaults)."""

    __tablename__ = "sms_template"
    __table_args__ = (UniqueConstraint("office_id", "kind", name="uq_sms_template_office_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = _office_column()
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class SmsMessage(db.Model):
    """One SMS: the outbox row while it waits, then its delivery log line.

    One per (file, kind, status event): `event` names the status change it is about, so the
    same change announced twice queues one message. A test message has no file.
    """

    __tablename__ = "sms_message"
    __table_args__ = (
        UniqueConstraint("file_id", "kind", "event", name="uq_sms_message_file_kind_event"),
    )
    STATES = ("menunggu", "terkirim", "gagal", "dibatalkan")

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    office_id: Mapped[int] = _office_column()
    file_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    event: Mapped[str | None] = mapped_column(String(80))
    phone: Mapped[str] = mapped_column(String(20))  # normalised: +62...
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(12), index=True, default="menunggu")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    last_error: Mapped[str | None] = mapped_column(String(255))  # a plain Indonesian reason
    backend_ref: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    # When the message left for the modem (a spool: handed over, confirmed later).
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    file: Mapped[CaseFile | None] = relationship()


class SmsSetting(db.Model):
    """An office's SMS switch, daily cap and quiet hours (no sends between quiet_from and
    quiet_until, office time; equal times: no quiet hours)."""

    __tablename__ = "sms_setting"

    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    daily_cap: Mapped[int] = mapped_column(Integer, default=100)
    quiet_from: Mapped[dt.time] = mapped_column(Time, default=dt.time(20, 0))
    quiet_until: Mapped[dt.time] = mapped_column(Time, default=dt.time(7, 0))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
