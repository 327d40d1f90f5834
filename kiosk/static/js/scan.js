// Receipt QR codes read by a USB/handheld scanner that acts as a keyboard ("keyboard wedge"):
// the scanner types the QR text very fast and ends with Enter. Shared by the kiosk and the
// staff pages. Only keystrokes that arrive while no field has focus are collected; a person
// typing (far slower than a scanner) is ignored.
window.SatuPintuScan = (function () {
  "use strict";
  const RESET_GAP_MS = 300; // a pause this long starts a new read
  const MAX_MEAN_GAP_MS = 50; // scanners send a key every few ms; nobody types 8+ keys this fast
  const MIN_LENGTH = 8;

  function typingInAField(target) {
    return Boolean(target) && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // A receipt QR holds <base>/s/<code>; a printed or typed code is the code itself.
  function codeFrom(text) {
    const trimmed = String(text || "").trim();
    const at = trimmed.lastIndexOf("/s/");
    return (at >= 0 ? trimmed.slice(at + 3) : trimmed).split(/[?#]/)[0];
  }

  // Call onCode(code, rawText) for every scan while isActive() (when given) is true.
  function listen(onCode, isActive) {
    let buffer = "";
    let first = 0;
    let last = 0;
    document.addEventListener("keydown", (event) => {
      if (isActive && !isActive()) return;
      if (typingInAField(event.target) || event.ctrlKey || event.altKey || event.metaKey) return;
      const now = performance.now();
      if (!buffer || now - last > RESET_GAP_MS) {
        buffer = "";
        first = now;
      }
      last = now;
      if (event.key === "Enter") {
        const text = buffer;
        const meanGap = (now - first) / Math.max(text.length, 1);
        buffer = "";
        if (text.length >= MIN_LENGTH && meanGap <= MAX_MEAN_GAP_MS) {
          event.preventDefault(); // a focused button must not also be "clicked" by the Enter
          onCode(codeFrom(text), text);
        }
        return;
      }
      if (event.key.length === 1) buffer += event.key;
    }, true);
  }

  return { listen, codeFrom };
})();
