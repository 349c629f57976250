"""kvo/pdok.py with its real HTTP client against a local server answering in PDOK's format
(tests/pdok.py): what is asked, how the answer is read, and every way PDOK can fail."""

import time

import pytest

from kvo import pdok

LANGESTRAAT = ("Langestraat", "12", "2691BC", "'s-Gravenzande", 52.0021, 4.1652)
MARKT = ("Marktplein", "3", "2691CW", "'s-Gravenzande", 52.0001, 4.1631)


def test_search_reads_street_number_and_point(pdok_server):
    pdok_server.adressen = [pdok_server.doc(*LANGESTRAAT, huisletter="a"),
                            pdok_server.doc(*MARKT)]
    [adres] = pdok.zoeken("langestraat 12", bij=(52.0, 4.17))
    assert adres == pdok.Adres(
        weergavenaam="Langestraat 12a, 2691BC 's-Gravenzande", straat="Langestraat",
        huisnummer="12a", postcode="2691BC", woonplaats="'s-Gravenzande",
        latitude=52.0021, longitude=4.1652)
    endpoint, params = pdok_server.vragen[-1]
    assert endpoint == "free"
    assert params["q"] == "langestraat 12" and params["fq"] == "type:adres"
    assert (params["lat"], params["lon"]) == ("52.000000", "4.170000")
    assert "centroide_ll" in params["fl"] and "straatnaam" in params["fl"]


def test_house_number_addition_is_kept(pdok_server):
    pdok_server.adressen = [pdok_server.doc(*MARKT, toevoeging="2")]
    assert pdok.zoeken("marktplein")[0].huisnummer == "3-2"


def test_nearest_address_with_its_distance(pdok_server):
    pdok_server.adressen = [pdok_server.doc(*LANGESTRAAT), pdok_server.doc(*MARKT)]
    adres = pdok.dichtstbij(52.0002, 4.1632)
    assert adres.straat == "Marktplein" and adres.huisnummer == "3"
    assert adres.afstand == pytest.approx(13, abs=2)
    endpoint, params = pdok_server.vragen[-1]
    assert endpoint == "reverse" and params["type"] == "adres" and params["rows"] == "1"
    assert "afstand" in params["fl"]


def test_no_address_is_none_and_no_match_an_empty_list(pdok_server):
    assert pdok.dichtstbij(52.0, 4.17) is None
    assert pdok.zoeken("Nergensstraat 1") == []


def test_a_doc_without_a_point_is_left_out(pdok_server):
    zonder = pdok_server.doc(*LANGESTRAAT)
    zonder["centroide_ll"] = "POINT(niet een punt)"
    pdok_server.adressen = [zonder, pdok_server.doc(*MARKT)]
    assert [a.straat for a in pdok.zoeken("gravenzande")] == ["Marktplein"]


@pytest.mark.parametrize("storing, status, woorden", [
    ("500", 502, "gaf een fout (500)"),
    ("kapot", 502, "onbruikbaar antwoord"),
    ("geen-json", 502, "onbruikbaar antwoord"),
])
def test_a_failing_pdok_raises_a_dutch_message(pdok_server, storing, status, woorden):
    pdok_server.storing = storing
    with pytest.raises(pdok.PdokFout) as fout:
        pdok.zoeken("langestraat")
    assert woorden in str(fout.value) and fout.value.status == status
    with pytest.raises(pdok.PdokFout):
        pdok.dichtstbij(52.0, 4.17)


def test_a_slow_pdok_is_given_up_after_the_timeout(pdok_server, settings):
    pdok_server.storing = "traag"
    settings.PDOK_TIMEOUT_SECONDS = 0.5
    begin = time.monotonic()
    with pytest.raises(pdok.PdokFout) as fout:
        pdok.zoeken("langestraat")
    assert time.monotonic() - begin < 2
    assert "niet op tijd" in str(fout.value) and fout.value.status == 504


def test_an_answer_that_trickles_is_given_up_too(settings):
    """A server that sends a byte every 0.2 s never trips the per-read timeout; the answer as a
    whole still has to arrive within the timeout."""
    import socket
    import threading

    luisteraar = socket.socket()
    luisteraar.bind(("127.0.0.1", 0))
    luisteraar.listen(1)
    stop = threading.Event()

    def druppel():
        verbinding, _ = luisteraar.accept()
        with verbinding:
            verbinding.recv(4096)
            verbinding.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                               b"Content-Length: 100000\r\n\r\n")
            while not stop.is_set():
                try:
                    verbinding.sendall(b" ")
                except OSError:
                    return
                time.sleep(0.2)

    draad = threading.Thread(target=druppel, daemon=True)
    draad.start()
    settings.PDOK_LOCATIESERVER_URL = f"http://127.0.0.1:{luisteraar.getsockname()[1]}/v3_1"
    settings.PDOK_TIMEOUT_SECONDS = 1
    begin = time.monotonic()
    try:
        with pytest.raises(pdok.PdokFout) as fout:
            pdok.zoeken("langestraat")
    finally:
        stop.set()
        luisteraar.close()
    assert time.monotonic() - begin < 2.5
    assert fout.value.status == 504


def test_an_unreachable_pdok_raises_a_dutch_message(settings):
    import socket

    vrij = socket.socket()
    vrij.bind(("127.0.0.1", 0))
    poort = vrij.getsockname()[1]
    vrij.close()  # nobody listens there now
    settings.PDOK_LOCATIESERVER_URL = f"http://127.0.0.1:{poort}/v3_1"
    with pytest.raises(pdok.PdokFout) as fout:
        pdok.dichtstbij(52.0, 4.17)
    assert "niet bereikbaar" in str(fout.value) and fout.value.status == 502


def test_without_a_url_addresses_are_off(settings):
    settings.PDOK_LOCATIESERVER_URL = ""
    assert not pdok.actief()
    with pytest.raises(pdok.PdokFout) as fout:
        pdok.zoeken("langestraat")
    assert fout.value.status == 404


def test_only_an_http_url_is_asked(settings, tmp_path):
    (tmp_path / "free").write_text('{"response": {"docs": []}}')
    settings.PDOK_LOCATIESERVER_URL = tmp_path.as_uri()
    with pytest.raises(pdok.PdokFout) as fout:
        pdok.zoeken("langestraat")
    assert "verkeerd ingesteld" in str(fout.value)
