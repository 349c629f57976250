/* Capture form of a finding: map point (tap, drag, "my position" or the photo's own position),
   photos scaled down in the browser with a thumbnail before saving, sent with fetch so that a
   validation error keeps the photos in the page, and kept in the phone's queue
   (schouwen-wachtrij.js) when there is no network. No framework; without JavaScript the plain
   form still works. Other scripts reach the map point through window.kvoVastleggen.zetPunt. */
(function () {
  "use strict";

  var form = document.getElementById("bevinding-form");
  if (!form) { return; }
  var lat = form.querySelector("[name=latitude]");
  var lon = form.querySelector("[name=longitude]");
  var status = document.getElementById("positie-status");

  function melding(tekst) { if (status) { status.textContent = tekst; } }

  // Map --------------------------------------------------------------------------------------
  var kaartDiv = document.getElementById("kaart");
  var marker = null;
  var kaart = null;
  if (kaartDiv && window.L) {
    var centrum = JSON.parse(kaartDiv.dataset.centrum);
    kaart = L.map(kaartDiv, { zoomControl: true }).setView(centrum, 17);
    L.tileLayer(kaartDiv.dataset.tegels, {
      maxZoom: 19, attribution: kaartDiv.dataset.bron
    }).addTo(kaart);
    kaart.on("click", function (e) { zetPunt(e.latlng.lat, e.latlng.lng, false); });
    if (lat.value && lon.value) { zetPunt(parseFloat(lat.value), parseFloat(lon.value), true); }
  }

  function zetPunt(breedte, lengte, centreer) {
    lat.value = breedte.toFixed(7);
    lon.value = lengte.toFixed(7);
    if (!kaart) { return; }
    if (!marker) {
      marker = L.marker([breedte, lengte], { draggable: true, keyboard: true,
                                             alt: kaartDiv.dataset.markerLabel }).addTo(kaart);
      marker.on("dragend", function () {
        var p = marker.getLatLng();
        lat.value = p.lat.toFixed(7);
        lon.value = p.lng.toFixed(7);
      });
    } else {
      marker.setLatLng([breedte, lengte]);
    }
    if (centreer) { kaart.setView([breedte, lengte], Math.max(kaart.getZoom(), 17)); }
  }

  [lat, lon].forEach(function (veld) {
    veld.addEventListener("change", function () {
      if (lat.value && lon.value) { zetPunt(parseFloat(lat.value), parseFloat(lon.value), true); }
    });
  });

  var knop = document.getElementById("mijn-positie");
  if (knop) {
    if (!("geolocation" in navigator)) { knop.hidden = true; }
    knop.addEventListener("click", function () {
      melding(knop.dataset.bezig);
      navigator.geolocation.getCurrentPosition(function (p) {
        zetPunt(p.coords.latitude, p.coords.longitude, true);
        melding(knop.dataset.gelukt.replace("%s", Math.round(p.coords.accuracy)));
      }, function () {
        melding(knop.dataset.mislukt);
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
    });
  }

  // Photos -----------------------------------------------------------------------------------
  var fotoInput = form.querySelector("input[type=file][data-schaal-foto]");

  // Scaling and the EXIF block (kept, so the server reads the photo's GPS position): fotos-verkleinen.js.
  var verklein = window.kvoFotoVerkleinen;
  var exifBlok = verklein.exifBlok;
  function schaal(bestand, maximum) { return verklein(bestand, maximum, { exif: true }); }

  // The photo's own position (EXIF GPS) ----------------------------------------------------------
  function rationaal(v, pos, klein) { return v.getUint32(pos, klein) / (v.getUint32(pos + 4, klein) || 1); }

  // {lat, lon} from the GPS block of a JPEG's EXIF (APP1 from exifBlok), or null.
  function gpsUitExif(blok) {
    try {
      var v = new DataView(blok);
      var tiff = 10;
      var klein = v.getUint16(tiff) === 0x4949;
      var ifd = tiff + v.getUint32(tiff + 4, klein);
      var gps = null;
      for (var i = 0; i < v.getUint16(ifd, klein); i++) {
        var e = ifd + 2 + i * 12;
        if (v.getUint16(e, klein) === 0x8825) { gps = tiff + v.getUint32(e + 8, klein); }
      }
      if (gps === null) { return null; }
      var w = {};
      for (var j = 0; j < v.getUint16(gps, klein); j++) {
        var g = gps + 2 + j * 12;
        var tag = v.getUint16(g, klein);
        if (tag === 1 || tag === 3) { w[tag] = String.fromCharCode(v.getUint8(g + 8)); }
        if (tag === 2 || tag === 4) {
          var p = tiff + v.getUint32(g + 8, klein);
          w[tag] = rationaal(v, p, klein) + rationaal(v, p + 8, klein) / 60 +
                   rationaal(v, p + 16, klein) / 3600;
        }
      }
      if (w[2] === undefined || w[4] === undefined) { return null; }
      return { lat: w[1] === "S" ? -w[2] : w[2], lon: w[3] === "W" ? -w[4] : w[4] };
    } catch (e) { return null; }
  }

  function afstandMeters(a, b) {
    var r = Math.PI / 180;
    var h = Math.pow(Math.sin((b.lat - a.lat) * r / 2), 2) + Math.cos(a.lat * r) *
            Math.cos(b.lat * r) * Math.pow(Math.sin((b.lon - a.lon) * r / 2), 2);
    return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
  }

  var gebied = form.dataset.gebied ? JSON.parse(form.dataset.gebied) : null;
  var straal = parseFloat(form.dataset.straal) || 1500;
  var fotoPositie = document.getElementById("foto-positie");
  var fotoPositieTekst = document.getElementById("foto-positie-tekst");
  var fotoPositieKnop = document.getElementById("foto-positie-knop");
  var aangebodenPositie = null;

  function positieVanFoto(bestand) {
    if (!fotoPositie || bestand.type !== "image/jpeg") { return; }
    bestand.arrayBuffer().then(exifBlok).then(function (blok) {
      var plek = blok ? gpsUitExif(blok) : null;
      if (!plek) { return; }
      fotoPositie.hidden = false;
      var afstand = gebied ? afstandMeters({ lat: gebied[0], lon: gebied[1] }, plek) : 0;
      if (afstand <= straal) {
        if (!lat.value) { zetPunt(plek.lat, plek.lon, true); }
        fotoPositieTekst.textContent = fotoPositieTekst.dataset.binnen;
        fotoPositieKnop.hidden = true;
      } else {
        // Taken elsewhere: offered, never used on its own.
        aangebodenPositie = plek;
        fotoPositieTekst.textContent = fotoPositieTekst.dataset.buiten.replace(
          "%s", (afstand / 1000).toFixed(1).replace(".", ","));
        fotoPositieKnop.hidden = false;
      }
    }).catch(function () { /* no position then */ });
  }

  if (fotoPositieKnop) {
    fotoPositieKnop.addEventListener("click", function () {
      if (aangebodenPositie) { zetPunt(aangebodenPositie.lat, aangebodenPositie.lon, true); }
      fotoPositieKnop.hidden = true;
    });
  }

  // Photos: scaled once when picked, shown as thumbnails, kept in the page ----------------------
  var voorbeelden = document.getElementById("foto-voorbeelden");
  var gekozenFotos = [];   // the scaled files, sent with the capture (or queued)

  function toonVoorbeelden() {
    if (!voorbeelden) { return; }
    voorbeelden.textContent = "";
    gekozenFotos.forEach(function (bestand, i) {
      createImageBitmap(bestand).then(function (beeld) {
        var canvas = document.createElement("canvas");
        var factor = Math.min(1, 192 / Math.max(beeld.width, beeld.height));
        canvas.width = Math.round(beeld.width * factor);
        canvas.height = Math.round(beeld.height * factor);
        canvas.getContext("2d").drawImage(beeld, 0, 0, canvas.width, canvas.height);
        var img = document.createElement("img");
        img.src = canvas.toDataURL("image/jpeg", 0.7);
        img.alt = voorbeelden.dataset.label + " " + (i + 1) + ": " + bestand.name;
        voorbeelden.appendChild(img);
      }).catch(function () { /* no thumbnail */ });
    });
  }

  if (fotoInput) {
    fotoInput.addEventListener("change", function () {
      var maximum = parseInt(fotoInput.dataset.schaalFoto, 10) || 2000;
      var bestanden = Array.prototype.slice.call(fotoInput.files);
      if (bestanden.length) { positieVanFoto(bestanden[0]); }
      melding(fotoInput.dataset.bezig || "");
      bezigMetFotos = Promise.all(bestanden.map(function (f) { return schaal(f, maximum); }))
        .then(function (geschaald) {
          gekozenFotos = geschaald;
          melding("");
          toonVoorbeelden();
        });
    });
  }
  var bezigMetFotos = Promise.resolve();

  // Sending -------------------------------------------------------------------------------------
  // One send per capture: the buttons stay disabled until the answer arrives, so a second tap
  // cannot send it twice. A send repeated anyway carries the same client_id, and the server
  // answers with the finding already saved.
  var foutenVak = document.getElementById("formulier-fouten");
  var bezig = false;
  var wachtrij = window.kvoWachtrij;

  function knoppenAan(aan) {
    form.querySelectorAll("button[type=submit], #dubbel-kandidaten button").forEach(function (k) {
      k.disabled = !aan;
      if (aan) { k.removeAttribute("aria-busy"); } else { k.setAttribute("aria-busy", "true"); }
    });
  }

  function nieuwId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") +
           "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }

  function velden(gekozen) {
    var lijst = [];
    new FormData(form).forEach(function (waarde, naam) {
      if (typeof waarde === "string" && naam !== "csrfmiddlewaretoken") { lijst.push([naam, waarde]); }
    });
    if (gekozen && gekozen.name) { lijst.push([gekozen.name, gekozen.value]); }
    return lijst;
  }

  function wisFouten() {
    foutenVak.hidden = true;
    foutenVak.textContent = "";
    form.querySelectorAll(".is-invalid").forEach(function (v) { v.classList.remove("is-invalid"); });
    form.querySelectorAll(".js-fout").forEach(function (v) { v.remove(); });
  }

  function toonFouten(fouten, kop) {
    wisFouten();
    var regels = [kop];
    Object.keys(fouten).forEach(function (naam) {
      var veld = form.querySelector("[name=" + naam + "]");
      var tekst = fouten[naam].join(" ");
      if (veld && veld.type !== "hidden") {
        var label = form.querySelector("label[for=" + veld.id + "], #div_id_" + naam + " legend");
        regels.push((label ? label.textContent.replace("*", "").trim() + ": " : "") + tekst);
        veld.classList.add("is-invalid");
        var p = document.createElement("div");
        p.className = "invalid-feedback d-block js-fout";
        p.textContent = tekst;
        var plek = document.getElementById("div_id_" + naam) || veld.parentNode;
        plek.appendChild(p);
      } else {
        regels.push(tekst);
      }
    });
    regels.forEach(function (r, i) {
      var el = document.createElement(i ? "div" : "strong");
      el.textContent = r;
      foutenVak.appendChild(el);
    });
    foutenVak.hidden = false;
    foutenVak.focus();
  }

  // Open findings of the same category close by: the server asks which it is. The choice
  // travels in the hidden field "dubbel" with the next send.
  var kandidatenVak = document.getElementById("dubbel-kandidaten");

  function kiesDubbel(waarde) {
    var veld = form.querySelector("input[type=hidden][name=dubbel]");
    if (!veld) {
      veld = document.createElement("input");
      veld.type = "hidden";
      veld.name = "dubbel";
      form.appendChild(veld);
    }
    veld.value = waarde;
    form.requestSubmit();
  }

  function knop(tekst, waarde, klasse) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn " + klasse;
    b.textContent = tekst;
    b.addEventListener("click", function () { kiesDubbel(waarde); });
    return b;
  }

  function toonKandidaten(kandidaten) {
    if (!kandidatenVak) { return; }
    kandidatenVak.textContent = "";
    kandidatenVak.hidden = !kandidaten.length;
    if (!kandidaten.length) { return; }
    var d = kandidatenVak.dataset;
    var kop = document.createElement("h2");
    kop.className = "h6";
    kop.textContent = d.kop;
    kandidatenVak.appendChild(kop);
    var lijst = document.createElement("ul");
    lijst.className = "list-unstyled";
    kandidaten.forEach(function (k) {
      var li = document.createElement("li");
      li.className = "kandidaat";
      if (k.foto) {
        var img = document.createElement("img");
        img.className = "foto-mini";
        img.src = k.foto;
        img.alt = "#" + k.id;
        li.appendChild(img);
      }
      var tekst = document.createElement("span");
      var link = document.createElement("a");
      link.href = k.url;
      link.textContent = "#" + k.id;
      tekst.appendChild(link);
      tekst.appendChild(document.createTextNode(" " + k.tekst + " (" +
        d.meter.replace("%s", k.afstand) + ")"));
      li.appendChild(tekst);
      li.appendChild(knop(d.zelfde.replace("%s", k.id), String(k.id), "btn-outline-primary"));
      lijst.appendChild(li);
    });
    kandidatenVak.appendChild(lijst);
    kandidatenVak.appendChild(knop(d.nieuw, "nieuw", "btn-outline-secondary"));
  }

  // After a capture kept on the phone: an empty form for the next one, with a new id.
  function volgendeVastlegging() {
    form.reset();
    form.querySelector("[name=client_id]").value = nieuwId();
    lat.value = ""; lon.value = "";
    if (marker && kaart) { kaart.removeLayer(marker); marker = null; }
    gekozenFotos = [];
    if (voorbeelden) { voorbeelden.textContent = ""; }
    if (fotoPositie) { fotoPositie.hidden = true; }
    var keuze = form.querySelector("input[type=hidden][name=dubbel]");
    if (keuze) { keuze.remove(); }
    toonKandidaten([]);
    window.scrollTo(0, 0);
  }

  function bewaarOpToestel(gekozen) {
    var item = {
      id: form.querySelector("[name=client_id]").value,
      url: form.getAttribute("action") || window.location.pathname + window.location.search,
      velden: velden(gekozen),
      fotos: gekozenFotos.map(function (f) { return { naam: f.name, blob: f }; }),
      gemaakt: Date.now()
    };
    return wachtrij.bewaar(item).then(function () {
      volgendeVastlegging();
      melding(form.dataset.offline);
      foutenVak.hidden = true;
    });
  }

  function verstuur(gekozen) {
    var gegevens = new FormData();
    velden(gekozen).forEach(function (p) { gegevens.append(p[0], p[1]); });
    gekozenFotos.forEach(function (f) { gegevens.append("fotos", f, f.name); });
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    if (wachtrij && !navigator.onLine) { return bewaarOpToestel(gekozen); }
    return fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: gegevens, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token }
    }).then(function (antwoord) {
      var json = (antwoord.headers.get("Content-Type") || "").indexOf("json") !== -1;
      if (!json) {
        if (antwoord.redirected) { window.location.href = antwoord.url; return "weg"; }
        throw new Error("server");
      }
      return antwoord.json().then(function (data) {
        if (antwoord.ok) { window.location.href = data.volgende; return "weg"; }
        if (antwoord.status >= 500) { throw new Error("server"); }
        toonFouten(data.fouten || {}, form.dataset.fout);
        toonKandidaten(data.kandidaten || []);
      });
    }, function () {
      // No network (or it dropped while sending): keep the capture on the phone.
      if (wachtrij) { return bewaarOpToestel(gekozen); }
      throw new Error("netwerk");
    });
  }

  if (window.fetch && window.FormData && window.Promise) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (bezig) { return; }
      bezig = true;
      var gekozen = event.submitter;
      knoppenAan(false);
      bezigMetFotos.then(function () { return verstuur(gekozen); }).catch(function () {
        toonFouten({}, form.dataset.serverfout);
      }).then(function (uitkomst) {
        // Leaving for the next page: the buttons stay off until it is there.
        if (uitkomst !== "weg") { bezig = false; knoppenAan(true); }
      });
    });
    // Back to this page from the browser's history: it may send again.
    window.addEventListener("pageshow", function () { bezig = false; knoppenAan(true); });
  }

  window.kvoVastleggen = { zetPunt: zetPunt };
})();
