import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from schouwen.models import Bevinding, Categorie, Checklistsjabloon
from tests.schouwen.factories import BevindingFactory, SchouwFactory


def test_reference_data_is_seeded(db):
    assert Categorie.objects.get(naam="Brandveiligheid").verantwoordelijke_soort == "brandweer"
    sjabloon = Checklistsjabloon.objects.get(gebiedsoort="winkelgebied")
    assert [t.naam for t in sjabloon.themas.all()] == ["Schoon", "Heel", "Veilig", "Brandveilig"]


def test_toewijzen_moves_a_new_finding_to_toegewezen(world):
    bevinding = BevindingFactory(schouw__traject=world.traject)
    bevinding.toewijzen(world.organisaties["gemeente"])
    bevinding.refresh_from_db()
    assert bevinding.status == Bevinding.Status.TOEGEWEZEN
    assert bevinding.organisatie == world.organisaties["gemeente"]


def test_duplicate_must_point_to_a_finding_of_the_same_traject(world):
    bevinding = BevindingFactory(schouw__traject=world.traject)
    elders = BevindingFactory(schouw__traject=world.ander_traject)
    with pytest.raises(ValidationError):
        bevinding.markeer_als_dubbel(elders)
    with pytest.raises(ValidationError):
        bevinding.markeer_als_dubbel(bevinding)
    origineel = BevindingFactory(schouw=bevinding.schouw)
    bevinding.markeer_als_dubbel(origineel)
    bevinding.refresh_from_db()
    assert (bevinding.status, bevinding.dubbel_van) == (Bevinding.Status.DUBBEL, origineel)


def test_markeer_als_actiepunt_sets_the_status(world):
    bevinding = BevindingFactory(schouw__traject=world.traject)
    bevinding.markeer_als_actiepunt()
    bevinding.refresh_from_db()
    assert bevinding.status == Bevinding.Status.ACTIEPUNT


def test_database_refuses_a_duplicate_without_original(world):
    bevinding = BevindingFactory(schouw__traject=world.traject)
    with pytest.raises(IntegrityError):
        Bevinding.objects.filter(pk=bevinding.pk).update(status=Bevinding.Status.DUBBEL)


def test_database_refuses_a_position_off_the_globe(world):
    with pytest.raises(IntegrityError):
        BevindingFactory(schouw__traject=world.traject, latitude=95, longitude=4)


def test_database_refuses_a_schouw_that_ends_before_it_begins(world):
    schouw = SchouwFactory(traject=world.traject)
    with pytest.raises(IntegrityError):
        type(schouw).objects.filter(pk=schouw.pk).update(einde=schouw.begin)
