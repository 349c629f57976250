/* Photos scaled down in the browser before upload, for any form with the class
   "fotos-verkleinen" and a file input with data-schaal-foto="<longest side in px>" (the
   entrepreneur's evidence photos). The server still checks and re-encodes every photo
   (kvo/photos.py); without JavaScript, or when scaling fails, the originals are sent.
   Exposes window.kvoFotoVerkleinen(file, maximum) -> Promise<File> for other pages. */
(function () {
  "use strict";

  function verklein(bestand, maximum) {
    if (!/^image\//i.test(bestand.type) || !window.createImageBitmap) {
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
        canvas.toBlob(klaar, "image/jpeg", 0.85);
      }).then(function (blob) {
        if (!blob || (blob.size >= bestand.size && factor === 1)) { return bestand; }
        var naam = bestand.name.replace(/\.[^.]+$/, "") + ".jpg";
        return new File([blob], naam, { type: "image/jpeg" });
      });
    }).catch(function () { return bestand; });
  }

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
