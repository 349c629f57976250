"""Django admin: every registered model's list (with search and filters) and forms open."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import DocumentVersieFactory, OverlegFactory
from trajects.models import FaseWijziging

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_met_data(world, admin_client):
    DocumentVersieFactory(document__traject=world.traject, geupload_door=world.users["gemeente"])
    OverlegFactory(traject=world.traject)
    world.traject.naar_fase("analyse", door=world.users["coordinator"], toelichting="Start")
    return admin_client


@pytest.mark.parametrize(
    "model", sorted(admin.site._registry, key=lambda m: m._meta.label),
    ids=lambda m: m._meta.label,
)
def test_admin_list_search_and_add_pages_open(admin_client_met_data, model):
    model_admin = admin.site._registry[model]
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    assert admin_client_met_data.get(changelist).status_code == 200
    if model_admin.search_fields:
        assert admin_client_met_data.get(changelist, {"q": "Westland"}).status_code == 200
    add = admin_client_met_data.get(reverse("admin:{}_{}_add".format(*info)))
    assert add.status_code in (200, 403)
    obj = model._default_manager.first()
    if obj is not None:
        change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        assert admin_client_met_data.get(change).status_code == 200


def test_every_trajects_model_is_in_admin():
    from django.apps import apps

    missing = [m._meta.label for m in apps.get_app_config("trajects").get_models()
               if m not in admin.site._registry]
    assert missing == []


def test_phase_history_is_read_only_in_admin(admin_client_met_data):
    wijziging = FaseWijziging.objects.first()
    url = reverse("admin:trajects_fasewijziging_change", args=[wijziging.pk])
    admin_client_met_data.post(url, {"toelichting": "gewijzigd"})
    delete = reverse("admin:trajects_fasewijziging_delete", args=[wijziging.pk])
    assert admin_client_met_data.post(delete, {"post": "yes"}).status_code == 403
    wijziging.refresh_from_db()
    assert wijziging.toelichting == "Start"


def test_staff_creates_user_in_admin(admin_client):
    from kvo.models import User

    response = admin_client.post(reverse("admin:kvo_user_add"), {
        "email": "nieuw@example.org", "naam": "Nieuw", "password1": "Kvo-beheer-2026!",
        "password2": "Kvo-beheer-2026!", "usable_password": "true",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(email="nieuw@example.org").check_password("Kvo-beheer-2026!")


def _gebied_data(gebied, **extra):
    return {"naam": gebied.naam, "soort": gebied.soort, "gemeente": gebied.gemeente,
            "straten": gebied.straten, "latitude": gebied.latitude,
            "longitude": gebied.longitude, "grens": "", "stratenkaart": "", **extra}


def test_area_outline_and_streets_upload_as_geojson_files(world, admin_client):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    gebied = world.traject.gebied
    grens = {"type": "Polygon", "coordinates": [
        [[4.16, 52.0], [4.17, 52.0], [4.17, 52.01], [4.16, 52.0]]]}
    straten = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
               "geometry": {"type": "LineString", "coordinates": [[4.16, 52.0], [4.17, 52.01]]}}]}
    url = reverse("admin:trajects_gebied_change", args=[gebied.pk])
    response = admin_client.post(url, _gebied_data(
        gebied,
        grens_bestand=SimpleUploadedFile("grens.geojson", json.dumps(grens).encode()),
        stratenkaart_bestand=SimpleUploadedFile("straten.geojson", json.dumps(straten).encode()),
    ))
    assert response.status_code == 302
    gebied.refresh_from_db()
    assert gebied.grens == grens and gebied.stratenkaart == straten
    assert len(gebied.grenslijnen) == 1 and len(gebied.stratenlijnen) == 1


@pytest.mark.parametrize(("inhoud", "melding"), [
    (b"\xff\xfe niet eens tekst", "Dit is geen JSON-bestand."),
    (b'{"type": "LineString", "coordinates": [[79000, 447000], [79100, 447100]]}',
     "Geen bruikbare GeoJSON: coördinaten buiten WGS84"),
])
def test_a_bad_geojson_file_is_refused_in_dutch_and_changes_nothing(
    world, admin_client, inhoud, melding
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    gebied = world.traject.gebied
    url = reverse("admin:trajects_gebied_change", args=[gebied.pk])
    response = admin_client.post(url, _gebied_data(
        gebied, grens_bestand=SimpleUploadedFile("grens.geojson", inhoud)))
    assert response.status_code == 200
    assert melding in response.content.decode()
    gebied.refresh_from_db()
    assert gebied.grens is None
