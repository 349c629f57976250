"""Each event told once, where it is seen: in-app notifications (trajects/meldingen.py) raised
by the apps where the events happen, driven through the views as the real persona; the bell's
unread count, the list, marking read; the certificate's expiry at 6, 3 and 1 months (one
notification and one mail each, also to the werkgroep's chair, and a banner)."""

import datetime
from html import escape

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actiepunten.models import Status
from actiepunten.services import link_token
from audits import services
from audits.models import Audit, CertificaatHerinnering
from kvo.models import Bericht
from tests.actiepunten.factories import ActiepuntFactory
from tests.audits.factories import CertificaatFactory
from trajects import tasks
from trajects.meldingen import melden
from trajects.models import Lidmaatschap, Melding, Werkgroeprol

pytestmark = pytest.mark.django_db


def meldingen_van(user):
    return list(Melding.objects.filter(ontvanger=user).order_by("pk"))


def bel(client):
    """The bell's text in the header of the start page."""
    body = client.get(reverse("trajects:dashboard")).content.decode()
    begin = body.index('class="btn btn-sm btn-outline-light me-2 my-1 meldingenbel"')
    return body[begin:body.index("</a>", begin)]


# Events ----------------------------------------------------------------------------------------

def test_partner_reports_item_done_coordinator_and_owner_are_told_once(world):
    actiepunt = ActiepuntFactory(
        traject=world.traject, titel="Lantaarn herstellen",
        organisatie=world.organisaties["gemeente"], verantwoordelijke=world.users["gemeente"],
    )
    politie_lid = world.users["politie"]
    actiepunt.verantwoordelijke = politie_lid
    actiepunt.save()
    response = world.client_for("gemeente").post(
        reverse("actiepunten:status", args=[world.traject.pk, actiepunt.pk]),
        {"status": "gereed", "versie": actiepunt.versie, "toelichting": "Hersteld."},
    )
    assert response.status_code == 302
    [voor_coordinator] = meldingen_van(world.users["coordinator"])
    [voor_eigenaar] = meldingen_van(politie_lid)
    assert meldingen_van(world.users["gemeente"]) == []  # who reported it is not told
    assert "Gemeente meldt actiepunt „Lantaarn herstellen” gereed" in voor_coordinator.tekst
    assert voor_coordinator.url == actiepunt.get_absolute_url()
    assert voor_coordinator.doel == actiepunt and voor_eigenaar.doel == actiepunt
    assert "1 nieuwe melding" in bel(world.client_for("coordinator"))


def test_coordinator_marks_items_done_in_bulk_and_each_owner_is_told(world):
    eigenaar = world.users["gemeente"]
    eerste, tweede = (
        ActiepuntFactory(traject=world.traject, titel=titel, verantwoordelijke=eigenaar,
                         organisatie=world.organisaties["gemeente"])
        for titel in ("Lantaarn herstellen", "Tegel vastzetten")
    )
    response = world.client_for("coordinator").post(
        reverse("actiepunten:bulk-status", args=[world.traject.pk]),
        {"status": "gereed", "actiepunten": [eerste.pk, tweede.pk],
         f"versie-{eerste.pk}": eerste.versie, f"versie-{tweede.pk}": tweede.versie},
    )
    assert response.status_code == 302
    assert sorted(m.doel.titel for m in meldingen_van(eigenaar)) == [
        "Lantaarn herstellen", "Tegel vastzetten"]
    assert meldingen_van(world.users["coordinator"]) == []  # who did it is not told


def test_entrepreneur_reports_done_through_the_link_and_the_coordinator_is_told(world, client):
    actiepunt = ActiepuntFactory(traject=world.traject, titel="Container afsluiten",
                                 extern_email="winkel@example.org")
    link = reverse("actiepunten:extern", args=[actiepunt.pk, link_token(actiepunt)])
    response = client.post(link, {"gereed": "1", "toelichting": "Op slot."})
    assert response.status_code == 200
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.GEREED
    [melding] = meldingen_van(world.users["coordinator"])
    assert "winkel@example.org meldt actiepunt „Container afsluiten” gereed" in melding.tekst
    assert Melding.objects.count() == 1


def test_auditor_records_outcome_and_the_coordinator_is_told(world, audit):
    with time_machine.travel(datetime.datetime.combine(audit.datum, datetime.time(12))):
        response = world.client_for("auditor").post(
            reverse("audits:uitkomst", args=[world.traject.pk, audit.pk]),
            {"uitkomst": "positief", "uitkomst_toelichting": "", "versie": audit.versie},
        )
    assert response.status_code == 302
    [melding] = meldingen_van(world.users["coordinator"])
    assert "Uitkomst van de certificering" in melding.tekst
    assert melding.tekst.endswith(": positief.")
    assert meldingen_van(world.users["auditor"]) == []


def test_coordinator_records_outcome_on_behalf_and_the_auditor_is_told(world, audit):
    with time_machine.travel(datetime.datetime.combine(audit.datum, datetime.time(12))):
        response = world.client_for("coordinator").post(
            reverse("audits:uitkomst", args=[world.traject.pk, audit.pk]),
            {"uitkomst": "negatief", "uitkomst_toelichting": "", "versie": audit.versie,
             "namens": "Auditor", "ontvangen": audit.datum.isoformat(),
             "herstel_deadline": (audit.datum + datetime.timedelta(days=90)).isoformat()},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Audit.objects.get(pk=audit.pk).uitkomst == "negatief"
    [melding] = meldingen_van(world.users["auditor"])
    assert melding.tekst.endswith(": negatief.")


def test_dossier_sent_is_told_to_the_auditor_once(
    world, audit, django_capture_on_commit_callbacks
):
    url = reverse("audits:dossier-versturen", args=[world.traject.pk, audit.pk])
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("coordinator").post(url)
    [melding] = meldingen_van(world.users["auditor"])
    assert "Het auditdossier (versie 1)" in melding.tekst and "2 ontvangers" in melding.tekst
    assert meldingen_van(world.users["coordinator"]) == []  # sent it themselves


def test_invitation_accepted_is_told_to_who_invited(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("coordinator").post(
            reverse("trajects:uitnodigen", args=[world.traject.pk]),
            {"email": "nieuw@example.org", "naam": "Nieuw lid",
             "organisatie": world.organisaties["gemeente"].pk, "rol": "partner",
             "werkgroeprol": "lid"},
        )
    link = next(w for w in mail.outbox[0].body.split() if "/uitnodiging/" in w)
    response = client.post(link.replace("http://127.0.0.1:8000", ""), {
        "naam": "Nieuw Lid", "wachtwoord1": "Veilig-ondernemen-2026",
        "wachtwoord2": "Veilig-ondernemen-2026",
    })
    assert response.status_code == 302
    [melding] = meldingen_van(world.users["coordinator"])
    assert melding.tekst.startswith("Nieuw Lid heeft de uitnodiging voor")
    assert melding.url == reverse("trajects:leden", args=[world.traject.pk])


# The list, the bell, marking read ---------------------------------------------------------------

def _melding(world, persona="coordinator", **extra):
    actiepunt = ActiepuntFactory(traject=world.traject, titel=extra.pop("titel", "Iets"))
    return melden(
        soort="actiepunten.gereed", traject=world.traject, ontvangers=[world.users[persona]],
        url=actiepunt.get_absolute_url(), doel=actiepunt,
        gegevens={"wie": "Gemeente", "titel": actiepunt.titel, "traject": world.traject.naam},
        **extra,
    )[0]


def test_list_shows_new_ones_marked_and_opening_one_marks_it_read(world):
    eerste = _melding(world, titel="Eerste")
    _melding(world, titel="Tweede")
    client = world.client_for("coordinator")
    assert "2 nieuwe meldingen" in bel(client)
    body = client.get(reverse("trajects:meldingen")).content.decode()
    assert body.count("melding-nieuw") == 2
    assert body.index("Tweede") < body.index("Eerste")  # newest first
    response = client.post(reverse("trajects:melding-openen", args=[eerste.pk]))
    assert response.status_code == 302 and response["Location"] == eerste.url
    eerste.refresh_from_db()
    assert eerste.is_gelezen
    assert "1 nieuwe melding" in bel(client)
    client.post(reverse("trajects:meldingen-gelezen"))
    assert not Melding.objects.filter(gelezen__isnull=True).exists()
    assert "nieuwe" not in bel(client) and "Meldingen" in bel(client)


def test_someone_elses_notification_is_404_and_stays_unread(world):
    melding = _melding(world)
    response = world.client_for("gemeente").post(
        reverse("trajects:melding-openen", args=[melding.pk]))
    assert response.status_code == 404
    world.client_for("gemeente").post(reverse("trajects:meldingen-gelezen"))
    melding.refresh_from_db()
    assert not melding.is_gelezen
    assert "Iets" not in world.client_for("gemeente").get(
        reverse("trajects:meldingen")).content.decode()


def test_same_event_is_told_once(world):
    _melding(world, sleutel="gebeurtenis:1")
    assert melden(
        soort="actiepunten.gereed", traject=world.traject,
        ontvangers=[world.users["coordinator"], world.users["coordinator"]],
        gegevens={"wie": "x", "titel": "y", "traject": "z"}, sleutel="gebeurtenis:1",
    ) == []
    assert Melding.objects.count() == 1


def test_notifications_older_than_the_setting_are_removed_read_or_not(world, settings):
    settings.MELDINGEN_BEWAREN_DAGEN = 30
    with time_machine.travel(datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC), tick=False):
        oud_gelezen = _melding(world, titel="Oud gelezen")
        oud_ongelezen = _melding(world, titel="Oud ongelezen")
        Melding.objects.filter(pk=oud_gelezen.pk).gelezen_markeren()
    with time_machine.travel(datetime.datetime(2026, 1, 30, 12, tzinfo=datetime.UTC), tick=False):
        recent = _melding(world, titel="Recent")
    with time_machine.travel(datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert tasks.meldingen_opruimen() == 2
        assert tasks.meldingen_opruimen() == 0  # a second run finds nothing
    assert list(Melding.objects.all()) == [recent]
    assert not Melding.objects.filter(pk__in=[oud_gelezen.pk, oud_ongelezen.pk]).exists()


def test_list_is_paginated_and_its_queries_do_not_grow(world):
    client = world.client_for("coordinator")
    _melding(world)

    def aantal():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("trajects:meldingen")).status_code == 200
        return len(queries)

    weinig = aantal()
    for i in range(60):
        _melding(world, titel=f"Punt {i}")
    assert aantal() == weinig
    body = client.get(reverse("trajects:meldingen")).content.decode()
    assert "Pagina 1 van 2" in body


# The certificate nears its end ------------------------------------------------------------------

def _sweep(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.certificaatherinneringen_aanmaken()


def test_expiry_at_six_three_and_one_month_told_and_mailed_once_each(
    world, django_capture_on_commit_callbacks
):
    voorzitter = world.users["ondernemer"]
    Lidmaatschap.objects.filter(user=voorzitter).update(werkgroeprol=Werkgroeprol.VOORZITTER)
    certificaat = CertificaatFactory(traject=world.traject, nummer="KVO-W-2019-001",
                                     geldig_tot=datetime.date(2022, 7, 16))
    coordinator = world.users["coordinator"]
    verwacht = []
    for dag, soort, maanden in [
        (datetime.date(2022, 1, 16), "6m", "6 maanden"),
        (datetime.date(2022, 4, 16), "3m", "3 maanden"),
        (datetime.date(2022, 6, 16), "1m", "1 maand,"),
    ]:
        for dagen in (-1, 0, 0, 1, 20):  # the day before, the day (twice), days after
            with time_machine.travel(datetime.datetime.combine(
                    dag + datetime.timedelta(days=dagen), datetime.time(7)), tick=False):
                _sweep(django_capture_on_commit_callbacks)
        verwacht.append(soort)
        assert list(CertificaatHerinnering.objects.order_by("aangemaakt").values_list(
            "soort", flat=True)) == verwacht
        for user in (coordinator, voorzitter):
            assert [m.sleutel for m in meldingen_van(user)] == [
                f"certificaat:{certificaat.pk}:{s}" for s in verwacht]
            assert sorted(m.to[0] for m in mail.outbox).count(user.email) == len(verwacht)
        assert maanden in meldingen_van(coordinator)[-1].tekst
        with time_machine.travel(datetime.datetime.combine(dag, datetime.time(12))):
            for url in (reverse("trajects:dashboard"), world.traject.get_absolute_url()):
                body = world.client_for("coordinator").get(url).content.decode()
                assert body.count(escape(f"Het certificaat KVO-W-2019-001 van "
                                         f"{world.traject.naam} verloopt over {maanden}")) == 1
    assert len(mail.outbox) == 6
    assert Bericht.objects.filter(soort="audits.certificaat_verloopt").count() == 6
    assert meldingen_van(world.users["gemeente"]) == []


def test_banner_goes_once_a_new_certificate_is_issued(world, django_capture_on_commit_callbacks):
    CertificaatFactory(traject=world.traject, geldig_tot=datetime.date(2022, 7, 16))
    with time_machine.travel(datetime.datetime(2022, 5, 1, 7), tick=False):
        _sweep(django_capture_on_commit_callbacks)
        client = world.client_for("gemeente")  # every member sees the banner
        assert "verloopt over 3 maanden" in client.get(
            world.traject.get_absolute_url()).content.decode()
        CertificaatFactory(traject=world.traject, uitgegeven=datetime.date(2022, 4, 30),
                           geldig_tot=datetime.date(2025, 4, 29))
        assert "verloopt over" not in client.get(
            world.traject.get_absolute_url()).content.decode()
