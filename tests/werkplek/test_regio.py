"""The regional overview: an organisation that oversees areas (trajects.Toezicht) and its
people (Toezichthouder) read everything there and change nothing."""

import csv
import datetime
import io

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.actiepunten.factories import ActiepuntFactory
from tests.audits.factories import CertificaatFactory
from tests.factories import GebiedFactory, OrganisatieFactory, TrajectFactory, UserFactory
from trajects.models import Organisatie, Toezicht, Toezichthouder, Traject

pytestmark = pytest.mark.django_db

VANDAAG = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def regio_client(world):
    return world.client_for("regio")


@time_machine.travel(VANDAAG, tick=False)
def test_overview_shows_totals_certificates_and_overdue_items_of_overseen_areas(world):
    tweede = TrajectFactory(naam="KVO-B Honderdland", gebied=GebiedFactory(naam="Honderdland"))
    Toezicht.objects.create(organisatie=world.organisaties["regio"], gebied=tweede.gebied)
    Traject.objects.filter(pk=tweede.pk).update(fase=Traject.Fase.UITVOERING)
    CertificaatFactory(traject=tweede, uitgegeven=datetime.date(2023, 6, 1),
                       geldig_tot=datetime.date(2026, 5, 31), nummer="KVO-B-00042")
    CertificaatFactory(traject=world.traject, uitgegeven=datetime.date(2025, 6, 1),
                       geldig_tot=datetime.date(2028, 5, 31))
    ActiepuntFactory(traject=world.traject, deadline=datetime.date(2026, 1, 1),
                     organisatie=world.organisaties["gemeente"])
    ActiepuntFactory(traject=tweede, deadline=datetime.date(2026, 2, 1),
                     organisatie=world.organisaties["gemeente"])
    ActiepuntFactory(traject=tweede, deadline=datetime.date(2026, 2, 1),
                     organisatie=world.organisaties["politie"])
    ActiepuntFactory(traject=world.ander_traject, deadline=datetime.date(2026, 2, 1))

    response = regio_client(world).get(reverse("werkplek:regio"))
    assert response.status_code == 200
    overzicht = response.context["overzicht"]
    assert overzicht.aantal_trajecten == 2 and overzicht.aantal_gebieden == 2
    assert overzicht.gecertificeerd == 2
    assert [c.nummer for c in overzicht.verlopend] == ["KVO-B-00042"]
    assert dict(overzicht.te_laat_per_soort) == {"Gemeente": 2, "Politie": 1}
    assert sum(n for _label, n in overzicht.verdeling) == 2
    html = response.content.decode()
    assert "KVO-B Honderdland" in html and "Bedrijventerrein Elders" not in html
    assert 'class="gereedheidsbalk"' in html
    assert "<form" in html and 'method="post"' not in html.split("<main")[1]  # read-only


def test_map_data_has_each_overseen_area_once(world):
    TrajectFactory(naam="Tweede traject", gebied=world.traject.gebied)
    data = regio_client(world).get(reverse("werkplek:regio-kaart")).json()
    assert len(data["features"]) == 1
    namen = [t["naam"] for t in data["features"][0]["properties"]["trajecten"]]
    assert sorted(namen) == ["KVO-W Centrum 's-Gravenzande", "Tweede traject"]


def test_exports_have_one_row_per_overseen_trajectory(world):
    client = regio_client(world)
    response = client.get(reverse("werkplek:regio-export-csv"))
    rijen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0][0] == "Traject" and len(rijen) == 2
    assert rijen[1][0] == "KVO-W Centrum 's-Gravenzande"
    response = client.get(reverse("werkplek:regio-export-xlsx"))
    blad = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert blad.cell(2, 1).value == "KVO-W Centrum 's-Gravenzande"
    assert isinstance(blad.cell(2, 6).value, int)  # readiness stays a number


def test_regional_viewer_reads_the_trajectory_and_changes_nothing(world):
    client = regio_client(world)
    assert client.get(world.traject.get_absolute_url()).status_code == 200
    assert client.get(reverse("trajects:bewerken", args=[world.traject.pk])).status_code == 403
    assert client.get(world.ander_traject.get_absolute_url()).status_code == 404
    # Organisations taking part in an overseen trajectory are visible.
    gemeente = world.organisaties["gemeente"]
    assert client.get(gemeente.get_absolute_url()).status_code == 200


def test_ended_oversight_ends_access(world):
    Toezichthouder.objects.filter(user=world.users["regio"]).update(
        geldig_tot=datetime.date(2020, 1, 1))
    client = regio_client(world)
    assert client.get(reverse("werkplek:regio")).status_code == 403
    assert client.get(world.traject.get_absolute_url()).status_code == 404


def test_home_of_a_regional_viewer_leads_to_the_overview(world):
    html = regio_client(world).get(reverse("trajects:dashboard")).content.decode()
    assert reverse("werkplek:regio") in html
    assert "Platform Veilig Ondernemen Haaglanden" in html


def _meer_trajecten(world, n):
    organisatie = world.organisaties["regio"]
    for _ in range(n):
        traject = TrajectFactory()
        Toezicht.objects.create(organisatie=organisatie, gebied=traject.gebied)
        ActiepuntFactory(traject=traject, deadline=datetime.date(2020, 1, 1),
                         organisatie=OrganisatieFactory(soort=Organisatie.Soort.POLITIE))
        CertificaatFactory(traject=traject, uitgegeven=datetime.date.today(),
                           geldig_tot=datetime.date.today() + datetime.timedelta(days=90))


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url_name", ["werkplek:regio", "werkplek:regio-export-csv"])
def test_overview_runs_the_same_queries_for_5_and_30_trajectories(world, url_name):
    client = regio_client(world)
    url = reverse(url_name)
    _meer_trajecten(world, 5)
    weinig = _queries(client, url)
    _meer_trajecten(world, 25)
    assert _queries(client, url) == weinig <= 15


def test_someone_without_oversight_is_refused(world):
    client = world.client_for("coordinator")
    assert client.get(reverse("werkplek:regio")).status_code == 403
    nieuw = UserFactory()
    client.force_login(nieuw)
    assert client.get(reverse("werkplek:regio-export-csv")).status_code == 403
