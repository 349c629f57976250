"""The capture form for one thumb: what the server does for the page's script (JSON answers, so
a validation error keeps the photos in the page), the photo position far from the area, the
large choices and the service worker."""

import json

import pytest
from django.urls import reverse

from schouwen.models import Bevinding
from tests import fotos
from tests.schouwen.test_vastleggen import post_data, upload, url

JSON = {"HTTP_ACCEPT": "application/json"}


def test_the_script_gets_the_saved_finding_as_json(world, schouw):
    client = world.client_for("gemeente")
    data = post_data(fotos=[upload(fotos.jpeg_bytes())])
    response = client.post(url(schouw), data, **JSON)
    bevinding = Bevinding.objects.get()
    assert response.status_code == 201
    assert response.json() == {"id": bevinding.pk, "url": bevinding.get_absolute_url(),
                               "volgende": bevinding.get_absolute_url()}
    # Sent again (the answer was lost): the same finding, nothing new.
    data["fotos"] = [upload(fotos.jpeg_bytes())]
    opnieuw = client.post(url(schouw), data, **JSON)
    assert opnieuw.status_code == 200
    assert opnieuw.json()["id"] == bevinding.pk
    assert Bevinding.objects.count() == 1


def test_save_and_next_answers_with_the_next_form(world, schouw):
    response = world.client_for("gemeente").post(url(schouw), post_data(nog_een="1"), **JSON)
    assert response.json()["volgende"] == url(schouw)


def test_a_validation_error_answers_400_with_the_errors_by_field(world, schouw):
    response = world.client_for("gemeente").post(
        url(schouw), post_data(categorie="", latitude="52.0",
                               fotos=[upload(fotos.jpeg_bytes())]), **JSON)
    assert response.status_code == 400
    fouten = response.json()["fouten"]
    assert "categorie" in fouten
    assert any("zowel breedte- als lengtegraad" in f for f in fouten["__all__"])
    assert not Bevinding.objects.exists()


def test_a_closed_schouw_answers_409_to_a_post_without_a_capture_id(world, schouw):
    # Every capture form carries a client_id; a POST without one is kept nowhere.
    from schouwen.services import schouw_afronden

    schouw_afronden(schouw=schouw)
    response = world.client_for("gemeente").post(url(schouw), post_data(client_id=""), **JSON)
    assert response.status_code == 409
    assert "afgerond" in response.json()["fouten"]["__all__"][0]
    assert not Bevinding.alle.exists()


def test_a_queued_capture_leaves_no_message_for_a_later_page(world, schouw):
    client = world.client_for("gemeente")
    client.post(url(schouw), post_data(wachtrij="1"), **JSON)
    assert Bevinding.objects.count() == 1
    pagina = client.get(reverse("schouwen:detail", args=[schouw.traject_id, schouw.pk]))
    assert "Bevinding vastgelegd" not in pagina.content.decode()


def test_a_photo_and_a_category_are_enough(world, schouw):
    response = world.client_for("gemeente").post(
        url(schouw), post_data(omschrijving="", fotos=[upload(fotos.jpeg_bytes())]))
    assert response.status_code == 302
    assert Bevinding.objects.get().omschrijving == ""


def test_a_photo_taken_far_from_the_area_does_not_place_the_finding(world, schouw):
    # 2.8 km north of the area's centre (52.0025, 4.1680).
    data = fotos.jpeg_bytes(latitude=52.0277, longitude=4.1680)
    world.client_for("gemeente").post(url(schouw), post_data(fotos=[upload(data)]))
    bevinding = Bevinding.objects.get()
    assert bevinding.latitude is None and bevinding.longitude is None
    # The photo keeps its own position: the page offers it, the finding does not take it.
    assert bevinding.fotos.get().latitude == pytest.approx(52.0277, abs=1e-6)


def test_a_photo_near_the_area_places_the_finding(world, schouw, settings):
    settings.FOTO_POSITIE_MAX_METERS = 5000
    data = fotos.jpeg_bytes(latitude=52.0277, longitude=4.1680)
    world.client_for("gemeente").post(url(schouw), post_data(fotos=[upload(data)]))
    assert Bevinding.objects.get().latitude == pytest.approx(52.0277, abs=1e-6)


def test_the_capture_page_has_tiles_a_save_bar_and_the_offline_parts(world, schouw):
    response = world.client_for("gemeente").get(url(schouw))
    html = response.content.decode()
    assert 'type="radio" class="form-check-input"  name="categorie"' in html
    assert 'class="keuzetegels ernst-keuze"' in html
    assert 'class="opslaanbalk"' in html
    assert 'rel="manifest"' in html and "vastleggen.webmanifest" in html
    assert 'data-werker="/schouwen/werker.js"' in html
    assert 'id="wachtrij-status"' in html
    assert json.loads(response.context["gebied_centrum"]) == [52.0025, 4.1680]


def test_the_service_worker_is_javascript_with_its_own_policy(world):
    response = world.client_for("gemeente").get(reverse("schouwen:werker"))
    assert response["Content-Type"].startswith("text/javascript")
    assert "addEventListener(\"fetch\"" in response.content.decode()
    beleid = response["Content-Security-Policy"]
    assert "default-src 'self'" in beleid and "sandbox" not in beleid
    assert response["Cache-Control"] == "no-cache"


def test_the_manifest_names_the_app_and_its_icons():
    from pathlib import Path

    from django.conf import settings

    manifest = json.loads((Path(settings.BASE_DIR) / "static/schouwen/vastleggen.webmanifest")
                          .read_text())
    assert manifest["display"] == "standalone"
    assert {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}
    for icoon in manifest["icons"]:
        assert (Path(settings.BASE_DIR) / "static/schouwen" / icoon["src"]).resolve().exists()
