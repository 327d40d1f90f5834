// Satu Pintu staff pages: a receipt QR scanned with a USB/handheld scanner opens that file.
// The scanner types the QR text very fast and ends with Enter. When no field has focus,
// those keystrokes are collected here and sent to the file search; typed by a person
// (slowly) they are ignored.
(function () {
  "use strict";
  const searchUrl = document.body.dataset.scanUrl;
  const MAX_GAP_MS = 60;  // scanners send a character every few ms; people type far slower
  let buffer = "";
  let last = 0;

  function typingInAField(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function codeFrom(text) {
    // A receipt QR holds <base>/s/<code>; a typed or printed code is the code itself.
    const match = text.match(/\/s\/([0-9A-Za-z-]+)\s*$/);
    return match ? match[1] : text.trim();
  }

  document.addEventListener("keydown", (event) => {
    if (!searchUrl || typingInAField(event.target) || event.ctrlKey || event.altKey || event.metaKey) return;
    const now = performance.now();
    if (now - last > MAX_GAP_MS) buffer = "";
    last = now;
    if (event.key === "Enter") {
      const code = codeFrom(buffer);
      buffer = "";
      if (code.length >= 8) {
        event.preventDefault();
        window.location.assign(searchUrl + "?q=" + encodeURIComponent(code));
      }
      return;
    }
    if (event.key.length === 1) buffer += event.key;
  });
})();
