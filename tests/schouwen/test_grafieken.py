"""Findings per category as a chart on the schouw, its report (page and PDF HTML) and the
list of schouwen, from one helper (kvo.grafieken through schouwen.grafieken)."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from schouwen import services
from schouwen.models import Bevinding
from tests.schouwen.factories import BevindingFactory, SchouwFactory, categorie

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def svg_met_id(html, id):
    begin = html.index('<svg xmlns="http://www.w3.org/2000/svg"', html.index(f'{id}-titel') - 600)
    return ET.fromstring(html[begin:html.index("</svg>", begin) + 6])


def balken(root):
    labels = [t.text for t in root.iter(f"{SVG}text")]
    breedtes = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    return labels, breedtes


@pytest.fixture
def schouw(world):
    schouw = SchouwFactory(traject=world.traject, status="afgerond", afgerond_op=timezone.now())
    door = world.users["gemeente"]
    for _ in range(3):
        BevindingFactory(schouw=schouw, categorie=categorie("Verlichting"), vastgelegd_door=door)
    groen = BevindingFactory(schouw=schouw, categorie=categorie("Groen"), vastgelegd_door=door)
    dubbel = BevindingFactory(schouw=schouw, categorie=categorie("Bestrating"),
                              vastgelegd_door=door)
    Bevinding.objects.filter(pk=dubbel.pk).update(status=Bevinding.Status.DUBBEL, dubbel_van=groen)
    return schouw


def test_schouw_page_shows_findings_per_category_with_its_table(world, schouw):
    html = world.client_for("lezer").get(
        reverse("schouwen:detail", args=[world.traject.pk, schouw.pk])).content.decode()
    root = svg_met_id(html, "bevindingen-per-categorie")
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == (
        "Bevindingen per categorie")
    labels, breedtes = balken(root)
    assert labels == ["Verlichting", "3", "Groen", "1"]  # the duplicate is not counted
    assert breedtes[0] == pytest.approx(3 * breedtes[1], abs=0.2)
    assert "Als tabel" in html


def test_report_page_and_pdf_html_show_the_chart(world, schouw):
    html = world.client_for("coordinator").get(
        reverse("schouwen:rapport", args=[world.traject.pk, schouw.pk])).content.decode()
    assert balken(svg_met_id(html, "rapport-per-categorie"))[0] == [
        "Verlichting", "3", "Groen", "1"]
    context = services.schouwrapport_context(schouw)
    assert context["per_categorie"].rijen == [("Verlichting", "3"), ("Groen", "1")]


def test_list_of_schouwen_counts_findings_of_every_schouw(world, schouw):
    ander = SchouwFactory(traject=world.traject)
    BevindingFactory(schouw=ander, categorie=categorie("Groen"),
                     vastgelegd_door=world.users["politie"])
    BevindingFactory(schouw__traject=world.ander_traject, categorie=categorie("Groen"),
                     vastgelegd_door=world.users["outsider"])
    html = world.client_for("politie").get(
        reverse("schouwen:lijst", args=[world.traject.pk])).content.decode()
    labels, breedtes = balken(svg_met_id(html, "bevindingen-per-categorie"))
    assert labels == ["Verlichting", "3", "Groen", "2"]


def test_no_findings_no_chart(world):
    schouw = SchouwFactory(traject=world.traject)
    html = world.client_for("coordinator").get(
        reverse("schouwen:detail", args=[world.traject.pk, schouw.pk])).content.decode()
    assert "<svg" not in html and "Als tabel" not in html
