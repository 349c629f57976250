"""Werkgroep meetings and who attended them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import OverlegFactory
from trajects.models import Aanwezigheid, Lidmaatschap, Overleg

pytestmark = pytest.mark.django_db


def test_coordinator_plans_a_meeting(world, coordinator_client):
    response = coordinator_client.post(
        reverse("trajects:overleg-nieuw", args=[world.traject.pk]),
        {"datum": "2026-03-12T15:00", "locatie": "Gemeentehuis", "onderwerp": "Nulmeting",
         "notulen": ""},
    )
    overleg = Overleg.objects.get()
    assert response.status_code == 302
    assert response["Location"] == overleg.get_absolute_url()
    assert overleg.traject == world.traject
    assert timezone.localtime(overleg.datum).hour == 15


def test_meeting_without_date_is_refused(world, coordinator_client):
    response = coordinator_client.post(
        reverse("trajects:overleg-nieuw", args=[world.traject.pk]), {"onderwerp": "Zonder datum"}
    )
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    assert not Overleg.objects.exists()


def test_coordinator_records_attendance_and_can_change_it(world, coordinator_client):
    overleg = OverlegFactory(traject=world.traject)
    leden = {
        lid.user.email.split("@")[0]: lid
        for lid in Lidmaatschap.objects.filter(traject=world.traject).select_related("user")
    }
    aanwezig = {f"lid_{leden['gemeente'].pk}": "on", f"lid_{leden['politie'].pk}": "on"}
    response = coordinator_client.post(overleg.get_absolute_url(), aanwezig)
    assert response.status_code == 302
    assert set(
        Aanwezigheid.objects.filter(overleg=overleg, aanwezig=True)
        .values_list("lidmaatschap__user__email", flat=True)
    ) == {"gemeente@example.org", "politie@example.org"}
    assert Aanwezigheid.objects.filter(overleg=overleg).count() == len(leden)

    coordinator_client.post(overleg.get_absolute_url(), {f"lid_{leden['politie'].pk}": "on"})
    assert list(
        Aanwezigheid.objects.filter(overleg=overleg, aanwezig=True)
        .values_list("lidmaatschap__user__email", flat=True)
    ) == ["politie@example.org"]
    assert Aanwezigheid.objects.filter(overleg=overleg).count() == len(leden)

    # Members see who attended; the list page counts them.
    html = world.client_for("brandweer").get(overleg.get_absolute_url()).content.decode()
    assert "Politie" in html
    lijst = world.client_for("brandweer").get(
        reverse("trajects:overleggen", args=[world.traject.pk])
    )
    assert [o.aantal_aanwezig for o in lijst.context["page_obj"]] == [1]


def test_partner_cannot_record_attendance(world):
    overleg = OverlegFactory(traject=world.traject)
    lid = Lidmaatschap.objects.get(user=world.users["gemeente"])
    response = world.client_for("gemeente").post(
        overleg.get_absolute_url(), {f"lid_{lid.pk}": "on"}
    )
    assert response.status_code == 403
    assert not Aanwezigheid.objects.exists()


def test_attendance_of_ended_member_stays_in_history(world, coordinator_client):
    overleg = OverlegFactory(traject=world.traject)
    lid = Lidmaatschap.objects.get(user=world.users["politie"])
    coordinator_client.post(overleg.get_absolute_url(), {f"lid_{lid.pk}": "on"})
    response = coordinator_client.post(
        reverse("trajects:lid-verwijderen", args=[world.traject.pk, lid.pk])
    )
    assert response.status_code == 302
    lid.refresh_from_db()
    assert lid.geldig_tot == timezone.localdate() - datetime.timedelta(days=1)
    assert Aanwezigheid.objects.get(lidmaatschap=lid).aanwezig
    assert world.client_for("politie").get(world.traject.get_absolute_url()).status_code == 404


def test_coordinator_cannot_remove_themselves(world, coordinator_client):
    lid = Lidmaatschap.objects.get(user=world.users["coordinator"])
    response = coordinator_client.post(
        reverse("trajects:lid-verwijderen", args=[world.traject.pk, lid.pk]), follow=True
    )
    assert "U kunt uzelf niet uit het traject verwijderen." in response.content.decode()
    lid.refresh_from_db()
    assert lid.geldig_tot is None


def test_next_meeting_on_dashboard(world):
    OverlegFactory(traject=world.traject, datum=timezone.now() - datetime.timedelta(days=3))
    volgende = OverlegFactory(
        traject=world.traject, datum=timezone.now() + datetime.timedelta(days=10)
    )
    OverlegFactory(traject=world.traject, datum=timezone.now() + datetime.timedelta(days=40))
    response = world.client_for("gemeente").get(reverse("trajects:dashboard"))
    traject = next(t for t in response.context["trajecten"] if t.pk == world.traject.pk)
    assert traject.volgend_overleg == volgende.datum
