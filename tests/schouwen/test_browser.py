"""A walk on a phone: a partner captures a finding with a photo and a map point; the
coordinator sees it in triage. Every page is scanned with axe-core."""


import pytest
from django.urls import reverse
from PIL import Image, ImageFilter

from kvo.images import image_with_exif
from schouwen.models import Bevinding
from tests.browser import assert_accessible, field_label, login, new_page, visit
from tests.schouwen.factories import SchouwFactory

pytestmark = pytest.mark.browser

PHONE_360 = {"width": 360, "height": 740}
POSITIE = {"latitude": 52.00171, "longitude": 4.16473}


def phone_photo(tmp_path):
    """A 12-megapixel phone photo with a GPS position in its EXIF."""
    noise = Image.effect_noise((4000, 3000), 30).filter(ImageFilter.GaussianBlur(1))
    image = Image.merge("RGB", (noise, noise.rotate(180), noise))
    path = tmp_path / "IMG_2041.jpg"
    path.write_bytes(image_with_exif(image, latitude=52.0019, longitude=4.1640))
    return path


def test_partner_captures_finding_on_phone_and_coordinator_sees_it_in_triage(
    chromium, live_server, world, tmp_path
):
    schouw = SchouwFactory(traject=world.traject, titel="Avondschouw Langestraat")
    foto = phone_photo(tmp_path)
    phone = new_page(chromium, live_server, viewport=PHONE_360)
    # No tile server in tests: the map works without its background.
    phone.context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation(POSITIE)
    try:
        login(phone, "gemeente@example.org")
        visit(phone, reverse("schouwen:detail", args=[world.traject.pk, schouw.pk]))
        phone.get_by_role("link", name="Bevinding vastleggen").click()
        phone.wait_for_selector("#kaart.leaflet-container")
        assert_accessible(phone)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360

        phone.get_by_label(field_label("Foto's")).set_input_files(str(foto))
        phone.get_by_label("Bestrating", exact=True).check()
        phone.get_by_label("Rood: direct actie").check()
        phone.get_by_label(field_label("Omschrijving")).fill("Losliggende tegels voor nr. 18")
        phone.get_by_label(field_label("Straat")).fill("Langestraat")
        phone.get_by_role("button", name="Mijn positie gebruiken").click()
        phone.get_by_text("Positie ingevuld").wait_for()
        assert float(phone.locator("[name=latitude]").input_value()) == pytest.approx(
            POSITIE["latitude"])
        assert phone.locator("#kaart .leaflet-marker-icon").count() == 1

        with phone.expect_request(lambda r: r.method == "POST") as verzoek, \
                phone.expect_navigation():
            phone.get_by_role("button", name="Opslaan", exact=True).click()
        # The browser scaled the photo before upload: far less than the 12-MP original.
        assert len(verzoek.value.post_data_buffer) < foto.stat().st_size / 2
        assert phone.get_by_text("Bevinding vastgelegd").is_visible()
        assert_accessible(phone)
    finally:
        phone.context.close()

    bevinding = Bevinding.objects.get()
    assert bevinding.vastgelegd_door == world.users["gemeente"]
    assert (bevinding.latitude, bevinding.longitude) == pytest.approx(
        (POSITIE["latitude"], POSITIE["longitude"]))
    assert bevinding.organisatie == world.organisaties["gemeente"]
    foto_rij = bevinding.fotos.get()
    assert max(foto_rij.breedte, foto_rij.hoogte) <= 2000
    # The photo's own GPS position survived the in-browser scaling (EXIF block carried over).
    assert foto_rij.latitude == pytest.approx(52.0019, abs=1e-4)

    desktop = new_page(chromium, live_server)
    try:
        login(desktop, "coordinator@example.org")
        visit(desktop, reverse("schouwen:triage", args=[world.traject.pk, schouw.pk]))
        rij = desktop.get_by_role("row").filter(has_text="Losliggende tegels voor nr. 18")
        assert rij.count() == 1
        assert "Gemeente Westland" in rij.inner_text()
        assert rij.get_by_role("img").count() == 1
        assert desktop.evaluate(
            "() => document.querySelector('img.foto-mini').naturalWidth") > 0

        # The finding is on the trajectory's map, as one coloured dot.
        desktop.context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
        visit(desktop, reverse("schouwen:kaart", args=[world.traject.pk]))
        desktop.get_by_text("1 bevindingen op de kaart.").wait_for()
        assert desktop.locator("#bevindingen-kaart path.leaflet-interactive").count() == 1
        assert_accessible(desktop)
    finally:
        desktop.context.close()


def test_save_buttons_stay_disabled_until_the_answer_arrives(phone_page, world):
    """A second tap while the first send waits for its answer sends nothing more."""
    schouw = SchouwFactory(traject=world.traject)
    phone_page.context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    login(phone_page, "gemeente@example.org")
    visit(phone_page, reverse("schouwen:bevinding-nieuw", args=[world.traject.pk, schouw.pk]))
    posts = []
    phone_page.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    phone_page.get_by_label("Bestrating", exact=True).check()
    phone_page.get_by_label(field_label("Omschrijving")).fill("Tegel los")
    with phone_page.expect_navigation():
        # Tap, then at once try again (a second tap, Enter in a field): the buttons are off
        # from the first tap on, and the second submit sends nothing.
        knoppen = phone_page.evaluate("""() => {
            const form = document.getElementById("bevinding-form");
            form.querySelector("button[type=submit]").click();
            const uit = Array.from(form.querySelectorAll("button[type=submit]"),
                                   k => k.disabled);
            form.requestSubmit();
            return uit;
        }""")
    assert knoppen == [True, True]
    assert phone_page.get_by_text("Bevinding vastgelegd").is_visible()
    assert len(posts) == 1
    assert Bevinding.objects.count() == 1
