/* Triage: "Omzetten in actiepunten" opens the action-plan page with the chosen findings
   preselected (?bevinding=1&bevinding=2). Without JavaScript the link opens it unselected. */
(function () {
  "use strict";
  var link = document.getElementById("naar-actiepunten");
  if (!link) { return; }
  link.addEventListener("click", function (event) {
    var gekozen = document.querySelectorAll("#triage-form input[name=bevindingen]:checked");
    if (!gekozen.length) { return; }
    event.preventDefault();
    var url = new URL(link.href, window.location.href);
    gekozen.forEach(function (vak) { url.searchParams.append("bevinding", vak.value); });
    window.location.href = url.toString();
  });
})();
