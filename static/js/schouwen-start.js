/* The installed app's start page (schouwen:vastleggen): lists the capture pages this phone
   keeps in the service worker's store (so they open without network), with how many captures
   wait for each in the queue (IndexedDB, schouwen-wachtrij.js). Without network the worker
   serves this page from its store; the server's list of open schouwen is then hidden, as
   it may be out of date. */
(function () {
  "use strict";

  var script = document.currentScript;
  var vak = document.getElementById("op-dit-toestel");
  var lijst = document.getElementById("bewaarde-paginas");
  var VASTLEGGEN = /\/bevindingen\/nieuw\/$/;

  if ("serviceWorker" in navigator && script && script.dataset.werker) {
    navigator.serviceWorker.register(script.dataset.werker).catch(function () { /* online only */ });
  }
  function offline() {
    document.getElementById("offline-melding").hidden = false;
    document.getElementById("open-schouwen").hidden = true;
  }
  // navigator.onLine is not to be trusted on a cold start; ask the server for a small file
  // that the worker never serves from its store.
  if (!navigator.onLine) { offline(); }
  else if (window.fetch && script && script.dataset.werker) {
    fetch(script.dataset.werker, { cache: "no-store", credentials: "same-origin" })
      .catch(offline);
  }
  if (!vak || !lijst || !window.caches || !window.Promise) { return; }

  // [{url, schouw, traject}] of the capture pages in the worker's store.
  function bewaardePaginas() {
    return caches.open(vak.dataset.cache).then(function (cache) {
      return cache.keys().then(function (verzoeken) {
        return Promise.all(verzoeken.filter(function (v) {
          return VASTLEGGEN.test(new URL(v.url).pathname);
        }).map(function (v) {
          return cache.match(v).then(function (antwoord) { return antwoord.text(); })
            .then(function (html) {
              var doc = new DOMParser().parseFromString(html, "text/html");
              var gegevens = doc.querySelector("script[data-werker][data-schouw]");
              return { url: new URL(v.url).pathname,
                       schouw: gegevens ? gegevens.dataset.schouw : new URL(v.url).pathname,
                       traject: gegevens ? gegevens.dataset.traject : "" };
            });
        }));
      });
    });
  }

  // {pathname: number of captures waiting} from the phone's queue.
  function wachtend() {
    if (!window.indexedDB) { return Promise.resolve({}); }
    return new Promise(function (klaar) {
      var verzoek = indexedDB.open("kvo-vastleggen", 1);
      verzoek.onupgradeneeded = function () {
        verzoek.result.createObjectStore("wachtrij", { keyPath: "id" });
      };
      verzoek.onerror = function () { klaar({}); };
      verzoek.onsuccess = function () {
        var db = verzoek.result;
        var alle = db.transaction("wachtrij", "readonly").objectStore("wachtrij").getAll();
        alle.onsuccess = function () {
          var aantallen = {};
          alle.result.forEach(function (item) {
            var pad = new URL(item.url, window.location.href).pathname;
            aantallen[pad] = (aantallen[pad] || 0) + 1;
          });
          db.close();
          klaar(aantallen);
        };
        alle.onerror = function () { db.close(); klaar({}); };
      };
    });
  }

  Promise.all([bewaardePaginas(), wachtend()]).then(function (uitkomst) {
    var paginas = uitkomst[0];
    var aantallen = uitkomst[1];
    if (!paginas.length) { return; }
    paginas.sort(function (a, b) { return a.schouw.localeCompare(b.schouw); });
    paginas.forEach(function (pagina) {
      var li = document.createElement("li");
      li.className = "list-group-item d-flex flex-wrap gap-2 justify-content-between align-items-center";
      var tekst = document.createElement("span");
      var link = document.createElement("a");
      link.href = pagina.url;
      link.textContent = pagina.schouw;
      tekst.appendChild(link);
      if (pagina.traject) {
        var traject = document.createElement("span");
        traject.className = "d-block small text-body-secondary";
        traject.textContent = pagina.traject;
        tekst.appendChild(traject);
      }
      li.appendChild(tekst);
      var n = aantallen[pagina.url] || 0;
      if (n) {
        var badge = document.createElement("span");
        badge.className = "badge text-bg-warning";
        badge.textContent = n === 1 ? vak.dataset.wachtEen : vak.dataset.wachtMeer.replace("%s", n);
        li.appendChild(badge);
      }
      lijst.appendChild(li);
    });
    vak.hidden = false;
  }).catch(function () { /* nothing kept, or no access to the store */ });
})();
