/* The phone's queue of captures made without network (IndexedDB), shown on the capture page
   and sent when the network is back, each with its client_id, so a send repeated after a lost
   answer never makes a second finding. Also registers the service worker that keeps the
   capture page and its files available offline (schouwen/werker.js, served at
   /schouwen/werker.js). Used by schouwen-vastleggen.js through window.kvoWachtrij. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!window.indexedDB || !window.fetch || !window.Promise) { return; }

  if ("serviceWorker" in navigator && script && script.dataset.werker) {
    navigator.serviceWorker.register(script.dataset.werker).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registratie) {
      // Keep this page and every file it loaded from our own origin for use without network.
      var urls = performance.getEntriesByType("resource").map(function (r) { return r.name; });
      urls.push(window.location.pathname);
      // The app's start page, which lists the capture pages kept here, for a cold start.
      if (script.dataset.start) { urls.push(script.dataset.start, script.dataset.startJs); }
      registratie.active.postMessage({ bewaar: urls });
    }).catch(function () { /* then the page works online only */ });
  }

  var DB = "kvo-vastleggen";
  var STORE = "wachtrij";

  function open() {
    return new Promise(function (klaar, mislukt) {
      var verzoek = indexedDB.open(DB, 1);
      verzoek.onupgradeneeded = function () {
        verzoek.result.createObjectStore(STORE, { keyPath: "id" });
      };
      verzoek.onsuccess = function () { klaar(verzoek.result); };
      verzoek.onerror = function () { mislukt(verzoek.error); };
    });
  }

  function transactie(modus, werk) {
    return open().then(function (db) {
      return new Promise(function (klaar, mislukt) {
        var tx = db.transaction(STORE, modus);
        var uitkomst = werk(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); klaar(uitkomst && uitkomst.result); };
        tx.onerror = function () { db.close(); mislukt(tx.error); };
      });
    });
  }

  function alle() { return transactie("readonly", function (s) { return s.getAll(); }); }
  function bewaar(item) { return transactie("readwrite", function (s) { s.put(item); }).then(toon); }
  function verwijder(id) { return transactie("readwrite", function (s) { s.delete(id); }); }

  var status = document.getElementById("wachtrij-status");
  var problemen = document.getElementById("wachtrij-problemen");
  var doorgegeven = document.getElementById("wachtrij-doorgegeven");

  // The schouw was closed before this capture arrived: the server kept it for the
  // coordinator, so it leaves the phone; say so until the page is left.
  function meldDoorgegeven(bericht) {
    if (!doorgegeven || !bericht) { return; }
    var p = document.createElement("p");
    p.className = "alert alert-info";
    p.textContent = bericht;
    doorgegeven.appendChild(p);
  }

  function tekst(items) {
    if (!status) { return ""; }
    return items.length === 1 ? status.dataset.een : status.dataset.meer.replace("%s", items.length);
  }

  // Show how many wait, and the ones the server refused with its reason (kept, never dropped
  // without the user choosing to).
  function toon() {
    return alle().then(function (items) {
      var wachtend = items.filter(function (i) { return !i.probleem; });
      if (status) {
        status.hidden = !wachtend.length;
        status.textContent = wachtend.length ? tekst(wachtend) : "";
      }
      if (problemen) {
        problemen.textContent = "";
        items.filter(function (i) { return i.probleem; }).forEach(function (item) {
          var li = document.createElement("li");
          li.className = "alert alert-danger";
          li.textContent = item.probleem + " ";
          var knop = document.createElement("button");
          knop.type = "button";
          knop.className = "btn btn-outline-danger btn-sm";
          knop.textContent = problemen.dataset.verwijder;
          knop.addEventListener("click", function () { verwijder(item.id).then(toon); });
          // Refused for another reason (e.g. by an earlier version of this page, whose server
          // refused a closed schouw): try once more as it is.
          if (!(item.kandidaten && item.kandidaten.length)) {
            var nogEens = document.createElement("button");
            nogEens.type = "button";
            nogEens.className = "btn btn-outline-primary btn-sm me-2 mb-1";
            nogEens.textContent = problemen.dataset.opnieuw;
            nogEens.addEventListener("click", function () {
              delete item.probleem;
              bewaar(item).then(verstuur);
            });
            li.appendChild(nogEens);
          }
          // Refused because open findings of its category lie near: choose here, then it goes.
          (item.kandidaten || []).map(function (k) {
            return [problemen.dataset.zelfde.replace("%s", k.id) + ": " + k.tekst, String(k.id)];
          }).concat(item.kandidaten && item.kandidaten.length ?
                    [[problemen.dataset.nieuw, "nieuw"]] : []).forEach(function (keuze) {
            var b = document.createElement("button");
            b.type = "button";
            b.className = "btn btn-outline-primary btn-sm me-2 mb-1";
            b.textContent = keuze[0];
            b.addEventListener("click", function () {
              item.velden = item.velden.filter(function (p) { return p[0] !== "dubbel"; });
              item.velden.push(["dubbel", keuze[1]]);
              delete item.probleem;
              delete item.kandidaten;
              bewaar(item).then(verstuur);
            });
            li.appendChild(b);
          });
          li.appendChild(knop);
          problemen.appendChild(li);
        });
        problemen.hidden = !problemen.children.length;
      }
      return wachtend.length;
    });
  }

  // A fresh CSRF token from the capture page itself: the page on screen may come from the
  // worker's cache, made before the user signed in again.
  function verseToken(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (antwoord) {
      if (antwoord.redirected || !antwoord.ok) { return null; }
      return antwoord.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var veld = doc.querySelector("[name=csrfmiddlewaretoken]");
        return veld ? veld.value : null;
      });
    });
  }

  function paginaToken() {
    var veld = document.querySelector("[name=csrfmiddlewaretoken]");
    return veld ? veld.value : "";
  }

  function post(item, token) {
    var gegevens = new FormData();
    item.velden.forEach(function (p) { gegevens.append(p[0], p[1]); });
    gegevens.append("wachtrij", "1");
    item.fotos.forEach(function (f) { gegevens.append("fotos", f.blob, f.naam); });
    return fetch(item.url, {
      method: "POST", body: gegevens, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token }
    });
  }

  // One item: "weg" (saved, or saved before), "probleem" (refused: kept with the reason),
  // or an error (no network, signed out, server trouble: try again later).
  function stuur(item) {
    return post(item, paginaToken()).then(function (antwoord) {
      if (antwoord.status !== 403) { return antwoord; }
      return verseToken(item.url).then(function (token) {
        if (!token) { throw new Error("inloggen"); }
        return post(item, token);
      });
    }).then(function (antwoord) {
      var json = (antwoord.headers.get("Content-Type") || "").indexOf("json") !== -1;
      if (!json) { throw new Error(antwoord.redirected || antwoord.status === 403 ? "inloggen" : "server"); }
      return antwoord.json().then(function (data) {
        if (antwoord.ok) {
          return verwijder(item.id).then(function () {
            if (data.na_sluiting) { meldDoorgegeven(data.bericht); }
            return "weg";
          });
        }
        if (antwoord.status >= 500) { throw new Error("server"); }
        var reden = [];
        Object.keys(data.fouten || {}).forEach(function (k) { reden = reden.concat(data.fouten[k]); });
        item.probleem = reden.join(" ") || String(antwoord.status);
        item.kandidaten = data.kandidaten || [];
        return bewaar(item).then(function () { return "probleem"; });
      });
    });
  }

  var bezig = null;

  function verstuur() {
    if (bezig) { return bezig; }
    bezig = alle().then(function (items) {
      var wachtend = items.filter(function (i) { return !i.probleem; });
      if (!wachtend.length || !navigator.onLine) { return; }
      if (status) { status.hidden = false; status.textContent = status.dataset.bezig; }
      // One after the other, oldest first: the order they were captured in.
      wachtend.sort(function (a, b) { return a.gemaakt - b.gemaakt; });
      return wachtend.reduce(function (keten, item) {
        return keten.then(function () { return stuur(item); });
      }, Promise.resolve()).then(function () {
        return toon().then(function (over) {
          if (!over && status) { status.hidden = false; status.textContent = status.dataset.klaar; }
        });
      });
    }).catch(function (fout) {
      return toon().then(function () {
        if (fout && fout.message === "inloggen" && status) {
          status.hidden = false;
          status.textContent = status.dataset.inloggen;
        }
      });
    }).then(function () { bezig = null; });
    return bezig;
  }

  window.addEventListener("online", verstuur);
  window.setInterval(verstuur, 30000);
  toon().then(verstuur);

  window.kvoWachtrij = { bewaar: bewaar, verstuur: verstuur, toon: toon };
})();
