/* Capture form of a finding: map point (tap, drag or "my position") and photos scaled down in
   the browser before upload. No framework; without JavaScript the plain form still works. */
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

  // The EXIF block (APP1) of a JPEG, with its orientation set to 1 because the canvas already
  // drew the pixels upright. Keeps the photo's GPS position for the server. null if absent.
  function exifBlok(buffer) {
    var d = new DataView(buffer);
    if (d.byteLength < 4 || d.getUint16(0) !== 0xFFD8) { return null; }
    var pos = 2;
    while (pos + 4 <= d.byteLength) {
      var marker = d.getUint16(pos);
      var lengte = d.getUint16(pos + 2);
      if (marker === 0xFFE1 && d.getUint32(pos + 4) === 0x45786966) {
        var blok = buffer.slice(pos, pos + 2 + lengte);
        zetOrientatie(new DataView(blok));
        return blok;
      }
      if ((marker & 0xFF00) !== 0xFF00 || marker === 0xFFDA) { return null; }
      pos += 2 + lengte;
    }
    return null;
  }

  function zetOrientatie(v) {
    var tiff = 10;  // FFE1 + length + "Exif\0\0"
    var klein = v.getUint16(tiff) === 0x4949;
    var ifd = tiff + v.getUint32(tiff + 4, klein);
    var aantal = v.getUint16(ifd, klein);
    for (var i = 0; i < aantal; i++) {
      var entry = ifd + 2 + i * 12;
      if (v.getUint16(entry, klein) === 0x0112) { v.setUint16(entry + 8, 1, klein); }
    }
  }

  function schaal(bestand, maximum) {
    if (!/^image\/(jpeg|png|webp|heic|heif)$/i.test(bestand.type) || !window.createImageBitmap) {
      return Promise.resolve(bestand);
    }
    return createImageBitmap(bestand, { imageOrientation: "from-image" }).then(function (beeld) {
      var factor = Math.min(1, maximum / Math.max(beeld.width, beeld.height));
      if (factor === 1 && bestand.type === "image/jpeg") { return bestand; }
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(beeld.width * factor);
      canvas.height = Math.round(beeld.height * factor);
      canvas.getContext("2d").drawImage(beeld, 0, 0, canvas.width, canvas.height);
      return new Promise(function (klaar) {
        canvas.toBlob(function (blob) { klaar(blob); }, "image/jpeg", 0.85);
      }).then(function (blob) {
        if (!blob) { return bestand; }
        var exif = bestand.type === "image/jpeg" ? bestand.arrayBuffer().then(exifBlok)
                                                 : Promise.resolve(null);
        return exif.then(function (blok) {
          var delen = blok ? [blob.slice(0, 2), blok, blob.slice(2)] : [blob];
          var naam = bestand.name.replace(/\.[^.]+$/, "") + ".jpg";
          return new File(delen, naam, { type: "image/jpeg" });
        });
      });
    }).catch(function () { return bestand; });  // keep the original if scaling fails
  }

  // Sending ---------------------------------------------------------------------------------
  // One send per capture: the buttons stay disabled until the answer (the next page) arrives,
  // so a second tap cannot send it twice. A send repeated anyway (a reload after a lost answer)
  // carries the same client_id, and the server answers with the finding already saved.
  var knoppen = form.querySelectorAll("button[type=submit]");
  var bezig = false;

  function knoppenAan(aan) {
    knoppen.forEach(function (k) {
      k.disabled = !aan;
      if (aan) { k.removeAttribute("aria-busy"); } else { k.setAttribute("aria-busy", "true"); }
    });
  }

  function fotosSchalen() {
    if (!fotoInput || !fotoInput.files.length || !window.DataTransfer || !window.Promise) {
      return Promise.resolve();
    }
    melding(fotoInput.dataset.bezig || "");
    var maximum = parseInt(fotoInput.dataset.schaalFoto, 10) || 2000;
    return Promise.all(Array.prototype.map.call(fotoInput.files, function (f) {
      return schaal(f, maximum);
    })).then(function (bestanden) {
      var overdracht = new DataTransfer();
      bestanden.forEach(function (f) { overdracht.items.add(f); });
      fotoInput.files = overdracht.files;
    }).catch(function () { /* send the originals */ });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (bezig) { return; }
    bezig = true;
    var gekozen = event.submitter;
    knoppenAan(false);
    // The button pressed travels as a hidden field: form.submit() sends no submitter.
    form.querySelectorAll("input[data-gekozen-knop]").forEach(function (v) { v.remove(); });
    if (gekozen && gekozen.name) {
      var verborgen = document.createElement("input");
      verborgen.type = "hidden";
      verborgen.name = gekozen.name;
      verborgen.value = gekozen.value;
      verborgen.setAttribute("data-gekozen-knop", "");
      form.appendChild(verborgen);
    }
    fotosSchalen().then(function () { form.submit(); });
  });

  // Back to this page from the browser's history: it may send again.
  window.addEventListener("pageshow", function () { bezig = false; knoppenAan(true); });
})();
