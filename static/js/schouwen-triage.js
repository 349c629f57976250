/* Triage: choosing rows. "Alles op deze pagina" ticks the visible rows; the checkbox for all
   findings of the filter (which the server resolves, so it works without this script) ticks
   them too and says how many are chosen; unticking a row drops "all". Enter in the duplicate
   number runs "Dubbel". "Omzetten met doel of deadline…" opens the action-plan page with the
   chosen findings preselected (?bevinding=1&bevinding=2); without JavaScript unselected. */
(function () {
  "use strict";
  var form = document.getElementById("triage-form");
  if (!form) { return; }
  var rijen = Array.prototype.slice.call(form.querySelectorAll("input[name=bevindingen]"));
  var pagina = document.getElementById("kies-pagina");
  var alle = document.getElementById("bulk-alle");
  var aantal = document.getElementById("gekozen-aantal");
  var totaal = parseInt(form.getAttribute("data-totaal"), 10) || 0;

  function gekozen() { return rijen.filter(function (r) { return r.checked; }); }

  function toon() {
    var n = gekozen().length;
    if (alle && alle.checked) {
      aantal.textContent = aantal.getAttribute("data-alle").replace("{n}", totaal);
    } else {
      aantal.textContent = n ? aantal.getAttribute("data-gekozen").replace("{n}", n) : "";
    }
    if (pagina) {
      pagina.checked = rijen.length > 0 && n === rijen.length;
      pagina.indeterminate = n > 0 && n < rijen.length;
    }
  }

  form.querySelectorAll("[data-alleen-met-script]").forEach(function (el) { el.hidden = false; });
  if (pagina) {
    pagina.addEventListener("change", function () {
      rijen.forEach(function (r) { r.checked = pagina.checked; });
      if (!pagina.checked && alle) { alle.checked = false; }
      toon();
    });
  }
  if (alle) {
    alle.addEventListener("change", function () {
      rijen.forEach(function (r) { r.checked = alle.checked; });
      toon();
    });
  }
  rijen.forEach(function (r) {
    r.addEventListener("change", function () {
      if (!r.checked && alle) { alle.checked = false; }
      toon();
    });
  });
  form.addEventListener("reset", function () { window.setTimeout(toon, 0); });

  var dubbelVan = document.getElementById("bulk-dubbel_van");
  var dubbelKnop = document.getElementById("actie-dubbel");
  if (dubbelVan && dubbelKnop) {
    dubbelVan.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); dubbelKnop.click(); }
    });
  }

  var link = document.getElementById("naar-actiepunten");
  if (link) {
    link.addEventListener("click", function (event) {
      var keuze = gekozen();
      if (!keuze.length) { return; }
      event.preventDefault();
      var url = new URL(link.href, window.location.href);
      keuze.forEach(function (vak) { url.searchParams.append("bevinding", vak.value); });
      window.location.href = url.toString();
    });
  }
  toon();
})();
