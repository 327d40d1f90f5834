// Forms drawn from their definitions (GET /api/v1/forms): one renderer per field type, groups
// of repeatable items, show_if and options_by. Every change goes to `onChange(values)`, which
// autosaves the draft; nothing here touches IndexedDB or the network.
import { h, mount } from "./dom.js";

const RADIO_LIMIT = 5;
const TYPED = new Set(["text", "number", "date", "nik", "kk", "phone"]); // up to this many options show as big buttons, more as a list

/** Is `field` shown, given the values of its scope (the record, or the group item)? */
export function visible(field, scope) {
  const rule = field.show_if;
  if (!rule) return true;
  const value = scope[rule.field];
  if ("equals" in rule) return value === rule.equals;
  if ("in" in rule) return rule.in.includes(value);
  if ("filled" in rule) return filled(value) === Boolean(rule.filled);
  return true;
}

function filled(value) {
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && value !== undefined && value !== "";
}

/** Options of a select/multiselect, following options_by when the field has it. */
export function optionsOf(field, scope) {
  if (field.options_by) return field.options_by.map[scope[field.options_by.field]] || [];
  return field.options || [];
}

/** Drop values of hidden fields (they must be absent), recursively through groups. */
export function pruneHidden(defs, values) {
  const out = {};
  for (const field of defs) {
    if (!visible(field, values) || !filled(values[field.name])) continue;
    if (field.type === "group") {
      out[field.name] = values[field.name].map((item) => ({
        id: item.id,
        ...pruneHidden(field.fields || [], item),
      }));
    } else {
      out[field.name] = values[field.name];
    }
  }
  return out;
}

/**
 * A form on screen. `ctx`: {onChange(values), photo: {add(file) → sha, thumb(sha, canvas)},
 * refLabel(field, value) → text, readOnly, errors: {path: message}, warnings}.
 */
export class FormView {
  constructor(form, values, ctx) {
    this.form = form;
    this.values = structuredClone(values || {});
    this.ctx = ctx;
    this.element = h("div", { class: "form", dataset: { form: form.id } });
    this.render();
  }

  setErrors(errors, warnings = {}) {
    this.ctx.errors = errors;
    this.ctx.warnings = warnings;
    this.render();
  }

  render() {
    const focused = document.activeElement?.name;
    mount(this.element, this.fields(this.form.fields, this.values, ""));
    if (focused) this.element.querySelector(`[name="${CSS.escape(focused)}"]`)?.focus();
  }

  changed(rerender) {
    this.ctx.onChange(this.values);
    if (rerender) this.render();
  }

  fields(defs, scope, prefix) {
    return defs.filter((field) => visible(field, scope)).map((field) => this.field(field, scope, prefix));
  }

  field(field, scope, prefix) {
    const path = prefix + field.name;
    const error = this.ctx.errors?.[path];
    const warnings = this.ctx.warnings?.[path] || [];
    const input = (RENDERERS[field.type] || RENDERERS.text).call(this, field, scope, path);
    return h(
      "div",
      { class: `field field-${field.type}${error ? " has-error" : ""}`, dataset: { field: path } },
      field.type === "group" ? null : h("label", { class: "label", for: path }, field.label, field.required ? h("span", { class: "req" }, " *") : null),
      field.hint ? h("p", { class: "hint" }, field.hint) : null,
      input,
      error ? h("p", { class: "error", role: "alert" }, error) : null,
      warnings.length ? h("p", { class: "warning" }, warnings.map(warningText).join(" · ")) : null,
    );
  }

  /** Set a value; re-render when other fields depend on it (show_if, options_by). */
  set(scope, field, value) {
    const before = filled(scope[field.name]);
    if (!filled(value)) {
      delete scope[field.name];
    } else {
      scope[field.name] = value;
    }
    // Typing re-renders only when a dependant's visibility may flip (keeps the caret).
    const typed = TYPED.has(field.type);
    this.changed(this.dependedOn(field.name) && (!typed || before !== filled(value)));
  }

  dependedOn(name) {
    const walk = (defs) =>
      defs.some(
        (f) =>
          f.show_if?.field === name ||
          f.options_by?.field === name ||
          (f.type === "group" && walk(f.fields || [])),
      );
    return walk(this.form.fields);
  }
}

function warningText(code) {
  return WARNINGS[code] || code;
}

// Indonesian text for the NIK/KK warning codes (the counter shows the same flags).
const WARNINGS = {
  nik_birth_date: "Tanggal lahir tidak sama dengan tanggal di NIK (tetap bisa dikirim, diberi tanda)",
  nik_sex: "Jenis kelamin tidak cocok dengan NIK (tetap bisa dikirim, diberi tanda)",
  kk_region: "Nomor KK terdaftar di luar wilayah kantor ini",
};

function textInput(type, extra = {}) {
  return function (field, scope, path) {
    return h("input", {
      id: path,
      name: path,
      type,
      value: scope[field.name] ?? "",
      maxlength: typeof field.max === "number" && type === "text" ? field.max : null,
      max: type === "date" ? dateLimit(field.max) : type === "number" ? field.max : null,
      min: type === "date" ? dateLimit(field.min) : type === "number" ? field.min : null,
      readonly: this.ctx.readOnly,
      ...extra,
      oninput: (event) => {
        const raw = event.target.value;
        const value = type === "number" ? (raw === "" ? null : Number(raw)) : raw.trim() ? raw : null;
        this.set(scope, field, value);
      },
    });
  };
}

function dateLimit(limit) {
  if (limit === "today") return new Date().toLocaleDateString("en-CA"); // YYYY-MM-DD, local
  return typeof limit === "string" ? limit : null;
}

function choice(field, scope, path) {
  const options = optionsOf(field, scope);
  const current = scope[field.name] ?? null;
  if (options.length > RADIO_LIMIT) {
    return h(
      "select",
      {
        id: path,
        name: path,
        disabled: this.ctx.readOnly,
        onchange: (event) => this.set(scope, field, event.target.value || null),
      },
      h("option", { value: "" }, "— pilih —"),
      options.map((o) => h("option", { value: o.value, selected: o.value === current }, o.label)),
    );
  }
  return h(
    "div",
    { class: "choices", role: "radiogroup", id: path },
    options.map((o) =>
      h(
        "label",
        { class: `choice${o.value === current ? " chosen" : ""}` },
        h("input", {
          type: "radio",
          name: path,
          value: o.value,
          checked: o.value === current,
          disabled: this.ctx.readOnly,
          onchange: () => this.set(scope, field, o.value),
        }),
        h("span", {}, o.label),
      ),
    ),
  );
}

function multi(field, scope, path) {
  const current = new Set(scope[field.name] || []);
  return h(
    "div",
    { class: "checklist", id: path },
    optionsOf(field, scope).map((o) =>
      h(
        "label",
        { class: `check${current.has(o.value) ? " chosen" : ""}` },
        h("input", {
          type: "checkbox",
          name: path,
          value: o.value,
          checked: current.has(o.value),
          disabled: this.ctx.readOnly,
          onchange: (event) => {
            if (event.target.checked) current.add(o.value);
            else current.delete(o.value);
            event.target.parentElement.classList.toggle("chosen", event.target.checked);
            const order = optionsOf(field, scope).map((x) => x.value);
            this.set(scope, field, order.filter((v) => current.has(v)));
          },
        }),
        h("span", {}, o.label),
      ),
    ),
  );
}

function photos(field, scope, path) {
  const shas = scope[field.name] || [];
  const full = typeof field.max === "number" && shas.length >= field.max;
  return h(
    "div",
    { class: "photos", id: path },
    h(
      "div",
      { class: "thumbs" },
      shas.map((sha) => {
        const canvas = h("canvas", { class: "thumb", width: 160, height: 120, dataset: { sha } });
        this.ctx.photo.thumb(sha, canvas);
        return h(
          "div",
          { class: "thumb-box" },
          canvas,
          this.ctx.readOnly
            ? null
            : h("button", {
                type: "button",
                class: "small secondary",
                onclick: () => this.set(scope, field, shas.filter((s) => s !== sha)),
              }, "Hapus"),
        );
      }),
    ),
    this.ctx.readOnly || full
      ? null
      : h(
          "label",
          { class: "button secondary photo-take" },
          "Ambil foto",
          h("input", {
            type: "file",
            accept: "image/*",
            capture: "environment",
            multiple: true,
            name: path,
            class: "visually-hidden",
            onchange: async (event) => {
              const files = [...event.target.files];
              event.target.value = "";
              const added = [];
              for (const file of files) {
                const sha = await this.ctx.photo.add(file);
                if (sha && !shas.includes(sha) && !added.includes(sha)) added.push(sha);
              }
              this.set(scope, field, [...shas, ...added]);
              this.render();
            },
          }),
        ),
  );
}

function gps(field, scope, path) {
  const value = scope[field.name];
  const status = h("span", { class: "gps-status" }, value ? `${value.lat.toFixed(5)}, ${value.lon.toFixed(5)} (±${Math.round(value.accuracy)} m)` : "Belum diambil");
  return h(
    "div",
    { class: "gps", id: path },
    status,
    this.ctx.readOnly
      ? null
      : h("button", {
          type: "button",
          class: "secondary",
          onclick: () => {
            status.textContent = "Mencari lokasi…";
            navigator.geolocation.getCurrentPosition(
              (pos) =>
                this.set(scope, field, {
                  lat: pos.coords.latitude,
                  lon: pos.coords.longitude,
                  accuracy: pos.coords.accuracy,
                }) || this.render(),
              () => {
                status.textContent = "Lokasi tidak bisa diambil (izin GPS ditolak atau tidak ada sinyal).";
              },
              { enableHighAccuracy: true, timeout: 30000, maximumAge: 60000 },
            );
          },
        }, "Ambil lokasi GPS"),
  );
}

function group(field, scope, path) {
  const items = scope[field.name] || [];
  const full = typeof field.max === "number" && items.length >= field.max;
  return h(
    "fieldset",
    { class: "group", id: path },
    h("legend", {}, field.label, h("span", { class: "count" }, ` (${items.length})`)),
    items.map((item, index) =>
      h(
        "div",
        { class: "item", dataset: { item: item.id } },
        h("h3", {}, `${field.item_label || "Anggota"} ${index + 1}`),
        this.fields(field.fields || [], item, `${path}.${index}.`),
        this.ctx.itemActions ? this.ctx.itemActions(field, item) : null,
        this.ctx.readOnly
          ? null
          : h("button", {
              type: "button",
              class: "small danger",
              onclick: () => {
                if (!confirm("Hapus data ini dari daftar?")) return;
                this.set(scope, field, items.filter((i) => i !== item));
                this.render();
              },
            }, "Hapus"),
      ),
    ),
    this.ctx.readOnly || full
      ? null
      : h("button", {
          type: "button",
          class: "secondary add-item",
          onclick: () => {
            this.set(scope, field, [...items, { id: crypto.randomUUID() }]);
            this.render();
          },
        }, `+ Tambah ${(field.item_label || "anggota").toLowerCase()}`),
  );
}

function reference(field, scope, path) {
  return h("p", { class: "readonly", id: path }, this.ctx.refLabel(field, scope[field.name]));
}

function code(field, scope, path) {
  return h("p", { class: "readonly code", id: path }, scope[field.name] || "—");
}

const RENDERERS = {
  text: textInput("text"),
  number: textInput("number", { inputmode: "decimal" }),
  date: textInput("date"),
  nik: textInput("text", { inputmode: "numeric", maxlength: 16, autocomplete: "off" }),
  kk: textInput("text", { inputmode: "numeric", maxlength: 16, autocomplete: "off" }),
  phone: textInput("tel", { inputmode: "tel" }),
  select: choice,
  multiselect: multi,
  photo: photos,
  gps,
  group,
  ref: reference,
  code,
};
