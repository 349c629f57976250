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
from tests.actiepunten.factories import ActiepuntFactory, DoelFactory
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


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["actiepunten:matrix", "actiepunten:mijn"])
def test_list_pages_use_a_constant_number_of_queries(world, name):
    client = world.client_for("gemeente")
    url = reverse(name, args=[world.traject.pk] if name.endswith("matrix") else [])
    _items(world, 10)
    klein = _queries(client, url)
    _items(world, 200)
    groot = _queries(client, url)
    assert klein == groot


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
