"""The schouw report's map: numbered findings over the area's outline and streets, drawn on
the server as SVG, in the page and in the PDF (no tile server)."""

import re

import pytest
from django.test import TestCase
from django.urls import reverse

from schouwen import services
from schouwen.models import Ernst
from tests.pdfcheck import tekst
from tests.schouwen.factories import BevindingFactory

GRENS = {"type": "Feature", "properties": {"naam": "Centrum"}, "geometry": {
    "type": "Polygon",
    "coordinates": [[[4.160, 51.998], [4.172, 51.998], [4.172, 52.006], [4.160, 52.006],
                     [4.160, 51.998]]],
}}
STRATEN = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "Langestraat"}, "geometry": {
        "type": "LineString", "coordinates": [[4.158, 52.001], [4.175, 52.003]]}},
]}
SCHAALLABEL = re.compile(r"\b(10|20|25|50|100|200|250|500) m\b")


@pytest.fixture
def schouw_met_plekken(world, schouw):
    gebied = world.traject.gebied
    gebied.grens, gebied.stratenkaart = GRENS, STRATEN
    gebied.save()
    BevindingFactory(schouw=schouw, omschrijving="Lamp kapot", ernst=Ernst.ROOD,
                     latitude=52.0010, longitude=4.1620)
    BevindingFactory(schouw=schouw, omschrijving="Tegel los", latitude=52.0050,
                     longitude=4.1700)
    BevindingFactory(schouw=schouw, omschrijving="Zonder plek", latitude=None, longitude=None)
    return schouw


def test_report_page_shows_numbered_points_over_outline_and_streets(world, schouw_met_plekken):
    response = world.client_for("lezer").get(
        reverse("schouwen:rapport", args=[world.traject.pk, schouw_met_plekken.pk]))
    html = response.content.decode()
    begin = html.rindex("<svg", 0, html.index('class="svg-kaart"'))  # not the charts' svg
    kaart = html[begin:html.index("</svg>", begin)]
    assert kaart.count("<circle") == 2
    assert ">1</text>" in kaart and ">2</text>" in kaart and ">3</text>" not in kaart
    assert 'fill="#a4161a"' in kaart  # the red finding in red
    assert kaart.count('stroke="#1f4e79"') == 1 and 'stroke="#adb5bd" stroke-width="3"' in kaart
    assert SCHAALLABEL.search(kaart)
    nummers = [b.nummer for _t, groep in response.context["themas"] for b in groep]
    assert sorted(nummers) == [1, 2, 3]
    assert "Zonder plek op de kaart: 3." in html
    assert "grens van het gebied is niet ingevoerd" not in html


def test_without_an_outline_the_map_shows_the_findings_and_says_so(world, schouw):
    BevindingFactory(schouw=schouw, latitude=52.0010, longitude=4.1620)
    kaart = services.schouwrapport_context(schouw)["kaart"]
    assert kaart.count("<circle") == 1
    assert 'fill-rule="evenodd"' not in kaart and 'stroke-width="3"' not in kaart
    html = world.client_for("coordinator").get(
        reverse("schouwen:rapport", args=[world.traject.pk, schouw.pk])).content.decode()
    assert "grens van het gebied is niet ingevoerd" in html


def test_no_positions_no_map(world, schouw):
    BevindingFactory(schouw=schouw, latitude=None, longitude=None)
    assert services.schouwrapport_context(schouw)["kaart"] == ""


def test_report_pdf_contains_the_map(world, schouw_met_plekken, caplog):
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client_for("politie").post(
            reverse("schouwen:rapport-maken", args=[world.traject.pk, schouw_met_plekken.pk]))
    pdf = tekst(schouw_met_plekken.rapporten.get().bestand.read())
    # The map's own text: the scale bar and the north arrow, drawn as vector text.
    assert SCHAALLABEL.search(pdf), pdf[:500]
    assert re.search(r"^N$", pdf, re.M)
    assert "1." in pdf and "2." in pdf
    assert not [r for r in caplog.records if r.name == "weasyprint" and r.levelno >= 30]


def test_report_pdf_without_positions_has_no_map(world, schouw):
    BevindingFactory(schouw=schouw, latitude=None, longitude=None)
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client_for("politie").post(
            reverse("schouwen:rapport-maken", args=[world.traject.pk, schouw.pk]))
    assert not SCHAALLABEL.search(tekst(schouw.rapporten.get().bestand.read()))
