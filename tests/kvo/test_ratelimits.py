"""Rate limits on public and expensive endpoints: a limited request gets the Dutch 429 page and
changes nothing; PDF generation runs once per object, a second request joins it."""

import datetime
import uuid
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actiepunten.models import Opmerking
from actiepunten.services import link_token
from audits.models import AuditAuditor, Dossieraanvraag, DossierVersie, DossierVerzending
from enquetes import services as enquete_services
from kvo.models import Bericht
from schouwen.models import Schouwrapport
from tests.actiepunten.factories import ActiepuntFactory
from tests.audits.factories import AuditFactory, CertificaatFactory
from tests.enquetes.factories import MetingFactory, OntvangerFactory, vragenlijst
from tests.factories import UserFactory
from tests.schouwen.factories import SchouwFactory
from trajects.models import Uitnodiging

pytestmark = pytest.mark.django_db

LIMITED = "Te veel verzoeken"


@pytest.fixture(autouse=True)
def ratelimits(settings):
    """Limits on, counted in a cache of this test's own (a fresh key prefix)."""
    settings.RATELIMIT_ENABLE = True
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": uuid.uuid4().hex}}
    return settings


def assert_limited(response):
    assert response.status_code == 429
    assert LIMITED in response.content.decode()
    assert response["Retry-After"]
    assert "Content-Security-Policy" in response


def test_certificate_lookup_is_limited_per_address(ratelimits):
    ratelimits.RATELIMIT_CERTIFICAAT = "3/m"
    certificaat = CertificaatFactory()
    url = reverse("audits:certificaat-verifieren")
    client = Client()
    for _ in range(3):
        response = client.get(url, {"nummer": certificaat.nummer}, REMOTE_ADDR="192.0.2.1")
        assert response.status_code == 200
        assert certificaat.nummer in response.content.decode()
    assert_limited(client.get(url, {"nummer": certificaat.nummer}, REMOTE_ADDR="192.0.2.1"))
    # Another address is not affected.
    assert client.get(url, {"nummer": "X"}, REMOTE_ADDR="198.51.100.9").status_code == 200


def test_limit_uses_the_trusted_proxy_address_not_a_forged_one(ratelimits):
    ratelimits.RATELIMIT_CERTIFICAAT = "2/m"
    ratelimits.TRUSTED_PROXY_COUNT = 1
    url = reverse("audits:certificaat-verifieren")
    client = Client()
    for i in range(2):
        # The client puts a different made-up address in front each time; the proxy appends
        # the real one, which is what counts.
        forged = f"10.0.0.{i}, 203.0.113.5"
        assert client.get(url, HTTP_X_FORWARDED_FOR=forged, REMOTE_ADDR="127.0.0.1")\
            .status_code == 200
    assert_limited(client.get(url, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5",
                              REMOTE_ADDR="127.0.0.1"))
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.6", REMOTE_ADDR="127.0.0.1")\
        .status_code == 200


def herstelmails():
    """Reset mails written to the outbox (kvo/outbox.py sends them after commit)."""
    return Bericht.objects.filter(soort="kvo.wachtwoord_herstel").count()


def test_password_reset_is_limited_per_account_whatever_the_address(ratelimits):
    ratelimits.RATELIMIT_WACHTWOORD_ACCOUNT = "2/h"
    UserFactory(email="gemeente@example.org")
    UserFactory(email="politie@example.org")
    url = reverse("password_reset")
    client = Client()
    for ip in ["192.0.2.1", "192.0.2.2"]:
        assert client.post(url, {"email": "gemeente@example.org"}, REMOTE_ADDR=ip)\
            .status_code == 302
    assert herstelmails() == 2
    assert_limited(client.post(url, {"email": " Gemeente@Example.org"}, REMOTE_ADDR="192.0.2.3"))
    assert herstelmails() == 2
    # Another account is still served, and the form itself still opens.
    assert client.post(url, {"email": "politie@example.org"}, REMOTE_ADDR="192.0.2.3")\
        .status_code == 302
    assert herstelmails() == 3
    assert client.get(url).status_code == 200


def test_password_reset_is_limited_per_address_whatever_the_account(ratelimits):
    ratelimits.RATELIMIT_WACHTWOORD_ADRES = "3/h"
    url = reverse("password_reset")
    client = Client()
    for i in range(3):
        UserFactory(email=f"persoon{i}@example.org")
        assert client.post(url, {"email": f"persoon{i}@example.org"}, REMOTE_ADDR="192.0.2.7")\
            .status_code == 302
    UserFactory(email="nog-een@example.org")
    assert_limited(client.post(url, {"email": "nog-een@example.org"}, REMOTE_ADDR="192.0.2.7"))
    assert herstelmails() == 3
    assert client.post(url, {"email": "nog-een@example.org"}, REMOTE_ADDR="192.0.2.8")\
        .status_code == 302


def test_entrepreneur_link_is_limited_and_a_limited_post_changes_nothing(world, ratelimits):
    ratelimits.RATELIMIT_LINKS = "2/m"
    actiepunt = ActiepuntFactory(traject=world.traject, extern_email="winkel@example.org")
    url = reverse("actiepunten:extern", args=[actiepunt.pk, link_token(actiepunt)])
    client = Client()
    assert client.get(url).status_code == 200
    assert client.post(url, {"opmerking": "1", "tekst": "Eerste"}).status_code == 302
    assert_limited(client.post(url, {"opmerking": "1", "tekst": "Tweede"}))
    assert list(Opmerking.objects.values_list("tekst", flat=True)) == ["Eerste"]


def test_survey_answer_link_is_limited(world, ratelimits):
    ratelimits.RATELIMIT_LINKS = "2/m"
    meting = MetingFactory(traject=world.traject)
    vragenlijst(meting)
    ontvanger = OntvangerFactory(meting=meting)
    url = reverse("enquetes:invullen", args=[enquete_services.ontvanger_token(ontvanger)])
    client = Client()
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert_limited(client.get(url))


def test_invitation_link_is_limited_even_for_forged_tokens(world, ratelimits):
    ratelimits.RATELIMIT_LINKS = "3/m"
    Uitnodiging.objects.create(traject=world.traject, email="nieuw@example.org",
                               organisatie=world.organisaties["gemeente"], rol="partner")
    client = Client()
    for i in range(3):
        url = reverse("trajects:uitnodiging-accepteren", args=[f"geraden-{i}"])
        assert client.get(url).status_code == 404
    assert_limited(client.get(reverse("trajects:uitnodiging-accepteren", args=["geraden-9"])))


@pytest.fixture
def audit(world):
    audit = AuditFactory(traject=world.traject,
                         certificerende_instelling=world.organisaties["auditor"])
    AuditAuditor.objects.create(audit=audit, user=world.users["auditor"])
    return audit


def test_dossier_requests_are_limited_per_user(
    world, audit, ratelimits, django_capture_on_commit_callbacks
):
    ratelimits.RATELIMIT_GENEREREN = "2/h"
    client = world.client_for("coordinator")
    url = reverse("audits:dossier-genereren", args=[world.traject.pk, audit.pk])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert client.post(url).status_code == 302
        Dossieraanvraag.objects.update(status=Dossieraanvraag.Status.KLAAR)
        assert client.post(url).status_code == 302
        Dossieraanvraag.objects.update(status=Dossieraanvraag.Status.KLAAR)
        assert_limited(client.post(url))
    assert len(queued) == 2
    assert Dossieraanvraag.objects.filter(audit=audit).count() == 2


def test_second_dossier_request_joins_the_running_one(
    world, audit, django_capture_on_commit_callbacks
):
    client = world.client_for("coordinator")
    genereren = reverse("audits:dossier-genereren", args=[world.traject.pk, audit.pk])
    versturen = reverse("audits:dossier-versturen", args=[world.traject.pk, audit.pk])
    with django_capture_on_commit_callbacks(execute=False) as eerste:
        client.post(genereren)
    assert len(eerste) == 1  # one generation queued, not yet run (a busy worker)
    with django_capture_on_commit_callbacks(execute=False) as tweede:
        response = client.post(genereren, follow=True)
        client.post(versturen)
    assert tweede == []  # joined: nothing new queued
    assert "wordt al gemaakt" in response.content.decode()
    # The worker runs the one generation; the send asked for meanwhile goes with it.
    with django_capture_on_commit_callbacks(execute=True):
        eerste[0]()
    assert DossierVersie.objects.filter(audit=audit).count() == 1
    assert DossierVerzending.objects.filter(audit=audit, soort="handmatig").count() == 2
    assert len(mail.outbox) == 2
    aanvraag = Dossieraanvraag.objects.get(audit=audit)
    assert aanvraag.status == Dossieraanvraag.Status.KLAAR and aanvraag.versturen
    # Finished: the next request starts a new generation.
    with django_capture_on_commit_callbacks(execute=False) as derde:
        client.post(genereren)
    assert len(derde) == 1


def test_lost_dossier_request_does_not_block_the_next(
    world, audit, django_capture_on_commit_callbacks
):
    client = world.client_for("coordinator")
    url = reverse("audits:dossier-genereren", args=[world.traject.pk, audit.pk])
    start = timezone.now()
    with time_machine.travel(start, tick=False), \
            django_capture_on_commit_callbacks(execute=False) as eerste:
        client.post(url)
    assert len(eerste) == 1  # ... and its task is lost
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False), \
            django_capture_on_commit_callbacks(execute=False) as tweede:
        client.post(url)
    assert len(tweede) == 1  # the waiting request is enqueued again
    # Its worker dies mid-render: after the time limit the next request hands it on.
    aanvraag = Dossieraanvraag.objects.get()
    Dossieraanvraag.objects.filter(pk=aanvraag.pk).update(
        status=Dossieraanvraag.Status.BEZIG, gestart=start, pogingen=2)
    later = start + datetime.timedelta(seconds=Dossieraanvraag.TIJDSLIMIET + 1)
    with time_machine.travel(later, tick=False), \
            django_capture_on_commit_callbacks(execute=False) as derde:
        client.post(url)
    assert len(derde) == 1
    aanvraag.refresh_from_db()
    assert aanvraag.status == Dossieraanvraag.Status.MISLUKT
    assert Dossieraanvraag.objects.filter(status=Dossieraanvraag.Status.AANGEVRAAGD).count() == 1


def test_second_schouw_report_request_joins_the_queued_one(
    world, django_capture_on_commit_callbacks
):
    schouw = SchouwFactory(traject=world.traject)
    client = world.client_for("coordinator")
    url = reverse("schouwen:rapport-maken", args=[world.traject.pk, schouw.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url)
        client.post(url)
    assert len(callbacks) == 1
    assert Schouwrapport.objects.filter(schouw=schouw).count() == 1


def test_schouw_report_requests_are_limited_per_user(world, ratelimits):
    ratelimits.RATELIMIT_GENEREREN = "1/h"
    schouw = SchouwFactory(traject=world.traject)
    client = world.client_for("coordinator")
    url = reverse("schouwen:rapport-maken", args=[world.traject.pk, schouw.pk])
    with mock.patch("kvo.wachtrij.aanstoten"):
        assert client.post(url).status_code == 302
        Schouwrapport.objects.all().delete()
        assert_limited(client.post(url))
    assert not Schouwrapport.objects.exists()
