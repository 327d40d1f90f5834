// Validate a record's fields against a form, on the tablet, before it is queued.
//
// The twin of kiosk/sync/forms/validator.py and field_checks.py: the same definition
// (GET /api/v1/forms) drives the screens and both validators, with the same paths and the same
// Indonesian messages; tests/vectors/forms.json holds both to it (tests/e2e/test_field_rules_js.py
// runs this file). Paths: "address", "members.2.nik" (items from 0), "fields" for the object
// itself and for names the form does not know ("members.2" inside an item).
//
//   validate(form, fields, rules, {today: "YYYY-MM-DD"}?) ->
//     {errors: {path: message}, warnings: {path: [flag codes]}, blobs: [sha256, ...]}

import { checkKk, checkNik, cleanNumber, compareDates, normaliseCode, parseIsoDate, todayOf }
  from "./rules.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const MOBILE = /^(\+62|62|0)8[0-9]+$/;
const LATITUDE = [-11.5, 6.5];
const LONGITUDE = [94.0, 141.5];
const GPS_KEYS = ["lat", "lon", "accuracy"];

/** Check `fields` against a published form; see the module comment for the result. */
export function validate(form, fields, rules, { today = null } = {}) {
  const result = { errors: {}, warnings: {}, blobs: new Set() };
  const context = { rules: rules || {}, today: todayOf(today), result };
  if (!isObject(fields)) {
    result.errors.fields = "Isian formulir harus berupa objek JSON.";
  } else {
    checkLevel(form.fields, fields, "", "fields", context);
  }
  return { errors: result.errors, warnings: result.warnings, blobs: [...result.blobs].sort() };
}

/** Not filled in: absent, null, blank text or an empty list. */
export function isEmpty(value) {
  return value === undefined || value === null
    || (Array.isArray(value) && value.length === 0)
    || (typeof value === "string" && value.trim() === "");
}

/** Is a field shown, given the values of its siblings (its show_if)? */
export function isShown(definition, values) {
  const condition = definition.show_if;
  if (!condition) return true;
  const other = values[condition.field];
  if ("equals" in condition) return typeof other === "string" && other === condition.equals;
  if ("in" in condition) return typeof other === "string" && condition.in.includes(other);
  return !isEmpty(other);
}

function checkLevel(definitions, values, prefix, unknownPath, context) {
  const { errors } = context.result;
  const known = new Set(definitions.map((d) => d.name));
  if (prefix) known.add("id");
  const unknown = Object.keys(values).filter((name) => !known.has(name)).sort();
  if (unknown.length) errors[unknownPath] = `Isian tidak dikenal: ${unknown.join(", ")}.`;
  for (const definition of definitions) {
    const report = makeReport(prefix + definition.name, definition, values, context);
    const value = values[definition.name];
    if (!isShown(definition, values)) {
      if (!isEmpty(value)) {
        report.error(
          `${report.label} harus kosong: pertanyaan ini tidak berlaku untuk jawaban sebelumnya.`,
        );
      }
    } else if (isEmpty(value)) {
      if (definition.required) report.error(`${report.label} wajib diisi.`);
    } else if (definition.type === "group") {
      checkGroup(value, report, context);
    } else {
      CHECKS[definition.type](value, report);
    }
  }
}

function checkGroup(items, report, context) {
  const { errors } = context.result;
  const label = report.label;
  if (!Array.isArray(items)) return report.error(`${label} harus berupa daftar.`);
  countWithin(
    items,
    report,
    (n) => `${label} paling sedikit ${n}.`,
    (n) => `${label} paling banyak ${n}.`,
  );
  const seenIds = new Set();
  items.forEach((item, index) => {
    const path = `${report.path}.${index}`;
    if (!isObject(item)) {
      errors[path] = `Isian ke-${index + 1} pada ${label} tidak terbaca.`;
      return;
    }
    const itemId = item.id;
    if (!(typeof itemId === "string" && UUID.test(itemId))) {
      errors[`${path}.id`] = `Isian ke-${index + 1} pada ${label} tidak punya id (UUID) yang sah.`;
    } else if (seenIds.has(itemId)) {
      errors[`${path}.id`] = `Id isian ke-${index + 1} pada ${label} sudah dipakai isian lain.`;
    }
    seenIds.add(itemId);
    checkLevel(report.field.fields, item, `${path}.`, path, context);
  });
  return undefined;
}

function makeReport(path, field, siblings, context) {
  return {
    path,
    field,
    siblings,
    label: field.label,
    rules: context.rules,
    today: context.today,
    result: context.result,
    error(message) {
      if (!(path in context.result.errors)) context.result.errors[path] = message;
    },
  };
}

function checkText(value, report) {
  if (typeof value !== "string") return report.error(`${report.label} harus berupa teks.`);
  const text = value.trim();
  const { field, label } = report;
  const length = [...text].length; // code points, as Python's len()
  if ("min" in field && length < field.min) {
    report.error(`${label} paling sedikit ${field.min} huruf.`);
  } else if ("max" in field && length > field.max) {
    report.error(`${label} paling banyak ${field.max} huruf.`);
  } else if ("pattern" in field && !new RegExp(field.pattern).test(text)) {
    report.error(`${label} tidak sesuai format.`);
  }
  return undefined;
}

function checkNumber(value, report) {
  const { field, label } = report;
  if (!isNumber(value)) return report.error(`${label} harus berupa angka.`);
  if ("min" in field && value < field.min) {
    report.error(`${label} paling kecil ${String(field.min)}.`);
  } else if ("max" in field && value > field.max) {
    report.error(`${label} paling besar ${String(field.max)}.`);
  }
  return undefined;
}

function checkDate(value, report) {
  const { field, label } = report;
  const day = parseIsoDate(value);
  if (day === null) return report.error(`${label} harus tanggal yang ada (tahun-bulan-tanggal).`);
  const low = bound(field.min, report.today);
  const high = bound(field.max, report.today);
  if (high !== null && compareDates(day, high) > 0) {
    if (field.max === "today") return report.error(`${label} tidak boleh sesudah hari ini.`);
    report.error(`${label} paling lambat ${dmy(high)}.`);
  } else if (low !== null && compareDates(day, low) < 0) {
    report.error(`${label} paling awal ${dmy(low)}.`);
  }
  return undefined;
}

function checkSelect(value, report) {
  if (!(typeof value === "string" && choices(report).has(value))) {
    report.error(unknownChoice(report.label));
  }
}

function checkMultiselect(value, report) {
  const allowed = choices(report);
  const label = report.label;
  checkItems(value, report, (item) => allowed.has(item), {
    notAList: `${label} harus berupa daftar pilihan.`,
    badItem: unknownChoice(label),
    twice: `${label} berisi pilihan yang sama dua kali.`,
    tooFew: (n) => `${label} paling sedikit ${n} pilihan.`,
    tooMany: (n) => `${label} paling banyak ${n} pilihan.`,
  });
}

function checkNikField(value, report) {
  const matches = report.field.matches || {};
  const birthDate = report.siblings[matches.birth_date];
  const sex = report.siblings[matches.sex];
  identity(value, report, "NIK", (text) =>
    checkNik(text, { birthDate, sex, rules: report.rules, today: report.today.iso }));
}

function checkKkField(value, report) {
  identity(value, report, "Nomor KK", (text) =>
    checkKk(text, { rules: report.rules, today: report.today.iso }));
}

function checkPhone(value, report) {
  const text = typeof value === "string" ? value : "";
  const digits = text.startsWith("+") ? text.slice(1) : text;
  if (!(MOBILE.test(text) && digits.length >= 10 && digits.length <= 15)) {
    report.error(
      `${report.label} harus nomor HP Indonesia: diawali 08, 628 atau +628, 10 sampai 15 angka.`,
    );
  }
}

function checkPhoto(value, report) {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === "string" && SHA256.test(item)) report.result.blobs.add(item);
    }
  }
  const label = report.label;
  checkItems(value, report, (item) => SHA256.test(item), {
    notAList: `${label} harus berupa daftar foto.`,
    badItem: `${label} berisi foto yang tidak dikenali.`,
    twice: `${label} berisi foto yang sama dua kali.`,
    tooFew: (n) => `${label} paling sedikit ${n} foto.`,
    tooMany: (n) => `${label} paling banyak ${n} foto.`,
  });
}

function checkGps(value, report) {
  const label = report.label;
  const keys = isObject(value) ? Object.keys(value) : [];
  const shaped = keys.length === GPS_KEYS.length
    && GPS_KEYS.every((key) => keys.includes(key) && isNumber(value[key]))
    && value.accuracy >= 0;
  if (!shaped) return report.error(`${label} harus berisi lintang, bujur dan akurasi (meter).`);
  const inside = value.lat >= LATITUDE[0] && value.lat <= LATITUDE[1]
    && value.lon >= LONGITUDE[0] && value.lon <= LONGITUDE[1];
  if (!inside) report.error(`${label} berada di luar wilayah Indonesia.`);
  return undefined;
}

function checkRef(value, report) {
  if (!(typeof value === "string" && UUID.test(value))) {
    report.error(`${report.label} harus berupa id (UUID) yang sah.`);
  }
}

function checkCode(value, report) {
  if (!(typeof value === "string" && normaliseCode(value) === value)) {
    report.error(`${report.label} tidak sah: periksa lagi huruf dan angkanya.`);
  }
}

const CHECKS = {
  text: checkText,
  number: checkNumber,
  date: checkDate,
  select: checkSelect,
  multiselect: checkMultiselect,
  nik: checkNikField,
  kk: checkKkField,
  phone: checkPhone,
  photo: checkPhoto,
  gps: checkGps,
  ref: checkRef,
  code: checkCode,
};

function identity(value, report, what, check) {
  if (typeof value !== "string") return report.error(`${report.label} harus berupa teks.`);
  // The tablet stores digits only, never "3201 0117 ...".
  if (cleanNumber(value) !== value) return report.error(`${what} hanya boleh berisi angka.`);
  const result = check(value);
  if (result.errors.length) report.error(result.errors.join(" "));
  if (result.flags.length) report.result.warnings[report.path] = [...result.flags];
  return undefined;
}

function checkItems(value, report, valid, say) {
  if (!Array.isArray(value)) return report.error(say.notAList);
  if (!value.every((item) => typeof item === "string" && valid(item))) {
    return report.error(say.badItem);
  }
  if (new Set(value).size !== value.length) return report.error(say.twice);
  countWithin(value, report, say.tooFew, say.tooMany);
  return undefined;
}

function countWithin(items, report, tooFew, tooMany) {
  const { field } = report;
  if ("min" in field && items.length < field.min) report.error(tooFew(field.min));
  else if ("max" in field && items.length > field.max) report.error(tooMany(field.max));
}

function choices(report) {
  const { field } = report;
  if (field.options) return new Set(field.options.map((option) => option.value));
  const by = field.options_by || {};
  const key = report.siblings[by.field];
  const map = by.map || {};
  const options = typeof key === "string" && Object.hasOwn(map, key) ? map[key] : [];
  return new Set(options.map((option) => option.value));
}

function unknownChoice(label) {
  return `Pilihan untuk ${label} tidak ada dalam daftar.`;
}

function bound(value, today) {
  if (value === undefined || value === null) return null;
  return value === "today" ? today : parseIsoDate(value);
}

function dmy(day) {
  const pad = (n, width = 2) => String(n).padStart(width, "0");
  return `${pad(day.day)}-${pad(day.month)}-${pad(day.year, 4)}`;
}

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}
