/* The map of a trajectory's findings. The browser asks only for the findings in the box it
   shows (with the filters of the page); the server sends each finding, or beyond a page's worth
   clusters with their count: clicking a cluster zooms to it. */
(function () {
  "use strict";
  var div = document.getElementById("bevindingen-kaart");
  if (!div || !window.L) { return; }
  var kleuren = { groen: "#198754", geel: "#c59b00", oranje: "#d9480f", rood: "#b02a37" };
  var kaart = L.map(div);
  if (div.dataset.grenzen) {
    kaart.fitBounds(JSON.parse(div.dataset.grenzen), { maxZoom: 18, padding: [20, 20] });
  } else {
    kaart.setView(JSON.parse(div.dataset.centrum), 16);
  }
  L.tileLayer(div.dataset.tegels, { maxZoom: 19, attribution: div.dataset.bron }).addTo(kaart);
  var laag = L.layerGroup().addTo(kaart);
  var teller = document.getElementById("kaart-aantal");
  var bezig = null;

  function tekst(s) {
    var el = document.createElement("span");
    el.textContent = s || "";
    return el.innerHTML;
  }

  function bevinding(feature, latlng) {
    var p = feature.properties;
    return L.circleMarker(latlng, {
      radius: 9, weight: 2, color: "#212529", fillOpacity: 0.9,
      fillColor: kleuren[p.ernst] || "#6c757d"
    }).bindPopup(
      (p.foto ? '<img src="' + encodeURI(p.foto) + '" alt="" width="160" class="d-block mb-1">' : "") +
      "<strong>" + tekst(p.titel) + "</strong> (" + tekst(p.ernst_label) + ")<br>" +
      tekst(p.omschrijving) + "<br>" + tekst(p.adres) + "<br>" +
      tekst(p.status) + (p.organisatie ? " · " + tekst(p.organisatie) : "") + "<br>" +
      '<a href="' + encodeURI(p.url) + '">' + tekst(div.dataset.openen) + "</a>"
    );
  }

  function cluster(feature, latlng) {
    var p = feature.properties;
    var knop = L.marker(latlng, {
      title: div.dataset.cluster.replace("%s", p.aantal),
      alt: div.dataset.cluster.replace("%s", p.aantal),
      icon: L.divIcon({
        className: "kaart-cluster kaart-cluster-" + (kleuren[p.ernst] ? p.ernst : "groen"),
        html: "<span>" + tekst(String(p.aantal)) + "</span>",
        iconSize: [44, 44]
      })
    });
    knop.on("click", function () { kaart.fitBounds(p.kader); });
    return knop;
  }

  function laden() {
    if (bezig) { bezig.abort(); }
    bezig = new AbortController();
    var url = new URL(div.dataset.url, window.location.href);
    url.searchParams.set("bbox", kaart.getBounds().toBBoxString());
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" },
                 signal: bezig.signal })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        laag.clearLayers();
        L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return feature.properties.cluster ? cluster(feature, latlng) : bevinding(feature, latlng);
          }
        }).addTo(laag);
        if (teller) {
          teller.textContent = teller.dataset.tekst.replace("%s", data.totaal) +
            (data.geclusterd ? " " + teller.dataset.geclusterd : "");
        }
      })
      .catch(function (fout) { if (fout.name !== "AbortError") { throw fout; } });
  }

  kaart.on("moveend", laden);
  laden();
})();
