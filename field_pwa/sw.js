// Service worker of Satu Pintu Lapangan. The server prepends SHELL_BUILD and SHELL_FILES (see
// kiosk/fieldapp/shell.py). It only caches the app shell: records, drafts, the outbox and photos
// live in IndexedDB, which this worker never touches, so an update can never strand them.
/* global SHELL_BUILD, SHELL_FILES */

const CACHE = `sp-field-${SHELL_BUILD}`;
const PREFIX = "sp-field-";

// install: fetch the whole shell fresh; the new version waits until the page agrees.
self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL_FILES.map((url) => new Request(url, { cache: "reload" })))),
  );
});

// activate: the new shell is complete, so older shells can go.
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n))),
      )
      .then(() => self.clients.claim()),
  );
});

// fetch: the shell from the cache first; the API always from the network (never cached).
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return; // network only
  if (!url.pathname.startsWith("/field/")) return;
  const key = event.request.mode === "navigate" ? "/field/" : url.pathname;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(key).then((hit) => hit || fetch(event.request)),
    ),
  );
});

// The page asks the waiting version to take over (the officer agreed, or no form was open).
self.addEventListener("message", (event) => {
  if (event.data?.type === "SKIP_WAITING") self.skipWaiting();
});
