// The only module that touches IndexedDB (Dexie). Everything the tablet must not lose lives here:
// records (drafts and finalized), the outbox of immutable ops, photo blobs, cached forms, meta.
import Dexie from "./vendor/dexie-4.4.7.mjs";

export const DB_NAME = "satupintu-field";
export const RETENTION_DAYS = 30;
const OPEN_STATES = ["pending", "sending", "awaiting_blobs"];

export const db = new Dexie(DB_NAME);
db.version(1).stores({
  records: "record_id, form, status, updated_at",
  outbox: "op_id, record_id, state, [record_id+seq]",
  blobs: "sha256, record_id, uploaded",
  forms: "[id+version], id",
  meta: "key",
  assignments: "id, household_id",
});

const now = () => Date.now();

// ---- meta ---------------------------------------------------------------------------------
export async function getMeta(key, fallback = null) {
  const row = await db.meta.get(key);
  return row === undefined ? fallback : row.value;
}

export async function setMeta(key, value) {
  await db.meta.put({ key, value });
}

export async function deleteMeta(key) {
  await db.meta.delete(key);
}

// ---- forms --------------------------------------------------------------------------------
/** Store the forms document: every version is kept (drafts open with the version they began). */
export async function storeForms(document) {
  await db.transaction("rw", db.forms, db.meta, async () => {
    for (const form of document.forms) {
      await db.forms.put({ ...form });
    }
    await db.meta.put({ key: "rules", value: document.rules || {} });
    await db.meta.put({ key: "forms_etag", value: document.etag || "" });
  });
}

export async function getForm(id, version) {
  return db.forms.get([id, version]);
}

/** The newest published version of a form, for new records. */
export async function latestForm(id) {
  const all = await db.forms.where("id").equals(id).toArray();
  return all.sort((a, b) => b.version - a.version)[0];
}

// ---- records and drafts -------------------------------------------------------------------
export async function getRecord(recordId) {
  return db.records.get(recordId);
}

export async function listRecords(form) {
  const rows = form
    ? await db.records.where("form").equals(form).toArray()
    : await db.records.toArray();
  return rows.sort((a, b) => b.updated_at - a.updated_at);
}

/** Autosave: a draft row per record, written on every field change. A finalized record that
 * is edited becomes a draft again; its queued ops stay untouched (they are immutable). */
export async function saveDraft(record) {
  return db.transaction("rw", db.records, async () => {
    const stored = await db.records.get(record.record_id);
    const row = { ...withServerState(record, stored), status: "draft", updated_at: now() };
    await db.records.put(row);
    return row;
  });
}

/** The screen's copy of a record with what only sync writes (the server's version) taken from
 * the stored row: a sync that finished while the screen was open must not be undone. */
function withServerState(record, stored) {
  if (!stored) return record;
  return { ...record, server_version: stored.server_version ?? record.server_version ?? null };
}

/** Finalize: one transaction writes the record, its new op and checks its photo blobs. */
export async function finalize(record, blobs) {
  return db.transaction("rw", db.records, db.outbox, db.blobs, async () => {
    record = withServerState(record, await db.records.get(record.record_id));
    for (const sha of blobs) {
      const blob = await db.blobs.get(sha);
      if (!blob) throw new Error(`photo ${sha} is missing`);
      if (blob.record_id !== record.record_id) {
        await db.blobs.update(sha, { record_id: record.record_id });
      }
    }
    const ops = await db.outbox.where("record_id").equals(record.record_id).toArray();
    const seq = ops.reduce((max, op) => Math.max(max, op.seq), 0) + 1;
    const waitsForEarlier = ops.some((op) => OPEN_STATES.includes(op.state));
    const op = {
      op_id: crypto.randomUUID(),
      record_id: record.record_id,
      seq,
      body: {
        record_id: record.record_id,
        form: record.form,
        form_version: record.form_version,
        base_version: record.server_version ?? null,
        fields: record.fields,
        blobs: [...blobs].sort(),
        // When it was made on the doorstep: the office counts a field file's due date from it.
        made_at: new Date().toISOString(),
      },
      // An edit made while an earlier op is unsent takes its base from that op's answer.
      base_from_previous: waitsForEarlier,
      state: "pending",
      attempts: 0,
      next_attempt_at: 0,
      last_error: null,
      lease_until: 0,
      created_at: now(),
    };
    await db.outbox.add(op);
    await db.records.put({ ...record, status: "queued", updated_at: now() });
    return op;
  });
}

// ---- photos -------------------------------------------------------------------------------
export async function putBlob(sha256, blob, recordId) {
  const known = await db.blobs.get(sha256);
  if (known) return known;
  const row = { sha256, blob, record_id: recordId, uploaded: 0, size: blob.size };
  await db.blobs.put(row);
  return row;
}

export async function getBlob(sha256) {
  return db.blobs.get(sha256);
}

export async function markBlobUploaded(sha256) {
  await db.blobs.update(sha256, { uploaded: 1 });
}

// ---- outbox (used by sync.js) ---------------------------------------------------------------
/** Take the next op due for sending and lease it. `exclusive`: the caller holds the sync lock,
 * so a row left `sending` by a closed browser is stale and may be taken at once. */
export async function claimNextOp({ exclusive, force, leaseMs, skip }) {
  return db.transaction("rw", db.outbox, async () => {
    const t = now();
    const candidates = (await db.outbox.where("state").anyOf(OPEN_STATES).toArray())
      .filter((op) => !skip.has(op.op_id))
      .sort((a, b) => a.created_at - b.created_at || a.seq - b.seq);
    const earlierOpen = (op) =>
      candidates.some((o) => o.record_id === op.record_id && o.seq < op.seq);
    const due = candidates.find((op) => {
      if (earlierOpen(op)) return false; // a record's ops go in order
      if (op.state === "sending") return exclusive || op.lease_until < t;
      return force || op.next_attempt_at <= t;
    });
    if (!due) return null;
    const leased = { ...due, state_before: due.state, state: "sending", lease_until: t + leaseMs };
    await db.outbox.put(leased);
    return leased;
  });
}

export async function updateOp(opId, changes) {
  await db.outbox.update(opId, changes);
}

export async function getOp(opId) {
  return db.outbox.get(opId);
}

export async function opsForRecord(recordId) {
  return db.outbox.where("record_id").equals(recordId).sortBy("seq");
}

/** How many ops wait to reach the office (the number reported in X-Satupintu-Pending). */
export async function pendingCount() {
  const open = await db.outbox.where("state").anyOf(OPEN_STATES).toArray();
  return new Set(open.map((op) => op.record_id)).size;
}

export async function updateRecord(recordId, changes) {
  await db.records.update(recordId, { ...changes });
}

/** An op's answer and its record's new state in one transaction: nobody ever sees the op done
 * and its record still "queued". `decide(record, ops)` (synchronous) returns the record's changes. */
export async function completeOp(opId, opChanges, decide) {
  return db.transaction("rw", db.outbox, db.records, async () => {
    await db.outbox.update(opId, opChanges);
    const op = await db.outbox.get(opId);
    const record = op && (await db.records.get(op.record_id));
    if (!record) return;
    const ops = await db.outbox.where("record_id").equals(op.record_id).toArray();
    await db.records.update(op.record_id, decide(record, ops));
  });
}

// ---- pull ---------------------------------------------------------------------------------
/** Take a record from the office unless local work on it is unsent (never clobber it). */
export async function applyServerRecord(remote) {
  await db.transaction("rw", db.records, db.outbox, async () => {
    const local = await db.records.get(remote.record_id);
    const ops = await db.outbox.where("record_id").equals(remote.record_id).toArray();
    const unsent = ops.some((op) => OPEN_STATES.includes(op.state));
    if (local && (local.status === "draft" || unsent)) {
      if ((local.server_version ?? 0) < remote.version) {
        await db.records.update(remote.record_id, { server_changed: remote.version });
      }
      return;
    }
    if (local && (local.server_version ?? 0) >= remote.version) return;
    await db.records.put({
      record_id: remote.record_id,
      form: remote.form,
      form_version: remote.form_version,
      fields: remote.fields,
      flags: remote.flags || [],
      status: (remote.flags || []).length ? "needs_review" : "synced",
      base_version: remote.version,
      server_version: remote.version,
      from_office: true,
      updated_at: local?.updated_at ?? now(),
    });
  });
}

export async function storeAssignments(assignments) {
  await db.assignments.bulkPut(assignments);
}

export async function listAssignments() {
  return db.assignments.toArray();
}

// ---- retention ----------------------------------------------------------------------------
/** Delete local copies only when the office confirmed the record and every photo, and the
 * retention period passed. Records needing action are never deleted. */
export async function purgeConfirmed() {
  const days = await getMeta("retention_days", RETENTION_DAYS);
  const cutoff = now() - days * 86400000;
  let purged = 0;
  await db.transaction("rw", db.records, db.outbox, db.blobs, async () => {
    const old = await db.records.where("updated_at").below(cutoff).toArray();
    for (const record of old) {
      if (record.status !== "synced") continue;
      const ops = await db.outbox.where("record_id").equals(record.record_id).toArray();
      if (!ops.length || ops.some((op) => op.state !== "done")) continue;
      const blobs = await db.blobs.where("record_id").equals(record.record_id).toArray();
      if (blobs.some((b) => !b.uploaded)) continue;
      await db.blobs.bulkDelete(blobs.map((b) => b.sha256));
      await db.outbox.bulkDelete(ops.map((op) => op.op_id));
      await db.records.delete(record.record_id);
      purged += 1;
    }
  });
  return purged;
}

// ---- backup (field_pwa/js/backup.js) -------------------------------------------------------
/** Everything not yet `done`, for "Cadangkan data": the outbox ops (ids and bodies as sent),
 * the drafts, and the photos either names (with their bytes), read in one transaction. */
export async function backupContents() {
  return db.transaction("r", db.outbox, db.records, db.blobs, async () => {
    const ops = (await db.outbox.toArray())
      .filter((op) => op.state !== "done")
      .sort((a, b) => a.created_at - b.created_at || a.seq - b.seq);
    const drafts = await db.records.where("status").equals("draft").toArray();
    const named = new Set(ops.flatMap((op) => op.body.blobs || []));
    const draftIds = new Set(drafts.map((r) => r.record_id));
    const photos = (await db.blobs.toArray()).filter(
      (b) => named.has(b.sha256) || draftIds.has(b.record_id),
    );
    const records = await Promise.all(ops.map((op) => db.records.get(op.record_id)));
    return { ops, drafts, photos, records: records.filter(Boolean) };
  });
}

/** When the last backup file was written and what it held (shown on home). */
export async function recordBackup(info) {
  await setMeta("last_backup", info);
}

// ---- wipe ---------------------------------------------------------------------------------
export async function wipeDatabase() {
  db.close();
  await Dexie.delete(DB_NAME);
}

// ---- read-only views for the test hooks (window.__app.dump) ---------------------------------
export async function dump() {
  const [records, outbox, blobs, meta, assignments, forms] = await Promise.all([
    db.records.toArray(),
    db.outbox.toArray(),
    db.blobs.toArray(),
    db.meta.toArray(),
    db.assignments.toArray(),
    db.forms.toArray(),
  ]);
  return {
    records,
    outbox,
    blobs: blobs.map(({ blob, ...rest }) => ({ ...rest, type: blob?.type ?? null })),
    meta: Object.fromEntries(meta.filter((m) => m.key !== "token").map((m) => [m.key, m.value])),
    assignments,
    forms: forms.map((f) => ({ id: f.id, version: f.version })),
  };
}
