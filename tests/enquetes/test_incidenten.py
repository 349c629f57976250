"""Incident figures: entry by the source, corrections kept in the history, trend chart,
members only."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enquetes.models import Incidentcijfer
from tests.checksum import database_checksum
from tests.enquetes.factories import IncidentcijferFactory


def url(world):
    return reverse("enquetes:incidenten", args=[world.traject.pk])


def test_police_enters_a_figure_and_a_correction_keeps_the_earlier_value(world):
    client = world.client_for("politie")
    nieuw = reverse("enquetes:incident-nieuw", args=[world.traject.pk])
    client.post(nieuw, {"bron": "politie", "jaar": 2023, "soort": "Winkeldiefstal",
                        "aantal": 30})
    response = client.post(nieuw, {"bron": "politie", "jaar": 2023, "soort": "winkeldiefstal",
                                   "aantal": 31}, follow=True)
    assert "gecorrigeerd van 30 naar 31" in response.content.decode()
    cijfer = Incidentcijfer.objects.get()
    assert (cijfer.soort, cijfer.aantal) == ("Winkeldiefstal", 31)
    historie = list(cijfer.history.order_by("history_id").values_list(
        "aantal", "history_user__email"))
    assert historie == [(30, "politie@example.org"), (31, "politie@example.org")]
    # The coordinator corrects it too; everybody in the trajectory reads the history.
    world.client_for("coordinator").post(nieuw, {"bron": "politie", "jaar": 2023,
                                                 "soort": "Winkeldiefstal", "aantal": 29})
    pagina = world.client_for("ondernemer").get(
        reverse("enquetes:incident-detail", args=[world.traject.pk, cijfer.pk])
    ).content.decode()
    assert all(str(n) in pagina for n in (30, 31, 29))
    assert "Coordinator" in pagina and "Gecorrigeerd" in pagina


def test_partner_cannot_enter_or_correct_police_figures_and_nothing_changes(world):
    """The police figures are the police's: the gemeente and the fire brigade may not enter
    or correct them, not by the form, not by CSV, not by withdrawing them."""
    cijfer = IncidentcijferFactory(traject=world.traject, bron="politie", jaar=2023,
                                   soort="Inbraak", aantal=12)
    nieuw = reverse("enquetes:incident-nieuw", args=[world.traject.pk])
    intrekken = reverse("enquetes:incident-intrekken", args=[world.traject.pk, cijfer.pk])
    importeren = reverse("enquetes:incidenten-importeren", args=[world.traject.pk])
    correctie = {"bron": "politie", "jaar": 2023, "soort": "Inbraak", "aantal": 2}
    gemeente, brandweer = world.client_for("gemeente"), world.client_for("brandweer")
    voor = database_checksum()
    assert gemeente.get(nieuw).status_code == 403
    assert gemeente.post(nieuw, correctie).status_code == 403
    assert gemeente.post(intrekken).status_code == 403
    response = brandweer.post(nieuw, correctie)  # the fire brigade may enter only fire figures
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert brandweer.post(intrekken).status_code == 403
    bestand = SimpleUploadedFile("cijfers.csv", b"bron;jaar;soort;aantal\npolitie;2023;Inbraak;2\n",
                                 content_type="text/csv")
    response = brandweer.post(importeren, {"bestand": bestand})
    assert response.status_code == 400
    assert "voert de politie zelf of de coördinator in" in response.content.decode()
    assert database_checksum() == voor
    cijfer.refresh_from_db()
    assert cijfer.aantal == 12 and cijfer.ingetrokken is None


def test_fire_brigade_form_offers_only_fire_figures(world):
    form = world.client_for("brandweer").get(
        reverse("enquetes:incident-nieuw", args=[world.traject.pk])).context["form"]
    assert [k for k, _label in form.fields["bron"].choices] == ["brandweer"]


def test_withdrawn_figure_leaves_the_table_but_not_the_history(world):
    cijfer = IncidentcijferFactory(traject=world.traject, bron="politie", jaar=2023,
                                   soort="Zakkenrollerij", aantal=4)
    client = world.client_for("politie")
    client.post(reverse("enquetes:incident-intrekken", args=[world.traject.pk, cijfer.pk]))
    cijfer.refresh_from_db()
    assert cijfer.ingetrokken is not None  # withdrawn, not deleted
    assert "Zakkenrollerij" not in client.get(url(world)).content.decode()
    pagina = client.get(reverse("enquetes:incident-detail", args=[world.traject.pk, cijfer.pk]))
    assert "Ingetrokken" in pagina.content.decode()
    # Entering it again brings it back, with the withdrawal in its history.
    client.post(reverse("enquetes:incident-nieuw", args=[world.traject.pk]), {
        "bron": "politie", "jaar": 2023, "soort": "Zakkenrollerij", "aantal": 5})
    cijfer.refresh_from_db()
    assert (cijfer.aantal, cijfer.ingetrokken) == (5, None)
    assert cijfer.history.count() == 3


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


def test_withdrawing_a_figure_of_another_traject_is_not_possible(world):
    cijfer = IncidentcijferFactory(traject=world.ander_traject)
    response = world.client_for("coordinator").post(
        reverse("enquetes:incident-intrekken", args=[world.traject.pk, cijfer.pk]))
    assert response.status_code == 404
    cijfer.refresh_from_db()
    assert cijfer.ingetrokken is None


def test_incident_overview_is_shared_by_page_and_dossier(world):
    from enquetes import charts

    for bron, jaar, soort, aantal in [("politie", 2024, "Winkeldiefstal", 10),
                                      ("politie", 2024, "Inbraak", 2),
                                      ("politie", 2025, "Winkeldiefstal", 7),
                                      ("brandweer", 2025, "Brand", 0)]:
        IncidentcijferFactory(traject=world.traject, bron=bron, jaar=jaar, soort=soort,
                              aantal=aantal)
    overzicht = Incidentcijfer.objects.filter(traject=world.traject).overzicht()
    assert overzicht.jaren == [2024, 2025]
    assert overzicht.reeksen == [("Politie", [12, 7]), ("Brandweer", [None, 0])]
    politie, brandweer = overzicht.tabellen
    assert [r["soort"] for r in politie["rijen"]] == ["Inbraak", "Winkeldiefstal"]
    assert politie["totalen"] == [12, 7] and brandweer["totalen"] == [None, None]
    svg = charts.incidententrend(overzicht, id="t")
    assert "Politie: 2024 12, 2025 7; Brandweer: 2025 0" in svg
    assert charts.incidententrend(
        Incidentcijfer.objects.none().overzicht(), id="t") == ""
