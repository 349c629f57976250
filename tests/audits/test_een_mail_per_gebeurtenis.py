"""Exactly one mail per event: the entrepreneur's link goes once (on save or on the button, not
both) and the coordinator is told it went; the automatic dossier send does not send what already
went out by hand; the audit page never announces a sending date in the past."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from actiepunten.models import Actiepunt
from audits.models import AuditAuditor, DossierVersie, DossierVerzending
from audits.tasks import dossiers_versturen
from kvo.models import Bericht
from kvo.outbox import berichten_versturen
from tests.actiepunten.factories import ActiepuntFactory
from tests.factories import UserFactory, lid
from trajects.models import Rol

pytestmark = pytest.mark.django_db
AUDITDATUM = datetime.date(2019, 6, 27)  # AuditFactory's date; the lead time is 14 days


def op(dag, uur=8):
    return time_machine.travel(datetime.datetime.combine(dag, datetime.time(uur)), tick=False)


def berichten(body):
    return body[body.index('aria-live="polite"'):body.index("</main>")]


# The entrepreneur's link ------------------------------------------------------------------------

def test_link_is_mailed_once_on_save_and_the_message_says_so(world):
    client = world.client_for("coordinator")
    # The relay has not run yet: the link mail waits in the outbox.
    response = client.post(reverse("actiepunten:nieuw", args=[world.traject.pk]), {
        "titel": "Container afsluiten", "bron": "schouw", "prioriteit": "midden",
        "extern_email": "winkel@example.org", "deadline": "2026-07-01",
    }, follow=True)
    assert "De link is gemaild naar winkel@example.org." in berichten(response.content.decode())
    actiepunt = Actiepunt.objects.get(titel="Container afsluiten")
    assert response.redirect_chain[-1][0] == actiepunt.get_absolute_url()
    [bericht] = Bericht.objects.filter(soort="actiepunten.link")
    assert bericht.status == Bericht.Status.WACHTEND
    versturen = reverse("actiepunten:link-versturen", args=[world.traject.pk, actiepunt.pk])

    # Pressing the button as well while that mail still waits: still one mail.
    response = client.post(versturen, follow=True)
    assert "staat al klaar om te worden verzonden; er gaat geen tweede mail" in berichten(
        response.content.decode())
    assert Bericht.objects.filter(soort="actiepunten.link").count() == 1
    assert berichten_versturen() == 1
    assert [m.to for m in mail.outbox] == [["winkel@example.org"]]

    # Once it went out, the button sends it again on purpose, and says so.
    response = client.post(versturen, follow=True)
    assert "De link is opnieuw gemaild naar winkel@example.org." in berichten(
        response.content.decode())
    assert Bericht.objects.filter(soort="actiepunten.link").exclude(pk=bericht.pk).count() == 1
    assert berichten_versturen() == 1
    assert len(mail.outbox) == 2


def test_changed_address_mails_the_new_one_once_and_says_so(
    world, django_capture_on_commit_callbacks
):
    actiepunt = ActiepuntFactory(traject=world.traject, titel="Hek", extern_email="oud@example.org")
    client = world.client_for("coordinator")
    pagina = client.get(reverse("actiepunten:bewerken", args=[world.traject.pk, actiepunt.pk]))
    assert pagina.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("actiepunten:bewerken", args=[world.traject.pk, actiepunt.pk]),
            {"titel": "Hek", "bron": "overig", "prioriteit": "midden",
             "extern_email": "nieuw@example.org", "versie": actiepunt.versie}, follow=True,
        )
    body = berichten(response.content.decode())
    assert "De link is gemaild naar nieuw@example.org; eerdere links werken niet meer." in body
    assert [m.to for m in mail.outbox] == [["nieuw@example.org"]]
    # Saving again without a new address mails nothing and says nothing about a link.
    actiepunt.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("actiepunten:bewerken", args=[world.traject.pk, actiepunt.pk]),
            {"titel": "Hek dicht", "bron": "overig", "prioriteit": "midden",
             "extern_email": "nieuw@example.org", "versie": actiepunt.versie}, follow=True,
        )
    assert "gemaild" not in berichten(response.content.decode())
    assert len(mail.outbox) == 1


# The dossier before the audit -------------------------------------------------------------------

def _sweep(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossiers_versturen.apply()


def _met_de_hand(world, audit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for("coordinator").post(
            reverse("audits:dossier-versturen", args=[world.traject.pk, audit.pk]))
    assert response.status_code == 302


def test_sweep_does_not_send_again_what_went_out_by_hand_within_the_lead_time(
    world, audit, django_capture_on_commit_callbacks
):
    with op(AUDITDATUM - datetime.timedelta(days=10)):
        _met_de_hand(world, audit, django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 2
        _sweep(django_capture_on_commit_callbacks)
    with op(AUDITDATUM - datetime.timedelta(days=9)):
        _sweep(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert DossierVersie.objects.filter(audit=audit).count() == 1
    assert not DossierVerzending.objects.filter(soort="automatisch").exists()
    body = world.client_for("coordinator").get(audit.get_absolute_url()).content.decode()
    assert "naar alle ontvangers verstuurd; het gaat niet automatisch nog eens" in body


def test_sweep_sends_only_to_who_did_not_have_the_latest_version(
    world, audit, django_capture_on_commit_callbacks
):
    with op(AUDITDATUM - datetime.timedelta(days=12)):
        _met_de_hand(world, audit, django_capture_on_commit_callbacks)
    nieuwe_auditor = UserFactory(email="tweede.auditor@example.org")
    lid(world.traject, world.organisaties["auditor"], Rol.AUDITOR, user=nieuwe_auditor)
    AuditAuditor.objects.create(audit=audit, user=nieuwe_auditor)
    mail.outbox = []
    with op(AUDITDATUM - datetime.timedelta(days=11)):
        _sweep(django_capture_on_commit_callbacks)
        _sweep(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["tweede.auditor@example.org"]]


def test_a_send_by_hand_before_the_lead_time_does_not_stop_the_sweep(
    world, audit, django_capture_on_commit_callbacks
):
    with op(AUDITDATUM - datetime.timedelta(days=30)):
        _met_de_hand(world, audit, django_capture_on_commit_callbacks)
    mail.outbox = []
    with op(AUDITDATUM - datetime.timedelta(days=14)):
        _sweep(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["auditor@example.org",
                                                      "coordinator@example.org"]
    assert DossierVerzending.objects.filter(soort="automatisch").count() == 2


@pytest.mark.parametrize(("dagen_voor", "verwacht", "niet"), [
    (20, "Het dossier gaat op 13 juni 2019 automatisch", None),
    (14, "bij de eerstvolgende dagelijkse verzending", "Het dossier gaat op"),
    (3, "bij de eerstvolgende dagelijkse verzending", "Het dossier gaat op"),
    (-2, "De auditdatum is voorbij: het dossier gaat niet meer automatisch.", "Het dossier gaat"),
])
def test_audit_page_never_announces_a_sending_date_in_the_past(
    world, audit, dagen_voor, verwacht, niet
):
    with op(AUDITDATUM - datetime.timedelta(days=dagen_voor)):
        body = world.client_for("auditor").get(audit.get_absolute_url()).content.decode()
    assert verwacht in body
    if niet:
        assert niet not in body
