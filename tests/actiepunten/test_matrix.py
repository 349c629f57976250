import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from actiepunten.models import Status
from tests.actiepunten.factories import ActiepuntFactory, DoelFactory, KnelpuntFactory
from tests.factories import UserFactory

VANDAAG = datetime.datetime(2026, 6, 10, 10, tzinfo=datetime.UTC)


def _matrix(world, persona="coordinator", query=""):
    url = reverse("actiepunten:matrix", args=[world.traject.pk])
    return world.client_for(persona).get(f"{url}{query}")


@time_machine.travel(VANDAAG, tick=False)
def test_matrix_groups_items_by_knelpunt_and_goal_and_filters(world):
    doel = DoelFactory(knelpunt__traject=world.traject, knelpunt__titel="Brandgevaar",
                       omschrijving="Containers dicht")
    ActiepuntFactory(traject=world.traject, doel=doel, titel="Containers afsluiten",
                     organisatie=world.organisaties["ondernemer"],
                     deadline=datetime.date(2026, 6, 1))
    ActiepuntFactory(traject=world.traject, titel="Straatwerk herstellen",
                     organisatie=world.organisaties["gemeente"], bron="enquete",
                     deadline=datetime.date(2026, 8, 1))
    ActiepuntFactory(traject=world.ander_traject, titel="Van een ander traject")
    html = _matrix(world).content.decode()
    assert "Brandgevaar" in html and "Containers dicht" in html
    assert "Containers afsluiten" in html and "Straatwerk herstellen" in html
    assert "Van een ander traject" not in html
    assert "te laat" in html

    te_laat = _matrix(world, query="?te_laat=on").content.decode()
    assert "Containers afsluiten" in te_laat and "Straatwerk herstellen" not in te_laat
    org = world.organisaties["gemeente"].pk
    per_org = _matrix(world, query=f"?organisatie={org}").content.decode()
    assert "Straatwerk herstellen" in per_org and "Containers afsluiten" not in per_org
    per_bron = _matrix(world, query="?bron=enquete").content.decode()
    assert "Straatwerk herstellen" in per_bron and "Containers afsluiten" not in per_bron
    per_status = _matrix(world, query="?status=gereed").content.decode()
    assert "Straatwerk herstellen" not in per_status and "Containers afsluiten" not in per_status


def test_matrix_filter_with_unknown_organisation_shows_dutch_error(world):
    ActiepuntFactory(traject=world.traject, titel="Iets")
    html = _matrix(world, query="?organisatie=999999").content.decode()
    assert "Selecteer een geldige keuze" in html


def _items(world, n):
    doelen = [DoelFactory(knelpunt__traject=world.traject) for _ in range(3)]
    ActiepuntFactory.create_batch(
        n, traject=world.traject, organisatie=world.organisaties["gemeente"],
        verantwoordelijke=world.users["gemeente"], uitvoerder=world.organisaties["politie"],
        doel=doelen[0],
    )
    for doel in doelen[1:]:
        ActiepuntFactory(traject=world.traject, doel=doel,
                         organisatie=world.organisaties["gemeente"])


def _queries(client, url, **headers):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_mijn_uses_a_constant_number_of_queries(world):
    client = world.client_for("gemeente")
    url = reverse("actiepunten:mijn")
    _items(world, 10)
    klein = _queries(client, url)
    _items(world, 200)
    assert _queries(client, url) == klein


@pytest.mark.parametrize(("klein", "groot"), [(5, 40), (60, 300)], ids=["open", "ingeklapt"])
def test_matrix_uses_a_constant_number_of_queries(world, klein, groot):
    """Open (every row on the page, up to OPEN_TOT items) and collapsed (counts only)."""
    client = world.client_for("coordinator")
    url = reverse("actiepunten:matrix", args=[world.traject.pk])
    _items(world, klein - 2)
    aantal = _queries(client, url)
    _items(world, groot - klein - 2)
    assert _queries(client, url) == aantal <= 15  # issue 12: every page ≤ 15 queries


@pytest.mark.parametrize("zonder_doel", [False, True])
def test_matrix_group_uses_a_constant_number_of_queries(world, zonder_doel):
    client = world.client_for("coordinator")
    doel = DoelFactory(knelpunt__traject=world.traject)
    if zonder_doel:
        url = reverse("actiepunten:matrix-zonder-doel", args=[world.traject.pk])
    else:
        url = reverse("actiepunten:matrix-knelpunt", args=[world.traject.pk, doel.knelpunt.pk])

    def items(n):
        ActiepuntFactory.create_batch(
            n, traject=world.traject, doel=None if zonder_doel else doel,
            organisatie=world.organisaties["gemeente"], verantwoordelijke=world.users["gemeente"],
            uitvoerder=world.organisaties["politie"],
        )

    items(3)
    aantal = _queries(client, url, HTTP_HX_REQUEST="true")
    items(120)
    assert _queries(client, url, HTTP_HX_REQUEST="true") == aantal <= 15
    assert _queries(client, f"{url}?pagina=3", HTTP_HX_REQUEST="true") == aantal


def test_mijn_actiepunten_shows_mine_and_my_organisations_across_trajectories(world):
    gemeente = world.users["gemeente"]
    ActiepuntFactory(traject=world.traject, titel="Van mijn organisatie",
                     organisatie=world.organisaties["gemeente"])
    ActiepuntFactory(traject=world.traject, titel="Op mijn naam", verantwoordelijke=gemeente)
    ActiepuntFactory(traject=world.traject, titel="Van de politie",
                     organisatie=world.organisaties["politie"])
    ActiepuntFactory(traject=world.ander_traject, titel="Ander traject, zelfde organisatie",
                     organisatie=world.organisaties["gemeente"])
    klaar = ActiepuntFactory(traject=world.traject, titel="Al gereed", verantwoordelijke=gemeente)
    klaar.naar_status(Status.GEREED, coordinator=True)
    html = world.client_for("gemeente").get(reverse("actiepunten:mijn")).content.decode()
    assert "Van mijn organisatie" in html and "Op mijn naam" in html
    assert "Van de politie" not in html
    assert "Ander traject, zelfde organisatie" not in html  # not a member there
    assert "Al gereed" not in html  # open items unless filtered otherwise
    alles = world.client_for("gemeente").get(reverse("actiepunten:mijn") + "?status=gereed")
    assert "Al gereed" in alles.content.decode()


def _export_items(world):
    ActiepuntFactory(traject=world.traject, titel="=HYPERLINK(\"http://kwaad.example\")",
                     omschrijving="+31 6 1234", organisatie=world.organisaties["gemeente"],
                     deadline=datetime.date(2026, 7, 1))
    ActiepuntFactory(traject=world.traject, titel="Straatwerk ’s-Gravenzande herstellen",
                     omschrijving="@SUM(A1)", verantwoordelijke=UserFactory(naam="-Piet"))


def test_csv_export_opens_in_dutch_excel_and_disarms_formulas(world):
    _export_items(world)
    response = world.client_for("auditor").get(
        reverse("actiepunten:export-csv", args=[world.traject.pk])
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Knelpunt", "Doel", "Actiepunt"]
    assert "Verantwoordelijke organisatie" in rows[0]
    titels = {row[2] for row in rows[1:]}
    assert "'=HYPERLINK(\"http://kwaad.example\")" in titels
    assert "Straatwerk ’s-Gravenzande herstellen" in titels
    cells = [cell for row in rows[1:] for cell in row]
    assert "'+31 6 1234" in cells and "'@SUM(A1)" in cells and "'-Piet" in cells
    assert "01-07-2026" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_csv_export_follows_the_filters(world):
    _export_items(world)
    org = world.organisaties["gemeente"].pk
    response = world.client_for("coordinator").get(
        reverse("actiepunten:export-csv", args=[world.traject.pk]) + f"?organisatie={org}"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2


def test_xlsx_export_has_dutch_headers_and_keeps_formulas_as_text(world):
    _export_items(world)
    response = world.client_for("politie").get(
        reverse("actiepunten:export-xlsx", args=[world.traject.pk])
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["Knelpunt", "Doel", "Actiepunt"]
    titels = [row[2] for row in sheet.iter_rows(min_row=2)]
    formule = next(c for c in titels if str(c.value).startswith("=HYPERLINK"))
    assert formule.data_type == "s"
    deadlines = [row[9].value for row in sheet.iter_rows(min_row=2)]
    assert datetime.datetime(2026, 7, 1) in deadlines


def test_matrix_grouping_is_shared_by_page_and_dossier(world):
    from actiepunten.models import Actiepunt

    doel = DoelFactory(knelpunt__traject=world.traject)
    leeg = DoelFactory(knelpunt__traject=world.traject)
    met_doel = ActiepuntFactory(traject=world.traject, doel=doel)
    zonder = ActiepuntFactory(traject=world.traject)
    items = Actiepunt.objects.filter(traject=world.traject).voor_matrix()
    groepen, zonder_doel = items.per_knelpunt(world.traject)
    assert [(k, [(d, list(i)) for d, i in doelen]) for k, doelen in groepen] == [
        (doel.knelpunt, [(doel, [met_doel])]), (leeg.knelpunt, [(leeg, [])]),
    ]
    assert zonder_doel == [zonder]
    gevuld, _zonder = items.per_knelpunt(world.traject, alleen_gevuld=True)
    assert [k for k, _doelen in gevuld] == [doel.knelpunt]


@time_machine.travel(VANDAAG, tick=False)
def test_large_matrix_collapses_per_knelpunt_and_loads_a_group_on_demand(world, monkeypatch):
    from actiepunten.views import matrix as matrix_views

    monkeypatch.setattr(matrix_views, "OPEN_TOT", 2)
    monkeypatch.setattr(matrix_views, "GROEP_PAGINA", 2)
    doel = DoelFactory(knelpunt__traject=world.traject, knelpunt__titel="Brandgevaar",
                       omschrijving="Containers dicht")
    DoelFactory(knelpunt=doel.knelpunt, omschrijving="Nog zonder maatregel")
    for i, deadline in enumerate([datetime.date(2026, 6, 1), datetime.date(2026, 7, 1),
                                  datetime.date(2026, 8, 1)]):
        ActiepuntFactory(traject=world.traject, doel=doel, titel=f"<b>Container {i}</b>",
                         deadline=deadline, organisatie=world.organisaties["gemeente"])
    ActiepuntFactory(traject=world.traject, titel="Straatwerk herstellen",
                     organisatie=world.organisaties["politie"], deadline=datetime.date(2026, 9, 1))
    client = world.client_for("coordinator")

    html = _matrix(world).content.decode()
    assert "Brandgevaar" in html and "3 actiepunten: 3 open, 1 te laat" in html
    assert "1 actiepunt: 1 open, 0 te laat" in html  # the items without a goal
    assert "Container" not in html and "Straatwerk" not in html  # loaded when opened
    groep_url = reverse("actiepunten:matrix-knelpunt", args=[world.traject.pk, doel.knelpunt.pk])
    assert f'hx-get="{groep_url}"' in html

    # The fragment: a page of rows under their goals, values escaped, the next page by htmx.
    fragment = client.get(groep_url, HTTP_HX_REQUEST="true")
    assert fragment["Vary"] and "HX-Request" in fragment["Vary"]
    tekst = fragment.content.decode()
    assert "<html" not in tekst and "Containers dicht" in tekst
    assert "&lt;b&gt;Container 0&lt;/b&gt;" in tekst and "&lt;b&gt;Container 1" in tekst
    assert "Container 2" not in tekst and "Nog zonder maatregel" in tekst
    assert f'hx-get="{groep_url}?pagina=2"' in tekst and "te laat" in tekst
    tweede = client.get(f"{groep_url}?pagina=2", HTTP_HX_REQUEST="true").content.decode()
    assert "Container 2" in tweede and "Container 0" not in tweede
    assert "Nog zonder maatregel" not in tweede  # empty goals on the first page only

    # Filters in the URL apply to the counts and the rows.
    gefilterd = _matrix(world, query="?te_laat=on").content.decode()
    assert "Container 0" in gefilterd and "Straatwerk" not in gefilterd  # one item: open
    org = world.organisaties["gemeente"].pk
    per_org = _matrix(world, query=f"?organisatie={org}").content.decode()
    assert "3 actiepunten: 3 open, 1 te laat" in per_org and "zonder knelpunt" not in per_org
    assert f'hx-get="{groep_url}?organisatie={org}"' in per_org
    ActiepuntFactory(traject=world.traject, doel=doel, titel="Van de politie",
                     organisatie=world.organisaties["politie"])
    rijen = client.get(f"{groep_url}?organisatie={org}", HTTP_HX_REQUEST="true")
    assert "Van de politie" not in rijen.content.decode()

    # Without JavaScript the group is a page of its own, with the bulk form for the coordinator.
    pagina = client.get(groep_url).content.decode()
    assert "<html" in pagina and "Brandgevaar" in pagina and 'name="actiepunten"' in pagina
    zonder = client.get(reverse("actiepunten:matrix-zonder-doel", args=[world.traject.pk]))
    assert "Straatwerk herstellen" in zonder.content.decode()
    andere = KnelpuntFactory(traject=world.ander_traject)
    assert client.get(reverse("actiepunten:matrix-knelpunt",
                              args=[world.traject.pk, andere.pk])).status_code == 404
