"""`load_demo` builds the 's-Gravenzande story and running it again changes nothing."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from trajects import readiness
from trajects.demo import DEMO_PASSWORD, HOOFDTRAJECT, TWEEDE_TRAJECT
from trajects.models import Document, Traject

pytestmark = pytest.mark.django_db


def row_counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_load_demo_twice_changes_nothing():
    call_command("load_demo", stdout=io.StringIO())
    eerste = row_counts()
    traject = Traject.objects.get(naam=HOOFDTRAJECT)
    gewijzigd = traject.gewijzigd
    uitvoer = io.StringIO()
    call_command("load_demo", stdout=uitvoer)
    assert row_counts() == eerste
    traject.refresh_from_db()
    assert traject.gewijzigd == gewijzigd
    assert DEMO_PASSWORD in uitvoer.getvalue()


def test_demo_tells_the_sgravenzande_story(client):
    call_command("load_demo", stdout=io.StringIO())
    traject = Traject.objects.get(naam=HOOFDTRAJECT)
    assert traject.fase == Traject.Fase.AUDIT
    assert traject.gebied.gemeente == "Westland"
    assert "Langestraat" in traject.gebied.stratenlijst
    assert readiness.verplichte_partners(traject).status == readiness.MET
    assert traject.overleggen.count() >= 3
    assert Traject.objects.filter(naam=TWEEDE_TRAJECT).exists()
    verklaring = traject.documenten.get(soort=Document.Soort.INTENTIEVERKLARING)
    with verklaring.versies.get().bestand.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    response = client.post(
        reverse("login"), {"username": "coordinator@example.org", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    dashboard = client.get(reverse("trajects:dashboard"))
    assert [t.naam for t in dashboard.context["trajecten"]] == [HOOFDTRAJECT]
    assert client.get(traject.get_absolute_url()).status_code == 200


def test_load_demo_in_production_mode_before_collectstatic(settings, tmp_path):
    # DJANGO_DEBUG=0 serves static files through WhiteNoise's manifest, which collectstatic
    # writes; the demo's PDFs must not need it (nor does a worker that renders them).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path / "static"
    uitvoer = io.StringIO()
    call_command("load_demo", verbosity=0, address="http://127.0.0.1:8001/", stdout=uitvoer)
    traject = Traject.objects.get(naam=HOOFDTRAJECT)
    dossierversies = apps.get_model("audits", "DossierVersie").objects
    assert dossierversies.filter(audit__traject=traject).exists()
    regels = uitvoer.getvalue().splitlines()
    # Verbosity 0 (`make run`): the address and the logins, nothing else.
    assert regels[0] == "Demodata geladen. Inloggen op http://127.0.0.1:8001/"
    assert regels[1] == f"Wachtwoord voor alle demogebruikers: {DEMO_PASSWORD}"
    assert all(regel.startswith("  ") and "@example.org" in regel for regel in regels[2:])
