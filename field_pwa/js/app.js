// Satu Pintu Lapangan: boot, router, sync triggers, storage, service-worker updates.
import * as store from "./db.js";
import { h, mount } from "./dom.js";
import { codeScreen, recordScreen } from "./record_screen.js";
import {
  actionScreen,
  enrolScreen,
  homeScreen,
  revokedBanner,
  storageText,
  wipedScreen,
} from "./screens.js";
import { sync } from "./sync.js";

const SYNC_EVERY_MS = 5 * 60 * 1000;
const FORM_ROUTES = { keluarga: "household", permohonan: "document_request", kunjungan: "dtks_visit", pengaduan: "complaint" };

const app = {
  screen: document.getElementById("screen"),
  banners: document.getElementById("banners"),
  formOpen: false,
  wiped: false,
  syncUi: null,
  flushDraft: async () => {},
  updateWaiting: null,
  timer: null,

  /** Navigate; `replace` does not add a history entry. */
  go(hash, replace = false) {
    if (replace) {
      history.replaceState(null, "", hash);
      route();
    } else {
      location.hash = hash;
    }
  },

  /** A sync soon (after a record was queued), without waiting for it. */
  kick() {
    if (navigator.onLine) setTimeout(() => app.runSync(), 0);
  },

  async runSync({ force = false } = {}) {
    if (app.wiped) return { skipped: true };
    const summary = await sync({ force, onProgress: showProgress });
    await afterSync(summary);
    return summary;
  },

  async afterEnrol() {
    await askPersistence(); // right after enrolment (Chromium decides without a prompt)
    await app.runSync({ force: true });
    app.go("#/", true);
  },

  async storageNearlyFull() {
    const estimate = await navigator.storage?.estimate?.();
    return Boolean(estimate?.quota) && estimate.usage / estimate.quota >= 0.95;
  },

  async storageLine(element) {
    if (!navigator.storage?.estimate) {
      element.textContent = "Ukuran penyimpanan tidak diketahui di peramban ini.";
      return;
    }
    const [estimate, persisted] = await Promise.all([
      navigator.storage.estimate(),
      navigator.storage.persisted ? navigator.storage.persisted() : false,
    ]);
    element.textContent = storageText(estimate, persisted);
    element.classList.toggle("warning", estimate.quota > 0 && estimate.usage / estimate.quota >= 0.8);
  },
};

function showProgress(p) {
  const ui = app.syncUi;
  if (!ui?.progress.isConnected) return;
  const handled = p.sent + p.failed + p.retry;
  ui.button.disabled = !p.done;
  ui.progress.hidden = Boolean(p.done) || !p.total;
  ui.progress.max = Math.max(1, p.total);
  ui.progress.value = handled;
  ui.counts.textContent = p.done ? doneText(p) : `Mengirim… ${p.sent} dari ${p.total} terkirim`;
}

function doneText(p) {
  if (p.stopped === "offline") return "Tidak ada sambungan ke server kantor. Data aman di tablet; dicoba lagi nanti.";
  if (p.stopped === "revoked") return "Pengiriman ditolak: tablet dicabut aksesnya.";
  const parts = [`${p.sent} terkirim`];
  if (p.retry) parts.push(`${p.retry} dicoba lagi nanti`);
  if (p.failed) parts.push(`${p.failed} ditolak (lihat Perlu tindakan)`);
  return parts.join(" · ");
}

async function afterSync(summary) {
  if (summary.stopped === "wiped") {
    app.wiped = true;
    clearInterval(app.timer);
    app.banners.replaceChildren();
    wipedScreen(app);
    return;
  }
  await showBanners();
  if (!app.formOpen && !summary.skipped && routeName() === "home") await route();
}

async function showBanners() {
  if (app.wiped) return;
  const [officer, office] = [await store.getMeta("officer"), await store.getMeta("office")];
  document.getElementById("who").textContent = [officer?.display_name, office?.name]
    .filter(Boolean)
    .join(" · ");
  const revoked = await store.getMeta("revoked");
  const unknown = await store.getMeta("unknown_device");
  const banners = [];
  if (revoked) banners.push(revokedBanner(revoked.message));
  if (unknown) {
    banners.push(h("div", { class: "banner danger", role: "alert" },
      "Server kantor tidak mengenali tablet ini. Data di tablet tetap aman; minta admin membuat kode pendaftaran baru, lalu ",
      h("a", { href: "#/daftar" }, "daftarkan ulang"), "."));
  }
  if (app.updateWaiting) {
    banners.push(h("div", { class: "banner info", id: "update-banner" },
      "Versi baru tersedia. ",
      h("button", { type: "button", class: "small", id: "update-now", onclick: applyUpdate }, "Muat ulang sekarang"),
      h("span", { class: "muted small" }, " (isian yang sedang dibuka sudah tersimpan)")));
  }
  mount(app.banners, banners);
}

function routeName() {
  const hash = location.hash.replace(/^#\/?/, "");
  return hash.split(/[/?]/)[0] || "home";
}

async function route() {
  if (app.wiped) return wipedScreen(app);
  await app.flushDraft();
  app.formOpen = false;
  const hash = location.hash.replace(/^#\/?/, "");
  const enrolCode = hash.startsWith("enrol=") ? decodeURIComponent(hash.slice(6)) : null;
  const token = await store.getMeta("token");
  if (enrolCode !== null || !token || hash === "daftar") {
    return enrolScreen(app, enrolCode || "");
  }
  const [path, query = ""] = hash.split("?");
  const [name, id] = path.split("/");
  const params = Object.fromEntries(new URLSearchParams(query));
  if (FORM_ROUTES[name] && id) {
    const preset = {};
    if (params.household) preset.household = params.household;
    if (params.member) preset.member = params.member;
    return recordScreen(app, FORM_ROUTES[name], id, preset);
  }
  if (name === "kode" && id) return codeScreen(app, id);
  if (name === "tindakan") return actionScreen(app);
  return homeScreen(app);
}

/** Ask once for persistent storage (Chromium grants it to installed apps without a prompt). */
async function askPersistence() {
  if (!navigator.storage?.persist || (await store.getMeta("persist_asked"))) return;
  await store.setMeta("persist_asked", Date.now());
  await store.setMeta("persisted", await navigator.storage.persist());
}

// ---- service worker and updates -----------------------------------------------------------
async function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.register("/field/sw.js", { scope: "/field/" });
  const offer = (worker) => {
    if (!worker || !navigator.serviceWorker.controller) return; // first install: nothing to replace
    app.updateWaiting = worker;
    if (app.formOpen) showBanners();
    else applyUpdate(); // no form open: nothing to interrupt
  };
  if (registration.waiting) offer(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed") offer(worker);
    });
  });
  app.checkForUpdate = () => registration.update().catch(() => {});
}

let reloading = false;
async function applyUpdate() {
  const worker = app.updateWaiting;
  if (!worker) return;
  await app.flushDraft(); // drafts are in IndexedDB; the new shell reopens them
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (!reloading) {
      reloading = true;
      location.reload();
    }
  });
  worker.postMessage({ type: "SKIP_WAITING" });
}

// ---- boot ---------------------------------------------------------------------------------
async function boot() {
  window.addEventListener("hashchange", route);
  window.addEventListener("online", () => app.runSync());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") app.flushDraft();
    else app.runSync();
  });
  app.timer = setInterval(() => {
    app.runSync();
    app.checkForUpdate?.();
  }, SYNC_EVERY_MS);
  await route();
  await showBanners();
  // The first screen is drawn and answers touches: bench/field.py reads this mark.
  performance.mark("sp-field-ready");
  registerWorker().catch(() => {});
  if (await store.getMeta("token")) {
    askPersistence();
    app.runSync();
  }
}

// Test hooks (read-only views and the production sync; see tests/e2e/test_field_pwa_client.py).
window.__app = {
  sync: (options) => app.runSync(options),
  dump: () => store.dump(),
  pendingCount: () => store.pendingCount(),
  ready: boot().then(() => true),
};
