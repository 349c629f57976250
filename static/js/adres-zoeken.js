/* Address search on the capture and edit pages of a finding (templates/schouwen/
   _adres_zoeken.html): typed text goes to our own proxy of the PDOK Locatieserver
   (schouwen.views.adressen); a chosen address fills street and house number and moves the map
   point through window.kvoVastleggen.zetPunt (schouwen-vastleggen.js). "Adres bij de plek"
   asks the nearest address to the point on the map.

   Keyboard and screen readers: the WAI-ARIA combobox with a listbox popup. Arrow down/up move
   through the addresses (aria-activedescendant), Enter takes the highlighted one, Escape closes
   the list (a second Escape empties the field); Enter in this field never sends the capture
   form. What happens is said in a polite live region. Without network or with PDOK down, the
   message says so and the form works as before. */
(function () {
  "use strict";

  var vak = document.getElementById("adres-zoeken");
  if (!vak || !window.fetch || !window.Promise) { return; }
  var form = vak.closest("form");
  var veld = document.getElementById("adres-zoekveld");
  var lijst = document.getElementById("adres-keuzes");
  var status = document.getElementById("adres-status");
  var dichtstbijKnop = document.getElementById("adres-dichtstbij");
  var straat = form.querySelector("[name=straat]");
  var huisnummer = form.querySelector("[name=huisnummer]");
  var lat = form.querySelector("[name=latitude]");
  var lon = form.querySelector("[name=longitude]");
  var tekst = vak.dataset;
  vak.hidden = false;

  var adressen = [];
  var actief = -1;
  var wacht = null;       // the debounce timer
  var volgnummer = 0;     // only the newest question's answer is shown
  var lopend = null;      // AbortController of the question under way

  function zeg(bericht) { status.textContent = bericht; }

  function sluit() {
    lijst.hidden = true;
    lijst.textContent = "";
    veld.setAttribute("aria-expanded", "false");
    veld.removeAttribute("aria-activedescendant");
    adressen = [];
    actief = -1;
  }

  function markeer(index) {
    var opties = lijst.querySelectorAll("[role=option]");
    if (!opties.length) { return; }
    actief = (index + opties.length) % opties.length;
    opties.forEach(function (optie, i) {
      var aan = i === actief;
      optie.setAttribute("aria-selected", aan ? "true" : "false");
      optie.classList.toggle("active", aan);
    });
    veld.setAttribute("aria-activedescendant", opties[actief].id);
    opties[actief].scrollIntoView({ block: "nearest" });
  }

  function toon(gevonden) {
    sluit();
    adressen = gevonden;
    if (!gevonden.length) { zeg(tekst.geen); return; }
    gevonden.forEach(function (adres, i) {
      var optie = document.createElement("li");
      optie.id = "adres-keuze-" + i;
      optie.setAttribute("role", "option");
      optie.setAttribute("aria-selected", "false");
      optie.className = "list-group-item list-group-item-action";
      optie.textContent = adres.weergavenaam;
      // mousedown, not click: the field keeps focus, so the list does not close first.
      optie.addEventListener("mousedown", function (e) { e.preventDefault(); kies(i); });
      lijst.appendChild(optie);
    });
    lijst.hidden = false;
    veld.setAttribute("aria-expanded", "true");
    zeg(gevonden.length === 1 ? tekst.een : tekst.meer.replace("%s", gevonden.length));
  }

  function vul(adres) {
    straat.value = adres.straat;
    huisnummer.value = adres.huisnummer;
    [straat, huisnummer].forEach(function (v) {
      v.dispatchEvent(new Event("input", { bubbles: true }));
      v.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function kies(index) {
    var adres = adressen[index];
    if (!adres) { return; }
    vul(adres);
    if (window.kvoVastleggen) {
      window.kvoVastleggen.zetPunt(adres.latitude, adres.longitude, true);
    } else {
      lat.value = adres.latitude.toFixed(7);
      lon.value = adres.longitude.toFixed(7);
    }
    veld.value = adres.weergavenaam;
    sluit();
    zeg(tekst.gekozen.replace("%s", adres.weergavenaam));
  }

  // One question to our proxy: resolves with its JSON, rejects with the message to show.
  function vraag(url) {
    if (lopend) { lopend.abort(); }
    lopend = window.AbortController ? new AbortController() : null;
    return fetch(url, {
      credentials: "same-origin", headers: { "Accept": "application/json" },
      signal: lopend ? lopend.signal : undefined
    }).then(function (antwoord) {
      if (antwoord.status === 429) { throw new Error(tekst.teVaak); }
      var json = (antwoord.headers.get("Content-Type") || "").indexOf("json") !== -1;
      if (!json) { throw new Error(tekst.mislukt); }
      return antwoord.json().then(function (data) {
        if (!antwoord.ok) { throw new Error(data.fout || tekst.mislukt); }
        return data;
      }, function () { throw new Error(tekst.mislukt); });
    }, function (fout) {
      if (fout && fout.name === "AbortError") { throw fout; }
      throw new Error(tekst.netwerk);
    });
  }

  function zoek() {
    var q = veld.value.trim();
    if (q.length < 3) { sluit(); zeg(""); return; }
    var nummer = ++volgnummer;
    zeg(tekst.bezig);
    vraag(vak.dataset.zoeken + "?q=" + encodeURIComponent(q)).then(function (data) {
      if (nummer === volgnummer) { toon(data.adressen || []); }
    }).catch(function (fout) {
      if (fout.name === "AbortError" || nummer !== volgnummer) { return; }
      sluit();
      zeg(fout.message);
    });
  }

  veld.addEventListener("input", function () {
    clearTimeout(wacht);
    wacht = setTimeout(zoek, 300);
  });

  veld.addEventListener("keydown", function (e) {
    var open = !lijst.hidden && adressen.length;
    if (e.key === "ArrowDown" || e.key === "Down") {
      e.preventDefault();
      if (open) { markeer(actief + 1); } else { clearTimeout(wacht); zoek(); }
    } else if (e.key === "ArrowUp" || e.key === "Up") {
      if (open) { e.preventDefault(); markeer(actief < 0 ? -1 : actief - 1); }
    } else if (e.key === "Enter") {
      // Never the form's submit: Enter here means "this address" or "search now".
      e.preventDefault();
      if (open && actief >= 0) { kies(actief); } else { clearTimeout(wacht); zoek(); }
    } else if (e.key === "Escape" || e.key === "Esc") {
      if (open) { e.preventDefault(); sluit(); } else if (veld.value) { e.preventDefault(); veld.value = ""; }
    }
  });

  veld.addEventListener("blur", function () { setTimeout(sluit, 150); });

  dichtstbijKnop.addEventListener("click", function () {
    if (!lat.value || !lon.value) { zeg(tekst.plekNodig); return; }
    var nummer = ++volgnummer;
    sluit();
    zeg(tekst.dichtstbijBezig);
    var url = vak.dataset.dichtstbij + "?lat=" + encodeURIComponent(lat.value) +
              "&lon=" + encodeURIComponent(lon.value);
    vraag(url).then(function (data) {
      if (nummer !== volgnummer) { return; }
      if (!data.adres) { zeg(tekst.dichtstbijGeen); return; }
      vul(data.adres);
      var meter = data.adres.afstand === null ? "?" : Math.round(data.adres.afstand);
      zeg(tekst.dichtstbijGevonden.replace("%s", data.adres.weergavenaam).replace("%d", meter));
    }).catch(function (fout) {
      if (fout.name !== "AbortError" && nummer === volgnummer) { zeg(fout.message); }
    });
  });
})();
