"""The entrepreneur without an account: a signed, expiring link to one item only."""

import datetime

import time_machine
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actiepunten.models import Bewijsfoto, Opmerking, Status
from actiepunten.services import LINK_SALT, link_token
from tests import fotos
from tests.actiepunten.factories import ActiepuntFactory
from tests.schouwen.factories import BevindingFactory, FotoFactory


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


# What the entrepreneur sees: the finding's photo, address and map point, what is asked, the
# deadline and whom to contact.


def _item_van_bevinding(world, **kwargs):
    bevinding = BevindingFactory(
        schouw__traject=world.traject, straat="Marktplein", huisnummer="7",
        latitude=52.0021, longitude=4.1702,
    )
    foto = FotoFactory(bevinding=bevinding)
    actiepunt = _item(world, omschrijving="Zet de container achter het hek.", **kwargs)
    actiepunt.bevindingen.add(bevinding)
    return actiepunt, bevinding, foto


def _foto_link(actiepunt, foto, token=None):
    return reverse("actiepunten:extern-bevindingfoto",
                   args=[actiepunt.pk, token or link_token(actiepunt), foto.pk])


def test_anonymous_with_the_link_sees_photo_address_point_request_deadline_contact(
    world, client
):
    actiepunt, bevinding, foto = _item_van_bevinding(world)
    token = link_token(actiepunt)  # one token: a second one made a second later differs
    response = client.get(_link(actiepunt, token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Container afsluiten" in html and "Zet de container achter het hek." in html
    assert "1 juni 2026" in html
    assert "Marktplein 7" in html
    assert 'data-punt="[52.002100, 4.170200]"' in html
    assert "52.00210, 4.17020" in html
    assert _foto_link(actiepunt, foto, token) in html
    assert "coordinator@example.org" in html and "Coordinator" in html
    # Only the coordinators: a partner is no contact for the entrepreneur.
    assert "gemeente@example.org" not in html

    foto_response = client.get(_foto_link(actiepunt, foto, token))
    assert foto_response.status_code == 200
    assert foto_response["Content-Type"] == "image/jpeg"
    assert "no-store" in foto_response["Cache-Control"]
    assert b"".join(foto_response.streaming_content)[:2] == b"\xff\xd8"


def test_finding_photo_only_through_the_items_own_valid_link(world, client, settings):
    actiepunt, _bevinding, foto = _item_van_bevinding(world)
    ander = _item(world)  # a valid link, but to an item without this finding
    vreemde_foto = FotoFactory(bevinding__schouw__traject=world.traject)
    assert client.get(_foto_link(ander, foto)).status_code == 404
    assert client.get(_foto_link(actiepunt, vreemde_foto)).status_code == 404
    assert client.get(_foto_link(actiepunt, foto, token="zomaar-iets")).status_code == 404
    vervalst = signing.dumps({"a": actiepunt.pk, "n": actiepunt.link_nonce.hex},
                             salt="iets-anders", compress=True)
    assert client.get(_foto_link(actiepunt, foto, token=vervalst)).status_code == 404
    settings.ACTIEPUNT_LINK_MAX_AGE_DAYS = 30
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)):
        token = link_token(actiepunt)
    with time_machine.travel(datetime.datetime(2026, 4, 1, 9, tzinfo=datetime.UTC)):
        assert client.get(_foto_link(actiepunt, foto, token=token)).status_code == 404


def test_item_without_finding_or_coordinator_still_says_whom_to_ask(world, client):
    actiepunt = _item(world)
    world.traject.lidmaatschappen.filter(rol="coordinator").update(
        geldig_tot=datetime.date(2020, 1, 1)
    )
    html = client.get(_link(actiepunt)).content.decode()
    assert "kaart-punt" not in html and "leaflet" not in html
    assert "De coördinator van KVO-W Centrum" in html


def test_expired_link_refuses_in_dutch_and_an_upload_changes_nothing(world, client, settings):
    settings.ACTIEPUNT_LINK_MAX_AGE_DAYS = 30
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)):
        actiepunt, _bevinding, _foto = _item_van_bevinding(world)
        token = link_token(actiepunt)
    upload = SimpleUploadedFile("bewijs.jpg", fotos.jpeg_bytes((300, 200)),
                                content_type="image/jpeg")
    with time_machine.travel(datetime.datetime(2026, 4, 1, 9, tzinfo=datetime.UTC)):
        response = client.post(_link(actiepunt, token), {"foto": "1", "fotos": upload})
    assert response.status_code == 410
    html = response.content.decode()
    assert "Deze link is verlopen. Vraag de coördinator om een nieuwe." in html
    assert "Marktplein" not in html
    assert not Bewijsfoto.objects.exists()


def test_forged_link_refuses_in_dutch_and_changes_nothing(world, client):
    actiepunt, _bevinding, _foto = _item_van_bevinding(world)
    vervalst = signing.dumps({"a": actiepunt.pk, "n": actiepunt.link_nonce.hex},
                             salt="iets-anders", compress=True)
    upload = SimpleUploadedFile("bewijs.jpg", fotos.jpeg_bytes((300, 200)),
                                content_type="image/jpeg")
    response = client.post(_link(actiepunt, vervalst), {"foto": "1", "fotos": upload})
    assert response.status_code == 404
    assert "Deze link is ongeldig." in response.content.decode()
    response = client.post(_link(actiepunt, vervalst), {"gereed": "1", "toelichting": "Klaar"})
    assert response.status_code == 404
    assert not Bewijsfoto.objects.exists()
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.OPEN


def test_evidence_upload_field_asks_the_browser_to_scale_down(world, client):
    html = client.get(_link(_item(world))).content.decode()
    assert 'data-schaal-foto="2000"' in html
    assert 'class="fotos-verkleinen"' in html and "js/fotos-verkleinen" in html
