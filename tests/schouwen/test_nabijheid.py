"""Findings near a point (BevindingQuerySet.in_de_buurt, dubbelkandidaten): the same answer on
SQLite and PostgreSQL, exact to the metre, and scoped by category and status."""

import math

import pytest

from schouwen.models import AARDSTRAAL_M, Bevinding
from tests.schouwen.factories import BevindingFactory, SchouwFactory, categorie

LAT, LON = 52.0017, 4.1655


def verschoven(noord_m=0.0, oost_m=0.0):
    """The point `noord_m` metres north and `oost_m` metres east of (LAT, LON)."""
    lat = LAT + math.degrees(noord_m / AARDSTRAAL_M)
    lon = LON + math.degrees(oost_m / (AARDSTRAAL_M * math.cos(math.radians(LAT))))
    return {"latitude": lat, "longitude": lon}


def haversine(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * AARDSTRAAL_M * math.asin(math.sqrt(a))


@pytest.fixture
def schouw(world):
    return SchouwFactory(traject=world.traject)


def test_in_de_buurt_finds_points_within_the_radius_nearest_first(schouw):
    ver = BevindingFactory(schouw=schouw, **verschoven(noord_m=20))
    dichtbij = BevindingFactory(schouw=schouw, **verschoven(noord_m=3))
    # 24 m east lies outside a box that forgot longitude degrees shrink at 52° north.
    oost = BevindingFactory(schouw=schouw, **verschoven(oost_m=24))
    BevindingFactory(schouw=schouw, **verschoven(noord_m=30))
    BevindingFactory(schouw=schouw, **verschoven(oost_m=26))
    BevindingFactory(schouw=schouw, latitude=None, longitude=None)

    gevonden = list(Bevinding.objects.in_de_buurt(latitude=LAT, longitude=LON, meters=25))

    assert gevonden == [dichtbij, ver, oost]
    for b in gevonden:
        assert b.afstand == pytest.approx(haversine(LAT, LON, b.latitude, b.longitude), abs=0.01)
    assert [round(b.afstand) for b in gevonden] == [3, 20, 24]


def test_in_de_buurt_takes_the_radius_from_the_setting(schouw, settings):
    b = BevindingFactory(schouw=schouw, **verschoven(noord_m=40))
    assert not Bevinding.objects.in_de_buurt(latitude=LAT, longitude=LON).exists()
    settings.BEVINDING_DUBBEL_METERS = 50
    assert list(Bevinding.objects.in_de_buurt(latitude=LAT, longitude=LON)) == [b]


def test_dubbelkandidaten_are_open_findings_of_the_same_category(schouw, world):
    lamp, brand = categorie("Verlichting"), categorie("Brandveiligheid")
    kandidaat = BevindingFactory(schouw=schouw, categorie=lamp, **verschoven(noord_m=5))
    toegewezen = BevindingFactory(schouw=schouw, categorie=lamp, **verschoven(oost_m=10))
    toegewezen.toewijzen(world.organisaties["gemeente"])
    BevindingFactory(schouw=schouw, categorie=brand, **verschoven(noord_m=1))
    BevindingFactory(schouw=schouw, categorie=lamp, **verschoven(noord_m=2)).markeer_als_opgelost()
    BevindingFactory(schouw=schouw, categorie=lamp, **verschoven(noord_m=4)).markeer_als_dubbel(
        kandidaat)
    BevindingFactory(schouw__traject=world.ander_traject, categorie=lamp, **verschoven())

    gevonden = Bevinding.objects.van_traject(world.traject).dubbelkandidaten(
        categorie=lamp, latitude=LAT, longitude=LON)

    assert list(gevonden) == [kandidaat, toegewezen]
