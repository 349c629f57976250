/* A small map showing one point (data-punt="[lat, lon]") on the configured tiles, for every
   element with the class "kaart-punt". Read-only: no dragging, one circle marker. */
(function () {
  "use strict";
  if (!window.L) { return; }
  document.querySelectorAll(".kaart-punt").forEach(function (div) {
    var punt = JSON.parse(div.dataset.punt);
    var kaart = L.map(div, { scrollWheelZoom: false, keyboard: false }).setView(punt, 18);
    L.tileLayer(div.dataset.tegels, { maxZoom: 19, attribution: div.dataset.bron }).addTo(kaart);
    L.circleMarker(punt, {
      radius: 10, weight: 3, color: "#212529", fillColor: "#b02a37", fillOpacity: 0.9
    }).addTo(kaart);
  });
})();
