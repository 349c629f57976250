"""A capture that reaches the server after its schouw was closed (a phone's queue that waited
for signal): kept for the coordinator, who accepts or refuses it; out of every count until
then; the phone is told it was handed over."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schouwen import services
from schouwen.models import Bevinding, NaSluiting, Schouw
from tests import fotos
from tests.schouwen.factories import BevindingFactory, FotoFactory, categorie
from tests.schouwen.test_vastleggen import post_data, upload, url
from trajects.models import Melding

JSON = {"HTTP_ACCEPT": "application/json"}


def detail(schouw):
    return reverse("schouwen:detail", args=[schouw.traject_id, schouw.pk])


def beslis_url(bevinding):
    return reverse("schouwen:na-sluiting",
                   args=[bevinding.schouw.traject_id, bevinding.schouw_id, bevinding.pk])


def laat_vastleggen(world, schouw, persona="gemeente", **extra):
    """A queued capture (with a photo) sent after the schouw was completed."""
    client = world.client_for(persona)
    data = post_data(wachtrij="1", fotos=[upload(fotos.jpeg_bytes(latitude=52.0019,
                                                                  longitude=4.1675))], **extra)
    return client, data, client.post(url(schouw), data, **JSON)


@pytest.fixture
def gesloten(schouw):
    services.schouw_afronden(schouw=schouw)
    schouw.refresh_from_db()
    return schouw


def test_a_queued_capture_after_closing_is_kept_for_the_coordinator(world, gesloten):
    client, data, response = laat_vastleggen(world, gesloten)
    assert response.status_code == 202
    antwoord = response.json()
    assert antwoord["na_sluiting"] is True
    assert "doorgegeven aan de coördinator" in antwoord["bericht"]
    assert "van dit toestel verwijderd" in antwoord["bericht"]
    laat = Bevinding.alle.get()
    assert laat.na_sluiting == NaSluiting.WACHT
    assert str(laat.client_id) == data["client_id"]
    assert laat.fotos.count() == 1
    assert laat.latitude == pytest.approx(52.0019, abs=1e-4)  # from the photo, as ever
    assert laat.vastgelegd_door == world.users["gemeente"]
    # Out of sight until a coordinator accepts it.
    assert not Bevinding.objects.exists()
    assert not gesloten.bevindingen.exists()
    # The schouw stays closed.
    gesloten.refresh_from_db()
    assert gesloten.status == Schouw.Status.AFGEROND


def test_sent_again_it_is_the_same_kept_capture(world, gesloten):
    client, data, eerste = laat_vastleggen(world, gesloten)
    data["fotos"] = [upload(fotos.jpeg_bytes())]
    opnieuw = client.post(url(gesloten), data, **JSON)
    assert opnieuw.status_code == 202
    assert opnieuw.json()["na_sluiting"] is True
    assert Bevinding.alle.count() == 1
    assert Bevinding.alle.get().fotos.count() == 1


def test_the_coordinators_are_told_and_the_capturer_is_not(world, gesloten):
    laat_vastleggen(world, gesloten)
    laat = Bevinding.alle.get()
    meldingen = list(Melding.objects.filter(soort="schouwen.na_sluiting"))
    assert [m.ontvanger for m in meldingen] == [world.users["coordinator"]]
    assert meldingen[0].url == detail(gesloten) + "#na-sluiting"
    assert meldingen[0].doel_id == laat.pk
    pagina = world.client_for("coordinator").get(reverse("trajects:meldingen"))
    assert "binnenkwam nadat de schouw" in pagina.content.decode()


def test_not_counted_in_triage_report_chart_map_or_list(world, gesloten):
    BevindingFactory(schouw=gesloten, omschrijving="Op tijd vastgelegd",
                     latitude=52.0019, longitude=4.1675)
    laat_vastleggen(world, gesloten, omschrijving="Te laat vastgelegd", latitude="52.0020",
                    longitude="4.1676")
    assert Bevinding.alle.count() == 2
    context = services.schouwrapport_context(gesloten)
    assert context["aantal_bevindingen"] == 1
    assert Schouw.objects.met_tellingen().get(pk=gesloten.pk).aantal_bevindingen == 1
    assert Bevinding.objects.filter(schouw=gesloten).per_categorie() == [("Verlichting", 1)]
    coordinator = world.client_for("coordinator")
    args = [gesloten.traject_id, gesloten.pk]
    for naam, argumenten in [("schouwen:triage", args), ("schouwen:rapport", args),
                             ("schouwen:lijst", args[:1])]:
        tekst = coordinator.get(reverse(naam, args=argumenten)).content.decode()
        assert "Op tijd vastgelegd" in tekst or naam == "schouwen:lijst", naam
        assert "Te laat vastgelegd" not in tekst, naam
    kaart = coordinator.get(reverse("schouwen:kaart-data", args=args[:1]),
                            {"bbox": "4.0,51.9,4.3,52.1"}).json()
    assert len(kaart["features"]) == 1


def test_coordinator_sees_it_on_the_schouw_page_and_a_partner_does_not(world, gesloten):
    laat_vastleggen(world, gesloten, omschrijving="Te laat vastgelegd")
    laat = Bevinding.alle.get()
    pagina = world.client_for("coordinator").get(detail(gesloten)).content.decode()
    assert "Na sluiting ontvangen" in pagina
    assert "1 wacht op uw besluit" in pagina
    assert "Te laat vastgelegd" in pagina
    assert beslis_url(laat) in pagina
    assert reverse("schouwen:foto", args=[gesloten.traject_id, gesloten.pk,
                                          laat.fotos.get().pk, "mini"]) in pagina
    for persona in ("gemeente", "politie", "auditor"):
        tekst = world.client_for(persona).get(detail(gesloten)).content.decode()
        assert "Te laat vastgelegd" not in tekst, persona
        assert "Na sluiting ontvangen" not in tekst, persona


def test_accepted_it_becomes_a_finding_of_the_schouw(world, gesloten):
    laat_vastleggen(world, gesloten, omschrijving="Te laat vastgelegd")
    laat = Bevinding.alle.get()
    response = world.client_for("coordinator").post(beslis_url(laat), {"besluit": "aanvaarden"})
    assert response.status_code == 302
    laat.refresh_from_db()
    assert laat.na_sluiting == NaSluiting.AANVAARD
    assert laat.beslist_door == world.users["coordinator"]
    assert laat.beslist_op is not None
    assert list(Bevinding.objects.all()) == [laat]
    assert services.schouwrapport_context(gesloten)["aantal_bevindingen"] == 1
    triage = world.client_for("coordinator").get(
        reverse("schouwen:triage", args=[gesloten.traject_id, gesloten.pk]))
    assert "Te laat vastgelegd" in triage.content.decode()
    # Its own page opens now; who captured it is told.
    assert world.client_for("gemeente").get(laat.get_absolute_url()).status_code == 200
    melding = Melding.objects.get(soort="schouwen.na_sluiting_besluit")
    assert melding.ontvanger == world.users["gemeente"]
    pagina = world.client_for("gemeente").get(reverse("trajects:meldingen")).content.decode()
    assert "is aanvaard" in pagina
    # Sent again from the phone now: "already saved", the finding itself.
    opnieuw = world.client_for("gemeente").post(
        url(gesloten), post_data(client_id=str(laat.client_id), wachtrij="1"), **JSON)
    assert opnieuw.status_code == 200
    assert opnieuw.json()["id"] == laat.pk


def test_refused_it_is_kept_with_who_and_when_and_stays_out(world, gesloten):
    laat_vastleggen(world, gesloten, omschrijving="Te laat vastgelegd")
    laat = Bevinding.alle.get()
    coordinator = world.client_for("coordinator")
    coordinator.post(beslis_url(laat), {"besluit": "afwijzen"})
    laat.refresh_from_db()
    assert laat.na_sluiting == NaSluiting.AFGEWEZEN
    assert laat.beslist_door == world.users["coordinator"]
    assert laat.beslist_op is not None
    assert laat.fotos.count() == 1  # kept, photos and all
    assert not Bevinding.objects.exists()
    pagina = coordinator.get(detail(gesloten)).content.decode()
    assert "Na sluiting afgewezen" in pagina
    assert beslis_url(laat) not in pagina  # decided: no buttons any more
    assert "is afgewezen" in world.client_for("gemeente").get(
        reverse("trajects:meldingen")).content.decode()
    # A decision is taken once.
    coordinator.post(beslis_url(laat), {"besluit": "aanvaarden"})
    laat.refresh_from_db()
    assert laat.na_sluiting == NaSluiting.AFGEWEZEN
    # The phone sending it again learns it was handed over; nothing new.
    opnieuw = world.client_for("gemeente").post(
        url(gesloten), post_data(client_id=str(laat.client_id), wachtrij="1"), **JSON)
    assert opnieuw.status_code == 202
    assert Bevinding.alle.count() == 1


@pytest.mark.parametrize("persona", ["gemeente", "politie", "ondernemer", "auditor", "lezer"])
def test_only_a_coordinator_decides(world, gesloten, persona):
    laat_vastleggen(world, gesloten)
    laat = Bevinding.alle.get()
    response = world.client_for(persona).post(beslis_url(laat), {"besluit": "aanvaarden"})
    assert response.status_code == 403
    laat.refresh_from_db()
    assert laat.na_sluiting == NaSluiting.WACHT
    assert laat.beslist_op is None
    assert not Bevinding.objects.exists()


def test_outsider_gets_404_and_changes_nothing(world, gesloten):
    laat_vastleggen(world, gesloten)
    laat = Bevinding.alle.get()
    response = world.client_for("outsider").post(beslis_url(laat), {"besluit": "afwijzen"})
    assert response.status_code == 404
    laat.refresh_from_db()
    assert laat.na_sluiting == NaSluiting.WACHT


def test_a_bad_decision_gets_a_message_and_changes_nothing(world, gesloten):
    laat_vastleggen(world, gesloten)
    laat = Bevinding.alle.get()
    response = world.client_for("coordinator").post(beslis_url(laat), {"besluit": "weg"},
                                                    follow=True)
    assert "Kies “Aanvaarden” of “Afwijzen”" in response.content.decode()
    laat.refresh_from_db()
    assert laat.na_sluiting == NaSluiting.WACHT


def test_a_finding_captured_in_time_cannot_be_decided_on(world, schouw):
    bevinding = BevindingFactory(schouw=schouw)
    response = world.client_for("coordinator").post(beslis_url(bevinding),
                                                    {"besluit": "afwijzen"})
    assert response.status_code == 404
    bevinding.refresh_from_db()
    assert bevinding.na_sluiting == ""


def test_a_cancelled_schouw_keeps_the_capture_too(world, schouw):
    services.schouw_annuleren(schouw=schouw)
    schouw.refresh_from_db()
    _, _, response = laat_vastleggen(world, schouw)
    assert response.status_code == 202
    assert Bevinding.alle.get().na_sluiting == NaSluiting.WACHT


def test_the_form_sent_with_signal_after_closing_goes_to_the_schouw_page_with_the_message(
    world, gesloten
):
    client = world.client_for("politie")
    response = client.post(url(gesloten), post_data(), follow=True)
    tekst = response.content.decode()
    assert response.redirect_chain[-1][0] == detail(gesloten)
    assert "doorgegeven aan de coördinator" in tekst
    assert "van dit toestel verwijderd" not in tekst  # it never waited on the phone
    assert Bevinding.alle.get().na_sluiting == NaSluiting.WACHT


def test_a_late_capture_is_not_asked_the_duplicate_question(world, gesloten):
    BevindingFactory(schouw=gesloten, categorie=categorie("Verlichting"),
                     latitude=52.0019, longitude=4.1675)
    _, _, response = laat_vastleggen(world, gesloten, latitude="52.0019", longitude="4.1675")
    assert response.status_code == 202
    assert Bevinding.alle.filter(na_sluiting=NaSluiting.WACHT).count() == 1


def test_a_late_capture_answers_a_closed_checklist_nothing(world, gesloten):
    from schouwen.models import ChecklistAntwoord, Checklistitem

    item = Checklistitem.objects.first()
    gesloten.checklist_id = item.thema.sjabloon_id
    gesloten.save()
    laat_vastleggen(world, gesloten, item=str(item.pk))
    assert not ChecklistAntwoord.objects.exists()


def test_the_schouw_page_shows_the_late_captures_in_a_fixed_number_of_queries(world, gesloten):
    coordinator = world.client_for("coordinator")

    def tel():
        with CaptureQueriesContext(connection) as context:
            assert coordinator.get(detail(gesloten)).status_code == 200
        return len(context)

    def laat(n):
        for _ in range(n):
            b = BevindingFactory(schouw=gesloten, na_sluiting=NaSluiting.WACHT,
                                 client_id=uuid.uuid4())
            FotoFactory(bevinding=b)

    laat(2)
    twee = tel()
    laat(6)
    assert tel() == twee
