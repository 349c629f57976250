"""Phase transitions follow the table; the history only grows."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from trajects.models import FaseWijziging, Traject

pytestmark = pytest.mark.django_db
Fase = Traject.Fase


def fase_url(world):
    return reverse("trajects:fase", args=[world.traject.pk])


def test_coordinator_moves_to_an_allowed_phase_and_it_is_recorded(world, coordinator_client):
    response = coordinator_client.post(
        fase_url(world), {"fase": Fase.ANALYSE, "toelichting": "Nulmeting gestart."}
    )
    assert response.status_code == 302
    world.traject.refresh_from_db()
    assert world.traject.fase == Fase.ANALYSE
    wijziging = FaseWijziging.objects.get(traject=world.traject)
    assert (wijziging.van, wijziging.naar) == (Fase.SAMENWERKING, Fase.ANALYSE)
    assert wijziging.door == world.users["coordinator"]
    assert wijziging.toelichting == "Nulmeting gestart."


def test_phase_that_may_not_follow_is_refused_with_dutch_message(world, coordinator_client):
    response = coordinator_client.post(fase_url(world), {"fase": Fase.UITVOERING})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    world.traject.refresh_from_db()
    assert world.traject.fase == Fase.SAMENWERKING
    assert not FaseWijziging.objects.exists()


def test_form_offers_only_the_phases_the_table_allows(world, coordinator_client):
    response = coordinator_client.get(fase_url(world))
    keuzes = [value for value, _label in response.context["form"].fields["fase"].choices]
    assert set(keuzes) == Traject.OVERGANGEN[Fase.SAMENWERKING]


def test_model_refuses_transition_outside_the_table(world):
    with pytest.raises(ValidationError, match="kan het traject niet naar"):
        world.traject.naar_fase(Fase.AUDIT, door=world.users["coordinator"])
    assert not FaseWijziging.objects.exists()


def test_full_cycle_through_recertification_keeps_every_step(world):
    door = world.users["coordinator"]
    pad = [Fase.ANALYSE, Fase.PLAN, Fase.AUDIT, Fase.UITVOERING, Fase.HERCERTIFICERING,
           Fase.AUDIT, Fase.UITVOERING, Fase.GESTOPT, Fase.SAMENWERKING]
    for fase in pad:
        world.traject.naar_fase(fase, door=door)
    assert list(FaseWijziging.objects.values_list("naar", flat=True)) == pad


def test_stale_phase_change_is_refused(world):
    oud = Traject.objects.get(pk=world.traject.pk)
    world.traject.naar_fase(Fase.ANALYSE, door=world.users["coordinator"])
    with pytest.raises(ValidationError, match="intussen door iemand anders gewijzigd"):
        oud.naar_fase(Fase.GESTOPT, door=world.users["coordinator"])
    assert Traject.objects.get(pk=world.traject.pk).fase == Fase.ANALYSE


def test_phase_history_cannot_be_changed_or_deleted(world):
    world.traject.naar_fase(Fase.ANALYSE, door=world.users["coordinator"])
    wijziging = FaseWijziging.objects.get()
    wijziging.toelichting = "Achteraf aangepast"
    with pytest.raises(ValidationError, match="Historie kan niet worden gewijzigd"):
        wijziging.save()
    with pytest.raises(ValidationError, match="Historie kan niet worden verwijderd"):
        wijziging.delete()
    assert FaseWijziging.objects.get().toelichting == ""


def test_partner_cannot_change_the_phase(world):
    response = world.client_for("gemeente").post(fase_url(world), {"fase": Fase.ANALYSE})
    assert response.status_code == 403
    world.traject.refresh_from_db()
    assert world.traject.fase == Fase.SAMENWERKING


def test_detail_page_shows_the_phase_timeline(world, coordinator_client):
    world.traject.naar_fase(Fase.ANALYSE, door=world.users["coordinator"], toelichting="Start")
    html = coordinator_client.get(world.traject.get_absolute_url()).content.decode()
    assert "Veiligheidsanalyse" in html
    assert "Start" in html
