"""Organisations: who sees them and who may change them.

An organisation is shared by every trajectory it takes part in: its record is changed by staff
and its own people only; a coordinator sets its role and contact in their own trajectory."""

import pytest
from django.urls import reverse

from tests.checksum import database_checksum
from tests.factories import OrganisatieFactory, lid
from trajects.models import Organisatie, Partner, Rol

pytestmark = pytest.mark.django_db


def bewerk(client, organisatie, **data):
    organisatie.refresh_from_db()
    velden = {"naam": organisatie.naam, "soort": organisatie.soort, "contactpersoon": "",
              "email": "", "telefoon": "", "adres": "", "website": "",
              "versie": organisatie.versie, **data}
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


def test_coordinator_cannot_change_a_partners_shared_record(world, coordinator_client):
    politie = world.organisaties["politie"]
    voor = database_checksum()
    assert bewerk(coordinator_client, politie, contactpersoon="Wijkagent").status_code == 403
    assert database_checksum() == voor
    detail = coordinator_client.get(politie.get_absolute_url()).content.decode()
    assert reverse("trajects:organisatie-bewerken", args=[politie.pk]) not in detail


def test_coordinator_sets_role_and_contact_in_own_trajectory_only(world, coordinator_client):
    partner = world.traject.partners.get(organisatie=world.organisaties["politie"])
    url = reverse("trajects:partner-bewerken", args=[world.traject.pk, partner.pk])
    response = coordinator_client.post(url, {
        "rol": "Veiligheid op straat", "contactpersoon": "Wijkagent De Vries",
        "email": "wijkagent@example.org", "telefoon": "0900 8844", "versie": partner.versie,
    })
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.rol, partner.contactpersoon, partner.email) == (
        "Veiligheid op straat", "Wijkagent De Vries", "wijkagent@example.org")
    politie = world.organisaties["politie"]
    politie.refresh_from_db()
    assert politie.contactpersoon == "" and politie.email == ""  # the shared record stays
    pagina = coordinator_client.get(reverse("trajects:partners", args=[world.traject.pk]))
    assert "Wijkagent De Vries" in pagina.content.decode()


def test_coordinator_of_another_trajectory_cannot_change_a_shared_organisation(world):
    """The gemeente takes part in both trajectories; the other trajectory's coordinator sees
    it but can change neither its name nor its e-mail: refused, nothing changed."""
    gemeente = world.organisaties["gemeente"]
    Partner.objects.create(traject=world.ander_traject, organisatie=gemeente)
    anderen = world.client_for("outsider")
    assert anderen.get(gemeente.get_absolute_url()).status_code == 200
    voor = database_checksum()
    response = bewerk(anderen, gemeente, naam="Gemeente Elders", email="kaping@example.org")
    assert response.status_code == 403
    assert database_checksum() == voor
    gemeente.refresh_from_db()
    assert (gemeente.naam, gemeente.email) == ("Gemeente Westland", "")
    # In their own trajectory they set the gemeente's role and contact there.
    partner = world.ander_traject.partners.get(organisatie=gemeente)
    response = anderen.post(
        reverse("trajects:partner-bewerken", args=[world.ander_traject.pk, partner.pk]),
        {"rol": "Eigenaar openbare ruimte", "email": "elders@example.org",
         "versie": partner.versie},
    )
    assert response.status_code == 302
    assert world.traject.partners.get(organisatie=gemeente).email == ""


def test_staff_edits_any_organisation(world):
    client = world.client_for("staff")
    elders = world.organisaties["outsider"]
    assert bewerk(client, elders, telefoon="070 1234567").status_code == 302
    elders.refresh_from_db()
    assert elders.telefoon == "070 1234567"


def test_coordinator_corrects_an_organisation_they_added_until_it_has_people(
    world, coordinator_client
):
    coordinator_client.post(reverse("trajects:organisatie-nieuw"), {
        "naam": "Omgevingsdienst Haagland", "soort": Organisatie.Soort.OMGEVINGSDIENST,
    })
    odh = Organisatie.objects.get(naam="Omgevingsdienst Haagland")
    assert bewerk(coordinator_client, odh, naam="Omgevingsdienst Haaglanden").status_code == 302
    lid(world.traject, odh, Rol.PARTNER, user__email="odh@example.org")
    assert bewerk(coordinator_client, odh, telefoon="1").status_code == 403


def test_stale_organisation_edit_is_refused(world):
    gemeente = world.organisaties["gemeente"]
    client = world.client_for("gemeente")
    oud = gemeente.versie
    assert bewerk(client, gemeente, telefoon="0174 1").status_code == 302
    response = bewerk(client, gemeente, telefoon="0174 2", versie=oud)
    assert response.status_code == 409
    gemeente.refresh_from_db()
    assert gemeente.telefoon == "0174 1"


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
    namen = {o.naam for o in response.context["page_obj"]}
    assert "Gemeente Westland" in namen
    assert "Parkmanagement Elders" not in namen
    assert response.context["kan_toevoegen"] is False
