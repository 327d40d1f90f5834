// The outbox sender and the pull of changes. One sender at a time (Web Locks, or a lease row
// in meta where the browser has none); ops are immutable and sent in order per record; a
// failure of one op never blocks the others; success is only a JSON body echoing what was sent.
import {
  Api,
  NetworkError,
  RevokedError,
  UnknownDeviceError,
  WipeSignal,
  echoes,
  retryable,
} from "./api.js";
import * as store from "./db.js";

const LOCK_NAME = "sp-field-sync";
const LEASE_MS = 120000; // a `sending` row older than this was left by a closed browser
const BACKOFF_BASE_MS = 5000;
const BACKOFF_CAP_MS = 30 * 60 * 1000;

/** Exponential backoff with jitter (between half and all of the step), capped at 30 min. */
export function backoffDelay(attempts, random = Math.random) {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(step * (0.5 + random() * 0.5));
}

let running = null; // the in-page sync, so a second trigger joins it instead of racing

/** Run one sync (push, then pull) unless one is running; resolves with a summary. */
export function sync({ force = false, onProgress = () => {} } = {}) {
  if (running && force) {
    // The button while a timer sync runs: a real try right after it, not its old result.
    return running.then(() => sync({ force, onProgress }));
  }
  if (!running) {
    running = withSyncLock((exclusive) => syncLocked({ force, onProgress }, exclusive)).finally(() => {
      running = null;
    });
  }
  return running;
}

async function withSyncLock(work) {
  if (navigator.locks?.request) {
    return navigator.locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) =>
      lock ? work(true) : { skipped: true },
    );
  }
  // Fallback: a lease in meta, taken in one transaction-free step (single tab in practice).
  const lease = await store.getMeta("sync_lease", 0);
  if (lease > Date.now()) return { skipped: true };
  await store.setMeta("sync_lease", Date.now() + LEASE_MS);
  try {
    return await work(false);
  } finally {
    await store.deleteMeta("sync_lease").catch(() => {}); // gone after a wipe
  }
}

async function syncLocked({ force, onProgress }, exclusive) {
  const token = await store.getMeta("token");
  if (!token) return { skipped: true, reason: "not_enrolled" };
  const api = new Api({ token, pending: store.pendingCount });
  const summary = { sent: 0, failed: 0, retry: 0, total: 0, stopped: null };
  try {
    await push(api, { force, exclusive, onProgress, summary });
    if (!summary.stopped) await pull(api);
    await store.purgeConfirmed();
    await store.setMeta("last_sync_at", Date.now());
  } catch (error) {
    summary.stopped = await stopReason(error);
  }
  if (summary.stopped === "wiped") return summary; // the database is gone: touch nothing
  await store.setMeta("last_sync_summary", summary);
  onProgress({ ...summary, done: true });
  return summary;
}

/** Revoked, wipe or unknown device end the sync; a network error ends it quietly. */
async function stopReason(error) {
  if (error instanceof WipeSignal) {
    await wipeTablet();
    return "wiped";
  }
  if (error instanceof RevokedError) {
    await store.setMeta("revoked", { message: error.message, at: Date.now() });
    return "revoked";
  }
  if (error instanceof UnknownDeviceError) {
    await store.setMeta("unknown_device", { message: error.message, at: Date.now() });
    return "unknown_device";
  }
  if (error instanceof NetworkError) return "offline";
  throw error;
}

/** The office asked for it: delete the database and the service worker, keep nothing. */
export async function wipeTablet() {
  await store.wipeDatabase();
  if ("caches" in self) {
    for (const name of await caches.keys()) await caches.delete(name);
  }
  const registrations = (await navigator.serviceWorker?.getRegistrations?.()) || [];
  for (const registration of registrations) await registration.unregister();
}

// ---- push ---------------------------------------------------------------------------------
async function push(api, { force, exclusive, onProgress, summary }) {
  summary.total = await store.pendingCount();
  onProgress({ ...summary });
  const tried = new Set();
  for (;;) {
    const op = await store.claimNextOp({ exclusive, force, leaseMs: LEASE_MS, skip: tried });
    if (!op) return;
    tried.add(op.op_id);
    const outcome = await sendOp(api, op); // raises Revoked/Wipe/Unknown to stop everything
    summary[outcome] += 1;
    onProgress({ ...summary });
  }
}

/** One op: its photos first, then the op, then the photos the server still misses. */
async function sendOp(api, op) {
  try {
    const body = await resolvedBody(op);
    await uploadBlobs(api, body.blobs);
    let answer = op.answer;
    if (op.state_before !== "awaiting_blobs" || !answer) {
      answer = await putOp(api, op, body);
      if (answer.permanent) return fail(op, answer.message);
      if (answer.retry) return retry(op, answer.message);
    }
    const missing = await uploadBlobs(api, answer.missing_blobs || []);
    if (missing.length) {
      await store.updateOp(op.op_id, {
        state: "awaiting_blobs",
        answer,
        attempts: op.attempts + 1,
        next_attempt_at: Date.now() + backoffDelay(op.attempts + 1),
        last_error: "Foto belum terkirim semua",
        lease_until: 0,
      });
      await store.updateRecord(op.record_id, { status: "awaiting_photos" });
      return "retry";
    }
    await done(op, answer);
    return "sent";
  } catch (error) {
    if (error instanceof WipeSignal) throw error; // Clear-Site-Data may have closed the DB
    if (error instanceof RevokedError && error.body?.op_id === op.op_id) {
      await done(op, { ...error.body, status: "quarantined" });
    } else if (!(error instanceof NetworkError)) {
      await release(op);
    }
    if (error instanceof NetworkError) return retry(op, error.message);
    throw error;
  }
}

/** The body as first sent; an edit queued behind an unsent op takes that op's new version. */
async function resolvedBody(op) {
  if (!op.base_from_previous) return op.body;
  const record = await store.getRecord(op.record_id);
  const body = { ...op.body, base_version: record?.server_version ?? null };
  await store.updateOp(op.op_id, { body, base_from_previous: false });
  return body;
}

async function putOp(api, op, body) {
  const result = await api.putOp(op.op_id, body);
  if (echoes(result, "op_id", op.op_id)) return result.data;
  if (result.status >= 200 && result.status < 300) {
    return { retry: true, message: "Jawaban server tidak dikenali (jaringan minta login?)" };
  }
  if (retryable(result.status) || result.data?.error === "in_progress") {
    return { retry: true, message: `Server sibuk (${result.status})` };
  }
  return { permanent: true, message: describe(result) };
}

/** Upload the photos not yet confirmed; the list of those still missing afterwards. */
async function uploadBlobs(api, shas) {
  const missing = [];
  for (const sha of shas) {
    const row = await store.getBlob(sha);
    if (!row) {
      missing.push(sha);
      continue;
    }
    if (row.uploaded) continue;
    let result;
    try {
      result = await api.putBlob(sha, row.blob);
    } catch (error) {
      if (error instanceof NetworkError) {
        missing.push(sha);
        continue;
      }
      throw error;
    }
    if (echoes(result, "sha256", sha)) await store.markBlobUploaded(sha);
    else missing.push(sha);
  }
  return missing;
}

const RECORD_STATUS = {
  applied: "synced",
  awaiting_blobs: "synced",
  conflict_flagged: "needs_review",
  quarantined: "needs_review",
};

async function done(op, answer) {
  const opChanges = { state: "done", answer, lease_until: 0, last_error: null, done_at: Date.now() };
  await store.completeOp(op.op_id, opChanges, (record, ops) => {
    const later = ops.some((o) => o.seq > op.seq && o.state !== "done");
    const changes = { server_version: answer.version ?? record.server_version };
    if (!later && record.status !== "draft") {
      changes.status = RECORD_STATUS[answer.status] || "synced";
    } else if (RECORD_STATUS[answer.status] === "needs_review") {
      changes.flagged = true;
    }
    return changes;
  });
}

async function retry(op, message) {
  const attempts = op.attempts + 1;
  await store.updateOp(op.op_id, {
    state: op.state_before === "awaiting_blobs" ? "awaiting_blobs" : "pending",
    attempts,
    next_attempt_at: Date.now() + backoffDelay(attempts),
    last_error: message,
    lease_until: 0,
  });
  return "retry";
}

async function fail(op, message) {
  await store.updateOp(op.op_id, {
    state: "failed_permanent",
    attempts: op.attempts + 1,
    last_error: message,
    lease_until: 0,
  });
  await store.updateRecord(op.record_id, { status: "failed" });
  return "failed";
}

async function release(op) {
  await store.updateOp(op.op_id, { state: op.state_before, lease_until: 0 });
}

function describe(result) {
  const data = result.data || {};
  const fields = data.fields ? Object.entries(data.fields).map(([k, v]) => `${k}: ${v}`) : [];
  return [data.message || `Ditolak server (${result.status})`, ...fields].join(" · ");
}

// ---- pull ---------------------------------------------------------------------------------
/** Assignments and records changed at the office since the last cursor; forms when changed. */
async function pull(api) {
  let cursor = await store.getMeta("cursor");
  for (let page = 0; page < 50; page += 1) {
    const result = await api.changes(cursor);
    if (result.status !== 200 || !result.data || !("cursor" in result.data)) return;
    const data = result.data;
    await store.storeAssignments(data.assignments || []);
    if (data.backup_key?.spki) await store.setMeta("backup_key", data.backup_key);
    for (const record of data.records || []) await store.applyServerRecord(record);
    cursor = data.cursor;
    await store.setMeta("cursor", cursor);
    if (data.forms_etag && data.forms_etag !== (await store.getMeta("forms_etag"))) {
      await refreshForms(api);
    }
    if (!data.more) return;
  }
}

/** Fetch the forms document unless the cached one is current (ETag). */
export async function refreshForms(api) {
  const result = await api.forms(await store.getMeta("forms_etag"));
  if (result.status === 200 && result.data?.forms) await store.storeForms(result.data);
}

/** Redeem an enrolment code; store the token and the officer; fetch forms. */
export async function enrol(code) {
  const api = new Api({ token: null });
  const result = await api.enrol(code);
  if (!echoesEnrolment(result)) {
    const message = result.data?.message || "Kode pendaftaran tidak dikenali server.";
    return { ok: false, message };
  }
  const data = result.data;
  await store.setMeta("device_id", data.device_id);
  await store.setMeta("token", data.token);
  await store.setMeta("officer", data.officer || null);
  await store.setMeta("office", data.office || null);
  if (data.backup_key?.spki) await store.setMeta("backup_key", data.backup_key); // "Cadangkan data"
  await store.setMeta("retention_days", store.RETENTION_DAYS); // synced records kept this long
  await store.deleteMeta("revoked");
  await store.deleteMeta("unknown_device");
  await store.deleteMeta("cursor");
  return { ok: true };
}

function echoesEnrolment(result) {
  return result.status === 201 && typeof result.data?.token === "string" && result.data.device_id;
}
