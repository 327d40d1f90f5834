// Printable pages: the "Cetak" button opens the browser's print dialog (no inline script: CSP).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
})();
