// Words shown for records, statuses and sizes (Bahasa Indonesia).

export const STATUS_TEXT = {
  draft: "Draf (belum dikirim)",
  queued: "Menunggu dikirim",
  awaiting_photos: "Menunggu foto terkirim",
  synced: "Sudah diterima kantor",
  needs_review: "Perlu ditinjau kantor",
  failed: "Ditolak server — perlu tindakan",
};

export const FORM_TITLE = {
  household: "Keluarga",
  document_request: "Permohonan dokumen",
  dtks_visit: "Kunjungan DTKS",
  complaint: "Pengaduan",
};

// "Cadangkan data" (field_pwa/js/backup.js) on the home screen.
export const BACKUP_TEXT = {
  button: "⤓ Cadangkan data",
  working: "Membuat cadangan…",
  hint: "Simpan berkas cadangan sebelum tablet diganti atau direset. Berkas terkunci, hanya kantor desa yang bisa membukanya.",
  last: (at) => `Cadangan terakhir: ${when(at)}`,
  saved: (counts) => `Cadangan disimpan: ${counts.records} data, ${counts.photos} foto`,
  failed: "Cadangan gagal dibuat. Data tetap aman di tablet; coba lagi.",
};

// Forms whose sent records open the doorstep code screen (a tracking code made on the tablet).
export const CODE_FORMS = ["document_request", "complaint"];
// The hash route of each form's screen.
export const FORM_PATH = { household: "keluarga", document_request: "permohonan", dtks_visit: "kunjungan", complaint: "pengaduan" };

/** A short, human label of a local record (never shown outside the tablet). */
export function recordLabel(record, records = []) {
  const fields = record.fields || {};
  if (record.form === "household") {
    const head = (fields.members || []).find((m) => m.relation === "kepala_keluarga") || (fields.members || [])[0];
    const who = head?.name || "Keluarga baru";
    return fields.address ? `${who} — ${fields.address}` : who;
  }
  if (record.form === "complaint") {
    return ["Pengaduan", fields.tracking_code].filter(Boolean).join(" · "); // never the reporter
  }
  const household = records.find((r) => r.record_id === fields.household);
  const home = household ? recordLabel(household) : "";
  if (record.form === "document_request") {
    const member = (household?.fields?.members || []).find((m) => m.id === fields.member);
    return [fields.service || "Permohonan", member?.name, fields.tracking_code].filter(Boolean).join(" · ");
  }
  return [FORM_TITLE[record.form] || record.form, home].filter(Boolean).join(" · ");
}

/** "1,2 MB" */
export function bytes(n) {
  if (!Number.isFinite(n)) return "?";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i += 1;
  }
  return `${n.toLocaleString("id-ID", { maximumFractionDigits: i ? 1 : 0 })} ${units[i]}`;
}

/** "3 Des 2026 14.05" */
export function when(ms) {
  if (!ms) return "belum pernah";
  return new Date(ms).toLocaleString("id-ID", { dateStyle: "medium", timeStyle: "short" });
}
