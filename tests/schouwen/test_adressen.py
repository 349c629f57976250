"""Address search on the capture and edit pages: the proxy views to PDOK (here a local server
in PDOK's format, tests/pdok.py), who may ask, what a failing PDOK looks like, the limit, and
the pages with and without the setting."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from tests.schouwen.factories import BevindingFactory

LANGESTRAAT = ("Langestraat", "12", "2691BC", "'s-Gravenzande", 52.0021, 4.1652)
MARKT = ("Marktplein", "3", "2691CW", "'s-Gravenzande", 52.0001, 4.1631)


def _zoeken(schouw, **params):
    return reverse("schouwen:adres-zoeken", args=[schouw.traject_id, schouw.pk]), params


def _dichtstbij(schouw, **params):
    return reverse("schouwen:adres-dichtstbij", args=[schouw.traject_id, schouw.pk]), params


@pytest.mark.parametrize("persona", ["coordinator", "gemeente", "ondernemer"])
def test_who_captures_finds_addresses_near_the_area_first(world, schouw, pdok_server, persona):
    pdok_server.adressen = [pdok_server.doc(*LANGESTRAAT), pdok_server.doc(*MARKT)]
    url, params = _zoeken(schouw, q="  Langestraat   12 ")
    response = world.client_for(persona).get(url, params)
    assert response.status_code == 200
    assert response.json() == {"adressen": [{
        "weergavenaam": "Langestraat 12, 2691BC 's-Gravenzande", "straat": "Langestraat",
        "huisnummer": "12", "postcode": "2691BC", "woonplaats": "'s-Gravenzande",
        "latitude": 52.0021, "longitude": 4.1652, "afstand": None}]}
    endpoint, gevraagd = pdok_server.vragen[-1]
    assert gevraagd["q"] == "Langestraat 12"
    gebied = world.traject.gebied
    assert (float(gevraagd["lat"]), float(gevraagd["lon"])) == pytest.approx(
        (gebied.latitude, gebied.longitude), abs=1e-6)


@pytest.mark.parametrize("persona, status", [("auditor", 403), ("lezer", 403),
                                             ("outsider", 404)])
def test_who_may_not_capture_asks_pdok_nothing(world, schouw, pdok_server, persona, status):
    url, params = _zoeken(schouw, q="Langestraat")
    assert world.client_for(persona).get(url, params).status_code == status
    url, params = _dichtstbij(schouw, lat="52.0", lon="4.17")
    assert world.client_for(persona).get(url, params).status_code == status
    assert pdok_server.vragen == []


def test_anonymous_is_sent_to_login(schouw, pdok_server):
    url, params = _zoeken(schouw, q="Langestraat")
    response = Client().get(url, params)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert pdok_server.vragen == []


def test_a_short_question_is_answered_without_asking_pdok(coordinator_client, schouw,
                                                         pdok_server):
    for q in ("", "La", "  a  "):
        url, params = _zoeken(schouw, q=q)
        response = coordinator_client.get(url, params)
        assert response.status_code == 200 and response.json() == {"adressen": []}
    url, params = _dichtstbij(schouw)
    assert coordinator_client.get(url, params).json() == {"adres": None}
    assert pdok_server.vragen == []


def test_the_nearest_address_to_a_point(coordinator_client, schouw, pdok_server):
    pdok_server.adressen = [pdok_server.doc(*LANGESTRAAT), pdok_server.doc(*MARKT)]
    url, params = _dichtstbij(schouw, lat="52.0002", lon="4.1632")
    adres = coordinator_client.get(url, params).json()["adres"]
    assert (adres["straat"], adres["huisnummer"]) == ("Marktplein", "3")
    assert adres["afstand"] == pytest.approx(13, abs=2)


def test_no_address_near_the_point_is_null(coordinator_client, schouw, pdok_server):
    url, params = _dichtstbij(schouw, lat="52.0", lon="4.17")
    response = coordinator_client.get(url, params)
    assert response.status_code == 200 and response.json() == {"adres": None}


@pytest.mark.parametrize("lat, lon", [("noord", "4.17"), ("52.0", ""), ("95", "4.17"),
                                      ("52.0", "nan"), ("inf", "4.17")])
def test_a_point_that_is_no_point_gets_a_dutch_400(coordinator_client, schouw, pdok_server,
                                                  lat, lon):
    url, params = _dichtstbij(schouw, lat=lat, lon=lon)
    response = coordinator_client.get(url, params)
    assert response.status_code == 400
    assert "Geen geldige plek" in response.json()["fout"]
    assert pdok_server.vragen == []


@pytest.mark.parametrize("storing, status, woorden", [
    ("500", 502, "gaf een fout"),
    ("kapot", 502, "onbruikbaar antwoord"),
    ("geen-json", 502, "onbruikbaar antwoord"),
    ("traag", 504, "niet op tijd"),
])
def test_a_failing_pdok_gets_a_dutch_message_not_a_server_error(
    coordinator_client, schouw, pdok_server, settings, storing, status, woorden
):
    pdok_server.storing = storing
    settings.PDOK_TIMEOUT_SECONDS = 0.5
    for url, params in (_zoeken(schouw, q="Langestraat 12"),
                        _dichtstbij(schouw, lat="52.0", lon="4.17")):
        response = coordinator_client.get(url, params)
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"
        assert woorden in response.json()["fout"]


def test_without_the_setting_the_views_say_so(coordinator_client, schouw, settings):
    settings.PDOK_LOCATIESERVER_URL = ""
    for url, params in (_zoeken(schouw, q="Langestraat 12"),
                        _dichtstbij(schouw, lat="52.0", lon="4.17")):
        response = coordinator_client.get(url, params)
        assert response.status_code == 404
        assert "staat op deze installatie uit" in response.json()["fout"]


def test_a_post_changes_nothing_and_asks_nothing(coordinator_client, schouw, pdok_server):
    url, params = _zoeken(schouw, q="Langestraat")
    assert coordinator_client.post(url, params).status_code == 405
    assert pdok_server.vragen == []


def test_lookups_are_limited_per_user(world, schouw, pdok_server, settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMIT_ADRESSEN = "3/m"
    settings.CACHES = {"default": {**settings.CACHES["default"],
                                   "KEY_PREFIX": uuid.uuid4().hex}}
    url, params = _zoeken(schouw, q="Langestraat")
    gemeente = world.client_for("gemeente")
    assert [gemeente.get(url, params).status_code for _ in range(3)] == [200, 200, 200]
    url, params = _dichtstbij(schouw, lat="52.0", lon="4.17")
    response = gemeente.get(url, params)
    assert response.status_code == 429 and "Te veel verzoeken" in response.content.decode()
    assert len(pdok_server.vragen) == 3
    # Another user has their own count.
    assert world.client_for("politie").get(url, params).status_code == 200


def test_capture_and_edit_pages_offer_the_search_when_it_is_set(world, schouw, pdok_server):
    bevinding = BevindingFactory(schouw=schouw, vastgelegd_door=world.users["gemeente"])
    client = world.client_for("gemeente")
    for url in (reverse("schouwen:bevinding-nieuw", args=[world.traject.pk, schouw.pk]),
                reverse("schouwen:bevinding-bewerken",
                        args=[world.traject.pk, schouw.pk, bevinding.pk])):
        html = client.get(url).content.decode()
        assert 'id="adres-zoekveld"' in html and 'role="combobox"' in html
        assert reverse("schouwen:adres-zoeken", args=[world.traject.pk, schouw.pk]) in html
        assert "js/adres-zoeken.js" in html
        # The search field has no name: it is never sent with the finding.
        zoekveld = html[html.index('id="adres-zoekveld"') - 60:html.index('id="adres-zoekveld"')]
        assert "name=" not in zoekveld


def test_without_the_setting_the_pages_show_no_search(world, schouw, settings):
    settings.PDOK_LOCATIESERVER_URL = ""
    html = world.client_for("gemeente").get(
        reverse("schouwen:bevinding-nieuw", args=[world.traject.pk, schouw.pk])).content.decode()
    assert "adres-zoek" not in html
    assert "Mijn positie gebruiken" in html
