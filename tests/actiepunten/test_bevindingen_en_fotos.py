import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actiepunten.models import Actiepunt, Bewijsfoto, Bron, Herinnering, Prioriteit, Soort
from actiepunten.services import link_token
from schouwen.models import Bevinding, Ernst, Schouwdeelnemer
from tests import fotos
from tests.actiepunten.factories import ActiepuntFactory
from tests.media import stored_files
from tests.schouwen.factories import BevindingFactory, SchouwFactory


def _bevindingen(world, n=3, **kwargs):
    schouw = SchouwFactory(traject=world.traject, titel="Avondschouw centrum")
    return [BevindingFactory(schouw=schouw, vastgelegd_door=world.users["politie"],
                             organisatie=world.organisaties["gemeente"], **kwargs)
            for _ in range(n)]


def _url(world):
    return reverse("actiepunten:van-bevindingen", args=[world.traject.pk])


def test_triage_link_preselects_findings(world):
    a, b, c = _bevindingen(world)
    html = world.client_for("coordinator").get(
        f"{_url(world)}?bevinding={a.pk}&bevinding={c.pk}"
    ).content.decode()
    checked = set(re.findall(r'<input[^>]*value="(\d+)"[^>]*checked', html))
    assert checked == {str(a.pk), str(c.pk)}
    assert b.omschrijving in html


def test_each_finding_becomes_its_own_item_linked_both_ways(world):
    bevindingen = _bevindingen(world, ernst=Ernst.ROOD)
    response = world.client_for("coordinator").post(_url(world), {
        "bevindingen": [b.pk for b in bevindingen], "deadline": "2026-09-01",
    })
    assert response.status_code == 302
    assert Actiepunt.objects.count() == 3
    for bevinding in bevindingen:
        bevinding.refresh_from_db()
        assert bevinding.status == Bevinding.Status.ACTIEPUNT
        actiepunt = bevinding.actiepunten.get()
        assert list(actiepunt.bevindingen.all()) == [bevinding]
        assert actiepunt.bron == Bron.SCHOUW and actiepunt.prioriteit == Prioriteit.HOOG
        assert actiepunt.organisatie == world.organisaties["gemeente"]
        assert actiepunt.deadline == datetime.date(2026, 9, 1)
        assert actiepunt.history.get().history_user == world.users["coordinator"]


def test_many_findings_can_become_one_item(world):
    bevindingen = _bevindingen(world)
    response = world.client_for("coordinator").post(_url(world), {
        "bevindingen": [b.pk for b in bevindingen], "samenvoegen": "on",
        "titel": "Verlichting Langestraat herstellen",
    })
    actiepunt = Actiepunt.objects.get()
    assert response["Location"] == actiepunt.get_absolute_url()
    assert actiepunt.titel == "Verlichting Langestraat herstellen"
    assert set(actiepunt.bevindingen.all()) == set(bevindingen)
    assert all(b.omschrijving in actiepunt.omschrijving for b in bevindingen)
    detail = world.client_for("auditor").get(actiepunt.get_absolute_url()).content.decode()
    assert "Gemaakt van schouwbevindingen" in detail


def test_combining_without_title_is_refused_and_nothing_is_made(world):
    bevindingen = _bevindingen(world)
    response = world.client_for("coordinator").post(_url(world), {
        "bevindingen": [b.pk for b in bevindingen], "samenvoegen": "on",
    })
    assert "Geef het gezamenlijke actiepunt een titel." in response.content.decode()
    assert not Actiepunt.objects.exists()
    assert not Bevinding.objects.filter(status=Bevinding.Status.ACTIEPUNT).exists()


def test_finding_of_another_trajectory_cannot_be_chosen(world):
    _bevindingen(world, n=1)
    vreemd = BevindingFactory(schouw=SchouwFactory(traject=world.ander_traject))
    response = world.client_for("coordinator").post(_url(world), {"bevindingen": [vreemd.pk]})
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Actiepunt.objects.exists()


def test_a_finding_becomes_an_item_only_once(world):
    (bevinding,) = _bevindingen(world, n=1)
    client = world.client_for("coordinator")
    client.post(_url(world), {"bevindingen": [bevinding.pk]})
    _bevindingen(world, n=1)
    response = client.post(_url(world), {"bevindingen": [bevinding.pk]})
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Actiepunt.objects.count() == 1


# Evidence photos ------------------------------------------------------------------------------

def _media_files(settings):
    return stored_files()


def _upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_responsible_partner_uploads_evidence_photos_without_metadata(world, actiepunt, settings):
    response = world.client_for("gemeente").post(
        reverse("actiepunten:fotos", args=[world.traject.pk, actiepunt.pk]),
        {"fotos": [_upload("straat.jpg", fotos.jpeg_bytes(latitude=52.0, longitude=4.16)),
                   _upload("straat.png", fotos.png_bytes(), "image/png")]},
    )
    assert response.status_code == 302
    assert Bewijsfoto.objects.filter(actiepunt=actiepunt).count() == 2
    foto = Bewijsfoto.objects.first()
    assert foto.geupload_door == world.users["gemeente"]
    beeld = world.client_for("auditor").get(
        reverse("actiepunten:foto", args=[world.traject.pk, actiepunt.pk, foto.pk, "groot"])
    )
    data = b"".join(beeld.streaming_content)
    assert data.startswith(b"\xff\xd8") and b"Exif" not in data
    assert beeld["Cache-Control"].startswith("private")


@pytest.mark.parametrize(("naam", "data", "melding"), [
    ("kapot.jpg", fotos.truncated_jpeg(), "beschadigd"),
    ("tekening.svg", fotos.svg_bytes(), "geen foto"),
    ("bom.png", fotos.bomb_png(), "te veel pixels"),
])
def test_bad_photo_is_refused_in_dutch_and_nothing_is_stored(world, actiepunt, settings,
                                                              naam, data, melding):
    response = world.client_for("coordinator").post(
        reverse("actiepunten:fotos", args=[world.traject.pk, actiepunt.pk]),
        {"fotos": [_upload("goed.jpg", fotos.jpeg_bytes()), _upload(naam, data)]}, follow=True,
    )
    assert melding in response.content.decode().lower()
    assert not Bewijsfoto.objects.exists()
    assert _media_files(settings) == []


def test_photo_of_another_trajectory_is_404_for_outsider(world, actiepunt):
    world.client_for("coordinator").post(
        reverse("actiepunten:fotos", args=[world.traject.pk, actiepunt.pk]),
        {"fotos": [_upload("a.jpg", fotos.jpeg_bytes())]},
    )
    foto = Bewijsfoto.objects.get()
    url = reverse("actiepunten:foto", args=[world.traject.pk, actiepunt.pk, foto.pk, "mini"])
    assert world.client_for("outsider").get(url).status_code == 404
    assert world.client_for("anonymous").get(url).status_code == 404


def test_entrepreneur_uploads_photos_through_the_link(world, client):
    actiepunt = ActiepuntFactory(traject=world.traject, extern_email="winkel@example.org")
    url = reverse("actiepunten:extern", args=[actiepunt.pk, link_token(actiepunt)])
    response = client.post(url, {"foto": "1", "fotos": [_upload("slot.jpg", fotos.jpeg_bytes())]})
    assert response.status_code == 302
    foto = Bewijsfoto.objects.get()
    assert foto.extern_email == "winkel@example.org" and foto.geupload_door is None
    ander = ActiepuntFactory(traject=world.traject, extern_email="ander@example.org")
    vreemd = reverse("actiepunten:extern-foto", args=[ander.pk, link_token(ander), foto.pk])
    assert client.get(vreemd).status_code == 404


# Schouw reminders -------------------------------------------------------------------------------

AMS = datetime.timezone(datetime.timedelta(hours=2))


def test_planned_schouw_reminds_invited_participants_the_day_before(
    world, django_capture_on_commit_callbacks
):
    from actiepunten.tasks import herinneringen_sweep

    schouw = SchouwFactory(traject=world.traject, titel="Avondschouw",
                           begin=datetime.datetime(2026, 6, 11, 20, tzinfo=AMS))
    Schouwdeelnemer.objects.create(
        schouw=schouw, lidmaatschap=world.traject.lidmaatschappen.get(user=world.users["brandweer"])
    )
    with (
        time_machine.travel(datetime.datetime(2026, 6, 10, 7, tzinfo=AMS), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        herinneringen_sweep.delay()
        herinneringen_sweep.delay()
    herinnering = Herinnering.objects.get(soort=Soort.SCHOUW)
    assert herinnering.ontvanger == "brandweer@example.org"
    assert herinnering.peildatum == datetime.date(2026, 6, 11)
    assert len(mail.outbox) == 1 and "Avondschouw" in mail.outbox[0].subject
