"""Organisations: who sees them and who may change them."""

import pytest
from django.urls import reverse

from tests.factories import OrganisatieFactory
from trajects.models import Organisatie, Partner

pytestmark = pytest.mark.django_db


def bewerk(client, organisatie, **data):
    velden = {"naam": organisatie.naam, "soort": organisatie.soort, "contactpersoon": "",
              "email": "", "telefoon": "", "adres": "", "website": "", **data}
    return client.post(reverse("trajects:organisatie-bewerken", args=[organisatie.pk]), velden)


def test_partner_edits_own_organisation(world):
    gemeente = world.organisaties["gemeente"]
    response = bewerk(world.client_for("gemeente"), gemeente, telefoon="0174 673 673")
    assert response.status_code == 302
    gemeente.refresh_from_db()
    assert gemeente.telefoon == "0174 673 673"


def test_partner_cannot_edit_another_organisation(world):
    politie = world.organisaties["politie"]
    response = bewerk(world.client_for("gemeente"), politie, telefoon="0900 8844")
    assert response.status_code == 403
    politie.refresh_from_db()
    assert politie.telefoon == ""


def test_auditor_cannot_edit_own_organisation(world):
    kiwa = world.organisaties["auditor"]
    assert bewerk(world.client_for("auditor"), kiwa, telefoon="1").status_code == 403


def test_coordinator_edits_a_partner_organisation(world, coordinator_client):
    politie = world.organisaties["politie"]
    assert bewerk(coordinator_client, politie, contactpersoon="Wijkagent").status_code == 302
    politie.refresh_from_db()
    assert politie.contactpersoon == "Wijkagent"


def test_organisation_outside_my_trajectories_is_not_found(world, coordinator_client):
    elders = world.organisaties["outsider"]
    url = reverse("trajects:organisatie-detail", args=[elders.pk])
    assert coordinator_client.get(url).status_code == 404
    assert bewerk(coordinator_client, elders, telefoon="1").status_code == 404


def test_duplicate_organisation_name_is_refused(world, coordinator_client):
    response = coordinator_client.post(reverse("trajects:organisatie-nieuw"), {
        "naam": "Gemeente Westland", "soort": Organisatie.Soort.GEMEENTE,
    })
    assert response.status_code == 200
    assert response.context["form"].errors["naam"] == [
        "Er bestaat al een Organisatie met eenzelfde Naam."
    ]
    assert Organisatie.objects.filter(naam="Gemeente Westland").count() == 1


def test_coordinator_adds_organisation_and_partner(world, coordinator_client):
    response = coordinator_client.post(reverse("trajects:organisatie-nieuw"), {
        "naam": "Omgevingsdienst Haaglanden", "soort": Organisatie.Soort.OMGEVINGSDIENST,
        "website": "odh.example.org",
    })
    organisatie = Organisatie.objects.get(naam="Omgevingsdienst Haaglanden")
    assert response["Location"] == organisatie.get_absolute_url()
    assert organisatie.website == "https://odh.example.org"
    response = coordinator_client.post(
        reverse("trajects:partners", args=[world.traject.pk]),
        {"organisatie": organisatie.pk, "rol": "Milieutoezicht"},
    )
    assert response.status_code == 302
    assert Partner.objects.get(organisatie=organisatie).traject == world.traject


def test_organisation_already_partner_cannot_be_added_twice(world, coordinator_client):
    response = coordinator_client.post(
        reverse("trajects:partners", args=[world.traject.pk]),
        {"organisatie": world.organisaties["politie"].pk},
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert world.traject.partners.filter(organisatie=world.organisaties["politie"]).count() == 1


def test_partner_with_members_cannot_be_removed(world, coordinator_client):
    partner = world.traject.partners.get(organisatie=world.organisaties["politie"])
    response = coordinator_client.post(
        reverse("trajects:partner-verwijderen", args=[world.traject.pk, partner.pk]), follow=True
    )
    assert "heeft nog leden in het traject" in response.content.decode()
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_partner_without_members_is_removed(world, coordinator_client):
    partner = Partner.objects.create(traject=world.traject, organisatie=OrganisatieFactory())
    coordinator_client.post(
        reverse("trajects:partner-verwijderen", args=[world.traject.pk, partner.pk])
    )
    assert not Partner.objects.filter(pk=partner.pk).exists()


def test_organisation_list_shows_only_organisations_of_my_trajectories(world):
    response = world.client_for("gemeente").get(reverse("trajects:organisaties"))
    namen = {o.naam for o in response.context["organisaties"]}
    assert "Gemeente Westland" in namen
    assert "Parkmanagement Elders" not in namen
    assert response.context["kan_toevoegen"] is False
