"""Capturing a finding with photos, and the bad uploads that must leave nothing behind."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schouwen.models import Bevinding, Categorie, Foto, Schouw
from tests import fotos


def url(schouw):
    return reverse("schouwen:bevinding-nieuw", args=[schouw.traject_id, schouw.pk])


def post_data(**extra):
    data = {
        "categorie": Categorie.objects.get(naam="Verlichting").pk,
        "omschrijving": "Lantaarnpaal brandt niet",
        "ernst": "oranje",
        "straat": "Langestraat",
        "huisnummer": "12",
        "latitude": "",
        "longitude": "",
        "organisatie": "",
        "melding": "",
        "client_id": str(uuid.uuid4()),
    }
    data.update(extra)
    return data


def upload(data, name="IMG_0001.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_partner_captures_finding_with_photo_and_map_point(world, schouw, media_files):
    client = world.client_for("politie")
    response = client.post(url(schouw), post_data(
        latitude="52.0017", longitude="4.1655", fotos=[upload(fotos.jpeg_bytes((3000, 2000)))],
    ))
    bevinding = Bevinding.objects.get()
    assert response.status_code == 302
    assert response["Location"] == bevinding.get_absolute_url()
    assert (bevinding.latitude, bevinding.longitude) == (52.0017, 4.1655)
    assert bevinding.vastgelegd_door == world.users["politie"]
    # Verlichting is usually the gemeente's: filled from the category.
    assert bevinding.organisatie == world.organisaties["gemeente"]
    assert bevinding.status == Bevinding.Status.TOEGEWEZEN
    foto = bevinding.fotos.get()
    assert (foto.breedte, foto.hoogte) == (2000, 1333)
    assert len(media_files()) == 3
    schouw.refresh_from_db()
    assert schouw.status == Schouw.Status.BEZIG


def test_photo_exif_position_fills_a_missing_map_point(world, schouw):
    data = fotos.jpeg_bytes(latitude=52.00195, longitude=4.16402)
    world.client_for("gemeente").post(url(schouw), post_data(fotos=[upload(data)]))
    bevinding = Bevinding.objects.get()
    assert bevinding.latitude == pytest.approx(52.00195, abs=1e-6)
    assert bevinding.longitude == pytest.approx(4.16402, abs=1e-6)
    assert bevinding.fotos.get().latitude == pytest.approx(52.00195, abs=1e-6)


def test_several_photos_heic_and_png_in_one_finding(world, schouw, media_files):
    world.client_for("brandweer").post(url(schouw), post_data(fotos=[
        upload(fotos.jpeg_bytes()), upload(fotos.png_bytes(), "a.png", "image/png"),
        upload(fotos.heic_bytes(), "b.heic", "image/heic"),
    ]))
    assert Bevinding.objects.get().fotos.count() == 3
    assert len(media_files()) == 9


def test_chosen_organisation_overrides_the_category(world, schouw):
    world.client_for("coordinator").post(url(schouw), post_data(
        organisatie=world.organisaties["ondernemer"].pk))
    assert Bevinding.objects.get().organisatie == world.organisaties["ondernemer"]


def test_photo_view_serves_the_stripped_jpeg_to_members(world, schouw):
    data = fotos.jpeg_bytes(latitude=52.0, longitude=4.1)
    world.client_for("politie").post(url(schouw), post_data(fotos=[upload(data)]))
    foto = Foto.objects.get()
    args = [schouw.traject_id, schouw.pk, foto.pk]
    response = world.client_for("auditor").get(reverse("schouwen:foto", args=[*args, "groot"]))
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "image/jpeg"
    assert body[:2] == b"\xff\xd8" and b"Exif" not in body[:200]
    assert world.client_for("outsider").get(
        reverse("schouwen:foto", args=[*args, "mini"])).status_code == 404
    assert world.client_for("anonymous").get(
        reverse("schouwen:foto", args=[*args, "mini"])).status_code == 404
    assert world.client_for("politie").get(
        reverse("schouwen:foto", args=[*args, "origineel"])).status_code == 404


@pytest.mark.parametrize(
    ("maak", "naam", "melding"),
    [
        (fotos.text_bytes, "tekst.jpg", "geen foto"),
        (fotos.truncated_jpeg, "half.jpg", "beschadigd of onvolledig"),
        (fotos.bomb_png, "bom.png", "te veel pixels"),
        (fotos.svg_bytes, "tekening.svg", "geen foto"),
        (lambda: fotos.jpeg_bytes((100, 100)) + b"\0" * (2 * 1024 * 1024), "groot.jpg",
         "te groot"),
    ],
    ids=["text-renamed-jpg", "truncated-jpeg", "decompression-bomb", "svg", "oversized"],
)
def test_bad_upload_is_refused_and_leaves_nothing(world, schouw, media_files, settings,
                                                  maak, naam, melding):
    settings.PHOTO_MAX_MB = 1
    client = world.client_for("gemeente")
    response = client.post(url(schouw), post_data(fotos=[upload(fotos.jpeg_bytes()),
                                                         upload(maak(), naam)]))
    assert response.status_code == 200
    fouten = " ".join(response.context["form"].errors["fotos"])
    assert naam in fouten and melding in fouten
    assert melding in response.content.decode()
    assert not Bevinding.objects.exists()
    assert not Foto.objects.exists()
    assert media_files() == []
    schouw.refresh_from_db()
    assert schouw.status == Schouw.Status.GEPLAND


def test_adding_a_bad_photo_to_an_existing_finding_changes_nothing(world, schouw, media_files):
    client = world.client_for("gemeente")
    client.post(url(schouw), post_data(fotos=[upload(fotos.jpeg_bytes())]))
    bevinding = Bevinding.objects.get()
    voor = media_files()
    response = client.post(bevinding.get_absolute_url(),
                           {"fotos": [upload(fotos.truncated_jpeg())]})
    assert response.status_code == 200
    assert "beschadigd" in response.content.decode()
    assert bevinding.fotos.count() == 1
    assert media_files() == voor


def test_storage_failure_midway_removes_the_files_already_written(world, schouw, media_files,
                                                                  monkeypatch):
    from schouwen import services

    original = Foto.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("schijf vol")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Foto, "save", failing_save)
    with pytest.raises(OSError):
        services.bevinding_vastleggen(
            schouw=schouw, door=world.users["gemeente"],
            categorie=Categorie.objects.get(naam="Groen"), omschrijving="x",
            fotos=[upload(fotos.jpeg_bytes()), upload(fotos.jpeg_bytes())],
        )
    assert not Bevinding.objects.exists()
    assert media_files() == []


def test_map_point_must_have_both_coordinates(world, schouw):
    response = world.client_for("gemeente").post(url(schouw), post_data(latitude="52.0"))
    assert response.status_code == 200
    assert "zowel breedte- als lengtegraad" in response.content.decode()
    assert not Bevinding.objects.exists()


def test_completed_schouw_takes_no_new_findings(world, schouw):
    from schouwen.services import schouw_afronden

    schouw_afronden(schouw=schouw)
    response = world.client_for("gemeente").post(url(schouw), post_data())
    assert response.status_code == 302
    assert not Bevinding.objects.exists()


def test_partner_edits_own_finding_but_not_anothers(world, schouw):
    world.client_for("gemeente").post(url(schouw), post_data())
    bevinding = Bevinding.objects.get()
    edit = reverse("schouwen:bevinding-bewerken",
                   args=[schouw.traject_id, schouw.pk, bevinding.pk])
    data = post_data(omschrijving="Twee lantaarnpalen branden niet", versie=bevinding.versie)
    assert world.client_for("politie").post(edit, data).status_code == 403
    assert world.client_for("gemeente").post(edit, data).status_code == 302
    bevinding.refresh_from_db()
    assert bevinding.omschrijving == "Twee lantaarnpalen branden niet"


def test_capture_page_has_camera_input_map_and_position_button(world, schouw, settings):
    settings.LEAFLET_CONFIG = {**settings.LEAFLET_CONFIG,
                               "TILES": "https://tegels.example.org/{z}/{x}/{y}.png"}
    html = world.client_for("ondernemer").get(url(schouw)).content.decode()
    assert 'accept="image/*"' in html and 'capture="environment"' in html
    assert 'id="mijn-positie"' in html
    assert 'data-tegels="https://tegels.example.org/{z}/{x}/{y}.png"' in html
    assert "js/schouwen-vastleggen.js" in html
