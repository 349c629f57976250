"""A local HTTP server that answers like the PDOK Locatieserver (API v3_1), for the tests of
kvo/pdok.py, the proxy views and the browser: the app's real HTTP client talks to it over a
real socket. Registered as a pytest plugin in tests/conftest.py.

    def test_x(pdok_server, settings):            # settings.PDOK_LOCATIESERVER_URL points here
        pdok_server.adressen = [pdok_server.doc("Langestraat", "12", ...)]
        pdok_server.storing = "500"                # or "traag", "kapot", "geen-json", None
        pdok_server.vragen                         # [(endpoint, {param: value})] as received

The answers follow PDOK's documented envelope (Solr): {"response": {"numFound", "start",
"maxScore", "numFoundExact", "docs": [...]}}, each doc with type, weergavenaam, straatnaam,
huisnummer, huisletter, huisnummertoevoeging, postcode, woonplaatsnaam, centroide_ll
("POINT(lon lat)"), centroide_rd, id and score; `/reverse` adds `afstand` in metres and
sorts by it. `/free` matches every word of q against the weergavenaam (case-insensitive), as
far as a test needs it.
"""

import json
import math
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

BASIS = "/bzk/locatieserver/search/v3_1"


def doc(straat, huisnummer, postcode, woonplaats, latitude, longitude, *, huisletter=None,
        toevoeging=None):
    """One address as PDOK's free and reverse services describe it."""
    nummer = f"{huisnummer}{huisletter or ''}" + (f"-{toevoeging}" if toevoeging else "")
    resultaat = {
        "type": "adres",
        "weergavenaam": f"{straat} {nummer}, {postcode} {woonplaats}",
        "straatnaam": straat,
        "huisnummer": int(huisnummer),
        "postcode": postcode,
        "woonplaatsnaam": woonplaats,
        "gemeentenaam": "Westland",
        "provincienaam": "Zuid-Holland",
        "centroide_ll": f"POINT({longitude} {latitude})",
        "centroide_rd": "POINT(74000.0 449000.0)",
        "id": f"adr-{postcode}-{nummer}",
        "score": 12.5,
    }
    if huisletter:
        resultaat["huisletter"] = huisletter
    if toevoeging:
        resultaat["huisnummertoevoeging"] = toevoeging
    return resultaat


def _punt(d):
    lengte, breedte = d["centroide_ll"][len("POINT("):-1].split()
    return float(breedte), float(lengte)


def _meters(a, b):
    r = math.pi / 180
    h = (math.sin((b[0] - a[0]) * r / 2) ** 2
         + math.cos(a[0] * r) * math.cos(b[0] * r) * math.sin((b[1] - a[1]) * r / 2) ** 2)
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


class PdokServer:
    def __init__(self):
        self.adressen = []
        self.storing = None  # None, "500", "traag", "kapot" (bad JSON), "geen-json" (HTML)
        self.traag_seconden = 10.0
        self.vragen = []
        self._los = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                deel = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(deel.query).items()}
                endpoint = deel.path.rsplit("/", 1)[-1]
                server.vragen.append((endpoint, params))
                if not deel.path.startswith(BASIS + "/") or endpoint not in ("free", "reverse"):
                    return self._stuur(404, {"message": "Not Found"})
                if server.storing == "traag":
                    server._los.wait(server.traag_seconden)
                    return self._stuur(200, server.antwoord(endpoint, params))
                if server.storing == "500":
                    return self._stuur(500, {"message": "Internal Server Error"})
                if server.storing == "kapot":
                    return self._stuur(200, b'{"response": {"numFound": 1, "docs": [{"weerg')
                if server.storing == "geen-json":
                    return self._stuur(200, b"<html><body>Onderhoud</body></html>",
                                       "text/html")
                return self._stuur(200, server.antwoord(endpoint, params))

            def _stuur(self, status, inhoud, soort="application/json"):
                if not isinstance(inhoud, bytes):
                    inhoud = json.dumps(inhoud).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", f"{soort}; charset=utf-8")
                    self.send_header("Content-Length", str(len(inhoud)))
                    self.end_headers()
                    self.wfile.write(inhoud)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout tests)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{BASIS}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    doc = staticmethod(doc)

    def antwoord(self, endpoint, params):
        rows = int(params.get("rows", 10))
        if endpoint == "free":
            woorden = params.get("q", "").lower().split()
            docs = [d for d in self.adressen
                    if all(w in d["weergavenaam"].lower() for w in woorden)]
        else:
            punt = (float(params["lat"]), float(params["lon"]))
            docs = sorted(({**d, "afstand": round(_meters(punt, _punt(d)), 3)}
                           for d in self.adressen), key=lambda d: d["afstand"])
        if "fl" in params:
            velden = set(params["fl"].replace(" ", ",").split(","))
            docs = [{k: v for k, v in d.items() if k in velden} for d in docs]
        return {"response": {"numFound": len(docs), "start": 0, "maxScore": 12.5,
                             "numFoundExact": True, "docs": docs[:rows]}}

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._los.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def pdok_server(settings):
    """The local PDOK, and the app pointed at it with a short timeout."""
    server = PdokServer().start()
    settings.PDOK_LOCATIESERVER_URL = server.url
    settings.PDOK_TIMEOUT_SECONDS = 1
    yield server
    server.stop()
