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
