"""Access windows change through the werkgroep page (and the few explicit acts that grant or
end access), and every change is logged, append-only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory, lid
from trajects.models import Lidmaatschap, LidmaatschapWijziging, Rol

pytestmark = pytest.mark.django_db


def _lid(world, persona):
    return Lidmaatschap.objects.get(traject=world.traject, user=world.users[persona])


def test_changing_an_access_window_on_the_werkgroep_page_is_logged(world, coordinator_client):
    lidmaatschap = _lid(world, "auditor")
    response = coordinator_client.post(
        reverse("trajects:lid-bewerken", args=[world.traject.pk, lidmaatschap.pk]),
        {"organisatie": lidmaatschap.organisatie_id, "rol": Rol.AUDITOR, "werkgroeprol": "",
         "geldig_tot": "2019-08-31"},
    )
    assert response.status_code == 302
    lidmaatschap.refresh_from_db()
    assert lidmaatschap.geldig_tot == datetime.date(2019, 8, 31)
    log = LidmaatschapWijziging.objects.get(lidmaatschap=lidmaatschap)
    assert (log.aanleiding, log.door) == ("werkgroep", world.users["coordinator"])
    assert (log.van_geldig_tot, log.naar_geldig_tot) == (None, datetime.date(2019, 8, 31))
    assert not log.nieuw


def test_saving_without_a_change_logs_nothing(world, coordinator_client):
    lidmaatschap = _lid(world, "politie")
    coordinator_client.post(
        reverse("trajects:lid-bewerken", args=[world.traject.pk, lidmaatschap.pk]),
        {"organisatie": lidmaatschap.organisatie_id, "rol": Rol.PARTNER, "werkgroeprol": "",
         "geldig_tot": ""},
    )
    assert not LidmaatschapWijziging.objects.exists()


def test_role_and_werkgroep_role_changes_are_described(world, coordinator_client):
    lidmaatschap = _lid(world, "gemeente")
    coordinator_client.post(
        reverse("trajects:lid-bewerken", args=[world.traject.pk, lidmaatschap.pk]),
        {"organisatie": lidmaatschap.organisatie_id, "rol": Rol.LEZER,
         "werkgroeprol": "secretaris", "geldig_tot": ""},
    )
    log = LidmaatschapWijziging.objects.get()
    assert (log.van_rol, log.naar_rol) == (Rol.PARTNER, Rol.LEZER)
    assert "rol in de werkgroep: secretaris" in log.omschrijving


def test_coordinator_cannot_drop_own_role_and_nothing_is_logged(world, coordinator_client):
    lidmaatschap = _lid(world, "coordinator")
    response = coordinator_client.post(
        reverse("trajects:lid-bewerken", args=[world.traject.pk, lidmaatschap.pk]),
        {"organisatie": lidmaatschap.organisatie_id, "rol": Rol.PARTNER, "werkgroeprol": "",
         "geldig_tot": ""},
    )
    assert "U kunt uw eigen coördinatorrol niet opgeven." in response.content.decode()
    lidmaatschap.refresh_from_db()
    assert lidmaatschap.rol == Rol.COORDINATOR
    assert not LidmaatschapWijziging.objects.exists()


def test_ending_access_is_logged_and_the_row_stays(world, coordinator_client):
    lidmaatschap = _lid(world, "brandweer")
    coordinator_client.post(
        reverse("trajects:lid-verwijderen", args=[world.traject.pk, lidmaatschap.pk])
    )
    lidmaatschap.refresh_from_db()
    assert not lidmaatschap.is_actief
    log = LidmaatschapWijziging.objects.get(lidmaatschap=lidmaatschap)
    assert log.aanleiding == "beeindigd" and log.naar_geldig_tot == lidmaatschap.geldig_tot


def test_partner_cannot_change_access_and_nothing_changes(world):
    lidmaatschap = _lid(world, "auditor")
    response = world.client_for("gemeente").post(
        reverse("trajects:lid-bewerken", args=[world.traject.pk, lidmaatschap.pk]),
        {"organisatie": lidmaatschap.organisatie_id, "rol": Rol.AUDITOR, "werkgroeprol": "",
         "geldig_tot": "2030-01-01"},
    )
    assert response.status_code == 403
    lidmaatschap.refresh_from_db()
    assert lidmaatschap.geldig_tot is None
    assert not LidmaatschapWijziging.objects.exists()


def test_accepting_an_invitation_is_logged(world, coordinator_client):
    from trajects import services

    uitnodiging = services.uitnodiging_versturen(
        traject=world.traject, email="nieuw@example.org",
        organisatie=world.organisaties["gemeente"], rol=Rol.PARTNER,
        door=world.users["coordinator"],
    )
    user, lidmaatschap = services.uitnodiging_accepteren(
        uitnodiging=uitnodiging, naam="Nieuw lid", wachtwoord="Kvo-test-wachtwoord-2026"
    )
    log = LidmaatschapWijziging.objects.get(lidmaatschap=lidmaatschap)
    assert log.nieuw and log.aanleiding == "uitnodiging" and log.door == user


def test_log_rows_cannot_be_changed_or_deleted(world, coordinator_client):
    lidmaatschap = _lid(world, "brandweer")
    coordinator_client.post(
        reverse("trajects:lid-verwijderen", args=[world.traject.pk, lidmaatschap.pk])
    )
    log = LidmaatschapWijziging.objects.get()
    log.omschrijving = "anders"
    with pytest.raises(ValidationError):
        log.save()
    with pytest.raises(ValidationError):
        log.delete()


def test_staff_change_in_admin_is_logged(world, admin_client):
    lidmaatschap = _lid(world, "auditor")
    response = admin_client.post(
        reverse("admin:trajects_lidmaatschap_change", args=[lidmaatschap.pk]),
        {"organisatie": lidmaatschap.organisatie_id, "rol": Rol.AUDITOR, "werkgroeprol": "",
         "geldig_tot": "2019-09-30"},
    )
    assert response.status_code == 302
    log = LidmaatschapWijziging.objects.get(lidmaatschap=lidmaatschap)
    assert log.aanleiding == "beheer" and log.naar_geldig_tot == datetime.date(2019, 9, 30)


def test_history_page_lists_the_changes_for_members(world, coordinator_client):
    lidmaatschap = _lid(world, "brandweer")
    coordinator_client.post(
        reverse("trajects:lid-verwijderen", args=[world.traject.pk, lidmaatschap.pk])
    )
    body = world.client_for("auditor").get(
        reverse("trajects:leden-historie", args=[world.traject.pk])
    ).content.decode()
    assert "Toegang beëindigd" in body and "Brandweer" in body


def test_history_page_queries_do_not_grow_and_it_is_paginated(world, coordinator_client):
    from trajects.services import lidmaatschap_wijzigen

    url = reverse("trajects:leden-historie", args=[world.traject.pk])

    def count(n):
        for i in range(n):
            user = UserFactory()
            lid(world.traject, world.organisaties["gemeente"], Rol.PARTNER, user=user)
            lidmaatschap = Lidmaatschap.objects.get(user=user)
            lidmaatschap_wijzigen(
                lid=lidmaatschap, door=world.users["coordinator"],
                organisatie=lidmaatschap.organisatie, rol=Rol.LEZER, werkgroeprol="",
                geldig_tot=datetime.date(2030, 1, 1 + i % 28),
            )
        with CaptureQueriesContext(connection) as ctx:
            response = coordinator_client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response

    klein, _ = count(5)
    groot, response = count(70)
    assert klein == groot
    assert len(response.context["page_obj"]) == 50
