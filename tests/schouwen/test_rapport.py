from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from schouwen import services
from schouwen.models import Bevinding, Categorie, Foto, Schouw, Schouwrapport
from schouwen.tasks import schouwrapport_maken
from tests.schouwen.factories import BevindingFactory, FotoFactory, SchouwFactory
from trajects import readiness


@pytest.fixture
def gevulde_schouw(world, schouw):
    services.schouw_wijzigen(
        schouw=schouw, titel=schouw.titel, begin=schouw.begin, einde=schouw.einde,
        dagdeel=schouw.dagdeel, soort=schouw.soort, verzamelpunt=schouw.verzamelpunt,
        route=schouw.route, checklist=schouw.checklist,
        deelnemers=list(world.traject.lidmaatschappen.filter(
            user__in=[world.users["gemeente"], world.users["brandweer"]])),
    )
    schouw.deelnemers.filter(lidmaatschap__user=world.users["brandweer"]).update(aanwezig=True)
    brand = BevindingFactory(schouw=schouw, categorie=Categorie.objects.get(naam="Brandveiligheid"),
                             omschrijving="Containers niet op slot")
    FotoFactory(bevinding=brand)
    BevindingFactory(schouw=schouw, categorie=Categorie.objects.get(naam="Bestrating"),
                     omschrijving="Straatwerk Langestraat kapot")
    origineel = BevindingFactory(schouw=schouw, omschrijving="Lamp kapot")
    BevindingFactory(schouw=schouw, omschrijving="Dubbele lamp").markeer_als_dubbel(origineel)
    return schouw


def test_report_page_groups_findings_by_theme_with_thumbnails(world, gevulde_schouw):
    schouw = gevulde_schouw
    response = world.client_for("auditor").get(
        reverse("schouwen:rapport", args=[world.traject.pk, schouw.pk]))
    html = response.content.decode()
    themas = [t for t, _b in response.context["themas"]]
    assert themas == ["Brandveilig", "Heel", "Veilig"]
    assert "Containers niet op slot" in html and "Dubbele lamp" not in html
    assert "Brandweer Haaglanden" in html
    foto = Foto.objects.get()
    assert reverse("schouwen:foto", args=[world.traject.pk, schouw.pk, foto.pk, "mini"]) in html


def test_pdf_is_made_by_the_task_with_photos_from_local_media(world, gevulde_schouw):
    schouw = gevulde_schouw
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = world.client_for("politie").post(
            reverse("schouwen:rapport-maken", args=[world.traject.pk, schouw.pk]))
    assert response.status_code == 302
    rapport = schouw.rapporten.get()
    assert rapport.status == Schouwrapport.Status.KLAAR
    assert rapport.bestand.read(4) == b"%PDF"
    assert rapport.sha256[:12] in rapport.bestand.name
    html = services.schouwrapport_context(schouw)
    assert html["aantal_bevindingen"] == 3
    download = world.client_for("auditor").get(reverse(
        "schouwen:rapport-download", args=[world.traject.pk, schouw.pk, rapport.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content)[:4] == b"%PDF"


def test_pdf_html_refers_to_photos_the_storage_fetcher_reads(world, gevulde_schouw, settings):
    from kvo.pdf import StorageURLFetcher, media_src, render_html

    html = render_html("pdf/schouwrapport.html", {
        **services.schouwrapport_context(gevulde_schouw), "pdf": True})
    foto = Foto.objects.get()
    assert f'src="{media_src(foto.miniatuur)}"' in html
    assert StorageURLFetcher().fetch(media_src(foto.miniatuur)).read()[:2] == b"\xff\xd8"
    assert 'src="http' not in html and 'href="http' not in html


def test_report_task_run_twice_makes_one_pdf(world, schouw, media_files):
    rapport = Schouwrapport.objects.create(schouw=schouw)
    schouwrapport_maken(rapport.pk)
    schouwrapport_maken(rapport.pk)
    assert len([n for n in media_files() if n.endswith(".pdf")]) == 1


def test_requesting_while_one_is_pending_does_not_queue_another(world, schouw):
    eerste = services.schouwrapport_aanvragen(schouw=schouw, door=world.users["coordinator"])
    tweede = services.schouwrapport_aanvragen(schouw=schouw, door=world.users["coordinator"])
    assert eerste == tweede and schouw.rapporten.count() == 1


def test_failing_pdf_is_marked_failed_and_the_page_says_so(world, schouw, monkeypatch):
    def kapot(**kwargs):
        raise RuntimeError("weasyprint stuk")

    monkeypatch.setattr(services, "schouwrapport_maken", kapot)
    rapport = Schouwrapport.objects.create(schouw=schouw)
    schouwrapport_maken(rapport.pk)
    rapport.refresh_from_db()
    assert rapport.status == Schouwrapport.Status.AANGEVRAAGD  # one more try
    assert "weasyprint stuk" in rapport.fout
    schouwrapport_maken(rapport.pk)
    rapport.refresh_from_db()
    assert rapport.status == Schouwrapport.Status.MISLUKT and rapport.pogingen == 2
    html = world.client_for("coordinator").get(
        reverse("schouwen:rapport", args=[world.traject.pk, schouw.pk])).content.decode()
    assert "mislukt" in html
    monkeypatch.undo()
    with TestCase.captureOnCommitCallbacks(execute=True):
        nieuw = services.schouwrapport_aanvragen(schouw=schouw, door=world.users["coordinator"])
    nieuw.refresh_from_db()
    assert nieuw != rapport and nieuw.status == Schouwrapport.Status.KLAAR


def test_report_whose_worker_died_is_made_again_after_its_time_limit(world, schouw):
    """A worker killed mid-render leaves the job 'bezig'; after the time limit the catch-up
    hands it on, and a job that keeps dying is marked failed: never 'Wordt gemaakt' forever."""
    from kvo.opdrachten import opdrachten_inhalen

    begin = timezone.now()
    rapport = Schouwrapport.objects.create(schouw=schouw)
    Schouwrapport.objects.filter(pk=rapport.pk).update(
        status=Schouwrapport.Status.BEZIG, gestart=begin, pogingen=1)
    assert opdrachten_inhalen(nu=begin + timedelta(seconds=60)) == (0, 0)  # still in time
    later = begin + timedelta(seconds=Schouwrapport.TIJDSLIMIET + 1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert opdrachten_inhalen(nu=later + timedelta(minutes=2)) == (1, 0)
    rapport.refresh_from_db()
    assert rapport.status == Schouwrapport.Status.KLAAR and rapport.pogingen == 2

    tweede = Schouwrapport.objects.create(schouw=schouw)
    Schouwrapport.objects.filter(pk=tweede.pk).update(
        status=Schouwrapport.Status.BEZIG, gestart=begin, pogingen=2)
    assert opdrachten_inhalen(nu=later) == (0, 1)
    tweede.refresh_from_db()
    assert tweede.status == Schouwrapport.Status.MISLUKT and "tijdslimiet" in tweede.fout


def test_readiness_needs_a_completed_schouw_by_day_and_in_the_evening(world):
    def status():
        return readiness.registered_checks()["schouw_dag_en_avond"](world.traject).status

    assert status() == readiness.NIET
    dag = SchouwFactory(traject=world.traject, dagdeel=Schouw.Dagdeel.DAG)
    services.schouw_afronden(schouw=dag)
    assert status() == readiness.DEELS
    SchouwFactory(traject=world.traject, dagdeel=Schouw.Dagdeel.AVOND)  # planned, not done
    assert status() == readiness.DEELS
    avond = SchouwFactory(traject=world.traject, dagdeel=Schouw.Dagdeel.AVOND)
    services.schouw_afronden(schouw=avond)
    assert status() == readiness.MET


def test_demo_has_completed_schouwen_with_the_scenario_findings_and_is_idempotent(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    aantallen = (Schouw.objects.count(), Bevinding.objects.count(), Foto.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Schouw.objects.count(), Bevinding.objects.count(), Foto.objects.count()) == aantallen
    dag = Schouw.objects.get(titel="Nulmeting overdag")
    assert dag.status == Schouw.Status.AFGEROND
    teksten = " ".join(dag.bevindingen.values_list("omschrijving", flat=True))
    for woord in ["boom", "Paaltjes", "Afvalcontainers", "Straatwerk in de Langestraat",
                  "schoonhouden", "criminaliteitspreventie"]:
        assert woord in teksten
    assert dag.bevindingen.filter(status=Bevinding.Status.OPGELOST).count() == 2
    assert Foto.objects.filter(bevinding__schouw=dag).count() == 6
    assert dag.deelnemers.filter(aanwezig=True).exists()


def test_report_pdf_is_pdf_a_with_tags_and_language_without_tagging_errors(
    world, gevulde_schouw, caplog
):
    from tests.pdfcheck import kenmerken

    with TestCase.captureOnCommitCallbacks(execute=True):
        world.client_for("politie").post(
            reverse("schouwen:rapport-maken", args=[world.traject.pk, gevulde_schouw.pk]))
    pdf = kenmerken(gevulde_schouw.rapporten.get().bestand.read())
    assert (pdf.pdfa_deel, pdf.pdfa_conformiteit, pdf.taal, pdf.getagd) == ("2", "A", "nl", True)
    assert "/H1" in pdf.structuur and "/Figure" in pdf.structuur
    assert not [r for r in caplog.records if r.name == "weasyprint" and r.levelno >= 40]
