"""The phase follows the events along one table; by hand only along the table, with a reason;
the history only grows."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import PDF_BYTES
from trajects import fasetabel
from trajects.models import FaseWijziging, Gebeurtenis, Traject

pytestmark = pytest.mark.django_db
Fase = Traject.Fase


def fase_url(world):
    return reverse("trajects:fase", args=[world.traject.pk])


def _zet_fase(traject, fase):
    Traject.objects.filter(pk=traject.pk).update(fase=fase)
    traject.refresh_from_db()


def test_coordinator_moves_by_hand_with_a_reason_and_it_is_recorded(world, coordinator_client):
    response = coordinator_client.post(
        fase_url(world), {"fase": Fase.ANALYSE, "toelichting": "Nulmeting gestart."}
    )
    assert response.status_code == 302
    world.traject.refresh_from_db()
    assert world.traject.fase == Fase.ANALYSE
    wijziging = FaseWijziging.objects.get(traject=world.traject)
    assert (wijziging.van, wijziging.naar) == (Fase.SAMENWERKING, Fase.ANALYSE)
    assert wijziging.gebeurtenis == Gebeurtenis.HANDMATIG
    assert wijziging.door == world.users["coordinator"]
    assert wijziging.toelichting == "Nulmeting gestart."


def test_change_by_hand_without_reason_is_refused(world, coordinator_client):
    response = coordinator_client.post(fase_url(world), {"fase": Fase.ANALYSE, "toelichting": ""})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    world.traject.refresh_from_db()
    assert world.traject.fase == Fase.SAMENWERKING
    assert not FaseWijziging.objects.exists()


@pytest.mark.parametrize("fase", [Fase.UITVOERING, Fase.AUDIT, Fase.HERSTEL])
def test_phases_that_follow_events_cannot_be_chosen_by_hand(world, coordinator_client, fase):
    _zet_fase(world.traject, Fase.PLAN)
    response = coordinator_client.post(fase_url(world), {"fase": fase, "toelichting": "Snel"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    world.traject.refresh_from_db()
    assert world.traject.fase == Fase.PLAN
    assert not FaseWijziging.objects.exists()


def test_form_offers_only_the_hand_rows_of_the_table(world, coordinator_client):
    response = coordinator_client.get(fase_url(world))
    keuzes = [value for value, _label in response.context["form"].fields["fase"].choices]
    assert keuzes == [Fase.ANALYSE, Fase.GESTOPT]
    assert "Certificaat uitgegeven" in response.content.decode()  # the table is shown


def test_model_refuses_transition_outside_the_table(world):
    with pytest.raises(ValidationError, match="niet met de hand naar"):
        world.traject.naar_fase(Fase.AUDIT, door=world.users["coordinator"], toelichting="x")
    assert not FaseWijziging.objects.exists()


@pytest.mark.parametrize("gebied", ["winkelgebied", "bedrijventerrein", "buitengebied"])
def test_events_drive_the_same_cycle_for_every_area_kind(world, gebied):
    world.traject.gebied.soort = gebied
    world.traject.gebied.save()
    door = world.users["coordinator"]
    pad = [
        (Gebeurtenis.INTENTIEVERKLARING, Fase.ANALYSE),
        (Gebeurtenis.AUDIT_GEPLAND, Fase.AUDIT),
        (Gebeurtenis.NEGATIEVE_AUDIT, Fase.HERSTEL),
        (Gebeurtenis.AUDIT_GEPLAND, Fase.AUDIT),
        (Gebeurtenis.CERTIFICAAT, Fase.UITVOERING),
        (Gebeurtenis.HERCERTIFICERING, Fase.HERCERTIFICERING),
        (Gebeurtenis.AUDIT_GEPLAND, Fase.AUDIT),
        (Gebeurtenis.CERTIFICAAT, Fase.UITVOERING),
    ]
    for gebeurtenis, fase in pad:
        world.traject.gebeurtenis(gebeurtenis, door=door)
        assert world.traject.fase == fase
    rijen = FaseWijziging.objects.filter(traject=world.traject)
    assert [(r.gebeurtenis, r.naar) for r in rijen] == pad
    assert Traject.objects.get(pk=world.traject.pk).fase == Fase.UITVOERING


def test_event_that_does_not_apply_changes_nothing(world):
    _zet_fase(world.traject, Fase.UITVOERING)
    assert world.traject.gebeurtenis(
        Gebeurtenis.INTENTIEVERKLARING, door=world.users["coordinator"]
    ) is None
    assert world.traject.fase == Fase.UITVOERING
    assert not FaseWijziging.objects.exists()


def test_a_certificate_moves_even_a_trajectory_still_in_the_first_phase(world):
    """Today's refusal came from a certified trajectory left in "Samenwerking vormgeven"."""
    world.traject.gebeurtenis(Gebeurtenis.CERTIFICAAT, door=world.users["coordinator"])
    assert world.traject.fase == Fase.UITVOERING


def _upload(client, world, soort, titel):
    return client.post(
        reverse("trajects:document-nieuw", args=[world.traject.pk]),
        {"soort": soort, "titel": titel, "organisatie": world.organisaties["coordinator"].pk,
         "bestand": SimpleUploadedFile("doc.pdf", PDF_BYTES, content_type="application/pdf")},
    )


def test_uploading_the_intentieverklaring_moves_to_the_analysis(world, coordinator_client):
    response = _upload(coordinator_client, world, "intentieverklaring",
                       "Getekende intentieverklaring")
    assert response.status_code == 302
    world.traject.refresh_from_db()
    assert world.traject.fase == Fase.ANALYSE
    wijziging = FaseWijziging.objects.get(traject=world.traject)
    assert wijziging.gebeurtenis == Gebeurtenis.INTENTIEVERKLARING
    assert "Getekende intentieverklaring" in wijziging.toelichting


def test_other_documents_do_not_move_the_phase(world, coordinator_client):
    assert _upload(coordinator_client, world, "notulen", "Notulen").status_code == 302
    world.traject.refresh_from_db()
    assert world.traject.fase == Fase.SAMENWERKING
    assert not FaseWijziging.objects.exists()


def test_every_phase_can_be_left_and_stopping_is_possible_from_every_active_phase():
    for fase in Fase:
        volgende = fasetabel.handmatig_vanuit(fase) + [
            fasetabel.na_gebeurtenis(fase, g) for g in Gebeurtenis
        ]
        assert any(volgende), fase
        if fase != Fase.GESTOPT:
            assert Fase.GESTOPT in fasetabel.handmatig_vanuit(fase)


def test_stale_phase_change_is_refused(world):
    oud = Traject.objects.get(pk=world.traject.pk)
    world.traject.naar_fase(Fase.ANALYSE, door=world.users["coordinator"], toelichting="x")
    with pytest.raises(ValidationError, match="intussen door iemand anders gewijzigd"):
        oud.naar_fase(Fase.GESTOPT, door=world.users["coordinator"], toelichting="x")
    assert Traject.objects.get(pk=world.traject.pk).fase == Fase.ANALYSE


def test_phase_history_cannot_be_changed_or_deleted(world):
    world.traject.naar_fase(Fase.ANALYSE, door=world.users["coordinator"], toelichting="x")
    wijziging = FaseWijziging.objects.get()
    wijziging.toelichting = "Achteraf aangepast"
    with pytest.raises(ValidationError, match="Historie kan niet worden gewijzigd"):
        wijziging.save()
    with pytest.raises(ValidationError, match="Historie kan niet worden verwijderd"):
        wijziging.delete()
    assert FaseWijziging.objects.get().toelichting == "x"


def test_partner_cannot_change_the_phase(world):
    response = world.client_for("gemeente").post(
        fase_url(world), {"fase": Fase.ANALYSE, "toelichting": "x"}
    )
    assert response.status_code == 403
    world.traject.refresh_from_db()
    assert world.traject.fase == Fase.SAMENWERKING


def test_detail_page_shows_the_phase_timeline_with_its_cause(world, coordinator_client):
    world.traject.naar_fase(Fase.ANALYSE, door=world.users["coordinator"], toelichting="Start")
    html = coordinator_client.get(world.traject.get_absolute_url()).content.decode()
    assert "Veiligheidsanalyse" in html
    assert "Met de hand gewijzigd" in html
    assert "Start" in html
