"""Readiness checks and the demo data."""

import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enquetes import referentiedata
from enquetes.models import Antwoord, Incidentcijfer, Inzending, Meting, Ontvanger, Sjabloon
from enquetes.readiness import enquete_gehouden, incidentcijfers
from tests.enquetes.factories import IncidentcijferFactory, MetingFactory, OntvangerFactory
from trajects import demo
from trajects.readiness import DEELS, MET, NIET


def test_survey_check_is_not_met_without_answers(world):
    assert enquete_gehouden(world.traject).status == NIET
    MetingFactory(traject=world.traject)
    assert enquete_gehouden(world.traject).status == NIET


def test_survey_check_reports_the_response_rate(world):
    gisteren = timezone.localdate() - datetime.timedelta(days=1)
    meting = MetingFactory(traject=world.traject, naam="Nulmeting", responsdoel=40,
                           start=gisteren - datetime.timedelta(days=20), einde=gisteren)
    OntvangerFactory.create_batch(6, meting=meting)
    OntvangerFactory.create_batch(4, meting=meting, beantwoord=timezone.now())
    with CaptureQueriesContext(connection) as queries:
        uitkomst = enquete_gehouden(world.traject)
    assert len(queries) == 1
    assert uitkomst.status == MET
    assert uitkomst.reden == "Nulmeting: 4 van 10 ondernemers antwoordden (40,0%, doel 40%)."
    meting.responsdoel = 50
    meting.save()
    assert enquete_gehouden(world.traject).status == DEELS


def test_survey_still_running_is_partly_met(world):
    meting = MetingFactory(traject=world.traject)
    OntvangerFactory(meting=meting, beantwoord=timezone.now())
    uitkomst = enquete_gehouden(world.traject)
    assert uitkomst.status == DEELS and uitkomst.reden.startswith("Loopt nog.")


def test_incident_check_needs_police_and_fire_brigade(world):
    assert incidentcijfers(world.traject).status == NIET
    IncidentcijferFactory(traject=world.traject, bron=Incidentcijfer.Bron.POLITIE)
    uitkomst = incidentcijfers(world.traject)
    assert (uitkomst.status, uitkomst.reden) == (DEELS, "Cijfers van de brandweer ontbreken.")
    IncidentcijferFactory(traject=world.traject, bron=Incidentcijfer.Bron.BRANDWEER)
    assert incidentcijfers(world.traject).status == MET


def test_demo_has_a_completed_nulmeting_and_figures_and_is_idempotent(db):
    demo.load(io.StringIO())
    traject = demo.Traject.objects.get(naam=demo.HOOFDTRAJECT)
    meting = Meting.objects.get(traject=traject)
    assert meting.nummer == 0 and meting.is_gesloten
    assert meting.ontvangers.count() == 120
    assert meting.ontvangers.filter(beantwoord__isnull=False).count() == 62
    assert meting.inzendingen.count() == 62
    assert enquete_gehouden(traject).status == MET
    assert incidentcijfers(traject).status == MET
    assert traject.incidentcijfers.values("jaar").distinct().count() == 4
    tellingen = (Meting.objects.count(), Ontvanger.objects.count(), Inzending.objects.count(),
                 Antwoord.objects.count(), Incidentcijfer.objects.count())
    demo.load(io.StringIO())
    assert tellingen == (Meting.objects.count(), Ontvanger.objects.count(),
                         Inzending.objects.count(), Antwoord.objects.count(),
                         Incidentcijfer.objects.count())


def test_demo_puts_back_the_default_questionnaire_when_it_was_removed(db):
    # A truncated database (or an admin who deleted it) loses the seeded questionnaire; the demo
    # seeds it again instead of silently leaving the survey out.
    Sjabloon.objects.filter(traject__isnull=True, naam=referentiedata.NAAM).delete()
    demo.load(io.StringIO())
    traject = demo.Traject.objects.get(naam=demo.HOOFDTRAJECT)
    meting = Meting.objects.get(traject=traject)
    assert meting.sjabloon.vragen.count() == len(referentiedata.VRAGEN)
    assert Sjabloon.objects.filter(traject__isnull=True, naam=referentiedata.NAAM).count() == 1
