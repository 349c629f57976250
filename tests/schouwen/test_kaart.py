"""The map asks for its box: the server answers with the findings in it, each one up to a
page's worth and beyond that clusters on a grid counted in the database."""

import pytest
from django.urls import reverse

from schouwen.kaart import KAART_MAXIMUM, RASTER, Kader, clusters, omvang
from schouwen.models import Bevinding
from tests.schouwen.factories import BevindingFactory, SchouwFactory

pytestmark = pytest.mark.django_db

# Around 's-Gravenzande: west, south, east, north.
KADER = "4.15,51.99,4.19,52.01"


def _raster(schouw, n, *, west=4.15, zuid=51.99, stap=0.0001, ernst="geel"):
    """`n` findings on a grid of points inside KADER (bulk: fast for thousands)."""
    eerste = BevindingFactory(schouw=schouw, latitude=zuid, longitude=west, ernst=ernst)
    kopie = {f.attname: getattr(eerste, f.attname) for f in Bevinding._meta.concrete_fields
             if not f.primary_key}
    Bevinding.objects.bulk_create(
        Bevinding(**{**kopie, "latitude": zuid + (i // 100) * stap,
                     "longitude": west + (i % 100) * stap, "ernst": ernst})
        for i in range(1, n)
    )


def _data(client, traject, **params):
    response = client.get(reverse("schouwen:kaart-data", args=[traject.pk]), params)
    assert response.status_code == 200
    return response.json()


def test_only_findings_inside_the_box_are_sent(world):
    schouw = SchouwFactory(traject=world.traject)
    binnen = BevindingFactory(schouw=schouw, latitude=52.0, longitude=4.17)
    BevindingFactory(schouw=schouw, latitude=52.1, longitude=4.17)  # north of the box
    BevindingFactory(schouw=schouw, latitude=52.0, longitude=4.30)  # east of it
    data = _data(world.client_for("politie"), world.traject, bbox=KADER)
    assert [f["properties"]["id"] for f in data["features"]] == [binnen.pk]
    assert data["totaal"] == 1 and not data["geclusterd"]
    assert len(_data(world.client_for("politie"), world.traject)["features"]) == 3  # no box


def test_box_and_filters_combine(world):
    eerste, tweede = SchouwFactory(traject=world.traject), SchouwFactory(traject=world.traject)
    a = BevindingFactory(schouw=eerste, latitude=52.0, longitude=4.17)
    BevindingFactory(schouw=tweede, latitude=52.0, longitude=4.17)
    data = _data(world.client_for("politie"), world.traject, bbox=KADER, schouw=eerste.pk)
    assert [f["properties"]["id"] for f in data["features"]] == [a.pk]


@pytest.mark.parametrize("bbox", ["", "4.19,51.99,4.15,52.01", "a,b,c,d", "1,2,3", "0,95,1,96"])
def test_a_box_that_is_not_one_means_all_findings(world, bbox):
    schouw = SchouwFactory(traject=world.traject)
    BevindingFactory(schouw=schouw, latitude=52.0, longitude=4.17)
    BevindingFactory(schouw=schouw, latitude=52.1, longitude=4.30)
    assert Kader.uit_tekst(bbox) is None
    assert _data(world.client_for("politie"), world.traject, bbox=bbox)["totaal"] == 2


def test_beyond_a_page_the_server_clusters_and_never_sends_more_than_the_cap(world):
    schouw = SchouwFactory(traject=world.traject)
    _raster(schouw, 2000)
    BevindingFactory(schouw=schouw, latitude=51.995, longitude=4.155, ernst="rood")
    data = _data(world.client_for("coordinator"), world.traject, bbox=KADER)
    assert data["geclusterd"] and data["totaal"] == 2001
    assert 1 < len(data["features"]) <= min(KAART_MAXIMUM, RASTER * RASTER)
    assert sum(f["properties"]["aantal"] for f in data["features"]) == 2001
    # The cluster with the red finding shows red; each cluster zooms to its own cell.
    rood = [f for f in data["features"] if f["properties"]["ernst"] == "rood"]
    assert len(rood) == 1
    (zuid, west), (noord, oost) = rood[0]["properties"]["kader"]
    assert zuid <= 51.995 <= noord and west <= 4.155 <= oost


def test_zoomed_in_on_part_of_a_cluster_the_findings_come_one_by_one(world):
    schouw = SchouwFactory(traject=world.traject)
    _raster(schouw, 2000)
    # 0.0009° square from the corner: 10 × 10 of the grid's points.
    data = _data(world.client_for("coordinator"), world.traject,
                 bbox="4.1499,51.9899,4.15095,51.99095")
    assert not data["geclusterd"]
    assert data["totaal"] == len(data["features"]) == 100
    assert all("id" in f["properties"] for f in data["features"])


def test_clusters_count_every_finding_once_including_the_edges(world):
    schouw = SchouwFactory(traject=world.traject)
    _raster(schouw, 500)
    bevindingen = Bevinding.objects.filter(schouw=schouw)
    kader = omvang(bevindingen)
    assert kader is not None
    uitkomst = clusters(bevindingen, kader)
    assert sum(c.aantal for c in uitkomst) == 500  # points on the east and north edge too
    assert len(uitkomst) <= RASTER * RASTER


def test_map_page_starts_on_the_box_of_the_findings_and_loads_its_script(world):
    schouw = SchouwFactory(traject=world.traject)
    BevindingFactory(schouw=schouw, latitude=52.0, longitude=4.16)
    BevindingFactory(schouw=schouw, latitude=52.01, longitude=4.18)
    response = world.client_for("politie").get(reverse("schouwen:kaart", args=[world.traject.pk]))
    body = response.content.decode()
    assert 'data-grenzen="[[52.0, 4.16], [52.01, 4.18]]"' in body
    assert "js/schouwen-kaart.js" in body and "leaflet" in body
    assert "<script>" not in body  # no inline script
