// Live length of each SMS template on /admin/sms, counted as the server checks it: every
// {placeholder} filled with its longest value in this office, GSM-7 extension characters
// counting two. The server refuses on save what does not fit; this only shows it early.
(function () {
  "use strict";
  var LIMIT = 160;
  var EXTENSION = "^{}\\[~]|\u20ac\f";
  var longest = document.querySelector("[data-sms-longest]");
  if (!longest) return;

  function filled(text) {
    return text.replace(/\{(kode|layanan|tanggal|kantor|telp)\}/g, function (_all, name) {
      return longest.dataset[name] || "";
    });
  }

  function length(text) {
    var count = 0;
    for (var i = 0; i < text.length; i++) count += EXTENSION.indexOf(text[i]) >= 0 ? 2 : 1;
    return count;
  }

  function update(area) {
    var out = area.closest(".field").querySelector("[data-sms-count]");
    var used = length(filled(area.value.replace(/\s+/g, " ").trim()));
    out.textContent = used + " / " + LIMIT + " " + (longest.dataset.countLabel || "");
    out.classList.toggle("sms-over", used > LIMIT);
  }

  document.querySelectorAll("[data-sms-text]").forEach(function (area) {
    area.addEventListener("input", function () { update(area); });
    update(area);
  });
})();
