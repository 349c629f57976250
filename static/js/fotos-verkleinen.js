/* Photos scaled down in the browser before upload, for any form with the class
   "fotos-verkleinen" and a file input with data-schaal-foto="<longest side in px>" (the
   entrepreneur's evidence photos), and for the capture page (schouwen-vastleggen.js). The
   server still checks and re-encodes every photo (kvo/photos.py); without JavaScript, or when
   scaling fails, the originals are sent.
   Exposes window.kvoFotoVerkleinen(file, maximum, {exif: true}) -> Promise<File> (with exif,
   a JPEG keeps its EXIF block, so the server still reads its GPS position) and
   window.kvoFotoVerkleinen.exifBlok(arrayBuffer) -> ArrayBuffer|null. */
(function () {
  "use strict";

  // The EXIF block (APP1) of a JPEG, with its orientation set to 1 because the canvas already
  // drew the pixels upright. null if absent.
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

  function verklein(bestand, maximum, opties) {
    var metExif = Boolean(opties && opties.exif);
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
        if (!blob || (blob.size >= bestand.size && factor === 1)) { return bestand; }
        var exif = metExif && bestand.type === "image/jpeg"
          ? bestand.arrayBuffer().then(exifBlok) : Promise.resolve(null);
        return exif.then(function (blok) {
          var delen = blok ? [blob.slice(0, 2), blok, blob.slice(2)] : [blob];
          var naam = bestand.name.replace(/\.[^.]+$/, "") + ".jpg";
          return new File(delen, naam, { type: "image/jpeg" });
        });
      });
    }).catch(function () { return bestand; });  // keep the original if scaling fails
  }

  verklein.exifBlok = exifBlok;
  window.kvoFotoVerkleinen = verklein;

  function koppel(form) {
    var invoer = form.querySelector("input[type=file][data-schaal-foto]");
    if (!invoer || !window.DataTransfer || !window.Promise) { return; }
    var status = form.querySelector("[data-fotos-status]");
    var klaar = false;
    form.addEventListener("submit", function (event) {
      if (klaar || !invoer.files.length) { return; }
      event.preventDefault();
      var gekozen = event.submitter;
      var knoppen = form.querySelectorAll("button[type=submit]");
      knoppen.forEach(function (k) { k.disabled = true; });
      if (status) { status.textContent = invoer.dataset.bezig || ""; }
      var maximum = parseInt(invoer.dataset.schaalFoto, 10) || 2000;
      Promise.all(Array.prototype.map.call(invoer.files, function (f) {
        return verklein(f, maximum);
      })).then(function (bestanden) {
        var overdracht = new DataTransfer();
        bestanden.forEach(function (f) { overdracht.items.add(f); });
        invoer.files = overdracht.files;
      }).catch(function () { /* send the originals */ }).then(function () {
        klaar = true;
        knoppen.forEach(function (k) { k.disabled = false; });
        // The view tells the page's forms apart by the button's name: send it along.
        if (gekozen && form.requestSubmit) { form.requestSubmit(gekozen); return; }
        if (gekozen && gekozen.name) {
          var verborgen = document.createElement("input");
          verborgen.type = "hidden";
          verborgen.name = gekozen.name;
          verborgen.value = gekozen.value;
          form.appendChild(verborgen);
        }
        form.submit();
      });
    });
  }

  document.querySelectorAll("form.fotos-verkleinen").forEach(koppel);
})();
