"""The file for the SIKS-NG operator: agreed DTKS proposals, one row per household member, in
the column layout of docs/siks-ng-export.md (LAYOUT_VERSION), as CSV and as XLSX.

An export is a DtksExport row; its proposals point at it, so the same file can be built again
for another download. Every build is written to the data-access log (full NIK inside)."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import select

from kiosk import clock
from kiosk.access.service import record_export
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.models import CaseFile, DtksExport, DtksProposal, HouseholdVisit, Office, User
from kiosk.welfare.dtks.service import area_order, proposals_in

LAYOUT_VERSION = 1
COLUMNS = (
    "no",
    "jenis_usulan",
    "alasan_penghapusan",
    "nomor_kk",
    "nik",
    "nama",
    "hubungan",
    "jenis_kelamin",
    "tanggal_lahir",
    "alamat",
    "rt",
    "rw",
    "dusun",
    "desa",
    "kode_kecamatan",
    "tanggal_musyawarah",
    "hasil_musyawarah",
    "kriteria_terpenuhi",
    "versi_kriteria",
    "kode_berkas",
)
AGREED = "disepakati_musyawarah"
MEETING_RESULT = "disepakati"


class NothingToExport(DomainError):
    code = "nothing_to_export"
    status = 409


class UnknownExport(DomainError):
    code = "not_found"
    status = 404


def exportable(office_id: int) -> list[DtksProposal]:
    """Agreed proposals not yet in an export, by dusun, RT and the head's name."""
    return [p for p in proposals_in(office_id, AGREED) if p.export_id is None]


def make_export(office_id: int, user: User) -> DtksExport:
    """Put every exportable proposal into a new export (logged as a data export); commits."""
    proposals = exportable(office_id)
    if not proposals:
        raise NothingToExport(_("Tidak ada usulan yang disepakati dan belum diekspor."))
    now = clock.now()
    export = DtksExport(
        office_id=office_id,
        made_at=now,
        made_by_id=user.id,
        layout_version=LAYOUT_VERSION,
        row_count=0,
        file_name=f"usulan-dtks-{clock.local(now):%Y%m%d-%H%M}",
    )
    db.session.add(export)
    db.session.flush()
    for proposal in proposals:
        proposal.export_id = export.id
    export.row_count = len(export_rows(export))
    db.session.commit()
    return export


def get_export(export_id: int, office_id: int) -> DtksExport:
    """One export of the office, or UnknownExport."""
    export = db.session.get(DtksExport, export_id)
    if export is None or export.office_id != office_id:
        raise UnknownExport(_("File ekspor tidak ditemukan."))
    return export


def exports_of(office_id: int, limit: int = 20) -> list[DtksExport]:
    """The office's latest exports, newest first."""
    query = select(DtksExport).where(DtksExport.office_id == office_id)
    return list(db.session.scalars(query.order_by(DtksExport.id.desc()).limit(limit)))


def proposals_of(export: DtksExport) -> list[DtksProposal]:
    """The proposals in an export, in the file's order."""
    query = select(DtksProposal).where(DtksProposal.export_id == export.id)
    return sorted(db.session.scalars(query), key=area_order)


def export_rows(export: DtksExport) -> list[dict]:
    """The rows of the file: one per member of each household, numbered from 1."""
    office = db.session.get(Office, export.office_id)
    rows: list[dict] = []
    for proposal in proposals_of(export):
        shared = _proposal_fields(proposal, office)
        for person in proposal.household.members:
            rows.append(
                {
                    "no": len(rows) + 1,
                    **shared,
                    "nik": person.nik or "",
                    "nama": person.name,
                    "hubungan": _words(person.relation),
                    "jenis_kelamin": person.sex or "",
                    "tanggal_lahir": person.birth_date.isoformat() if person.birth_date else "",
                }
            )
    return rows


def _proposal_fields(proposal: DtksProposal, office: Office) -> dict:
    home = proposal.household
    visit: HouseholdVisit | None = proposal.visit
    return {
        "jenis_usulan": proposal.kind,
        "alasan_penghapusan": proposal.removal_reason or "",
        "nomor_kk": home.kk_number or "",
        "alamat": home.address or "",
        "rt": home.rt or "",
        "rw": home.rw or "",
        "dusun": home.dusun or "",
        "desa": office.name,
        "kode_kecamatan": office.region_code or "",
        "tanggal_musyawarah": _meeting_day(proposal.file),
        "hasil_musyawarah": MEETING_RESULT,
        "kriteria_terpenuhi": ";".join(visit.criteria_met or []) if visit else "",
        "versi_kriteria": visit.criteria_version if visit else "",
        "kode_berkas": proposal.file.tracking_code,
    }


def _meeting_day(case: CaseFile) -> str:
    """The local date of the file's last move to "agreed at the meeting"."""
    days = [clock.local(h.at).date() for h in case.history if h.status == AGREED]
    return days[-1].isoformat() if days else ""


def _words(code: str | None) -> str:
    """A KK relation code in words: kepala_keluarga → Kepala Keluarga."""
    return (code or "").replace("_", " ").title()


def export_csv(export: DtksExport, user: User) -> bytes:
    """The export as CSV: UTF-8 with a BOM (spreadsheets read it right), comma separated."""
    rows = _logged_rows(export, user)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(export: DtksExport, user: User) -> bytes:
    """The export as an XLSX workbook: one sheet, every cell text (a NIK stays 16 digits)."""
    rows = _logged_rows(export, user)
    book = Workbook()
    sheet = book.active
    sheet.title = "usulan_dtks"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([str(row[column]) for column in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _logged_rows(export: DtksExport, user: User) -> list[dict]:
    rows = export_rows(export)
    record_export(user, export.office_id, len(rows))
    return rows
