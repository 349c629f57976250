/* The regional overview's map: one dot per area, GeoJSON from the server, a popup with the
   area's trajectories. */
(function () {
  "use strict";
  var div = document.getElementById("regio-kaart");
  if (!div || !window.L) { return; }
  var kaart = L.map(div).setView(JSON.parse(div.dataset.centrum), 9);
  L.tileLayer(div.dataset.tegels, { maxZoom: 19, attribution: div.dataset.bron }).addTo(kaart);

  function tekst(s) {
    var el = document.createElement("span");
    el.textContent = s || "";
    return el.innerHTML;
  }

  fetch(div.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var laag = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, {
            radius: 9, weight: 2, color: "#212529", fillOpacity: 0.9, fillColor: "#1f4e79"
          });
        },
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          var regels = p.trajecten.map(function (t) {
            return '<a href="' + encodeURI(t.url) + '">' + tekst(t.naam) + "</a> (" + tekst(t.fase) + ")";
          });
          layer.bindPopup("<strong>" + tekst(p.naam) + "</strong><br>" + tekst(p.soort) + "<br>" + regels.join("<br>"));
        }
      }).addTo(kaart);
      var teller = document.getElementById("regio-kaart-aantal");
      if (teller) { teller.textContent = teller.dataset.tekst.replace("%s", data.features.length); }
      if (data.features.length) { kaart.fitBounds(laag.getBounds(), { maxZoom: 14, padding: [20, 20] }); }
    });
})();
