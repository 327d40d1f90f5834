// The counter's identity and tracking-code rules, for the tablet offline.
//
// A twin of kiosk/files/identity.py (NIK, Nomor KK) and kiosk/tracking.py (tracking codes):
// same answers, same Indonesian messages, held to tests/vectors/identity.json by
// tests/e2e/test_field_rules_js.py. `rules` is the "rules" object of GET /api/v1/forms:
// {provinces: [every province code ever issued], region_code: "<office kecamatan>" or ""}.
// Change a rule there and here together; the vectors fail until both agree.

const SEXES = ["L", "P"];
const SEPARATORS = new Set([" ", ".", "-", "\t"]);

export const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_SYMBOLS = 10;
const CODE_LENGTH = RANDOM_SYMBOLS + 1;
const CONFUSABLE = { O: "0", I: "1", L: "1" };
const CODE_NOISE = new Set([" ", "-", "_", ".", "\t"]);

/** Digits as typed, without the spaces, dots or dashes people put in for readability. */
export function cleanNumber(text) {
  return [...(text || "")].filter((ch) => !SEPARATORS.has(ch)).join("");
}

/**
 * Check a NIK. Errors block; a birth date ("YYYY-MM-DD") or sex ("L"/"P") that disagrees
 * with the NIK is a warning with a flag code (nik_birth_date, nik_sex), never an error.
 * Returns {nik, errors, warnings, flags, birthDate ("YYYY-MM-DD" or null), sex}.
 */
export function checkNik(text, { birthDate = null, sex = null, rules, today = null } = {}) {
  const nik = cleanNumber(text);
  const result = newResult(nik);
  if (!sixteenDigits(nik, result, "NIK")) return result;
  checkRegion(nik, result, "NIK", null, rules);
  const day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const year2 = Number(nik.slice(10, 12));
  const encodedSex = day > 40 ? "P" : "L";
  const realDay = day > 40 ? day - 40 : day;
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) {
    result.errors.push(
      `Digit 7-8 NIK (${nik.slice(6, 8)}) bukan tanggal lahir: harus 01-31, atau 41-71 ` +
        "untuk perempuan.",
    );
    return result;
  }
  const born = resolveDate(realDay, month, year2, todayOf(today));
  if (born === null) {
    result.errors.push(
      `Tanggal lahir di NIK (${pad(realDay)}-${nik.slice(8, 10)}-${nik.slice(10, 12)}) ` +
        "tidak ada di kalender.",
    );
    return result;
  }
  if (nik.slice(12) === "0000") result.errors.push("Empat digit terakhir NIK tidak boleh 0000.");
  result.birthDate = born.iso;
  result.sex = encodedSex;
  const entered = parseIsoDate(birthDate);
  if (entered && (entered.day !== born.day || entered.month !== born.month
      || entered.year % 100 !== year2)) {
    warn(
      result,
      "nik_birth_date",
      `Tanggal lahir ${pad(entered.day)}-${pad(entered.month)}-${entered.year} tidak ` +
        `sama dengan tanggal di NIK (${pad(born.day)}-${pad(born.month)}-${pad(year2)}). ` +
        "Berkas tetap diterima dan diberi tanda; periksa KK atau akta.",
    );
  }
  if (SEXES.includes(sex) && sex !== encodedSex) {
    const woman = encodedSex === "P";
    warn(
      result,
      "nik_sex",
      "Jenis kelamin tidak cocok dengan NIK: NIK ini milik seorang " +
        `${woman ? "perempuan" : "laki-laki"} (tanggal lahir di NIK ` +
        `${woman ? "ditambah 40" : "tidak ditambah 40"}). Berkas tetap diterima dan diberi tanda.`,
    );
  }
  return result;
}

/**
 * Check a Nomor KK: 16 digits, a real province, a real issue date, serial not 0000; a KK from
 * outside the office's kecamatan (rules.region_code) is a warning (flag kk_region).
 */
export function checkKk(text, { rules, today = null } = {}) {
  const number = cleanNumber(text);
  const result = newResult(number);
  if (!sixteenDigits(number, result, "Nomor KK")) return result;
  checkRegion(number, result, "Nomor KK", (rules && rules.region_code) || null, rules);
  const day = Number(number.slice(6, 8));
  const month = Number(number.slice(8, 10));
  const year2 = Number(number.slice(10, 12));
  if (resolveDate(day, month, year2, todayOf(today)) === null) {
    result.errors.push(
      `Digit 7-12 Nomor KK (${number.slice(6, 12)}) bukan tanggal terbit yang ada.`,
    );
  }
  if (number.slice(12) === "0000") {
    result.errors.push("Empat digit terakhir Nomor KK tidak boleh 0000.");
  }
  return result;
}

/** A fresh random tracking code in canonical grouped form (K7QM-2XPA-9RY). */
export function newTrackingCode() {
  // 10 symbols of 5 bits from the platform's CSPRNG; 256 is a multiple of 32, so no bias.
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_SYMBOLS));
  const body = [...bytes].map((b) => ALPHABET[b % 32]).join("");
  return group(body + checkSymbol(body));
}

/** The Luhn mod 32 check symbol of a canonical (ungrouped, upper-case) body. */
export function checkSymbol(body) {
  let total = 0;
  let factor = 2;
  for (const symbol of [...body].reverse()) {
    const addend = factor * ALPHABET.indexOf(symbol);
    factor = factor === 2 ? 1 : 2;
    total += Math.floor(addend / 32) + (addend % 32);
  }
  return ALPHABET[(32 - (total % 32)) % 32];
}

/**
 * The canonical grouped code from what a person typed or a scanner sent, or null if invalid.
 * Case, spaces and dashes are ignored; O reads as 0, I and L as 1; a status URL (/s/<code>)
 * is accepted.
 */
export function normaliseCode(text) {
  if (typeof text !== "string") return null;
  let candidate = text.trim();
  if (candidate.includes("/s/")) candidate = candidate.slice(candidate.lastIndexOf("/s/") + 3);
  candidate = candidate.split("?")[0].split("#")[0];
  const cleaned = [...candidate.toUpperCase()]
    .filter((ch) => !CODE_NOISE.has(ch))
    .map((ch) => CONFUSABLE[ch] || ch)
    .join("");
  if (cleaned.length !== CODE_LENGTH || [...cleaned].some((ch) => !ALPHABET.includes(ch))) {
    return null;
  }
  if (checkSymbol(cleaned.slice(0, -1)) !== cleaned.slice(-1)) return null;
  return group(cleaned);
}

/** "YYYY-MM-DD" of a real date written exactly so, as {year, month, day}; else null. */
export function parseIsoDate(value) {
  if (typeof value !== "string" || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return null;
  const [year, month, day] = value.split("-").map(Number);
  return realDate(year, month, day);
}

/** Today on this tablet as {year, month, day, iso} (or the given "YYYY-MM-DD"). */
export function todayOf(today) {
  if (today) return parseIsoDate(today);
  const now = new Date();
  return realDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** Order two {year, month, day} dates: negative, zero or positive. */
export function compareDates(a, b) {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function group(canonical) {
  const parts = [];
  for (let i = 0; i < canonical.length; i += 4) parts.push(canonical.slice(i, i + 4));
  return parts.join("-");
}

function newResult(number) {
  return { nik: number, errors: [], warnings: [], flags: [], birthDate: null, sex: null };
}

function warn(result, flag, message) {
  result.flags.push(flag);
  result.warnings.push(message);
}

function sixteenDigits(number, result, what) {
  if (!number) {
    result.errors.push(`${what} wajib diisi.`);
    return false;
  }
  if (!/^[0-9]+$/.test(number)) {
    result.errors.push(`${what} hanya boleh berisi angka.`);
    return false;
  }
  if (number.length !== 16) {
    result.errors.push(`${what} harus 16 digit; yang diisi ${[...number].length} digit.`);
    return false;
  }
  return true;
}

function checkRegion(number, result, what, regionPrefix, rules) {
  const provinces = (rules && rules.provinces) || [];
  if (!provinces.includes(Number(number.slice(0, 2)))) {
    result.errors.push(
      `Dua digit pertama ${what} (${number.slice(0, 2)}) bukan kode provinsi yang ada.`,
    );
  } else if (number.slice(2, 4) === "00" || number.slice(4, 6) === "00") {
    result.errors.push(`Kode kabupaten/kota atau kecamatan di ${what} tidak boleh 00.`);
  } else if (regionPrefix && !number.startsWith(regionPrefix)) {
    warn(
      result,
      "kk_region",
      `${what} terdaftar di luar wilayah kantor ini (kode ${number.slice(0, 6)}). Periksa ` +
        "lagi, atau lanjutkan bila memang pendatang.",
    );
  }
}

// A two-digit year in the most recent century that does not put the date in the future.
function resolveDate(day, month, year2, today) {
  for (const century of [2000, 1900]) {
    const candidate = realDate(century + year2, month, day);
    if (candidate === null) {
      if (century === 2000) continue; // e.g. 29-02-00 is real in 2000 but not in 1900
      return null;
    }
    if (compareDates(candidate, today) <= 0) return candidate;
  }
  return null;
}

function realDate(year, month, day) {
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate(); // leap-year safe below
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const last = month === 2 ? (leap ? 29 : 28) : daysInMonth;
  if (day > last) return null;
  return { year, month, day, iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

function pad(value, width = 2) {
  return String(value).padStart(width, "0");
}
