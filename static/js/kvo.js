/* Behaviour shared by every page. No inline script or event handler anywhere (the CSP forbids
   them): pages mark elements with data attributes and this file wires them up. */
(function () {
  "use strict";
  // <select data-submit-on-change>: submit its form when the choice changes (language switch).
  document.querySelectorAll("[data-submit-on-change]").forEach(function (veld) {
    veld.addEventListener("change", function () { veld.form.submit(); });
  });
})();
