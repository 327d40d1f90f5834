// Satu Pintu staff pages: the printer strip turns red on its own (CSS); when a printer goes bad
// since the last poll, play a short alert once, so a fault is noticed without watching the strip.
(function () {
  "use strict";
  let known = null; // printer keys bad at the last look; null: not looked yet
  function badKeys(strip) {
    return new Set((strip.dataset.bad || "").split(" ").filter(Boolean));
  }
  function look() {
    const strip = document.getElementById("printer-strip");
    if (!strip || !strip.dataset.alertSound) return; // not loaded yet
    const bad = badKeys(strip);
    const fresh = [...bad].some((key) => !known || !known.has(key));
    known = bad;
    if (!fresh) return;
    strip.classList.add("printer-strip-alert");
    const sound = new Audio(strip.dataset.alertSound);
    sound.play().catch(() => {}); // a browser may refuse sound before the first click
  }
  document.addEventListener("DOMContentLoaded", look);
  document.addEventListener("htmx:afterSwap", look);
})();
