/* The map of a trajectory's findings: GeoJSON from the server, one coloured dot per finding. */
(function () {
  "use strict";
  var div = document.getElementById("bevindingen-kaart");
  if (!div || !window.L) { return; }
  var kleuren = { groen: "#198754", geel: "#c59b00", oranje: "#d9480f", rood: "#b02a37" };
  var kaart = L.map(div).setView(JSON.parse(div.dataset.centrum), 16);
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
          var p = feature.properties;
          return L.circleMarker(latlng, {
            radius: 9, weight: 2, color: "#212529", fillOpacity: 0.9,
            fillColor: kleuren[p.ernst] || "#6c757d"
          });
        },
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          layer.bindPopup(
            (p.foto ? '<img src="' + encodeURI(p.foto) + '" alt="" width="160" class="d-block mb-1">' : "") +
            "<strong>" + tekst(p.titel) + "</strong> (" + tekst(p.ernst_label) + ")<br>" +
            tekst(p.omschrijving) + "<br>" + tekst(p.adres) + "<br>" +
            tekst(p.status) + (p.organisatie ? " · " + tekst(p.organisatie) : "") + "<br>" +
            '<a href="' + encodeURI(p.url) + '">' + tekst(div.dataset.openen) + "</a>"
          );
        }
      }).addTo(kaart);
      var teller = document.getElementById("kaart-aantal");
      if (teller) { teller.textContent = teller.dataset.tekst.replace("%s", data.features.length); }
      if (data.features.length) { kaart.fitBounds(laag.getBounds(), { maxZoom: 18, padding: [20, 20] }); }
    });
})();
