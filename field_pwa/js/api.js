// HTTP calls to the office server's /api/v1. Every call carries the device token and the number
// of records still unsent on the tablet; the answers that change the tablet's life (revoked,
// wipe) are raised as typed errors so the sender stops at once.

const API = "/api/v1";
const OP_TIMEOUT_MS = 20000;
const BLOB_TIMEOUT_MS = 60000;

/** The network failed or timed out: retry later. */
export class NetworkError extends Error {}
/** The office revoked this tablet: stop syncing, keep every local record. */
export class RevokedError extends Error {
  constructor(message, body) {
    super(message);
    this.body = body;
  }
}
/** The office asked for a wipe: delete the local database. */
export class WipeSignal extends Error {}
/** The token is unknown to the server (e.g. a fresh server): enrol again. */
export class UnknownDeviceError extends Error {}

export class Api {
  constructor({ token, pending }) {
    this.token = token;
    this.pending = pending; // async () => number of unsent records
  }

  async call(method, path, { json, body, contentType, timeout = OP_TIMEOUT_MS, headers = {} } = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    const sent = { ...headers, Accept: "application/json" };
    if (this.token) sent.Authorization = `Bearer ${this.token}`;
    if (this.pending) sent["X-Satupintu-Pending"] = String(await this.pending());
    if (json !== undefined) {
      sent["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    } else if (contentType) {
      sent["Content-Type"] = contentType;
    }
    let response;
    try {
      response = await fetch(API + path, {
        method,
        headers: sent,
        body,
        signal: controller.signal,
        cache: "no-store",
        credentials: "omit",
      });
    } catch (error) {
      throw new NetworkError(error.name === "AbortError" ? "waktu habis" : "jaringan terputus");
    } finally {
      clearTimeout(timer);
    }
    const data = await readJson(response);
    if (data && data.wipe === true) throw new WipeSignal();
    if (response.status === 403 && data?.error === "device_revoked") {
      throw new RevokedError(data.message, data);
    }
    if (response.status === 401 && data?.error === "device_unknown") {
      throw new UnknownDeviceError(data.message || "");
    }
    return { status: response.status, data, headers: response.headers };
  }

  enrol(code) {
    return this.call("POST", "/devices/enrol", { json: { enrolment_code: code } });
  }

  forms(etag) {
    return this.call("GET", "/forms", { headers: etag ? { "If-None-Match": etag } : {} });
  }

  changes(cursor) {
    const since = cursor ? `?since=${encodeURIComponent(cursor)}` : "";
    return this.call("GET", `/sync/changes${since}`);
  }

  putOp(opId, body) {
    return this.call("PUT", `/sync/ops/${opId}`, { json: body });
  }

  putBlob(sha256, blob) {
    return this.call("PUT", `/sync/blobs/${sha256}`, {
      body: blob,
      contentType: "image/jpeg",
      timeout: BLOB_TIMEOUT_MS,
    });
  }

  record(recordId) {
    return this.call("GET", `/sync/records/${recordId}`);
  }
}

/** The body as JSON, or null when it is not JSON (a captive portal's HTML login page). */
async function readJson(response) {
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("application/json")) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** A success is a JSON body that names what was asked: anything else is not a receipt. */
export function echoes(result, key, value) {
  return (
    result.status >= 200 && result.status < 300 && result.data !== null && result.data[key] === value
  );
}

/** Worth retrying later: network trouble, timeouts, rate limits, server faults. */
export function retryable(status) {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}
