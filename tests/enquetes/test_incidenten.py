"""Incident figures: entry, trend chart, members only."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enquetes.models import Incidentcijfer
from tests.enquetes.factories import IncidentcijferFactory


def url(world):
    return reverse("enquetes:incidenten", args=[world.traject.pk])


def test_police_enters_a_figure_and_a_correction_replaces_it(world):
    client = world.client_for("politie")
    nieuw = reverse("enquetes:incident-nieuw", args=[world.traject.pk])
    client.post(nieuw, {"bron": "politie", "jaar": 2023, "soort": "Winkeldiefstal",
                        "aantal": 30})
    client.post(nieuw, {"bron": "politie", "jaar": 2023, "soort": "winkeldiefstal",
                        "aantal": 31})
    assert list(Incidentcijfer.objects.values_list("soort", "aantal")) == [("Winkeldiefstal", 31)]


def test_figure_with_impossible_year_or_negative_count_is_refused(world):
    client = world.client_for("brandweer")
    nieuw = reverse("enquetes:incident-nieuw", args=[world.traject.pk])
    volgend_jaar = timezone.localdate().year + 1
    response = client.post(nieuw, {"bron": "brandweer", "jaar": volgend_jaar,
                                   "soort": "Containerbrand", "aantal": -1})
    html = response.content.decode()
    assert f"Kies een jaar van 1990 tot en met {volgend_jaar - 1}." in html
    assert "Zorg ervoor dat deze waarde minstens 0 is." in html
    assert not Incidentcijfer.objects.exists()


def test_trend_chart_and_table_show_totals_per_source_and_year(world):
    for jaar, aantal in [(2021, 10), (2022, 14), (2023, 9)]:
        IncidentcijferFactory(traject=world.traject, jaar=jaar, soort="Inbraak", aantal=aantal)
        IncidentcijferFactory(traject=world.traject, jaar=jaar, soort="Vernieling", aantal=5)
    IncidentcijferFactory(traject=world.traject, bron="brandweer", jaar=2022,
                          soort="Containerbrand", aantal=3)
    html = world.client_for("auditor").get(url(world)).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert "<title id=\"incidenten-trend-titel\">Geregistreerde incidenten per jaar</title>" in svg
    assert "Politie: 2021 15, 2022 19, 2023 14; Brandweer: 2022 3" in svg
    assert svg.count("<polyline") == 2
    assert 'stroke-dasharray="8 4"' in svg  # the second line differs by more than colour
    assert '<tr class="fw-bold"><th scope="row">Totaal</th><td class="text-end">15</td>' in html
    # Readers cannot change figures.
    assert "Cijfer invoeren" not in html


def test_figures_are_not_shown_to_outsiders(world):
    IncidentcijferFactory(traject=world.traject, soort="Geheim")
    assert world.client_for("outsider").get(url(world)).status_code == 404


def test_incident_page_queries_do_not_grow_with_figures(world):
    client = world.client_for("coordinator")
    IncidentcijferFactory.create_batch(5, traject=world.traject)
    with CaptureQueriesContext(connection) as klein:
        client.get(url(world))
    IncidentcijferFactory.create_batch(150, traject=world.traject,
                                       bron=Incidentcijfer.Bron.BRANDWEER)
    with CaptureQueriesContext(connection) as groot:
        client.get(url(world))
    assert len(klein) == len(groot)


def test_deleting_a_figure_of_another_traject_is_not_possible(world):
    cijfer = IncidentcijferFactory(traject=world.ander_traject)
    response = world.client_for("coordinator").post(
        reverse("enquetes:incident-verwijderen", args=[world.traject.pk, cijfer.pk]))
    assert response.status_code == 404
    assert Incidentcijfer.objects.filter(pk=cijfer.pk).exists()
