/* Service worker of the capture page (served by schouwen.views.bevindingen.werker at
   /schouwen/werker.js, so its scope covers every capture page). Plain JavaScript, no build.

   - A capture page opened with network is stored; opened again without network (a reload in
     a car park basement, the app started from the home screen) it comes from the store.
   - The files a capture page uses (scripts, styles, map library) are stored when the page
     tells the worker which they are, and served from the store, refreshed when there is
     network (stale while revalidate).
   - The app's start page (schouwen:vastleggen, the manifest's start_url) is kept the same
     way; it lists the capture pages in the store. A page under /schouwen/ that cannot be
     fetched and is not in the store (a cold start without network at another page) gets
     the stored start page instead of the browser's error.
   Everything else goes to the network as if there were no worker. Captures made offline are
   kept by the page itself (IndexedDB, schouwen-wachtrij.js), not here. */
"use strict";

var CACHE = "{{ cache|escapejs }}";
var STATIC = "{{ static_url|escapejs }}";
var START = "{{ start|escapejs }}";
var VASTLEGGEN = /\/bevindingen\/nieuw\/$/;

// Pages kept by their path alone: the capture pages and the start page.
function bewaarbaar(pad) { return VASTLEGGEN.test(pad) || pad === START; }

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (namen) {
    return Promise.all(namen.filter(function (n) {
      return n.indexOf("kvo-vastleggen-") === 0 && n !== CACHE;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

// The page sends {bewaar: [urls]}: itself and the files it loaded.
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.bewaar) || [];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      var pad = new URL(url, self.location.origin);
      if (pad.origin !== self.location.origin) { return null; }
      return fetch(pad.href, { credentials: "same-origin" }).then(function (antwoord) {
        if (antwoord.ok && !antwoord.redirected) {
          return cache.put(bewaarbaar(pad.pathname) ? pad.pathname : pad.href, antwoord);
        }
      }).catch(function () { /* not now */ });
    }));
  }));
});

self.addEventListener("fetch", function (event) {
  var verzoek = event.request;
  if (verzoek.method !== "GET") { return; }
  var url = new URL(verzoek.url);
  if (url.origin !== self.location.origin) { return; }
  if (verzoek.mode === "navigate" && bewaarbaar(url.pathname)) {
    event.respondWith(fetch(verzoek).then(function (antwoord) {
      if (antwoord.ok && !antwoord.redirected && antwoord.type === "basic") {
        var kopie = antwoord.clone();
        caches.open(CACHE).then(function (cache) { cache.put(url.pathname, kopie); });
      }
      return antwoord;
    }).catch(function () {
      return caches.match(url.pathname).then(function (bewaard) {
        return bewaard || caches.match(START);
      }).then(function (bewaard) { return bewaard || Response.error(); });
    }));
    return;
  }
  if (verzoek.mode === "navigate") {
    // Any other page in scope: the network; without it, the start page if it is kept.
    event.respondWith(fetch(verzoek).catch(function () {
      return caches.match(START).then(function (bewaard) { return bewaard || Response.error(); });
    }));
    return;
  }
  if (url.pathname.indexOf(STATIC) === 0) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(verzoek).then(function (bewaard) {
        var vers = fetch(verzoek).then(function (antwoord) {
          if (antwoord.ok) { cache.put(verzoek, antwoord.clone()); }
          return antwoord;
        });
        if (bewaard) { vers.catch(function () { /* offline: the stored one */ }); return bewaard; }
        return vers;
      });
    }));
  }
});
