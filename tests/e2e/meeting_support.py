"""Browser steps shared by the welfare flows: setting up a village meeting on its own page."""

from __future__ import annotations


def fill_new_meeting(page, place: str = "Balai Desa Sukamaju") -> None:
    """On /puskesos/musyawarah: a musdes of dusun Krajan on 10 March 2026 at 09:00; the form is
    filled, not yet saved (a test may look at it first)."""
    page.locator("[data-new-meeting]").click()
    page.get_by_label("Jenis musyawarah").select_option("musdes")
    page.get_by_label("Tanggal").fill("2026-03-10")
    page.get_by_label("Jam mulai").fill("09:00")
    page.get_by_label("Tempat").fill(place)
    page.get_by_label("Wilayah (dusun)").select_option("Krajan")
    page.get_by_label("Pimpinan rapat").fill("Sugeng Riyadi")
    page.get_by_label("Notulis").fill("Rina Puskesos")
