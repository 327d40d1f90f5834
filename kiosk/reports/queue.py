"""The queue table: numbers taken, waiting and service times and no-shows per service over
the period (the arithmetic is kiosk.counter.stats.Figures, the /statistik page's)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.counter.stats import Figures
from kiosk.extensions import db
from kiosk.models import Ticket
from kiosk.reports.filters import ReportFilter
from kiosk.reports.scope import service_label, services_in
from kiosk.reports.table import Chart, Column, ReportTable


def queue_times(report: ReportFilter) -> ReportTable:
    """One row per service (where the ticket was queued last) and a total row."""
    services = services_in(report)
    query = select(Ticket).where(
        Ticket.queue_day >= report.start,
        Ticket.queue_day <= report.end,
        Ticket.office_id.in_(report.office_ids),
        Ticket.queue_service_id.in_(list(services)),
    )
    total = Figures(_("Jumlah"))
    by_service: dict[str, Figures] = {}
    for ticket in db.session.scalars(query):
        service = services[ticket.queue_service_id]
        by_service.setdefault(service.code, Figures(service_label(service))).add(ticket)
        total.add(ticket)
    ordered = sorted(by_service.values(), key=lambda figures: figures.label)
    return ReportTable(
        key="antrean",
        title=_("Antrean: waktu tunggu, waktu layanan, tidak hadir"),
        columns=[
            Column("layanan", _("Layanan"), "text"),
            Column("nomor", _("Nomor diambil")),
            Column("selesai", _("Selesai dilayani")),
            Column("tidak_hadir", _("Tidak hadir")),
            Column("rata_tunggu_menit", _("Rata-rata tunggu (menit)"), "minutes"),
            Column("p90_tunggu_menit", _("p90 tunggu (menit)"), "minutes"),
            Column("rata_layanan_menit", _("Rata-rata layanan (menit)"), "minutes"),
            Column("persen_tidak_hadir", _("Tidak hadir (%)"), "percent"),
        ],
        rows=[_row(figures) for figures in [*ordered, total]],
        note=_(
            "Tunggu: dari ambil nomor sampai dipanggil. Layanan: dari mulai dilayani sampai "
            "selesai. p90: 9 dari 10 warga menunggu paling lama selama ini."
        ),
        chart=Chart("rata_tunggu_menit"),
        has_total=True,
    )


def _row(figures: Figures) -> list:
    data = figures.as_dict()
    rate = data["no_show_rate"]
    return [
        figures.label,
        figures.issued,
        figures.done,
        figures.no_show,
        data["avg_wait_minutes"],
        data["p90_wait_minutes"],
        data["avg_service_minutes"],
        None if rate is None else round(rate * 100, 1),
    ]
