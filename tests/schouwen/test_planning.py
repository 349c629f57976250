import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from kvo.models import Bericht
from kvo.outbox import berichten_versturen
from schouwen import services
from schouwen.models import Schouw, Schouwrapport
from tests.schouwen.factories import BevindingFactory

NU = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def ics_van(message):
    naam, inhoud, mimetype = message.attachments[0]
    assert naam == "schouw.ics"
    return Calendar.from_ical(inhoud), mimetype


def leden(world, *personas):
    return [world.traject.lidmaatschappen.get(user=world.users[p]) for p in personas]


def plan(world, client=None, **extra):
    data = {
        "titel": "Avondschouw centrum", "begin": "2026-03-10T20:00", "einde": "2026-03-10T21:30",
        "dagdeel": "avond", "soort": "nulmeting", "verzamelpunt": "Marktplein",
        "route": "Langestraat\nMarktplein", "checklist": "",
        "deelnemers": [lid.pk for lid in leden(world, "gemeente", "politie")],
    }
    data.update(extra)
    client = client or world.client_for("coordinator")
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("schouwen:nieuw", args=[world.traject.pk]), data)


@time_machine.travel(NU, tick=False)
def test_planning_invites_members_with_an_ics_request(world):
    response = plan(world)
    schouw = Schouw.objects.get()
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["gemeente@example.org", "politie@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Uitnodiging: schouw Avondschouw centrum"
    calendar, mimetype = ics_van(message)
    assert "method=REQUEST" in mimetype
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == f"schouw-{schouw.uid}@kvo-trajectbeheer"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == datetime.datetime(2026, 3, 10, 19, 0, tzinfo=datetime.UTC)
    assert str(event["LOCATION"]) == "Marktplein"


@time_machine.travel(NU, tick=False)
def test_changing_the_time_sends_an_update_and_removed_members_a_cancellation(world):
    plan(world)
    schouw = Schouw.objects.get()
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = world.client_for("coordinator").post(
            reverse("schouwen:bewerken", args=[world.traject.pk, schouw.pk]), {
                "titel": schouw.titel, "begin": "2026-03-11T20:00", "einde": "2026-03-11T21:30",
                "dagdeel": "avond", "soort": "nulmeting", "verzamelpunt": "Marktplein",
                "route": schouw.route, "checklist": "",
                "deelnemers": [lid.pk for lid in leden(world, "gemeente", "brandweer")],
                "versie": schouw.versie,
            })
    assert response.status_code == 302
    per_adres = {m.to[0]: m for m in mail.outbox}
    assert set(per_adres) == {"gemeente@example.org", "brandweer@example.org",
                              "politie@example.org"}
    update, _ = ics_van(per_adres["gemeente@example.org"])
    assert per_adres["gemeente@example.org"].subject.startswith("Gewijzigd")
    assert update["METHOD"] == "REQUEST" and update.walk("VEVENT")[0]["SEQUENCE"] == 1
    assert per_adres["brandweer@example.org"].subject.startswith("Uitnodiging")
    cancel, mimetype = ics_van(per_adres["politie@example.org"])
    assert cancel["METHOD"] == "CANCEL" and "method=CANCEL" in mimetype
    assert str(cancel.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


@time_machine.travel(NU, tick=False)
def test_saving_without_changes_sends_nothing(world):
    plan(world)
    schouw = Schouw.objects.get()
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.schouw_wijzigen(
            schouw=schouw, titel=schouw.titel, begin=schouw.begin, einde=schouw.einde,
            dagdeel=schouw.dagdeel, soort=schouw.soort, verzamelpunt=schouw.verzamelpunt,
            route=schouw.route, checklist=schouw.checklist,
            deelnemers=leden(world, "gemeente", "politie"),
        )
    assert mail.outbox == []


@time_machine.travel(NU, tick=False)
def test_cancelling_sends_a_cancellation_to_everyone_invited(world):
    plan(world)
    schouw = Schouw.objects.get()
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client_for("coordinator").post(
            reverse("schouwen:annuleren", args=[world.traject.pk, schouw.pk]))
    schouw.refresh_from_db()
    assert schouw.status == Schouw.Status.GEANNULEERD
    assert len(mail.outbox) == 2
    assert all(ics_van(m)[0]["METHOD"] == "CANCEL" for m in mail.outbox)
    assert all(m.subject.startswith("Geannuleerd") for m in mail.outbox)


@time_machine.travel(NU, tick=False)
def test_relay_run_again_sends_each_message_once(world):
    plan(world)
    assert len(mail.outbox) == 2
    ids = list(Bericht.objects.values_list("pk", flat=True))
    assert berichten_versturen(ids=ids) == 0 and berichten_versturen() == 0
    assert len(mail.outbox) == 2
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 2


@time_machine.travel(NU, tick=False)
def test_end_before_begin_is_refused(world):
    response = plan(world, einde="2026-03-10T19:00")
    assert response.status_code == 200
    assert "Het einde moet na het begin liggen." in response.content.decode()
    assert not Schouw.objects.exists() and mail.outbox == []


def test_partner_cannot_plan(world):
    assert plan(world, client=world.client_for("gemeente")).status_code == 403
    assert not Schouw.objects.exists()


def test_afronden_is_one_service_call_that_stores_a_pdf(world, schouw):
    BevindingFactory(schouw=schouw, omschrijving="Container open")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.schouw_afronden(schouw=schouw)
    schouw.refresh_from_db()
    assert schouw.status == Schouw.Status.AFGEROND
    assert schouw.afgerond_op is not None
    rapport = schouw.rapporten.get()
    assert rapport.status == Schouwrapport.Status.KLAAR
    assert rapport.bestand.read(4) == b"%PDF"
    with pytest.raises(ValidationError):
        services.schouw_afronden(schouw=schouw)


def test_attendance_is_recorded_per_member(world, schouw):
    services.schouw_wijzigen(
        schouw=schouw, titel=schouw.titel, begin=schouw.begin, einde=schouw.einde,
        dagdeel=schouw.dagdeel, soort=schouw.soort, verzamelpunt=schouw.verzamelpunt,
        route=schouw.route, checklist=schouw.checklist,
        deelnemers=leden(world, "gemeente", "politie", "brandweer"),
    )
    deelnemers = {d.lidmaatschap.user: d for d in schouw.deelnemers.all()}
    url = reverse("schouwen:aanwezigheid", args=[world.traject.pk, schouw.pk])
    world.client_for("coordinator").post(url, {"aanwezig": [
        deelnemers[world.users["gemeente"]].pk, deelnemers[world.users["brandweer"]].pk]})
    aanwezig = set(schouw.deelnemers.filter(aanwezig=True).values_list(
        "lidmaatschap__organisatie__naam", flat=True))
    assert aanwezig == {"Gemeente Westland", "Brandweer Haaglanden"}


def test_checklist_item_not_in_order_opens_the_capture_form(world):
    from schouwen.models import Checklistsjabloon
    from tests.schouwen.factories import SchouwFactory

    sjabloon = Checklistsjabloon.objects.get(gebiedsoort="winkelgebied")
    schouw = SchouwFactory(traject=world.traject, checklist=sjabloon)
    items = list(sjabloon.themas.get(naam="Brandveilig").items.all())
    url = reverse("schouwen:checklist", args=[world.traject.pk, schouw.pk])
    response = world.client_for("brandweer").post(
        url, {f"item_{items[0].pk}": "nee", f"item_{items[1].pk}": "ja"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/bevindingen/nieuw/?item={items[0].pk}")
    assert dict(schouw.antwoorden.values_list("item_id", "in_orde")) == {
        items[0].pk: False, items[1].pk: True}
    form = world.client_for("brandweer").get(response["Location"]).context["form"]
    assert form.initial["categorie"] == items[0].categorie_id
    schouw.refresh_from_db()
    assert schouw.status == Schouw.Status.BEZIG
    assert timezone.now()
