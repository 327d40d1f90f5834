// Satu Pintu staff pages: a receipt QR scanned with a USB/handheld scanner opens that file.
// scan.js collects the scanner's fast keystrokes (when no field has focus); the code they
// carry is sent to the file search, which opens the file (or the intake for a served ticket).
(function () {
  "use strict";
  const searchUrl = document.body.dataset.scanUrl;
  if (!searchUrl || !window.SatuPintuScan) return;
  window.SatuPintuScan.listen((code) => {
    window.location.assign(searchUrl + "?q=" + encodeURIComponent(code));
  });
})();
