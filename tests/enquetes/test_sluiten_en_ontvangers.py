"""A meting is closed by the coordinator's button; readiness judges the latest completed meting,
so opening a new round does not lower it; the small-number threshold is a setting and the
results page says why a figure is hidden; one recipient is added by hand."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.eisen import enquete_gehouden as eis_enquete_gehouden
from audits.models import Eis
from enquetes.models import Meting, Ontvanger
from enquetes.readiness import enquete_gehouden
from tests.enquetes.factories import MetingFactory, OntvangerFactory, vragenlijst
from tests.enquetes.helpers import standaard_antwoorden, vul_in
from trajects.readiness import DEELS, MET

pytestmark = pytest.mark.django_db


def _url(naam, meting, *extra):
    return reverse(f"enquetes:{naam}", args=[meting.traject_id, meting.pk, *extra])


# Closing ----------------------------------------------------------------------------------------

def test_coordinator_closes_a_running_meting_and_answering_stops(world, meting, ontvanger, client):
    from enquetes.services import ontvanger_token

    link = reverse("enquetes:invullen", args=[ontvanger_token(ontvanger)])
    assert client.get(link).status_code == 200
    coordinator = world.client_for("coordinator")
    assert "Meting sluiten" in coordinator.get(meting.get_absolute_url()).content.decode()
    response = coordinator.post(_url("meting-sluiten", meting), follow=True)
    body = response.content.decode()
    assert "De meting is gesloten." in body
    meting.refresh_from_db()
    assert meting.gesloten is not None and meting.gesloten_door == world.users["coordinator"]
    assert meting.is_gesloten and not meting.is_open
    assert "Meting sluiten" not in body and "door Coordinator" in body
    assert client.get(link).status_code == 410
    # Closing twice changes nothing.
    gesloten = meting.gesloten
    response = coordinator.post(_url("meting-sluiten", meting), follow=True)
    assert "Deze meting is al gesloten." in response.content.decode()
    meting.refresh_from_db()
    assert meting.gesloten == gesloten


@pytest.mark.parametrize("persona", ["gemeente", "politie", "auditor", "lezer"])
def test_only_the_coordinator_closes(world, meting, persona):
    response = world.client_for(persona).post(_url("meting-sluiten", meting))
    assert response.status_code == 403
    meting.refresh_from_db()
    assert meting.gesloten is None
    assert "Meting sluiten" not in world.client_for(persona).get(
        meting.get_absolute_url()).content.decode()


def test_a_meting_not_started_cannot_be_closed(world):
    later = MetingFactory(traject=world.traject,
                          start=timezone.localdate() + datetime.timedelta(days=3),
                          einde=timezone.localdate() + datetime.timedelta(days=30))
    response = world.client_for("coordinator").post(_url("meting-sluiten", later), follow=True)
    assert "nog niet begonnen" in response.content.decode()
    later.refresh_from_db()
    assert later.gesloten is None


def test_stale_edit_form_after_closing_is_refused(world, meting):
    coordinator = world.client_for("coordinator")
    versie = meting.versie
    coordinator.post(_url("meting-sluiten", meting))
    response = coordinator.post(_url("meting-bewerken", meting), {
        "naam": "Andere naam", "start": meting.start.isoformat(), "einde": meting.einde.isoformat(),
        "responsdoel": 40, "inleiding": "", "versie": versie,
    })
    assert response.status_code == 409
    meting.refresh_from_db()
    assert meting.naam == "Nulmeting"


# Readiness on the latest completed meting ---------------------------------------------------------

def test_opening_a_new_round_does_not_lower_readiness(world):
    gisteren = timezone.localdate() - datetime.timedelta(days=1)
    nul = MetingFactory(traject=world.traject, nummer=0, naam="Nulmeting", responsdoel=40,
                        start=gisteren - datetime.timedelta(days=20), einde=gisteren)
    OntvangerFactory.create_batch(5, meting=nul)
    OntvangerFactory.create_batch(5, meting=nul, beantwoord=timezone.now())
    eis = Eis.objects.filter(code="enquete_gehouden").first()
    assert enquete_gehouden(world.traject).status == MET
    # The coordinator opens the 1-meting: readiness still judges the completed nulmeting.
    een = MetingFactory(traject=world.traject, nummer=1, naam="1-meting")
    OntvangerFactory(meting=een, beantwoord=timezone.now())
    uitkomst = enquete_gehouden(world.traject)
    assert (uitkomst.status, uitkomst.reden[:10]) == (MET, "Nulmeting:")
    if eis is not None:
        assert eis_enquete_gehouden(world.traject, eis).status == MET
    # Once the new round is closed by the button, it is the one judged.
    world.client_for("coordinator").post(_url("meting-sluiten", een))
    uitkomst = enquete_gehouden(world.traject)
    assert uitkomst.reden.startswith("1-meting: 1 van 1")


def test_a_running_first_meting_is_partly_met_until_closed(world, meting):
    OntvangerFactory(meting=meting, beantwoord=timezone.now())
    assert enquete_gehouden(world.traject).status == DEELS
    world.client_for("coordinator").post(_url("meting-sluiten", meting))
    assert enquete_gehouden(world.traject).status == MET  # 1 of 1 answered, target 40%


def test_readiness_page_shows_the_completed_meting(world):
    gisteren = timezone.localdate() - datetime.timedelta(days=1)
    nul = MetingFactory(traject=world.traject, nummer=0, naam="Nulmeting",
                        start=gisteren - datetime.timedelta(days=20), einde=gisteren)
    OntvangerFactory.create_batch(3, meting=nul, beantwoord=timezone.now())
    MetingFactory(traject=world.traject, nummer=1, naam="1-meting")
    body = world.client_for("coordinator").get(
        reverse("trajects:gereedheid", args=[world.traject.pk])).content.decode()
    assert "Nulmeting: 3 van 3 ondernemers antwoordden" in body


# The small-number threshold ----------------------------------------------------------------------

def test_threshold_is_a_setting_and_the_page_says_why_a_figure_is_hidden(world, meting, settings):
    vul_in(meting, [standaard_antwoorden(i) for i in range(6)])
    url = _url("resultaten", meting)
    body = world.client_for("coordinator").get(url).content.decode()
    assert "Niet getoond" not in body
    settings.ENQUETE_MIN_GROEP = 8
    body = world.client_for("coordinator").get(url).content.decode()
    assert body.count("Niet getoond: minder dan 8 antwoorden. Bij zo weinig antwoorden zou "
                      "iemands antwoord herkenbaar kunnen zijn.") == 6
    assert "Vragen met minder dan 8 antwoorden" in body


def test_results_say_why_there_is_no_comparison_with_a_small_previous_meting(world, meting):
    vul_in(meting, [standaard_antwoorden(i) for i in range(3)])  # too few to compare with
    een = MetingFactory(traject=world.traject, nummer=1, naam="1-meting")
    vragenlijst(een)
    vul_in(een, [standaard_antwoorden(i) for i in range(6)])
    body = world.client_for("coordinator").get(_url("resultaten", een)).content.decode()
    assert ("Geen vergelijking met de Nulmeting: daar had deze vraag minder dan 5 "
            "antwoorden.") in body


# One recipient by hand ----------------------------------------------------------------------------

def test_coordinator_adds_one_recipient_by_hand(world, meting):
    client = world.client_for("coordinator")
    pagina = client.get(_url("ontvangers", meting)).content.decode()
    assert "Eén ontvanger toevoegen" in pagina
    assert f'action="{_url("ontvanger-toevoegen", meting)}"' in pagina
    response = client.post(_url("ontvanger-toevoegen", meting), {
        "bedrijfsnaam": "Kapper Knip", "email": "Knip@Example.org", "adres": "Markt 1"},
        follow=True)
    assert "Kapper Knip is toegevoegd aan de ontvangers." in response.content.decode()
    ontvanger = Ontvanger.objects.get(meting=meting)
    assert (ontvanger.email, ontvanger.adres, ontvanger.uitgenodigd) == (
        "knip@example.org", "Markt 1", None)


def test_a_recipient_already_there_or_a_bad_address_is_refused_in_dutch(world, meting, ontvanger):
    client = world.client_for("coordinator")
    response = client.post(_url("ontvanger-toevoegen", meting), {
        "bedrijfsnaam": "Zelfde", "email": "KORENSCHOOF@example.org"})
    assert response.status_code == 400
    assert "korenschoof@example.org staat al bij de ontvangers van deze meting." in (
        response.content.decode())
    response = client.post(_url("ontvanger-toevoegen", meting), {
        "bedrijfsnaam": "Kapot", "email": "geen-adres"})
    assert response.status_code == 400
    assert "Voer een geldig e-mailadres in." in response.content.decode()
    assert Ontvanger.objects.filter(meting=meting).count() == 1


def test_no_recipient_is_added_to_a_closed_meting(world, meting):
    client = world.client_for("coordinator")
    client.post(_url("meting-sluiten", meting))
    assert "Eén ontvanger toevoegen" not in client.get(
        _url("ontvangers", meting)).content.decode()
    response = client.post(_url("ontvanger-toevoegen", meting), {
        "bedrijfsnaam": "Laat", "email": "laat@example.org"})
    assert response.status_code == 400
    assert "De meting is gesloten." in response.content.decode()
    assert not Ontvanger.objects.filter(meting=meting).exists()
    assert Meting.objects.get(pk=meting.pk).is_gesloten
