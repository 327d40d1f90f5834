// Satu Pintu waiting-room display: office clock, live board (htmx SSE), spoken calls.
//
// The board is swapped in by the htmx sse extension (`board` events). Each `call` event is
// flashed on the board and queued for the announcer, which plays pre-generated Indonesian
// clips one after another with the Web Audio API ("nomor antrean A nol nol tujuh, silakan
// menuju loket dua"). One call never cuts off another; a clip that does not load or play is
// skipped after a timeout; the browser's speech engine is only the fallback.
(function () {
  "use strict";
  const body = document.body;
  const AUDIO_BASE = body.dataset.audioBase || "/static/audio/id/";
  const MANIFEST_URL = body.dataset.audioManifest || AUDIO_BASE + "manifest.json";
  const AUDIO_KEY = "satupintu.display.audio";
  const FLASH_MS = 5000;
  const LOAD_TIMEOUT_MS = 4000;
  const LOG_LIMIT = 200;

  // ---- office clock ---------------------------------------------------------------------
  const clockFormat = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: body.dataset.timezone || undefined,
  });
  function updateClock() {
    const sep = document.documentElement.lang === "en" ? ":" : ".";
    const text = clockFormat.format(new Date()).replace(":", sep);
    document.querySelectorAll("[data-clock]").forEach((el) => { el.textContent = text; });
  }

  // ---- helpers ----------------------------------------------------------------------------
  function delay(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
  function withTimeout(promise, ms, label) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(label || "timeout"), { kind: "timeout" })), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
  function storageGet(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function storageSet(key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ } }

  // ---- which clips say a call (kiosk/display/announce.py builds the same list) ------------
  const COUNTER_MAX = 20;
  function clipsFor(number, counter) {
    const clips = ["chime", "phrase-nomor-antrian"];
    for (const ch of String(number).toUpperCase()) {
      if (ch >= "A" && ch <= "Z") clips.push("letter-" + ch.toLowerCase());
      else if (ch >= "0" && ch <= "9") clips.push("digit-" + ch);
    }
    clips.push("phrase-silakan-menuju");
    const match = /(\d+)\s*$/.exec(String(counter));
    const n = match ? parseInt(match[1], 10) : 0;
    if (n >= 1 && n <= COUNTER_MAX) clips.push("phrase-loket", "number-" + n);
    else clips.push("tts:" + String(counter).trim());
    return clips;
  }
  // Small pauses make "A nol nol tujuh" sound like a number read aloud, not one long word.
  function gapAfter(name) {
    if (name === "chime") return 0.25;
    if (name === "phrase-nomor-antrian") return 0.12;
    if (name.startsWith("letter-")) return 0.12;
    if (name.startsWith("digit-")) return 0.05;
    if (name === "phrase-silakan-menuju") return 0.08;
    return 0.06;
  }

  // ---- the announcer ------------------------------------------------------------------------
  const Announcer = {
    queue: [],          // calls waiting to be announced
    log: [],            // announcements in the order they started: {id, number, counter, clips, ...}
    mode: "clips",      // "speech" once the browser cannot decode our clips
    busy: false,
    manifest: null,
    context: null,
    seen: new Set(),
    buffers: new Map(),
    clipsFor: clipsFor,

    enqueue(call) {
      if (!call || call.id == null || this.seen.has(call.id)) return false;
      this.seen.add(call.id);
      this.queue.push(call);
      this.pump();
      return true;
    },

    async pump() {
      if (this.busy) return;
      this.busy = true;
      try {
        while (this.queue.length) {
          const call = this.queue.shift();
          const entry = {
            id: call.id, number: call.number, counter: call.counter, kind: call.kind,
            clips: clipsFor(call.number, call.counter), played: [], skipped: [],
            mode: this.mode, status: "playing", started: Date.now(),
          };
          this.log.push(entry);
          // A TV runs for weeks: keep the recent history only.
          if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
          if (this.seen.size > 4 * LOG_LIMIT) {
            this.seen = new Set(this.log.concat(this.queue).map((e) => e.id));
          }
          try {
            await this.announce(entry);
          } catch (error) {
            entry.error = String(error && error.message || error);
          }
          entry.status = "done";
          entry.finished = Date.now();
          await delay(400);
        }
      } finally {
        this.busy = false;
      }
    },

    async announce(entry) {
      await this.ready;
      if (this.mode === "speech" || !this.context) {
        entry.mode = "speech";
        entry.speech = await speak(this.sentence(entry));
        return;
      }
      // Runs of clips are scheduled back to back on the audio clock; a `tts:` part between
      // them is spoken by the browser.
      let run = [];
      for (const part of entry.clips) {
        if (part.startsWith("tts:")) {
          await this.playRun(run, entry);
          run = [];
          if (this.mode === "speech") break;
          entry.speech = await speak(part.slice(4));
        } else {
          run.push(part);
        }
      }
      if (this.mode !== "speech") await this.playRun(run, entry);
      if (this.mode === "speech") {
        entry.mode = "speech";
        entry.speech = await speak(this.sentence(entry));
      }
    },

    async playRun(names, entry) {
      if (!names.length) return;
      const loaded = await Promise.allSettled(names.map((name) => this.buffer(name)));
      if (loaded.some((r) => r.status === "rejected" && r.reason && r.reason.kind === "decode")) {
        this.mode = "speech";  // this browser cannot decode the clips: speak everything
        return;
      }
      const ctx = this.context;
      if (ctx.state !== "running") {
        try { await withTimeout(ctx.resume(), 300, "resume"); } catch (e) { /* still locked */ }
      }
      if (ctx.state !== "running") {
        names.forEach((name) => entry.skipped.push(name + ":suspended"));
        return;
      }
      let at = ctx.currentTime + 0.05;
      let last = null;
      names.forEach((name, i) => {
        const result = loaded[i];
        if (result.status !== "fulfilled") {
          entry.skipped.push(name + ":" + (result.reason && result.reason.kind || "error"));
          return;
        }
        const source = ctx.createBufferSource();
        source.buffer = result.value;
        source.connect(ctx.destination);
        source.start(at);
        at += result.value.duration + gapAfter(name);
        entry.played.push(name);
        last = source;
      });
      if (!last) return;
      const seconds = at - ctx.currentTime;
      const ended = new Promise((resolve) => { last.onended = resolve; });
      try {
        await withTimeout(ended, seconds * 1000 + 1500, "play");
      } catch (e) {
        entry.skipped.push("timeout");
        try { last.stop(); } catch (err) { /* already stopped */ }
      }
    },

    buffer(name) {
      if (!this.buffers.has(name)) {
        const clip = this.manifest && this.manifest.clips[name];
        const load = clip
          ? fetch(AUDIO_BASE + clip.file)
            .then((response) => {
              if (!response.ok) throw Object.assign(new Error(name), { kind: "load" });
              return response.arrayBuffer();
            })
            .then((bytes) => this.context.decodeAudioData(bytes).catch((error) => {
              throw Object.assign(error || new Error(name), { kind: "decode" });
            }))
          : Promise.reject(Object.assign(new Error(name), { kind: "missing" }));
        const guarded = withTimeout(load, LOAD_TIMEOUT_MS, name);
        guarded.catch((error) => { if (error.kind !== "decode") this.buffers.delete(name); });
        this.buffers.set(name, guarded);
      }
      return this.buffers.get(name);
    },

    // The whole call as one sentence, for the speech engine.
    sentence(entry) {
      const clips = (this.manifest && this.manifest.clips) || {};
      const words = entry.clips.map((part) => {
        if (part.startsWith("tts:")) return part.slice(4);
        return clips[part] ? clips[part].text : "";
      }).filter(Boolean);
      if (words.length > 3) return words.join(" ").replace(" silakan", ", silakan");
      return "Nomor antrean " + String(entry.number).split("").join(" ") + ", silakan menuju " + entry.counter;
    },
  };

  function speak(text) {
    return new Promise((resolve) => {
      if (!("speechSynthesis" in window) || !text) { resolve("unsupported"); return; }
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "id-ID";
      utterance.rate = 0.9;
      const voice = window.speechSynthesis.getVoices().find((v) => /^id/i.test(v.lang || ""));
      if (voice) utterance.voice = voice;
      const timer = setTimeout(() => { window.speechSynthesis.cancel(); resolve("timeout"); },
        2000 + text.length * 150);
      utterance.onend = () => { clearTimeout(timer); resolve("ok"); };
      utterance.onerror = (event) => { clearTimeout(timer); resolve("error:" + (event.error || "")); };
      window.speechSynthesis.speak(utterance);
    });
  }

  function createAudioContext() {
    const AudioContextClass = window.AudioContext || window.webkitAudioContext;
    if (!AudioContextClass) return null;
    try { return new AudioContextClass(); } catch (e) { return null; }
  }

  Announcer.context = createAudioContext();
  Announcer.ready = fetch(MANIFEST_URL)
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error("manifest"))))
    .then((manifest) => {
      Announcer.manifest = manifest;
      // Decode every clip up front (decoding works before the first tap).
      if (Announcer.context) Object.keys(manifest.clips).forEach((name) => Announcer.buffer(name).catch(() => {}));
    })
    .catch(() => { Announcer.mode = "speech"; });
  if (!Announcer.context) Announcer.mode = "speech";
  window.SatuPintuAnnouncer = Announcer;

  // ---- "Ketuk untuk mengaktifkan suara": once, remembered ---------------------------------
  const gate = document.querySelector("[data-audio-gate]");
  function audioRunning() { return !Announcer.context || Announcer.context.state === "running"; }
  function enableAudio() {
    const ctx = Announcer.context;
    if (ctx) {
      ctx.resume().catch(() => {});
      // A silent buffer played inside the tap unlocks output on stricter browsers.
      const silent = ctx.createBuffer(1, 1, 22050);
      const source = ctx.createBufferSource();
      source.buffer = silent;
      source.connect(ctx.destination);
      source.start();
    }
    if ("speechSynthesis" in window) window.speechSynthesis.getVoices();
    storageSet(AUDIO_KEY, "on");
    gate.hidden = true;
    body.dataset.audio = "enabled";
  }
  if (gate) {
    gate.addEventListener("click", enableAudio);
    if (storageGet(AUDIO_KEY) !== "on") {
      gate.hidden = false;
    } else if (!audioRunning()) {
      // Tapped on an earlier visit: the browser may allow sound now; ask only if it does not.
      Announcer.context.resume().catch(() => {});
      withTimeout(new Promise((resolve) => {
        Announcer.context.onstatechange = () => { if (audioRunning()) resolve(); };
      }), 600, "resume").catch(() => { if (!audioRunning()) gate.hidden = false; });
    }
    body.dataset.audio = gate.hidden ? "enabled" : "locked";
  }

  // ---- list heights ---------------------------------------------------------------------------
  // Rows share a list's height; the template says how many in data-rows. The CSP allows no
  // style="" attribute, but a custom property set through the CSSOM is fine.
  function applyRows() {
    document.querySelectorAll("[data-rows]").forEach((el) => { el.style.setProperty("--rows", el.dataset.rows); });
  }

  // ---- the newest call flashes ----------------------------------------------------------------
  const flashing = new Map();  // selector -> until (ms)
  function flash(selectors) {
    // Only the newest call flashes: a new call ends the previous one's highlight.
    flashing.forEach((until, selector) => {
      const el = document.querySelector(selector);
      if (el) el.classList.remove("is-flash");
    });
    flashing.clear();
    selectors.forEach((selector) => {
      const el = document.querySelector(selector);
      if (el) void el.offsetWidth;  // restart the animation even on the same element
      flashing.set(selector, Date.now() + FLASH_MS);
    });
    applyFlash();
  }
  function applyFlash() {
    const now = Date.now();
    flashing.forEach((until, selector) => {
      const el = document.querySelector(selector);
      if (until <= now) {
        flashing.delete(selector);
        if (el) el.classList.remove("is-flash");
      } else if (el && !el.classList.contains("is-flash")) {
        el.classList.add("is-flash");
      }
    });
  }
  function showCall(call) {
    const now = document.querySelector("[data-now]");
    if (now && now.dataset.callId !== String(call.id)) {
      // The board event normally got here first; if not, show the call straight away.
      now.classList.remove("is-empty");
      now.dataset.callId = String(call.id);
      now.querySelector("[data-now-number]").textContent = call.number;
      now.querySelector("[data-now-counter]").textContent = call.counter;
    }
    flash(["[data-now]", `.counters [data-counter-id="${call.counter_id}"]`]);
  }

  // ---- the event stream (htmx sse extension) ----------------------------------------------------
  const Display = { lastId: null, opens: 0, calls: [] };
  window.SatuPintuDisplay = Display;
  // When the extension replaces a closed EventSource it loses Last-Event-ID: pass it as ?last=.
  // A reloaded page starts with lastId null, so it never replays old calls.
  const createEventSource = htmx.createEventSource;
  htmx.createEventSource = function (url) {
    if (Display.lastId) url += (url.includes("?") ? "&" : "?") + "last=" + encodeURIComponent(Display.lastId);
    return createEventSource ? createEventSource(url) : new EventSource(url, { withCredentials: true });
  };
  const wired = new WeakSet();
  let offlineTimer = null;
  const offline = document.querySelector("[data-offline]");
  function remember(event) { if (event.lastEventId) Display.lastId = event.lastEventId; }
  body.addEventListener("htmx:sseOpen", (event) => {
    const source = event.detail.source;
    Display.opens += 1;
    body.dataset.stream = "open";
    clearTimeout(offlineTimer);
    if (offline) offline.hidden = true;
    if (wired.has(source)) return;  // the browser reconnected the same EventSource
    wired.add(source);
    source.addEventListener("board", remember);
    source.addEventListener("call", (message) => {
      remember(message);
      let call;
      try { call = JSON.parse(message.data); } catch (e) { return; }
      Display.calls.push(call.id);
      if (Display.calls.length > LOG_LIMIT) Display.calls.shift();
      showCall(call);
      Announcer.enqueue(call);
    });
  });
  body.addEventListener("htmx:sseError", () => {
    body.dataset.stream = "reconnecting";
    clearTimeout(offlineTimer);
    // The server ends each stream every few minutes and the browser is back within a second:
    // only a longer gap is worth showing.
    offlineTimer = setTimeout(() => { if (offline && body.dataset.stream !== "open") offline.hidden = false; }, 3000);
  });
  body.addEventListener("htmx:afterSwap", () => { applyRows(); updateClock(); applyFlash(); });

  applyRows();
  updateClock();
  setInterval(() => { updateClock(); applyFlash(); }, 1000);
})();
