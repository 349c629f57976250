"""The duplicate warning while capturing: open findings of the same category near the place
are shown before the capture is saved, and the server refuses any capture there (from the page,
the phone's queue or a script) until it says "dezelfde als #x" or "toch nieuw"."""

from django.urls import reverse

from schouwen import services
from schouwen.models import Bevinding, Categorie
from tests.schouwen.factories import BevindingFactory, FotoFactory, SchouwFactory
from tests.schouwen.test_vastleggen import post_data, url

JSON = {"HTTP_ACCEPT": "application/json"}
# About 8 m from the existing lamp at (52.0017, 4.1655).
DICHTBIJ = {"latitude": "52.00177", "longitude": "4.1655"}


def _lamp(world, **kwargs):
    eerdere = SchouwFactory(traject=world.traject)
    return BevindingFactory(schouw=eerdere, categorie=Categorie.objects.get(naam="Verlichting"),
                            latitude=52.0017, longitude=4.1655, **kwargs)


def test_a_capture_near_an_open_finding_of_its_category_is_refused_with_the_candidates(
    world, schouw
):
    lamp = _lamp(world)
    FotoFactory(bevinding=lamp)
    response = world.client_for("gemeente").post(url(schouw), post_data(**DICHTBIJ), **JSON)
    assert response.status_code == 400
    kandidaat, = response.json()["kandidaten"]
    assert kandidaat["id"] == lamp.pk and 5 <= kandidaat["afstand"] <= 12
    assert kandidaat["foto"].endswith("/mini/")
    assert "vlakbij" in response.json()["fouten"]["__all__"][0]
    assert Bevinding.objects.count() == 1


def test_without_script_the_page_shows_the_candidates_with_buttons(world, schouw):
    lamp = _lamp(world)
    response = world.client_for("gemeente").post(url(schouw), post_data(**DICHTBIJ))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="dubbel" value="{lamp.pk}"' in html and 'value="nieuw"' in html


def test_dezelfde_als_saves_the_capture_as_a_duplicate(world, schouw):
    lamp = _lamp(world)
    response = world.client_for("gemeente").post(
        url(schouw), post_data(dubbel=str(lamp.pk), **DICHTBIJ), **JSON)
    assert response.status_code == 201
    nieuw = Bevinding.objects.get(pk=response.json()["id"])
    assert nieuw.status == Bevinding.Status.DUBBEL and nieuw.dubbel_van == lamp


def test_toch_nieuw_saves_a_new_finding(world, schouw):
    _lamp(world)
    response = world.client_for("gemeente").post(
        url(schouw), post_data(dubbel="nieuw", **DICHTBIJ), **JSON)
    assert response.status_code == 201
    assert Bevinding.objects.get(pk=response.json()["id"]).status != Bevinding.Status.DUBBEL


def test_other_categories_far_or_closed_findings_raise_no_warning(world, schouw):
    _lamp(world, status=Bevinding.Status.OPGELOST)
    BevindingFactory(schouw=schouw, categorie=Categorie.objects.get(naam="Groen"),
                     latitude=52.0017, longitude=4.1655)
    _lamp(world).__class__.objects.filter(status="nieuw", categorie__naam="Verlichting").update(
        latitude=52.01)  # about a kilometre away
    response = world.client_for("gemeente").post(url(schouw), post_data(**DICHTBIJ), **JSON)
    assert response.status_code == 201


def test_a_finding_of_another_trajectory_is_no_candidate(world, schouw):
    ander = SchouwFactory(traject=world.ander_traject)
    BevindingFactory(schouw=ander, categorie=Categorie.objects.get(naam="Verlichting"),
                     latitude=52.0017, longitude=4.1655)
    response = world.client_for("gemeente").post(url(schouw), post_data(**DICHTBIJ), **JSON)
    assert response.status_code == 201


def test_dezelfde_als_a_finding_of_another_trajectory_is_refused(world, schouw):
    ander = BevindingFactory(schouw=SchouwFactory(traject=world.ander_traject))
    response = world.client_for("gemeente").post(
        url(schouw), post_data(dubbel=str(ander.pk), **DICHTBIJ), **JSON)
    assert response.status_code == 400
    assert "bestaat niet" in response.json()["fouten"]["__all__"][0]
    assert not Bevinding.objects.filter(schouw=schouw).exists()


def test_the_service_applies_the_check_to_any_caller(world, schouw):
    import pytest

    _lamp(world)
    with pytest.raises(services.MogelijkDubbel):
        services.bevinding_vastleggen(
            schouw=schouw, door=world.users["gemeente"], omschrijving="x",
            categorie=Categorie.objects.get(naam="Verlichting"), latitude=52.00177,
            longitude=4.1655)
    assert Bevinding.objects.count() == 1


def test_the_capture_page_links_the_candidate(world, schouw):
    lamp = _lamp(world)
    html = world.client_for("gemeente").post(url(schouw), post_data(**DICHTBIJ)).content.decode()
    assert reverse("schouwen:bevinding-detail",
                   args=[world.traject.pk, lamp.schouw_id, lamp.pk]) in html
