"""Address search on the capture and edit pages in Chromium, against a local server answering
as PDOK does (tests/pdok.py): typed, chosen by keyboard, the point moves; the nearest address
for a point; and a PDOK that fails while the capture goes on."""

import pytest
from django.urls import reverse

from schouwen.models import Bevinding
from tests.browser import assert_accessible, login, visit
from tests.schouwen.factories import BevindingFactory, SchouwFactory
from tests.schouwen.test_browser import POSITIE

pytestmark = pytest.mark.browser

LANGESTRAAT = ("Langestraat", "12", "2691BC", "'s-Gravenzande", 52.0031, 4.1611)
LANGESTRAAT_14 = ("Langestraat", "14", "2691BC", "'s-Gravenzande", 52.0032, 4.1613)
MARKT = ("Marktplein", "3", "2691CW", "'s-Gravenzande", 52.0017, 4.1648)


def _naar(page, url):
    page.context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    login(page, "gemeente@example.org")
    visit(page, url)
    page.wait_for_selector("#kaart.leaflet-container")


def _posts(page):
    """The POSTs the page sends from now on (the capture form sends with fetch)."""
    verstuurd = []
    page.on("request", lambda r: verstuurd.append(r.url) if r.method == "POST" else None)
    return verstuurd


def _marker_midden(page):
    vak = page.locator("#kaart .leaflet-marker-icon").bounding_box()
    return vak["x"] + vak["width"] / 2, vak["y"] + vak["height"]


def test_typing_an_address_fills_street_and_number_and_moves_the_point(
    phone_page, world, pdok_server
):
    pdok_server.adressen = [pdok_server.doc(*LANGESTRAAT), pdok_server.doc(*LANGESTRAAT_14),
                            pdok_server.doc(*MARKT)]
    schouw = SchouwFactory(traject=world.traject)
    page = phone_page
    _naar(page, reverse("schouwen:bevinding-nieuw", args=[world.traject.pk, schouw.pk]))
    verstuurd = _posts(page)
    # A point tapped first, away from the address.
    breedte = page.locator("#kaart").bounding_box()["width"]
    page.locator("#kaart").click(position={"x": breedte - 60, "y": 60})
    voor = _marker_midden(page)
    lat_voor = page.locator("[name=latitude]").input_value()

    veld = page.get_by_role("combobox", name="Adres zoeken")
    veld.fill("langestraat")
    opties = page.get_by_role("listbox", name="Gevonden adressen").get_by_role("option")
    opties.first.wait_for()
    assert opties.count() == 2
    assert veld.get_attribute("aria-expanded") == "true"
    page.locator("#adres-status").get_by_text("2 adressen gevonden").wait_for()
    assert_accessible(page)

    veld.press("ArrowDown")
    veld.press("ArrowDown")
    assert veld.get_attribute("aria-activedescendant") == "adres-keuze-1"
    assert opties.nth(1).get_attribute("aria-selected") == "true"
    veld.press("Enter")  # takes the address; never sends the form
    page.locator("#adres-status").get_by_text("Ingevuld: Langestraat 14").wait_for()
    assert page.locator("#id_straat").input_value() == "Langestraat"
    assert page.locator("#id_huisnummer").input_value() == "14"
    assert float(page.locator("[name=latitude]").input_value()) == pytest.approx(52.0032)
    assert float(page.locator("[name=longitude]").input_value()) == pytest.approx(4.1613)
    assert page.locator("[name=latitude]").input_value() != lat_voor
    assert veld.get_attribute("aria-expanded") == "false"
    # The marker moved (the map centres on the address).
    na = _marker_midden(page)
    assert abs(na[0] - voor[0]) + abs(na[1] - voor[1]) > 50
    assert page.locator("#kaart .leaflet-marker-icon").count() == 1
    # Enter in an empty or closed search field sends nothing either.
    veld.fill("")
    veld.press("Enter")
    page.wait_for_timeout(300)
    assert verstuurd == []
    assert not Bevinding.objects.exists()
    assert page.url.endswith(reverse("schouwen:bevinding-nieuw",
                                     args=[world.traject.pk, schouw.pk]))

    page.get_by_text("Verlichting", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()
    bevinding = Bevinding.objects.get()
    assert (bevinding.straat, bevinding.huisnummer) == ("Langestraat", "14")
    assert (bevinding.latitude, bevinding.longitude) == pytest.approx((52.0032, 4.1613))
    # The proxy asked PDOK for addresses, with the area as the place to look near.
    assert ("free", "langestraat") in [(e, p.get("q")) for e, p in pdok_server.vragen]


def test_an_address_can_be_picked_with_a_tap(phone_page, world, pdok_server):
    pdok_server.adressen = [pdok_server.doc(*MARKT)]
    schouw = SchouwFactory(traject=world.traject)
    page = phone_page
    _naar(page, reverse("schouwen:bevinding-nieuw", args=[world.traject.pk, schouw.pk]))
    page.get_by_role("combobox", name="Adres zoeken").fill("Marktplein 3")
    page.get_by_role("option", name="Marktplein 3, 2691CW 's-Gravenzande").click()
    assert page.locator("#id_straat").input_value() == "Marktplein"
    assert float(page.locator("[name=latitude]").input_value()) == pytest.approx(52.0017)
    assert page.locator("#kaart .leaflet-marker-icon").count() == 1


def test_the_nearest_address_for_a_finding_with_a_point_and_no_address(
    phone_page, world, pdok_server
):
    """On the edit page: a finding captured with a point but without an address."""
    pdok_server.adressen = [pdok_server.doc(*LANGESTRAAT), pdok_server.doc(*MARKT)]
    schouw = SchouwFactory(traject=world.traject)
    bevinding = BevindingFactory(schouw=schouw, vastgelegd_door=world.users["gemeente"],
                                 straat="", huisnummer="", latitude=POSITIE["latitude"],
                                 longitude=POSITIE["longitude"])
    page = phone_page
    _naar(page, reverse("schouwen:bevinding-bewerken",
                        args=[world.traject.pk, schouw.pk, bevinding.pk]))
    page.get_by_role("button", name="Adres bij de plek op de kaart invullen").click()
    page.locator("#adres-status").get_by_text("Ingevuld: Marktplein 3").wait_for()
    assert "m van de plek" in page.locator("#adres-status").inner_text()
    assert page.locator("#id_straat").input_value() == "Marktplein"
    assert page.locator("#id_huisnummer").input_value() == "3"
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()
    bevinding.refresh_from_db()
    assert (bevinding.straat, bevinding.huisnummer) == ("Marktplein", "3")
    # The point stays where it was: only the address was looked up.
    assert (bevinding.latitude, bevinding.longitude) == pytest.approx(
        (POSITIE["latitude"], POSITIE["longitude"]))
    endpoint, params = pdok_server.vragen[-1]
    assert endpoint == "reverse"
    assert float(params["lat"]) == pytest.approx(POSITIE["latitude"])


@pytest.mark.parametrize("storing, bericht", [
    ("500", "gaf een fout (500)"),
    ("traag", "antwoordt niet op tijd"),
])
def test_a_failing_pdok_is_said_and_the_capture_still_works(
    phone_page, world, pdok_server, settings, storing, bericht
):
    pdok_server.storing = storing
    settings.PDOK_TIMEOUT_SECONDS = 0.5
    schouw = SchouwFactory(traject=world.traject)
    page = phone_page
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(POSITIE)
    _naar(page, reverse("schouwen:bevinding-nieuw", args=[world.traject.pk, schouw.pk]))
    verstuurd = _posts(page)
    veld = page.get_by_role("combobox", name="Adres zoeken")
    veld.fill("Langestraat 12")
    veld.press("Enter")  # search now: still no send
    page.locator("#adres-status").get_by_text(bericht).wait_for()
    assert verstuurd == []
    assert "zelf in" in page.locator("#adres-status").inner_text()
    assert page.get_by_role("listbox", name="Gevonden adressen").is_hidden()
    assert not Bevinding.objects.exists()
    assert_accessible(page)

    page.get_by_text("Bestrating", exact=True).click()
    page.get_by_role("button", name="Mijn positie gebruiken").click()
    page.get_by_text("Positie ingevuld").wait_for()
    page.locator("#id_straat").fill("Langestraat")
    page.locator("#id_huisnummer").fill("12")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()
    assert page.get_by_text("Bevinding vastgelegd").is_visible()
    bevinding = Bevinding.objects.get()
    assert (bevinding.straat, bevinding.huisnummer) == ("Langestraat", "12")


def test_without_the_setting_there_is_no_search_and_the_page_works(
    phone_page, world, settings
):
    settings.PDOK_LOCATIESERVER_URL = ""
    schouw = SchouwFactory(traject=world.traject)
    page = phone_page
    _naar(page, reverse("schouwen:bevinding-nieuw", args=[world.traject.pk, schouw.pk]))
    assert page.get_by_role("combobox", name="Adres zoeken").count() == 0
    assert page.locator("#adres-zoeken").count() == 0
    page.get_by_text("Groen", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()
    assert Bevinding.objects.count() == 1
