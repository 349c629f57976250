"""The entrepreneur without an account: a signed, expiring link to one item only."""

import datetime

import time_machine
from django.core import mail, signing
from django.urls import reverse

from actiepunten.models import Opmerking, Status
from actiepunten.services import LINK_SALT, link_token
from tests.actiepunten.factories import ActiepuntFactory


def _link(actiepunt, token=None):
    return reverse("actiepunten:extern", args=[actiepunt.pk, token or link_token(actiepunt)])


def _item(world, **kwargs):
    return ActiepuntFactory(traject=world.traject, titel="Container afsluiten",
                            extern_email="winkel@example.org", **kwargs)


def test_assigning_an_email_mails_a_link_that_opens_the_item(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for("coordinator").post(
            reverse("actiepunten:nieuw", args=[world.traject.pk]),
            {"titel": "Container afsluiten", "bron": "schouw", "prioriteit": "midden",
             "extern_email": "Winkel@Example.org", "deadline": "2026-07-01"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["winkel@example.org"]
    link = next(w for w in bericht.body.split() if "/actiepunten/link/" in w)
    page = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert page.status_code == 200
    assert "Container afsluiten" in page.content.decode()


def test_entrepreneur_adds_a_note_through_the_link(world, client):
    actiepunt = _item(world)
    response = client.post(_link(actiepunt), {"opmerking": "1", "tekst": "Slot besteld."})
    assert response.status_code == 302
    opmerking = Opmerking.objects.get()
    assert opmerking.extern_email == "winkel@example.org" and opmerking.auteur is None


def test_report_done_through_link_then_the_link_no_longer_works(world, client):
    actiepunt = _item(world)
    link = _link(actiepunt)
    response = client.post(link, {"gereed": "1", "toelichting": "Containers zitten op slot."})
    assert response.status_code == 200
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.GEREED
    assert actiepunt.gereed_toelichting == "Containers zitten op slot."
    record = actiepunt.history.latest()
    assert "winkel@example.org" in record.history_change_reason
    hergebruik = client.post(link, {"gereed": "1", "toelichting": "Nog eens"})
    assert hergebruik.status_code == 410
    assert "werkt niet meer" in hergebruik.content.decode()


def test_report_done_without_explanation_is_refused_in_dutch(world, client):
    actiepunt = _item(world)
    response = client.post(_link(actiepunt), {"gereed": "1", "toelichting": ""})
    assert "Beschrijf kort wat er is gedaan." in response.content.decode()
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.OPEN


def test_forged_token_gets_404(world, client):
    actiepunt = _item(world)
    vervalst = signing.dumps({"a": actiepunt.pk, "n": str(actiepunt.link_nonce)},
                             salt="iets-anders")
    assert client.get(_link(actiepunt, vervalst)).status_code == 404
    assert client.get(_link(actiepunt, "zomaar-iets")).status_code == 404


def test_token_of_another_item_gets_404(world, client):
    actiepunt = _item(world)
    ander = _item(world)
    url = reverse("actiepunten:extern", args=[ander.pk, link_token(actiepunt)])
    assert client.get(url).status_code == 404
    assert client.post(url, {"gereed": "1", "toelichting": "x"}).status_code == 404
    ander.refresh_from_db()
    assert ander.status == Status.OPEN


def test_token_with_the_right_salt_but_wrong_nonce_fails(world, client):
    actiepunt = _item(world)
    token = signing.dumps({"a": actiepunt.pk, "n": "00000000-0000-0000-0000-000000000000"},
                          salt=LINK_SALT, compress=True)
    assert client.get(_link(actiepunt, token)).status_code == 410


def test_link_expires(world, client, settings):
    settings.ACTIEPUNT_LINK_MAX_AGE_DAYS = 30
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)):
        actiepunt = _item(world)
        token = link_token(actiepunt)
    with time_machine.travel(datetime.datetime(2026, 3, 30, 9, tzinfo=datetime.UTC)):
        assert client.get(_link(actiepunt, token)).status_code == 200
    with time_machine.travel(datetime.datetime(2026, 4, 1, 9, tzinfo=datetime.UTC)):
        response = client.get(_link(actiepunt, token))
        assert response.status_code == 410
        assert "verlopen" in response.content.decode()


def test_changing_the_address_revokes_old_links(
    world, client, django_capture_on_commit_callbacks
):
    actiepunt = _item(world, organisatie=world.organisaties["ondernemer"])
    oude_link = _link(actiepunt)
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("coordinator").post(
            reverse("actiepunten:bewerken", args=[world.traject.pk, actiepunt.pk]),
            {"titel": actiepunt.titel, "bron": "overig", "prioriteit": "midden",
             "organisatie": world.organisaties["ondernemer"].pk,
             "extern_email": "nieuw@example.org", "deadline": "2026-06-01", "versie": 1},
        )
    assert client.get(oude_link).status_code == 410
    assert mail.outbox[-1].to == ["nieuw@example.org"]
