// Screens without a form: enrolment, home (worklist, sync, storage), "Perlu tindakan", wiped.
import { NoBackupKey, exportBackup } from "./backup.js";
import * as store from "./db.js";
import { h, mount } from "./dom.js";
import { BACKUP_TEXT, CODE_FORMS, FORM_PATH, FORM_TITLE, STATUS_TEXT, bytes, recordLabel, when } from "./labels.js";
import { enrolmentCodeFrom, scanQr } from "./scan.js";
import { enrol } from "./sync.js";

export function enrolScreen(app, code = "") {
  const input = h("input", {
    id: "enrol-code",
    name: "enrolment_code",
    class: "code-input",
    value: code,
    autocomplete: "off",
    autocapitalize: "characters",
    spellcheck: false,
    maxlength: 12,
    placeholder: "XXXX-XXXX",
  });
  const message = h("p", { class: "error", role: "alert", id: "enrol-message" });
  const button = h("button", { type: "submit", class: "big primary" }, "Daftarkan tablet");
  const submit = async (event) => {
    event.preventDefault();
    const typed = input.value.trim().toUpperCase();
    if (!typed) {
      message.textContent = "Ketik kode pendaftaran dari admin kantor desa.";
      return;
    }
    button.disabled = true;
    message.textContent = "Menghubungi server kantor…";
    try {
      const result = await enrol(typed);
      if (!result.ok) {
        message.textContent = result.message;
        return;
      }
      history.replaceState(null, "", "/field/#/");
      await app.afterEnrol();
    } catch {
      message.textContent = "Server kantor tidak terjangkau. Pastikan tablet tersambung ke jaringan kantor, lalu coba lagi.";
    } finally {
      button.disabled = false;
    }
  };
  const video = h("video", { class: "scan-video", playsinline: true, muted: true, hidden: true });
  let scanning = null;
  const scan = async () => {
    if (scanning) return;
    scanning = new AbortController();
    video.hidden = false;
    message.textContent = "Arahkan kamera ke QR di layar admin…";
    try {
      const text = await scanQr(video, { signal: scanning.signal });
      if (text) {
        input.value = enrolmentCodeFrom(text);
        message.textContent = "";
      }
    } catch {
      message.textContent = "Kamera tidak bisa dipakai. Ketik kodenya saja.";
    } finally {
      scanning = null;
      video.hidden = true;
    }
  };
  window.addEventListener("hashchange", () => scanning?.abort(), { once: true });
  mount(app.screen,
    h("section", { class: "enrol" },
      h("h2", {}, "Daftarkan tablet ini"),
      h("p", {}, "Admin kantor desa membuat kode pendaftaran di menu Admin → Tablet. Pindai QR-nya dengan kamera tablet, atau ketik kodenya di sini."),
      h("form", { onsubmit: submit },
        h("label", { for: "enrol-code", class: "label" }, "Kode pendaftaran"),
        input,
        message,
        button,
        navigator.mediaDevices?.getUserMedia
          ? h("button", { type: "button", class: "big secondary", id: "scan", onclick: scan }, "Pindai QR dengan kamera")
          : null,
        video,
      ),
    ),
  );
  if (!code) input.focus();
}

export async function homeScreen(app) {
  const [records, assignments, pending, lastSync, officer, lastBackup] = await Promise.all([
    store.listRecords(),
    store.listAssignments(),
    store.pendingCount(),
    store.getMeta("last_sync_at"),
    store.getMeta("officer"),
    store.getMeta("last_backup"),
  ]);
  const needing = records.filter((r) => r.status === "failed" || r.status === "needs_review");
  const households = records.filter((r) => r.form === "household" && !r.from_office);
  const drafts = records.filter((r) => r.status === "draft" && r.form !== "household");
  const complaints = records.filter((r) => r.form === "complaint" && r.status !== "draft");
  mount(app.screen,
    h("section", { class: "home" },
      syncCard(app, pending, lastSync),
      backupCard(lastBackup),
      h("div", { class: "big-actions" },
        h("a", { class: "button big primary", href: `#/keluarga/${crypto.randomUUID()}`, id: "new-household" }, "+ Daftar keluarga baru"),
        h("a", { class: "button big secondary", href: `#/pengaduan/${crypto.randomUUID()}`, id: "new-complaint" }, "+ Catat pengaduan warga"),
        h("a", { class: `button big ${needing.length ? "danger" : "secondary"}`, href: "#/tindakan", id: "needs-action" },
          `Perlu tindakan (${needing.length})`),
      ),
      worklist(assignments, records),
      h("section", { class: "panel" },
        h("h2", {}, "Keluarga yang didata di tablet"),
        households.length
          ? h("ul", { class: "list", id: "households" }, households.map((r) => recordItem(r, records)))
          : h("p", { class: "muted" }, "Belum ada. Tekan “Daftar keluarga baru” untuk mulai."),
      ),
      complaints.length
        ? h("section", { class: "panel" }, h("h2", {}, "Pengaduan yang dicatat"),
            h("ul", { class: "list", id: "complaints" }, complaints.map((r) => recordItem(r, records))))
        : null,
      drafts.length
        ? h("section", { class: "panel" }, h("h2", {}, "Draf lain"),
            h("ul", { class: "list" }, drafts.map((r) => recordItem(r, records))))
        : null,
      storageCard(app),
      h("p", { class: "muted small" }, officer ? `Petugas: ${officer.display_name || officer.username}` : ""),
    ),
  );
}

function syncCard(app, pending, lastSync) {
  const progress = h("progress", { id: "sync-progress", max: 1, value: 0, hidden: true });
  const counts = h("p", { class: "counts", id: "sync-counts", "aria-live": "polite" },
    pending ? `${pending} data belum terkirim` : "Semua data sudah terkirim");
  const button = h("button", { type: "button", class: "big", id: "sync-button" }, "⇅ Kirim & perbarui");
  button.addEventListener("click", () => app.runSync({ force: true }));
  app.syncUi = { progress, counts, button };
  return h("section", { class: "panel sync" },
    h("div", { class: "sync-row" },
      h("div", {},
        h("p", { class: "pending" }, h("strong", { id: "pending-count" }, String(pending)), " belum terkirim"),
        h("p", { class: "muted small", id: "last-sync" }, `Terakhir tersambung: ${when(lastSync)}`),
      ),
      button,
    ),
    progress,
    counts,
  );
}

/** "Cadangkan data": the encrypted file for the office, and when the last one was made. */
function backupCard(lastBackup) {
  const last = h("p", { class: "muted small", id: "last-backup" }, BACKUP_TEXT.last(lastBackup?.at));
  const result = h("p", { class: "counts", id: "backup-result", "aria-live": "polite" });
  const button = h("button", { type: "button", class: "big secondary", id: "backup-button" }, BACKUP_TEXT.button);
  button.addEventListener("click", async () => {
    button.disabled = true;
    result.classList.remove("error");
    result.textContent = BACKUP_TEXT.working;
    try {
      const made = await exportBackup();
      result.textContent = BACKUP_TEXT.saved(made.counts);
      last.textContent = BACKUP_TEXT.last(made.at);
    } catch (error) {
      result.classList.add("error");
      result.textContent = error instanceof NoBackupKey ? error.message : BACKUP_TEXT.failed;
    } finally {
      button.disabled = false;
    }
  });
  return h("section", { class: "panel backup" },
    h("div", { class: "sync-row" },
      h("div", {}, h("p", { class: "small" }, BACKUP_TEXT.hint), last),
      button,
    ),
    result,
  );
}

function storageCard(app) {
  const line = h("p", { id: "storage" }, "Menghitung ruang penyimpanan…");
  app.storageLine(line);
  return h("section", { class: "panel storage" }, h("h2", {}, "Penyimpanan tablet"), line);
}

/** "Terpakai 2,1 MB · tersisa 1,2 GB · data dilindungi" */
export function storageText(estimate, persisted) {
  const left = Math.max(0, (estimate.quota || 0) - (estimate.usage || 0));
  const parts = [`Terpakai ${bytes(estimate.usage || 0)}`, `tersisa ${bytes(left)}`];
  parts.push(persisted ? "data dilindungi dari pembersihan otomatis" : "data belum dilindungi dari pembersihan otomatis");
  return parts.join(" · ");
}

function worklist(assignments, records) {
  if (!assignments.length) {
    return h("section", { class: "panel" }, h("h2", {}, "Daftar tugas kunjungan"),
      h("p", { class: "muted" }, "Belum ada tugas dari kantor. Data tugas datang saat tablet tersambung."));
  }
  const visited = new Set(records.filter((r) => r.form === "dtks_visit" && r.status !== "draft").map((r) => r.fields.household));
  const byArea = new Map();
  for (const a of assignments) {
    const key = `${a.dusun || "—"}|${a.rt || "—"}/${a.rw || "—"}`;
    if (!byArea.has(key)) byArea.set(key, []);
    byArea.get(key).push(a);
  }
  const areas = [...byArea.keys()].sort();
  const doneCount = assignments.filter((a) => a.done || visited.has(a.household_id)).length;
  return h("section", { class: "panel worklist", id: "worklist" },
    h("h2", {}, "Daftar tugas kunjungan ", h("span", { class: "muted" }, `${doneCount} dari ${assignments.length} selesai`)),
    areas.map((key) => {
      const [dusun, rtrw] = key.split("|");
      const items = byArea.get(key).sort((a, b) => (a.address || "").localeCompare(b.address || ""));
      return h("div", { class: "area" },
        h("h3", {}, `Dusun ${dusun} · RT/RW ${rtrw}`),
        h("ul", { class: "list" }, items.map((a) => {
          const done = a.done || visited.has(a.household_id);
          return h("li", { class: done ? "done" : "todo" },
            h("a", { href: `#/keluarga/${a.household_id}` }, `${a.head_name || "Keluarga"} — ${a.address || ""}`),
            h("span", { class: `badge ${done ? "status-synced" : "status-queued"}` }, done ? "Selesai" : "Belum"),
          );
        })),
      );
    }),
  );
}

function recordItem(record, records) {
  const href = CODE_FORMS.includes(record.form) && record.status !== "draft"
    ? `#/kode/${record.record_id}`
    : `#/${FORM_PATH[record.form]}/${record.record_id}`;
  return h("li", { dataset: { record: record.record_id } },
    h("a", { href }, `${FORM_TITLE[record.form] || record.form}: ${recordLabel(record, records)}`),
    h("span", { class: `badge status-${record.status}` }, STATUS_TEXT[record.status] || record.status),
  );
}

/** Records the office refused or flagged: kept on the tablet, never deleted. */
export async function actionScreen(app) {
  const records = await store.listRecords();
  const needing = records.filter((r) => r.status === "failed" || r.status === "needs_review");
  const rows = await Promise.all(needing.map(async (r) => {
    const ops = await store.opsForRecord(r.record_id);
    const last = ops.filter((op) => op.last_error || op.answer).pop();
    return { record: r, note: last?.last_error || reviewNote(last?.answer) };
  }));
  mount(app.screen,
    h("section", { class: "actions-list" },
      h("div", { class: "screen-head" },
        h("a", { class: "button secondary back", href: "#/" }, "← Beranda"),
        h("h2", {}, "Perlu tindakan"),
      ),
      h("p", {}, "Data di sini tetap tersimpan di tablet. Yang ditolak server perlu diperbaiki atau dibicarakan dengan kantor desa; yang ditinjau kantor akan diputuskan petugas kantor."),
      rows.length
        ? h("ul", { class: "list", id: "action-list" }, rows.map(({ record, note }) =>
            h("li", { dataset: { record: record.record_id } },
              recordItem(record, records).firstChild,
              h("span", { class: `badge status-${record.status}` }, STATUS_TEXT[record.status]),
              note ? h("p", { class: `${record.status === "failed" ? "error" : "note"} small` }, note) : null,
            )))
        : h("p", { class: "muted" }, "Tidak ada. Semua data baik."),
    ),
  );
}

function reviewNote(answer) {
  if (!answer) return "";
  if (answer.status === "conflict_flagged") return "Data ini juga diubah di tablet lain; kantor memilih nilai yang benar.";
  if (answer.status === "quarantined") return "Diterima kantor untuk ditinjau dulu.";
  return "";
}

export function wipedScreen(app) {
  mount(app.screen,
    h("section", { class: "wiped", id: "wiped" },
      h("h2", {}, "Tablet ini sudah dihapus datanya"),
      h("p", {}, "Atas permintaan admin kantor desa, semua data Satu Pintu Lapangan di tablet ini sudah dihapus. Hubungi kantor desa untuk mendaftarkan tablet lagi."),
    ),
  );
}

export function revokedBanner(message) {
  return h("div", { class: "banner danger", id: "revoked", role: "alert" },
    h("strong", {}, "Pengiriman data ditolak. "),
    message || "Tablet ini sudah dicabut aksesnya oleh admin kantor desa. Data di tablet tetap aman; hubungi kantor desa.",
  );
}
