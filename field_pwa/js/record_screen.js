// The form screens (household, document request, DTKS visit, complaint) and the doorstep code screen.
// A record is a draft autosaved on every change; "Simpan & kirim" validates it and queues one
// immutable op (db.finalize). Document requests and visits are append-only: read-only once sent.
import * as store from "./db.js";
import { h, mount } from "./dom.js";
import { CODE_FORMS, FORM_TITLE, STATUS_TEXT, recordLabel } from "./labels.js";
import { preparePhoto } from "./photos.js";
import { qrSvg } from "./qr.js";
import { FormView, pruneHidden } from "./render.js";
import { newTrackingCode } from "./rules.js";
import { validate } from "./validate.js";

/** Open (or start) a record of `formId`; `preset` fills a new record (household, member...). */
export async function recordScreen(app, formId, recordId, preset = {}) {
  let record = await store.getRecord(recordId);
  const form = record
    ? await store.getForm(record.form, record.form_version) // drafts keep their version
    : await store.latestForm(formId);
  if (!form) return mount(app.screen, noForms());
  if (!record) {
    record = newRecord(form, recordId, preset);
    // Not saved until the first change: opening a form and leaving makes no empty draft.
  }
  const records = await store.listRecords();
  const appendOnly = form.merge === "append";
  const readOnly = appendOnly && record.status !== "draft" && record.status !== undefined;
  const saved = h("p", { class: "saved", "aria-live": "polite" }, savedText(record));
  let saving = Promise.resolve();
  const view = new FormView(form, record.fields, {
    readOnly,
    errors: {},
    warnings: {},
    refLabel: (field, value) => refLabel(records, field, value, record.fields),
    photo: photoCtx(app, () => record.record_id),
    itemActions: formId === "household" ? memberActions(app, record) : null,
    onChange: (values) => {
      record = { ...record, fields: values };
      saving = saving.then(async () => {
        record = await store.saveDraft(record);
        saved.textContent = savedText(record);
      });
      app.flushDraft = () => saving;
    },
  });
  app.formOpen = !readOnly;
  const problems = h("div", { class: "problems", role: "alert", id: "problems" });
  let warned = false;
  const send = async (event) => {
    await saving;
    const fields = pruneHidden(form.fields, view.values);
    const rules = (await store.getMeta("rules")) || {};
    const result = validate(form, fields, rules);
    const hasWarnings = Object.keys(result.warnings).length > 0;
    if (Object.keys(result.errors).length || (hasWarnings && !warned)) {
      view.setErrors(result.errors, result.warnings);
      showProblems(problems, app.screen, result.errors);
      if (!Object.keys(result.errors).length) {
        // Warnings never block (as at the counter): a second tap sends with the flags.
        warned = true;
        event.target.textContent = "Tetap simpan & kirim";
      }
      app.screen.querySelector(".has-error, .warning")?.scrollIntoView({ block: "center" });
      return;
    }
    record = await store.getRecord(record.record_id) || record;
    await store.finalize({ ...record, fields }, result.blobs);
    app.formOpen = false;
    app.kick();
    if (CODE_FORMS.includes(formId)) location.hash = `#/kode/${record.record_id}`;
    else if (formId === "household") app.go(`#/keluarga/${record.record_id}`, true);
    else location.hash = "#/";
  };
  mount(
    app.screen,
    h(
      "section",
      { class: `record record-${formId}` },
      h("div", { class: "screen-head" },
        h("a", { class: "button secondary back", href: "#/" }, "← Beranda"),
        h("h2", {}, form.title || FORM_TITLE[formId]),
      ),
      record.status ? h("p", { class: `status status-${record.status}` }, STATUS_TEXT[record.status] || record.status) : null,
      problems,
      view.element,
      formId === "household" && record.status && record.status !== "draft"
        ? householdChildren(records, record)
        : null,
      readOnly
        ? CODE_FORMS.includes(formId)
          ? h("a", { class: "button big", href: `#/kode/${record.record_id}` }, "Tampilkan kode lacak")
          : null
        : h("div", { class: "actions" },
            saved,
            h("button", { type: "button", class: "big primary", id: "send", onclick: send },
              record.status && record.status !== "draft" && !appendOnly ? "Simpan & kirim perubahan" : "Simpan & kirim"),
          ),
    ),
  );
}

/** A summary above the form: how many fields to fix, and errors no field on screen shows. */
function showProblems(box, screen, errors) {
  const paths = Object.keys(errors);
  const unshown = paths.filter((path) => !screen.querySelector(`[data-field="${CSS.escape(path)}"] .error`));
  mount(box,
    paths.length ? h("p", { class: "error" }, `Periksa ${paths.length} isian yang ditandai merah.`) : null,
    unshown.map((path) => h("p", { class: "error" }, errors[path])),
  );
}

function newRecord(form, recordId, preset) {
  const fields = { ...preset };
  if (form.id === "household") fields.members = [{ id: crypto.randomUUID() }];
  for (const field of form.fields) {
    if (field.type === "code" && !fields[field.name]) fields[field.name] = newTrackingCode();
  }
  return {
    record_id: recordId,
    form: form.id,
    form_version: form.version,
    fields,
    base_version: null,
    server_version: null,
  };
}

function savedText(record) {
  return record.updated_at ? "Tersimpan otomatis di tablet" : "Belum ada isian";
}

function noForms() {
  return h("section", { class: "empty" },
    h("h2", {}, "Formulir belum ada di tablet"),
    h("p", {}, "Sambungkan tablet ke jaringan kantor dan tekan “Kirim & perbarui” sekali."),
    h("a", { class: "button big", href: "#/" }, "← Beranda"),
  );
}

function refLabel(records, field, value, fields) {
  const household = records.find((r) => r.record_id === (field.ref === "member" ? fields.household : value));
  if (!household) return value ? "Keluarga dari daftar tugas" : "—";
  if (field.ref === "household") return recordLabel(household);
  const member = (household.fields.members || []).find((m) => m.id === value);
  return member ? `${member.name || "Anggota"}${member.nik ? " · NIK tercatat" : ""}` : "—";
}

/** Photos: downscaled and stored in IndexedDB at once; thumbnails drawn on a canvas (the CSP
 * allows no blob: images). Refused when the tablet is nearly full. */
function photoCtx(app, recordId) {
  return {
    async add(file) {
      if (await app.storageNearlyFull()) {
        alert("Penyimpanan tablet hampir penuh. Kirim data dulu sebelum mengambil foto baru.");
        return null;
      }
      const photo = await preparePhoto(file);
      await store.putBlob(photo.sha256, photo.blob, recordId());
      return photo.sha256;
    },
    async thumb(sha, canvas) {
      const row = await store.getBlob(sha);
      if (!row) return;
      const bitmap = await createImageBitmap(row.blob);
      const scale = Math.min(canvas.width / bitmap.width, canvas.height / bitmap.height);
      const w = bitmap.width * scale;
      const hgt = bitmap.height * scale;
      canvas.getContext("2d").drawImage(bitmap, (canvas.width - w) / 2, (canvas.height - hgt) / 2, w, hgt);
      bitmap.close();
    },
  };
}

/** Under each member of a sent household: start a document request for that member. */
function memberActions(app, record) {
  return (field, item) => {
    if (field.name !== "members" || !record.status || record.status === "draft" || !item.name) return null;
    return h("button", {
      type: "button",
      class: "secondary",
      onclick: () => app.go(`#/permohonan/${crypto.randomUUID()}?household=${record.record_id}&member=${item.id}`),
    }, "Permohonan dokumen");
  };
}

function householdChildren(records, household) {
  const children = records.filter((r) => r.fields?.household === household.record_id);
  return h("section", { class: "children" },
    h("a", { class: "button big secondary", href: `#/kunjungan/${crypto.randomUUID()}?household=${household.record_id}` }, "Kunjungan DTKS"),
    children.length ? h("h3", {}, "Sudah dicatat untuk keluarga ini") : null,
    h("ul", { class: "list" }, children.map((r) =>
      h("li", {},
        h("a", { href: r.form === "document_request" ? `#/kode/${r.record_id}` : `#/kunjungan/${r.record_id}` },
          `${FORM_TITLE[r.form]}: ${recordLabel(r, records)}`),
        h("span", { class: `badge status-${r.status}` }, STATUS_TEXT[r.status] || r.status),
      ))),
  );
}

/** The doorstep screen: a large QR of the status page and the code in big grouped letters. */
export async function codeScreen(app, recordId) {
  const record = await store.getRecord(recordId);
  const code = record?.fields?.tracking_code;
  if (!code) return app.go("#/", true);
  const records = await store.listRecords();
  const url = `${location.origin}/s/${code}`;
  mount(app.screen,
    h("section", { class: "doorstep" },
      h("h2", {}, record.form === "complaint" ? "Kode lacak pengaduan" : "Kode lacak permohonan"),
      h("p", { class: "lead" }, recordLabel(record, records)),
      qrSvg(url, `QR kode lacak ${code}`),
      h("p", { class: "code-big", id: "tracking-code" }, code.split("-").map((part) => h("span", {}, part))),
      h("p", { class: "hint" }, "Foto layar ini atau catat kodenya. Setelah data terkirim, kode bisa dicek di kios kantor desa atau dengan memindai QR ini."),
      h("p", { class: `status status-${record.status}` }, STATUS_TEXT[record.status] || ""),
      h("a", { class: "button big primary", href: record.fields.household ? `#/keluarga/${record.fields.household}` : "#/" }, "Selesai"),
    ),
  );
}
