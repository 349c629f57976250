"""Capturing on a phone as the walk really goes: few taps, a validation error that keeps the
photo, and no network at all for a while. Every page is scanned with axe-core."""

import pytest
from django.urls import reverse
from PIL import Image

from schouwen.models import Bevinding, Foto
from tests.browser import assert_accessible, login, visit
from tests.schouwen.factories import SchouwFactory
from tests.schouwen.test_browser import POSITIE, phone_photo

pytestmark = pytest.mark.browser


class Tikken:
    """Counts what the user does with a finger: a tap on a control, a photo taken."""

    def __init__(self, page):
        self.page = page
        self.aantal = 0

    def tik(self, locator, **kwargs):
        self.aantal += 1
        locator.click(**kwargs)

    def foto(self, pad):
        self.aantal += 1
        self.page.locator("input[type=file][name=fotos]").set_input_files(str(pad))


def _naar_vastleggen(page, world, schouw):
    page.context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    login(page, "gemeente@example.org")
    visit(page, reverse("schouwen:bevinding-nieuw", args=[world.traject.pk, schouw.pk]))
    page.wait_for_selector("#kaart.leaflet-container")


def test_category_photo_position_and_save_in_at_most_five_taps(phone_page, world, tmp_path):
    schouw = SchouwFactory(traject=world.traject)
    phone_page.context.grant_permissions(["geolocation"])
    phone_page.context.set_geolocation(POSITIE)
    _naar_vastleggen(phone_page, world, schouw)
    # The save bar is on screen from the start, without scrolling.
    opslaan = phone_page.get_by_role("button", name="Opslaan", exact=True)
    vak = opslaan.bounding_box()
    assert vak["y"] + vak["height"] <= 844 and vak["height"] >= 44
    # Large choices: every category and severity tile is at least 44 px high.
    for tegel in phone_page.locator(".keuzetegels .form-check").all():
        assert tegel.bounding_box()["height"] >= 44

    tikken = Tikken(phone_page)
    tikken.foto(phone_photo(tmp_path))
    phone_page.locator("#foto-voorbeelden img").wait_for()
    tikken.tik(phone_page.get_by_text("Bestrating", exact=True))
    assert_accessible(phone_page)
    tikken.tik(phone_page.get_by_role("button", name="Mijn positie gebruiken"))
    phone_page.get_by_text("Positie ingevuld").wait_for()
    # The position button just tapped (its touch-hover and focus state) still reads well.
    assert_accessible(phone_page)
    with phone_page.expect_navigation():
        tikken.tik(opslaan)
    assert phone_page.get_by_text("Bevinding vastgelegd").is_visible()
    assert tikken.aantal <= 5

    bevinding = Bevinding.objects.get()
    assert bevinding.categorie.naam == "Bestrating"
    assert bevinding.fotos.count() == 1
    assert (bevinding.latitude, bevinding.longitude) == pytest.approx(
        (POSITIE["latitude"], POSITIE["longitude"]))


def test_a_validation_error_keeps_the_photo_in_the_page(phone_page, world, tmp_path):
    schouw = SchouwFactory(traject=world.traject)
    _naar_vastleggen(phone_page, world, schouw)
    phone_page.locator("input[type=file][name=fotos]").set_input_files(
        str(phone_photo(tmp_path)))
    phone_page.locator("#foto-voorbeelden img").wait_for()
    # The photo's own position lies in the area: filled in, said so.
    phone_page.get_by_text("De plek van de foto is ingevuld.").wait_for()
    phone_page.get_by_role("button", name="Opslaan", exact=True).click()  # no category
    phone_page.locator("#formulier-fouten").get_by_text("Categorie").wait_for()
    assert phone_page.locator("#foto-voorbeelden img").count() == 1
    assert_accessible(phone_page)
    assert not Bevinding.objects.exists()
    phone_page.get_by_text("Verlichting", exact=True).click()
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Opslaan", exact=True).click()
    bevinding = Bevinding.objects.get()
    assert bevinding.fotos.count() == 1
    assert bevinding.latitude == pytest.approx(52.0019, abs=1e-4)


def test_three_findings_captured_offline_arrive_once_with_their_photos(
    phone_page, world, tmp_path
):
    schouw = SchouwFactory(traject=world.traject)
    foto = phone_photo(tmp_path)
    _naar_vastleggen(phone_page, world, schouw)
    # The service worker has stored the page: it can be opened again without network.
    phone_page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    phone_page.context.set_offline(True)
    status = phone_page.locator("#wachtrij-status")
    for nummer, categorie in enumerate(["Verlichting", "Bestrating", "Groen"], start=1):
        phone_page.locator("input[type=file][name=fotos]").set_input_files(str(foto))
        phone_page.locator("#foto-voorbeelden img").wait_for()
        phone_page.get_by_text(categorie, exact=True).click()
        phone_page.get_by_label("Omschrijving").fill(f"Offline bevinding {nummer}")
        phone_page.get_by_role("button", name="Opslaan en nog een").click()
        verwacht = ("1 bevinding wacht" if nummer == 1
                    else f"{nummer} bevindingen wachten")
        status.get_by_text(verwacht).wait_for()
        # An empty form for the next one.
        assert phone_page.locator("#foto-voorbeelden img").count() == 0
        assert phone_page.get_by_label("Omschrijving").input_value() == ""
    assert_accessible(phone_page)
    assert not Bevinding.objects.exists()

    # Reloaded without network (the phone closed the tab): the page and its queue are there.
    phone_page.reload()
    status.get_by_text("3 bevindingen wachten").wait_for()
    assert not Bevinding.objects.exists()

    phone_page.context.set_offline(False)
    phone_page.evaluate("window.dispatchEvent(new Event('online'))")
    status.get_by_text("Alle wachtende bevindingen zijn verstuurd.").wait_for(timeout=60_000)
    assert_accessible(phone_page)

    bevindingen = list(Bevinding.objects.order_by("aangemaakt"))
    assert [b.omschrijving for b in bevindingen] == [
        "Offline bevinding 1", "Offline bevinding 2", "Offline bevinding 3"]
    assert len({b.client_id for b in bevindingen}) == 3
    for bevinding in bevindingen:
        rij = bevinding.fotos.get()
        assert max(rij.breedte, rij.hoogte) == 2000  # scaled in the browser, then stored
        with rij.bestand.open("rb") as bestand:
            beeld = Image.open(bestand)
            beeld.load()
            assert beeld.size == (rij.breedte, rij.hoogte)
        assert rij.latitude == pytest.approx(52.0019, abs=1e-4)
    assert Foto.objects.count() == 3
    # Sending the queue again (another tab, a retry) changes nothing.
    phone_page.evaluate("window.kvoWachtrij.verstuur()")
    assert Bevinding.objects.count() == 3
