"""The server-drawn SVG map (kvo/kaart.py): GeoJSON read strictly, points where they belong."""

import re
import xml.etree.ElementTree as ET

import pytest

from kvo.kaart import KaartPunt, OngeldigeGeoJSON, geojson_lijnen, svg_kaart

SVG = "{http://www.w3.org/2000/svg}"
VIERKANT = {"type": "Polygon", "coordinates": [
    [[4.160, 52.000], [4.170, 52.000], [4.170, 52.006], [4.160, 52.006], [4.160, 52.000]],
]}


def _cirkels(svg):
    root = ET.fromstring(str(svg))
    return [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(SVG + "circle")]


def test_geojson_of_every_shape_gives_its_lines():
    straat = {"type": "LineString", "coordinates": [[4.16, 52.0], [4.17, 52.001]]}
    collectie = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Langestraat"}, "geometry": straat},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point",
                                                           "coordinates": [4.16, 52.0]}},
        {"type": "Feature", "properties": {}, "geometry": {
            "type": "MultiPolygon", "coordinates": [VIERKANT["coordinates"]] * 2}},
    ]}
    lijnen = geojson_lijnen(collectie)
    assert len(lijnen) == 3
    assert lijnen[0] == [(4.16, 52.0), (4.17, 52.001)]
    assert geojson_lijnen(None) == [] and geojson_lijnen({}) == []


@pytest.mark.parametrize("fout", [
    "tekst",
    {"type": "Cirkel", "coordinates": []},
    {"type": "LineString", "coordinates": [[4.16, 52.0]]},
    {"type": "LineString", "coordinates": [[4.16, "52"], [4.17, 52.0]]},
    # RD-coordinates (metres) pasted as if they were degrees.
    {"type": "LineString", "coordinates": [[79000, 447000], [79100, 447100]]},
    {"type": "FeatureCollection"},
])
def test_anything_but_wgs84_lines_and_polygons_is_refused(fout):
    with pytest.raises(OngeldigeGeoJSON):
        geojson_lijnen(fout)


def test_points_are_placed_north_up_inside_the_outline_with_their_labels():
    svg = svg_kaart(
        punten=[
            KaartPunt(lat=52.001, lon=4.161, label="1", kleur="#a4161a", titel="<Lamp>"),
            KaartPunt(lat=52.005, lon=4.169, label="2"),
        ],
        grens=geojson_lijnen(VIERKANT), titel="Kaart & bevindingen",
        breedte=600, hoogte=400,
    )
    (x1, y1), (x2, y2) = _cirkels(svg)
    assert x1 < x2 and y1 > y2  # east is right, north is up
    assert all(0 < v < 600 for v in (x1, x2)) and all(0 < v < 400 for v in (y1, y2))
    root = ET.fromstring(str(svg))
    teksten = [t.text for t in root.iter(SVG + "text")]
    assert teksten[:2] == ["1", "2"] and "N" in teksten
    assert any(re.fullmatch(r"\d+ m", t) for t in teksten)  # the scale bar
    assert "&lt;Lamp&gt;" in svg and "Kaart &amp; bevindingen" in svg
    assert "style=" not in svg  # strict CSP: presentation attributes only


def test_equal_distances_north_and_east_are_equal_on_the_map():
    """cos(lat) scaling: 0.001 degree of latitude is 111 m, of longitude at 52° about 69 m."""
    noord = 0.001
    oost = noord / 0.6156614753256583  # cos(52°)
    svg = svg_kaart(punten=[
        KaartPunt(lat=52.0, lon=4.16, label="a"),
        KaartPunt(lat=52.0 + noord, lon=4.16, label="b"),
        KaartPunt(lat=52.0, lon=4.16 + oost, label="c"),
    ])
    (xa, ya), (xb, yb), (xc, yc) = _cirkels(svg)
    assert abs((ya - yb) - (xc - xa)) < 1.5


def test_one_point_still_makes_a_map_and_nothing_makes_none():
    svg = svg_kaart(punten=[KaartPunt(lat=52.0, lon=4.16, label="1")])
    assert _cirkels(svg) == [(320.0, 210.0)]
    assert svg_kaart(punten=[]) == ""
