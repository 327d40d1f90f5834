// "Cadangkan data": one file holding everything not yet received by the office (outbox ops with
// their op ids and bodies, drafts, and the photos they name), encrypted for the office only.
// A fresh AES-256-GCM key encrypts the payload; the office's RSA-OAEP (SHA-256) public key, which
// the tablet gets at enrolment and on every sync, wraps that key. The file is one line of JSON
// header (no NIK, no name), a newline, then the ciphertext: kiosk/sync/backup.py opens it.
import * as store from "./db.js";

export const FORMAT = "satupintu-backup";
export const VERSION = 1;

export class NoBackupKey extends Error {}

/** Build the encrypted backup; {blob, name, counts} (nothing is downloaded here). */
export async function makeBackup() {
  const key = await store.getMeta("backup_key");
  if (!key?.spki) {
    throw new NoBackupKey("Kunci cadangan kantor belum ada di tablet. Sambungkan tablet ke jaringan kantor sekali, lalu coba lagi.");
  }
  const deviceId = await store.getMeta("device_id");
  const contents = await store.backupContents();
  const exportedAt = new Date();
  const payload = {
    format: FORMAT,
    version: VERSION,
    device_id: deviceId,
    exported_at: exportedAt.toISOString(),
    ops: contents.ops.map((op) => opEntry(op, contents)),
    drafts: contents.drafts,
    photos: await Promise.all(contents.photos.map(photoEntry)),
  };
  const records = new Set([...contents.ops.map((op) => op.record_id), ...contents.drafts.map((r) => r.record_id)]);
  const counts = { records: records.size, ops: payload.ops.length, drafts: payload.drafts.length, photos: payload.photos.length };
  const sealed = await seal(new TextEncoder().encode(JSON.stringify(payload)), key);
  const header = {
    format: FORMAT,
    version: VERSION,
    device_id: deviceId,
    exported_at: payload.exported_at,
    counts,
    key_id: key.key_id,
    wrapped_key: base64(sealed.wrappedKey),
    iv: base64(sealed.iv),
  };
  const blob = new Blob([JSON.stringify(header), "\n", sealed.ciphertext], { type: "application/octet-stream" });
  return { blob, name: fileName(deviceId, exportedAt), counts, at: exportedAt.getTime() };
}

/** Make the file, hand it to the browser as a download, and remember when. */
export async function exportBackup() {
  const made = await makeBackup();
  const url = URL.createObjectURL(made.blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = made.name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  await store.recordBackup({ at: made.at, name: made.name, ...made.counts });
  return made;
}

/** An op as it will be sent: an edit behind a sent op takes that op's version now, as sync.js
 * resolvedBody does; behind an unsent one the office resolves it from the earlier op. */
function opEntry(op, contents) {
  let { body } = op;
  let behindUnsent = Boolean(op.base_from_previous);
  if (behindUnsent && !contents.ops.some((o) => o.record_id === op.record_id && o.seq < op.seq)) {
    const record = contents.records.find((r) => r.record_id === op.record_id);
    body = { ...body, base_version: record?.server_version ?? null };
    behindUnsent = false;
  }
  return {
    op_id: op.op_id,
    record_id: op.record_id,
    seq: op.seq,
    created_at: op.created_at,
    state: op.state,
    base_from_previous: behindUnsent,
    body,
  };
}

async function photoEntry(row) {
  const bytes = new Uint8Array(await row.blob.arrayBuffer());
  return { sha256: row.sha256, type: row.blob.type || "image/jpeg", record_id: row.record_id, data: base64(bytes) };
}

async function seal(plain, key) {
  const spki = Uint8Array.from(atob(key.spki), (c) => c.charCodeAt(0));
  const office = await crypto.subtle.importKey("spki", spki, { name: "RSA-OAEP", hash: "SHA-256" }, false, ["encrypt"]);
  const aes = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
  const raw = await crypto.subtle.exportKey("raw", aes);
  const wrappedKey = new Uint8Array(await crypto.subtle.encrypt({ name: "RSA-OAEP" }, office, raw));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, aes, plain));
  return { wrappedKey, iv, ciphertext };
}

/** satupintu-cadangan-<device>-<YYYYMMDD-HHMM>.spcb (the tablet's local time). */
export function fileName(deviceId, date) {
  const two = (n) => String(n).padStart(2, "0");
  const day = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`;
  return `satupintu-cadangan-${deviceId}-${day}-${two(date.getHours())}${two(date.getMinutes())}.spcb`;
}

function base64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}
