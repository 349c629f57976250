"""Results: percentages, small-group suppression, comparison, charts, exports, query counts."""

import csv
import io
import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enquetes import registry
from enquetes.resultaten import meting_resultaten
from kvo.registry import Hook
from tests.enquetes.factories import MetingFactory, OntvangerFactory, vragenlijst
from tests.enquetes.helpers import standaard_antwoorden, vul_in


def url(meting, naam="enquetes:resultaten"):
    return reverse(naam, args=[meting.traject_id, meting.pk])


def per_code(uitslag):
    return {r.vraag.code: r for r in uitslag.vragen}


def test_counts_and_percentages_per_question(meting):
    vul_in(meting, [standaard_antwoorden(i) for i in range(6)])
    OntvangerFactory.create_batch(4, meting=meting)
    uitslag = meting_resultaten(meting)
    assert (uitslag.aantal_beantwoord, uitslag.aantal_ontvangers, uitslag.respons) == (6, 10, 60.0)
    assert uitslag.doel_gehaald  # target 40%
    r = per_code(uitslag)
    assert [(o.label, o.aantal, o.procent) for o in r["branche"].opties] == [
        ("Winkel", 2, 33.3), ("Horeca", 2, 33.3), ("Anders", 2, 33.3)]
    # Multiple choice: share of respondents, so the total may pass 100%.
    assert [(o.label, o.aantal, o.procent) for o in r["slachtoffer"].opties] == [
        ("Winkeldiefstal", 4, 66.7), ("Inbraak", 2, 33.3), ("Geen", 2, 33.3)]
    assert [o.aantal for o in r["veilig"].opties] == [2, 1, 1, 1, 1]
    assert r["veilig"].gemiddelde == 2.7
    assert r["medewerkers"].gemiddelde == 2.5
    assert r["suggestie"].open_antwoorden == [f"Suggestie {i}" for i in range(6)]


def test_questions_with_fewer_than_five_answers_are_suppressed(world, meting):
    vul_in(meting, [standaard_antwoorden(i) for i in range(4)])
    uitslag = meting_resultaten(meting)
    assert all(r.onderdrukt and not r.opties and not r.open_antwoorden and not r.svg
               for r in uitslag.vragen)
    html = world.client_for("coordinator").get(url(meting)).content.decode()
    assert html.count("Niet getoond: minder dan 5 antwoorden.") == 6
    assert "Suggestie 1" not in html
    assert "<svg" not in html


def test_a_question_skipped_by_most_is_suppressed_alone(meting):
    antwoorden = [standaard_antwoorden(i) for i in range(8)]
    for a in antwoorden[3:]:
        del a["suggestie"]
    vul_in(meting, antwoorden)
    r = per_code(meting_resultaten(meting))
    assert r["suggestie"].onderdrukt and r["suggestie"].open_antwoorden == []
    assert not r["branche"].onderdrukt


def test_comparison_with_the_previous_meting_per_question(world, meting):
    vul_in(meting, [standaard_antwoorden(0)] * 5)  # all "Winkel", veilig 1, "Ja"
    een_meting = MetingFactory(traject=world.traject, nummer=1, naam="1-meting")
    vragenlijst(een_meting)
    vul_in(een_meting, [standaard_antwoorden(1)] * 3 + [standaard_antwoorden(0)] * 2)
    uitslag = meting_resultaten(een_meting)
    assert uitslag.vorige == meting
    r = per_code(uitslag)
    assert [(o.label, o.procent, o.vorige_procent, o.verschil) for o in r["aangifte"].opties] == [
        ("Ja", 40.0, 100.0, -60.0), ("Nee", 60.0, 0.0, 60.0)]
    assert (r["veilig"].gemiddelde, r["veilig"].vorige_gemiddelde,
            r["veilig"].verschil_gemiddelde) == (1.6, 1.0, 0.6)
    html = world.client_for("auditor").get(url(een_meting)).content.decode()
    assert "Vergeleken met de Nulmeting" in html
    assert "-60,0" in html and "+60,0" in html


def test_results_page_has_accessible_svg_chart_and_table(world, meting):
    vul_in(meting, [standaard_antwoorden(i) for i in range(5)])
    html = world.client_for("politie").get(url(meting)).content.decode()
    vraag = meting.vragen_per_soort["janee"]
    svg = re.search(rf'<svg[^>]*aria-labelledby="grafiek-{vraag.pk}-titel grafiek-{vraag.pk}-desc"'
                    r'.*?</svg>', html, re.S)
    assert svg, "chart for the yes/no question"
    assert 'role="img"' in svg.group(0)
    assert f'<title id="grafiek-{vraag.pk}-titel">Deed u aangifte?</title>' in svg.group(0)
    assert "Percentage van 5 antwoorden. Ja: 60%; Nee: 40%" in svg.group(0)
    assert "<script" not in svg.group(0)
    assert '<th scope="row" class="fw-normal">Ja</th><td class="text-end">3</td>' in html


def test_no_knelpunt_link_without_an_app_that_takes_proposals(world, meting, monkeypatch):
    """The results page also works where no app registered a page for new knelpunten."""
    monkeypatch.setattr(registry, "knelpunt_voorstellen", Hook(default=""))
    vul_in(meting, [standaard_antwoorden(i) for i in range(5)])
    html = world.client_for("coordinator").get(url(meting)).content.decode()
    assert "Knelpunt maken" not in html


def test_knelpunt_button_links_to_the_action_plan_with_the_question(world, meting):
    vul_in(meting, [standaard_antwoorden(i) for i in range(5)])
    client = world.client_for("coordinator")
    html = client.get(url(meting)).content.decode()
    vraag = meting.vragen_per_soort["janee"]
    nieuw = reverse("actiepunten:knelpunt-nieuw", args=[world.traject.pk])
    links = [unescape(link) for link in re.findall(rf'href="({re.escape(nieuw)}\?[^"]+)"', html)]
    assert len(links) == 6
    params = [parse_qs(urlparse(link).query) for link in links]
    janee = next(p for p in params if p["vraag"] == [str(vraag.pk)])
    assert janee["traject"] == [str(world.traject.pk)]
    assert janee["source"] == janee["bron"] == ["enquete"]
    assert janee["meting"] == [str(meting.pk)]
    assert janee["titel"] == ["Nulmeting: Deed u aangifte?"]
    assert janee["omschrijving"] == [
        "Uit de Nulmeting (5 antwoorden) op de vraag ‘Deed u aangifte?’: Ja: 60%; Nee: 40%."]
    # The link opens the action plan's form for this coordinator.
    assert client.get(links[0]).status_code == 200
    # Partners see the results but not the button.
    assert "Knelpunt maken" not in world.client_for("politie").get(url(meting)).content.decode()


def test_csv_export_opens_in_dutch_excel(world, meting):
    vul_in(meting, [standaard_antwoorden(i) for i in range(6)])
    response = world.client_for("gemeente").get(url(meting, "enquetes:export-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    tekst = response.content.decode("utf-8")
    assert tekst.startswith("\ufeff")
    rijen = list(csv.reader(io.StringIO(tekst.lstrip("\ufeff")), delimiter=";"))
    assert rijen[0][:4] == ["Onderdeel", "Vraag", "Antwoord", "Aantal"]
    assert ["Over uw bedrijf", "Wat voor bedrijf hebt u?", "Winkel", "2", "33,3", "6"] in rijen
    assert ["Veiligheid", "Hoe veilig voelt u zich?", "gemiddelde", "", "2,7", "6"] in rijen


def test_xlsx_export_has_results_and_response(world, meting):
    vul_in(meting, [standaard_antwoorden(i) for i in range(6)])
    response = world.client_for("auditor").get(url(meting, "enquetes:export-xlsx"))
    boek = openpyxl.load_workbook(io.BytesIO(response.content))
    rijen = list(boek["Resultaten"].iter_rows(values_only=True))
    assert ("Veiligheid", "Deed u aangifte?", "Ja", 3, 50.0, 6) in rijen
    assert ("Beantwoord", 6) in list(boek["Respons"].iter_rows(values_only=True))


def test_export_leaves_out_suppressed_breakdowns(world, meting):
    vul_in(meting, [standaard_antwoorden(i) for i in range(3)])
    tekst = world.client_for("coordinator").get(url(meting, "enquetes:export-csv")) \
        .content.decode()
    assert "Suggestie 1" not in tekst
    assert "minder dan 5 antwoorden: niet getoond" in tekst


def test_results_page_queries_do_not_grow_with_responses(world, meting):
    vorige = MetingFactory(traject=world.traject, nummer=5, naam="Vorige")
    vragenlijst(vorige)
    vul_in(vorige, [standaard_antwoorden(i) for i in range(10)])
    laatste = MetingFactory(traject=world.traject, nummer=6, naam="Laatste")
    vragenlijst(laatste)
    client = world.client_for("coordinator")
    aantallen = []
    for n in (10, 300):
        vul_in(laatste, [standaard_antwoorden(i) for i in range(n - laatste.inzendingen.count())])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(laatste)).status_code == 200
        aantallen.append(len(queries))
    assert aantallen[0] == aantallen[1], aantallen


def test_open_answers_cannot_inject_formulas_into_exports(world, meting):
    """An anonymous respondent's text is exported as text, never as a spreadsheet formula."""
    antwoorden = [standaard_antwoorden(i) for i in range(6)]
    antwoorden[0]["suggestie"] = '=HYPERLINK("http://example.invalid","klik")'
    antwoorden[1]["suggestie"] = "@SUM(1+1)"
    vul_in(meting, antwoorden)
    client = world.client_for("coordinator")
    tekst = client.get(url(meting, "enquetes:export-csv")).content.decode("utf-8")
    rijen = list(csv.reader(io.StringIO(tekst.lstrip("\ufeff")), delimiter=";"))
    cellen = [cel for rij in rijen for cel in rij]
    assert "'=HYPERLINK(\"http://example.invalid\",\"klik\")" in cellen
    assert "'@SUM(1+1)" in cellen
    assert not any(cel.startswith(("=", "@")) for cel in cellen)

    xlsx = client.get(url(meting, "enquetes:export-xlsx")).content
    boek = openpyxl.load_workbook(io.BytesIO(xlsx))
    cellen = [c for rij in boek["Resultaten"].iter_rows() for c in rij if c.value]
    formule = [c for c in cellen if str(c.value).startswith("=HYPERLINK")]
    assert formule and all(c.data_type == "s" for c in formule)


def test_exports_keep_a_negative_difference_a_number(world, meting):
    vul_in(meting, [standaard_antwoorden(0)] * 5)
    een_meting = MetingFactory(traject=world.traject, nummer=1, naam="1-meting")
    vragenlijst(een_meting)
    vul_in(een_meting, [standaard_antwoorden(1)] * 3 + [standaard_antwoorden(0)] * 2)
    client = world.client_for("coordinator")
    tekst = client.get(url(een_meting, "enquetes:export-csv")).content.decode("utf-8")
    rijen = list(csv.reader(io.StringIO(tekst.lstrip("\ufeff")), delimiter=";"))
    ja = next(r for r in rijen if r[1] == "Deed u aangifte?" and r[2] == "Ja")
    assert ja[3:] == ["2", "40,0", "5", "100,0", "-60,0"]
    boek = openpyxl.load_workbook(io.BytesIO(
        client.get(url(een_meting, "enquetes:export-xlsx")).content
    ))
    rij = next(r for r in boek["Resultaten"].iter_rows(values_only=True)
               if r[1] == "Deed u aangifte?" and r[2] == "Ja")
    assert rij[3:] == (2, 40.0, 5, 100.0, -60.0)
