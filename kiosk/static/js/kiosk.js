// Satu Pintu kiosk behaviour: the clock, and the idle reset with a visible countdown.
(function () {
  "use strict";
  const body = document.body;
  const idleSeconds = Number(body.dataset.idleSeconds || 45);
  const warningSeconds = Math.min(Number(body.dataset.idleWarning || 15), idleSeconds);
  const overlay = document.getElementById("idle");
  let lastActivity = Date.now();

  // The office's time zone, not the browser's: the estimate on screen is in office time.
  const clockFormat = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: body.dataset.timezone || undefined,
  });

  function updateClock() {
    const sep = document.documentElement.lang === "id" ? "." : ":";
    const text = clockFormat.format(new Date()).replace(":", sep);
    document.querySelectorAll("[data-clock]").forEach((el) => { el.textContent = text; });
  }

  function currentScreen() {
    return document.querySelector("[data-screen]");
  }

  // The home screen in its default state has nothing to reset; a phone reading its own
  // status page (narrow screen) must not be sent to the kiosk's home.
  function idleApplies() {
    const screen = currentScreen();
    if (!screen) return false;
    if (screen.dataset.screen === "home" && screen.dataset.idleHome === "true") return false;
    if (screen.dataset.screen === "status" && window.innerWidth < 1000) return false;
    return true;
  }

  function activity() {
    lastActivity = Date.now();
    if (overlay && !overlay.hidden) overlay.hidden = true;
  }

  function tick() {
    updateClock();
    if (!overlay) return;
    if (!idleApplies()) { overlay.hidden = true; return; }
    const idleFor = (Date.now() - lastActivity) / 1000;
    const left = Math.ceil(idleSeconds - idleFor);
    if (left <= 0) {
      overlay.hidden = true;
      window.location.assign("/?reset=1");
      lastActivity = Date.now();
      return;
    }
    if (left <= warningSeconds) {
      overlay.hidden = false;
      overlay.querySelector("[data-idle-count]").textContent = String(left);
    } else {
      overlay.hidden = true;
    }
  }

  ["pointerdown", "keydown", "touchstart", "wheel"].forEach((type) =>
    document.addEventListener(type, activity, { passive: true, capture: true }));
  document.addEventListener("htmx:afterSwap", () => { activity(); updateClock(); });
  if (overlay) {
    overlay.querySelector("[data-idle-stay]").addEventListener("click", activity);
  }
  updateClock();
  setInterval(tick, 250);
})();

// "Dengarkan": play the screen's text as a clip the server spoke (espeak-ng, offline). One
// <audio> element for the page; the button is pressed while it plays, and a second tap stops.
(function () {
  "use strict";
  let player = null;
  let current = null;

  function release() {
    if (current) {
      current.setAttribute("aria-pressed", "false");
      current.classList.remove("is-speaking");
    }
    current = null;
  }

  function audio() {
    if (!player) {
      player = document.createElement("audio");
      player.dataset.speechPlayer = "";
      player.preload = "auto";
      player.addEventListener("ended", release);
      player.addEventListener("error", release);
      document.body.appendChild(player);
    }
    return player;
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-speak]");
    if (!button || !button.dataset.speakSrc) return;
    const sound = audio();
    const again = current === button;
    sound.pause();
    release();
    if (again) return;
    current = button;
    button.setAttribute("aria-pressed", "true");
    button.classList.add("is-speaking");
    sound.src = button.dataset.speakSrc;
    sound.currentTime = 0;
    sound.play().catch(release);
  });
  // A new screen stops the clip; a part of this screen refreshing (the print status) does not.
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (!event.detail || !event.detail.target || event.detail.target.id !== "screen") return;
    if (player) player.pause();
    release();
  });
})();

// The way forward stays in sight: a new screen starts at its top; the "more below" hint shows
// while the page can still scroll (above the action bar, if the screen has one); the warning
// step's "Kembali" returns to the checklist with the ticks kept.
(function () {
  "use strict";
  const hint = document.querySelector("[data-scroll-hint]");
  const screen = document.getElementById("screen");

  function moreBelow() {
    const page = document.documentElement;
    return page.scrollHeight - (window.scrollY + window.innerHeight) > 8;
  }

  function updateHint() {
    if (!hint) return;
    hint.hidden = !moreBelow();
    if (hint.hidden) return;
    const bar = document.querySelector("[data-action-bar]");
    const barTop = bar ? Math.min(bar.getBoundingClientRect().top, window.innerHeight) : window.innerHeight;
    hint.style.bottom = Math.max(window.innerHeight - barTop, 0) + 20 + "px";
  }

  if (hint) {
    hint.addEventListener("click", () => {
      window.scrollBy({ top: Math.round(window.innerHeight * 0.6), behavior: "smooth" });
    });
  }
  window.addEventListener("scroll", updateHint, { passive: true });
  window.addEventListener("resize", updateHint);
  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail && event.detail.target === screen) window.scrollTo(0, 0);
    updateHint();
  });
  if (screen && "ResizeObserver" in window) new ResizeObserver(updateHint).observe(screen);
  updateHint();

  document.addEventListener("click", (event) => {
    const back = event.target.closest("[data-warning-back]");
    if (!back) return;
    const step = back.closest("[data-step]");
    step.dataset.step = "check";
    const lanjut = step.querySelector("[data-lanjut]");
    if (lanjut) lanjut.disabled = true;
    window.scrollTo(0, 0);
    updateHint();
  });
})();

// "Dengarkan": read the status aloud with the browser's Indonesian voice, when it has one.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-speak]");
  if (!button || !("speechSynthesis" in window)) return;
  const utterance = new SpeechSynthesisUtterance(button.dataset.speakText || "");
  utterance.lang = document.documentElement.lang === "en" ? "en-US" : "id-ID";
  window.speechSynthesis.cancel();
  window.speechSynthesis.speak(utterance);
  button.dataset.spoken = "true";
});

// "Cek Status Berkas": a tracking code from the receipt scanner (on the home and check
// screens), the kiosk camera, or the on-screen keypad opens the status page. The check
// screen arrives by htmx swap, so everything here is delegated from the document.
(function () {
  "use strict";
  const camera = { stream: null, timer: 0, reader: null, busy: false };

  function wedgeScreen() {
    return document.querySelector("[data-scan-wedge]");
  }

  function openCode(code) {
    const screen = wedgeScreen();
    const checkUrl = (screen && screen.dataset.checkUrl) || "/cek";
    stopCamera();
    window.location.assign(checkUrl + "?kode=" + encodeURIComponent(code));
  }

  if (window.SatuPintuScan) window.SatuPintuScan.listen(openCode, () => Boolean(wedgeScreen()));

  // --- the keypad: the code shown grouped 4-4-3 as it is typed ---
  function grouped(code) {
    return [code.slice(0, 4), code.slice(4, 8), code.slice(8)].filter(Boolean).join("-");
  }

  function showCode(form, code) {
    form.querySelectorAll(".code-slot").forEach((slot, index) => {
      slot.textContent = code[index] || "";
      slot.classList.toggle("is-next", index === code.length);
      // A symbol the screen marked wrong stays marked until it is deleted.
      slot.classList.toggle("is-wrong", Boolean(slot.dataset.wrong) && slot.dataset.wrong === code[index]);
    });
    form.querySelector("[data-code-input]").value = grouped(code);
    form.querySelector("[data-code-display]").dataset.code = grouped(code);
    form.querySelector("[data-key-submit]").disabled = code.length === 0;
  }

  document.addEventListener("click", (event) => {
    const form = event.target.closest("[data-keypad]");
    if (!form) return;
    let code = form.querySelector("[data-code-input]").value.replace(/-/g, "");
    const key = event.target.closest("[data-key]");
    if (key) {
      if (code.length < Number(form.dataset.length || 11)) code += key.dataset.key;
    } else if (event.target.closest("[data-key-back]")) {
      code = code.slice(0, -1);
    } else if (event.target.closest("[data-key-clear]")) {
      code = "";
    } else {
      return;
    }
    showCode(form, code);
  });

  // --- the camera: BarcodeDetector when the browser has it, else the vendored jsQR ---
  function cameraMessage(kind) {
    document.querySelectorAll("[data-camera-message]").forEach((el) => {
      el.hidden = el.dataset.cameraMessage !== kind;
    });
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      if (window.jsQR) { resolve(); return; }
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  // The text of a QR code in an ImageData, or null (jsQR; also used by the browser tests).
  function decodeImageData(image) {
    const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" });
    return found ? found.data : null;
  }

  async function qrReader(fallbackSrc) {
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) {
          const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          return {
            name: "barcode-detector",
            read: async (video) => {
              const found = await detector.detect(video);
              return found.length ? found[0].rawValue : null;
            },
          };
        }
      } catch (error) {
        // fall through to jsQR
      }
    }
    await loadScript(fallbackSrc);
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    return {
      name: "jsqr",
      read: async (video) => {
        const scale = Math.min(1, 800 / Math.max(video.videoWidth, video.videoHeight, 1));
        const width = Math.round(video.videoWidth * scale);
        const height = Math.round(video.videoHeight * scale);
        if (!width || !height) return null;
        canvas.width = width;
        canvas.height = height;
        context.drawImage(video, 0, 0, width, height);
        return decodeImageData(context.getImageData(0, 0, width, height));
      },
    };
  }

  function stopCamera() {
    if (camera.timer) clearInterval(camera.timer);
    camera.timer = 0;
    if (camera.stream) camera.stream.getTracks().forEach((track) => track.stop());
    camera.stream = null;
    const box = document.querySelector("[data-camera]");
    if (box) {
      box.hidden = true;
      box.querySelector("video").srcObject = null;
    }
    const start = document.querySelector("[data-camera-start]");
    if (start) { start.hidden = false; start.disabled = false; }
  }

  async function startCamera(button) {
    cameraMessage(null);
    const box = document.querySelector("[data-camera]");
    if (!box || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      cameraMessage("unavailable");
      return;
    }
    button.disabled = true;
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment", width: { ideal: 1280 } }, audio: false,
      });
    } catch (error) {
      button.disabled = false;
      const refused = error && (error.name === "NotAllowedError" || error.name === "SecurityError");
      cameraMessage(refused ? "denied" : "unavailable");
      return;
    }
    if (!box.isConnected) { stream.getTracks().forEach((track) => track.stop()); return; }
    camera.stream = stream;
    const video = box.querySelector("video");
    video.srcObject = stream;
    box.hidden = false;
    button.hidden = true;
    try {
      await video.play();
      camera.reader = camera.reader || await qrReader(button.dataset.jsqrSrc);
    } catch (error) {
      stopCamera();
      cameraMessage("unavailable");
      return;
    }
    box.dataset.decoder = camera.reader.name;
    camera.timer = setInterval(async () => {
      if (camera.busy || !camera.stream || video.readyState < 2) return;
      camera.busy = true;
      try {
        const text = await camera.reader.read(video);
        if (text && camera.stream) {
          box.dataset.decoded = text;
          openCode(window.SatuPintuScan.codeFrom(text));
        }
      } catch (error) {
        // an unreadable frame: try the next one
      } finally {
        camera.busy = false;
      }
    }, 200);
  }

  document.addEventListener("click", (event) => {
    const start = event.target.closest("[data-camera-start]");
    if (start) startCamera(start);
    else if (event.target.closest("[data-camera-stop]")) stopCamera();
  });
  document.addEventListener("htmx:beforeSwap", stopCamera);
  window.addEventListener("pagehide", stopCamera);

  window.SatuPintuCheck = { decodeImageData, grouped };
})();
