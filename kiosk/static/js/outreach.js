// Requirement sheets (/lembar): each .sheet must print on one A4 page. The shipped catalogue
// fits at full size; a sheet whose texts an admin made longer steps its type down (fit-1..3)
// until it fits, instead of spilling onto a second page. No inline script: CSP.
(function () {
  "use strict";
  const PAGE_PX = (297 * 96) / 25.4;
  const STEPS = ["fit-1", "fit-2", "fit-3"];

  function fits(sheet) {
    sheet.classList.add("measure");
    const height = sheet.scrollHeight;
    sheet.classList.remove("measure");
    return height <= PAGE_PX - 1;
  }

  function fitAll() {
    document.querySelectorAll(".sheet").forEach((sheet) => {
      for (const step of STEPS) {
        if (fits(sheet)) break;
        sheet.classList.add(step);
      }
    });
    document.body.dataset.fitted = "1";
  }

  document.fonts.ready.then(fitAll);
})();
