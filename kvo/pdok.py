"""Dutch addresses from the PDOK Locatieserver (the BAG, free and without a key): search by
text (`/free`) and the nearest address to a point (`/reverse`), API v3_1.

PDOK_LOCATIESERVER_URL is the API's base, e.g.
https://api.pdok.nl/bzk/locatieserver/search/v3_1; empty turns addresses off (`actief()`).
The standard library's HTTP client asks, with PDOK_TIMEOUT_SECONDS for connecting and for the
answer. Whatever goes wrong there (no connection, too slow, an HTTP error, an answer that is not
PDOK's JSON) raises `PdokFout` with a Dutch message a page can show as it is; the caller never
sees a traceback from the network.

PDOK answers in Solr's envelope: `{"response": {"numFound": n, "docs": [...]}}`, each doc with
(among others) `weergavenaam`, `straatnaam`, `huisnummer`, `huisletter`,
`huisnummertoevoeging`, `postcode`, `woonplaatsnaam`, `centroide_ll` ("POINT(lon lat)", WGS84)
and, from `/reverse`, `afstand` (metres).
"""

import http.client
import json
import logging
import math
import re
import time
from dataclasses import asdict, dataclass
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

VELDEN = ("weergavenaam,straatnaam,huisnummer,huisletter,huisnummertoevoeging,postcode,"
          "woonplaatsnaam,centroide_ll")
MAX_ANTWOORD_BYTES = 512 * 1024  # a page of addresses is a few kB; more is not PDOK's answer
_PUNT = re.compile(r"^\s*POINT\s*\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)\s*$",
                   re.IGNORECASE)


class PdokFout(Exception):
    """PDOK did not give a usable answer; str() is the Dutch message for the user, `status`
    the HTTP status a proxy answers with (504: too slow, 502: anything else)."""

    def __init__(self, bericht: str, *, status: int = 502) -> None:
        super().__init__(bericht)
        self.status = status


@dataclass(frozen=True)
class Adres:
    weergavenaam: str
    straat: str
    huisnummer: str  # with letter and addition: "12a", "7-2"
    postcode: str
    woonplaats: str
    latitude: float
    longitude: float
    afstand: float | None = None  # metres from the asked point (`dichtstbij` only)

    def als_dict(self) -> dict[str, Any]:
        return asdict(self)


def actief() -> bool:
    return bool(basis_url())


def basis_url() -> str:
    return str(getattr(settings, "PDOK_LOCATIESERVER_URL", "") or "").rstrip("/")


def zoeken(tekst: str, *, aantal: int = 8, bij: tuple[float, float] | None = None
           ) -> list[Adres]:
    """Addresses matching `tekst`, best first; `bij` (lat, lon) ranks those near it higher."""
    params: dict[str, str | int] = {"q": tekst, "fq": "type:adres", "rows": aantal,
                                    "fl": VELDEN}
    if bij is not None:
        params.update(lat=f"{bij[0]:.6f}", lon=f"{bij[1]:.6f}")
    return [a for a in (_adres(doc) for doc in _docs("free", params)) if a is not None]


def dichtstbij(latitude: float, longitude: float) -> Adres | None:
    """The address nearest to the point, or None when PDOK knows none."""
    params: dict[str, str | int] = {"lat": f"{latitude:.7f}", "lon": f"{longitude:.7f}",
                                    "type": "adres", "rows": 1, "fl": f"{VELDEN},afstand"}
    for doc in _docs("reverse", params):
        adres = _adres(doc)
        if adres is not None:
            return adres
    return None


def _docs(endpoint: str, params: dict[str, str | int]) -> list[dict[str, Any]]:
    basis = basis_url()
    if not basis:
        raise PdokFout(_("Adressen zoeken staat op deze installatie uit."), status=404)
    if urlsplit(basis).scheme not in ("http", "https"):
        # Never a file: or ftp: URL, whatever the setting says.
        logger.error("PDOK_LOCATIESERVER_URL is not an http(s) URL: %r", basis)
        raise PdokFout(_("Adressen zoeken is op deze installatie verkeerd ingesteld."))
    url = f"{basis}/{endpoint}?{urlencode(params)}"
    verzoek = Request(url, headers={"Accept": "application/json",  # noqa: S310 (http(s) only)
                                    "User-Agent": "KVO-trajectbeheer"})
    timeout = float(settings.PDOK_TIMEOUT_SECONDS)
    try:
        inhoud = _lees(verzoek, timeout)
    except HTTPError as fout:
        logger.warning("PDOK %s answered %s", endpoint, fout.code)
        raise PdokFout(_("De adresdienst van PDOK gaf een fout (%(code)s). Probeer het later "
                         "nog eens, of vul straat en huisnummer zelf in.")
                       % {"code": fout.code}) from fout
    except TimeoutError as fout:
        logger.warning("PDOK %s gave no answer within %s s", endpoint, timeout)
        raise _te_laat() from fout
    except (URLError, OSError, ValueError, http.client.HTTPException) as fout:
        reden = getattr(fout, "reason", fout)
        if isinstance(reden, TimeoutError):
            logger.warning("PDOK %s gave no answer within %s s", endpoint, timeout)
            raise _te_laat() from fout
        logger.warning("PDOK %s unreachable: %s", endpoint, reden)
        raise PdokFout(_("De adresdienst van PDOK is niet bereikbaar. Probeer het later nog "
                         "eens, of vul straat en huisnummer zelf in.")) from fout
    if len(inhoud) > MAX_ANTWOORD_BYTES:
        raise _onbruikbaar(endpoint, "answer too large")
    try:
        data = json.loads(inhoud.decode("utf-8"))
        docs = data["response"]["docs"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as fout:
        raise _onbruikbaar(endpoint, f"not PDOK's JSON: {fout!r}") from fout
    if not isinstance(docs, list):
        raise _onbruikbaar(endpoint, "docs is not a list")
    return [doc for doc in docs if isinstance(doc, dict)]


def _lees(verzoek: Request, timeout: float) -> bytes:
    """The answer's body. `timeout` bounds each socket operation (urllib's own) and the whole
    answer too: a server that trickles a byte now and then is as late as one that is silent."""
    einde = time.monotonic() + timeout
    delen: list[bytes] = []
    grootte = 0
    with urlopen(verzoek, timeout=timeout) as antwoord:  # noqa: S310 (http(s) only, above)
        while grootte <= MAX_ANTWOORD_BYTES:
            if time.monotonic() > einde:
                raise TimeoutError("PDOK's answer took too long")
            deel = antwoord.read1(16 * 1024)
            if not deel:
                break
            delen.append(deel)
            grootte += len(deel)
    return b"".join(delen)


def _te_laat() -> PdokFout:
    return PdokFout(_("De adresdienst van PDOK antwoordt niet op tijd. Probeer het later nog "
                      "eens, of vul straat en huisnummer zelf in."), status=504)


def _onbruikbaar(endpoint: str, reden: str) -> PdokFout:
    logger.warning("PDOK %s: %s", endpoint, reden)
    return PdokFout(_("De adresdienst van PDOK gaf een onbruikbaar antwoord. Probeer het later "
                      "nog eens, of vul straat en huisnummer zelf in."))


def _tekst(doc: dict[str, Any], veld: str) -> str:
    waarde = doc.get(veld)
    if isinstance(waarde, bool) or not isinstance(waarde, (str, int, float)):
        return ""
    return str(waarde).strip()


def _adres(doc: dict[str, Any]) -> Adres | None:
    """One doc as an Adres; None for a doc without a usable point (skipped, not fatal)."""
    match = _PUNT.match(_tekst(doc, "centroide_ll"))
    if match is None:
        return None
    lengte, breedte = float(match.group(1)), float(match.group(2))
    if not (-90 <= breedte <= 90 and -180 <= lengte <= 180):
        return None
    huisnummer = _tekst(doc, "huisnummer") + _tekst(doc, "huisletter")
    toevoeging = _tekst(doc, "huisnummertoevoeging")
    if toevoeging:
        huisnummer = f"{huisnummer}-{toevoeging}"
    afstand = doc.get("afstand")
    straat = _tekst(doc, "straatnaam")
    postcode, woonplaats = _tekst(doc, "postcode"), _tekst(doc, "woonplaatsnaam")
    weergavenaam = _tekst(doc, "weergavenaam") or ", ".join(
        p for p in (f"{straat} {huisnummer}".strip(), f"{postcode} {woonplaats}".strip()) if p)
    if not weergavenaam:
        return None
    return Adres(
        weergavenaam=weergavenaam,
        straat=straat[:150],
        huisnummer=huisnummer[:20],
        postcode=postcode,
        woonplaats=woonplaats,
        latitude=breedte,
        longitude=lengte,
        afstand=float(afstand) if isinstance(afstand, (int, float))
        and not isinstance(afstand, bool) and math.isfinite(afstand) else None,
    )
