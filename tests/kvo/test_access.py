"""The access helpers (kvo.access, trajects.access.traject_voor): one call gives the object and
what the user may do with it; outsiders get 404, members without the permission 403."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from kvo.access import Rights, get_for_user, get_with_rights
from trajects.access import traject_voor
from trajects.models import Organisatie, Traject


def test_member_gets_the_object_and_its_rights(world):
    traject, mag = get_with_rights(world.users["gemeente"], Traject.objects.all(),
                                   pk=world.traject.pk)
    assert traject == world.traject
    assert isinstance(mag, Rights)
    assert mag("trajects.view_traject")
    assert not mag("trajects.change_traject")
    assert mag("trajects.add_document")


def test_outsider_gets_404_and_member_without_the_permission_403(world):
    with pytest.raises(Http404):
        get_with_rights(world.users["outsider"], Traject.objects.all(), pk=world.traject.pk)
    with pytest.raises(PermissionDenied):
        get_with_rights(world.users["politie"], Traject.objects.all(), "trajects.change_traject",
                        pk=world.traject.pk)
    assert get_for_user(world.users["coordinator"], Traject.objects.all(),
                        "trajects.change_traject", pk=world.traject.pk) == world.traject


def test_a_missing_object_is_404_like_a_foreign_one(world):
    with pytest.raises(Http404):
        get_with_rights(world.users["coordinator"], Traject.objects.all(), pk=999_999)


def test_rights_ask_each_permission_once(world):
    traject, mag = traject_voor(world.users["auditor"], world.traject.pk)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert not mag("trajects.beheer_leden")
            assert mag.all("trajects.view_document", "trajects.view_overleg")
    assert len(queries) == 0  # the membership was read once, when the trajectory was fetched


def test_traject_voor_loads_the_area_with_the_trajectory(world):
    traject, mag = traject_voor(world.users["coordinator"], world.traject.pk,
                                "trajects.change_traject")
    with CaptureQueriesContext(connection) as queries:
        assert traject.gebied.naam
    assert len(queries) == 0
    assert mag("trajects.beheer_leden")



def test_organisations_and_starting_are_rules_permissions(world):
    gemeente = world.organisaties["gemeente"]
    coordinator, outsider = world.users["coordinator"], world.users["outsider"]
    organisatie, mag = get_with_rights(coordinator, Organisatie.objects.all(), pk=gemeente.pk)
    assert organisatie == gemeente
    assert mag("trajects.view_organisatie")
    assert world.users["gemeente"].has_perm("trajects.change_organisatie", gemeente)
    assert not world.users["politie"].has_perm("trajects.change_organisatie", gemeente)
    assert coordinator.has_perm("trajects.add_organisatie")
    assert coordinator.has_perm("trajects.traject_starten")
    assert not world.users["auditor"].has_perm("trajects.traject_starten")
    # Asked without an object (as the admin does) a permission is simply not granted.
    assert not outsider.has_perm("trajects.view_organisatie")
    assert not outsider.has_perm("trajects.change_organisatie")
