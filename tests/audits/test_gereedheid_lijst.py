"""Readiness of a list (`readiness.beoordeel_voor`, `gereedheid.gereedheid_voor`: the homes and
the regional overview) is exactly the readiness of each trajectory alone (`beoordeel`, the
trajectory page), on varied data, in the same few queries however many trajectories."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actiepunten.models import Status
from audits.models import Eis
from schouwen.models import Schouw
from tests.actiepunten.factories import ActiepuntFactory
from tests.audits.factories import AuditFactory, CertificaatFactory
from tests.audits.test_eisen import compleet  # noqa: F401 (a fixture)
from tests.enquetes.factories import IncidentcijferFactory, MetingFactory, OntvangerFactory
from tests.factories import GebiedFactory, OverlegFactory, TrajectFactory
from tests.schouwen.factories import SchouwFactory
from trajects import gereedheid, readiness
from trajects.models import Aanwezigheid, Cyclus, Gebied, Lidmaatschap, Traject, Werkgroeprol

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate


def _dagen(n):
    return VANDAAG() + datetime.timedelta(days=n)


def _meting(traject, *, start, einde, beantwoord, niet, **kwargs):
    meting = MetingFactory(traject=traject, start=start, einde=einde, **kwargs)
    for _ in range(beantwoord):
        OntvangerFactory(meting=meting, beantwoord=timezone.now())
    for _ in range(niet):
        OntvangerFactory(meting=meting)
    return meting


def _schouw(traject, dagdeel, dagen_geleden=20):
    SchouwFactory(traject=traject, dagdeel=dagdeel, status=Schouw.Status.AFGEROND,
                  afgerond_op=timezone.now(),
                  begin=timezone.now() - datetime.timedelta(days=dagen_geleden))


def _gevarieerd(world):
    """Trajectories that differ in every way readiness looks at: area kind and scheme version
    (other requirements), a survey running, closed under or over its target or not started,
    a second cycle whose survey and walks are still to come, a certificate with and without
    recent walks, audits, incident figures from one source, a werkgroep half filled."""
    trajecten = [world.traject, world.ander_traject]

    # A business park on the 2008 scheme, certified, with a survey still running (1 of 3),
    # the police's figures only, one recent walk by day and an audit planned.
    park = TrajectFactory(gebied=GebiedFactory(soort=Gebied.Soort.BEDRIJVENTERREIN),
                          schemaversie=Traject.Schemaversie.KVO_2008)
    CertificaatFactory(traject=park)
    _schouw(park, Schouw.Dagdeel.DAG)
    _meting(park, start=_dagen(-5), einde=_dagen(10), beantwoord=1, niet=2)
    IncidentcijferFactory(traject=park, bron="politie")
    AuditFactory(traject=park, datum=_dagen(30))
    ActiepuntFactory(traject=park, organisatie=world.organisaties["gemeente"],
                     status=Status.GEREED)
    trajecten.append(park)

    # Certified long ago, walks over a year old: the yearly walks are not met.
    oud = TrajectFactory(schemaversie=Traject.Schemaversie.KVO_3_1)
    CertificaatFactory(traject=oud)
    _schouw(oud, Schouw.Dagdeel.AVOND, dagen_geleden=400)
    # A survey closed over its target, then a round closed early by the button with one
    # answer: the later answered round counts.
    _meting(oud, start=_dagen(-100), einde=_dagen(-70), beantwoord=3, niet=1)
    laatste = _meting(oud, start=_dagen(-10), einde=_dagen(20), beantwoord=1, niet=5)
    laatste.gesloten = timezone.now()
    laatste.save()
    trajecten.append(oud)

    # A second cycle: the survey and both walks were in the first; the new round has started
    # but nobody answered yet, and an older closed round is still there.
    tweede = TrajectFactory()
    _meting(tweede, start=_dagen(-300), einde=_dagen(-270), beantwoord=3, niet=1)
    _schouw(tweede, Schouw.Dagdeel.DAG)
    _schouw(tweede, Schouw.Dagdeel.AVOND)
    Cyclus.objects.create(traject=tweede, nummer=2)
    _meting(tweede, start=_dagen(-2), einde=_dagen(20), beantwoord=0, niet=4)
    trajecten.append(tweede)

    # An outlying area: a closed survey under its target, a newer one not started yet; items
    # without a deadline; one meeting held; only a chair in the werkgroep.
    buiten = TrajectFactory(gebied=GebiedFactory(soort=Gebied.Soort.BUITENGEBIED))
    vier = Eis.objects.filter(schemaversie__code="4.0").first().schemaversie
    Eis.objects.create(schemaversie=vier, gebiedsoort=Gebied.Soort.BUITENGEBIED,
                       code="schouwen_per_jaar", naam="Schouwen in het buitengebied",
                       drempel=1, volgorde=1)
    _meting(buiten, start=_dagen(-60), einde=_dagen(-30), beantwoord=1, niet=9,
            responsdoel=30)
    _meting(buiten, start=_dagen(5), einde=_dagen(30), beantwoord=0, niet=0)
    ActiepuntFactory(traject=buiten, organisatie=world.organisaties["gemeente"], deadline=None)
    IncidentcijferFactory(traject=buiten, bron="brandweer")
    lid = Lidmaatschap.objects.filter(traject=world.traject).first()
    lid.pk, lid.traject, lid.werkgroeprol = None, buiten, Werkgroeprol.VOORZITTER
    lid.save()
    overleg = OverlegFactory(traject=buiten, datum=timezone.now() - datetime.timedelta(days=9))
    Aanwezigheid.objects.create(overleg=overleg, lidmaatschap=lid, aanwezig=True)
    trajecten.append(buiten)

    return [Traject.objects.select_related("gebied").get(pk=t.pk) for t in trajecten]


def _alleen(traject):
    """Readiness of one trajectory as its own page computes it: a fresh object, no list."""
    return readiness.beoordeel(Traject.objects.select_related("gebied").get(pk=traject.pk))


def test_a_list_gives_each_trajectory_its_own_readiness(compleet):  # noqa: F811
    trajecten = _gevarieerd(compleet)
    per_traject = readiness.beoordeel_voor(trajecten)
    assert set(per_traject) == {t.pk for t in trajecten}
    for traject in trajecten:
        assert per_traject[traject.pk] == _alleen(traject), traject
    # The data really differ: every status occurs, and the lists differ in requirements.
    statussen = {u.status for lijst in per_traject.values() for u in lijst}
    assert statussen == {readiness.MET, readiness.DEELS, readiness.NIET, readiness.NVT}
    assert len({tuple(u.naam for u in lijst) for lijst in per_traject.values()}) >= 3
    assert len({readiness.score(lijst) for lijst in per_traject.values()}) >= 4
    enquete = {pk: next(u for u in lijst if u.code == "enquete_gehouden")
               for pk, lijst in per_traject.items()}
    assert {u.status for u in enquete.values()} == {readiness.MET, readiness.DEELS,
                                                   readiness.NIET}
    # Nothing of the list stays behind on the objects.
    assert not any(hasattr(t, "_gereedheid_feiten") for t in trajecten)


def test_the_bars_of_a_list_are_those_of_each_page(compleet):  # noqa: F811
    trajecten = _gevarieerd(compleet)
    per_traject = gereedheid.gereedheid_voor(trajecten)
    for traject in trajecten:
        alleen = gereedheid.gereedheid(
            Traject.objects.select_related("gebied").get(pk=traject.pk))
        lijst = per_traject[traject.pk]
        assert (lijst.score, lijst.segmenten, lijst.uitkomsten) == (
            alleen.score, alleen.segmenten, alleen.uitkomsten)
        assert [(str(g.label), g.uitkomsten) for g in lijst.groepen] == [
            (str(g.label), g.uitkomsten) for g in alleen.groepen]


def test_the_checks_alone_give_the_same_in_a_list(compleet, monkeypatch):  # noqa: F811
    """Without the audits' evaluator every registered check runs (the survey's on all its
    metingen, not only this cycle's): a list gives the same."""
    trajecten = _gevarieerd(compleet)
    monkeypatch.setattr(readiness, "_evaluator", None)
    per_traject = readiness.beoordeel_voor(trajecten)
    for traject in trajecten:
        assert per_traject[traject.pk] == _alleen(traject), traject
    assert "enquete_gehouden" in {u.code for u in per_traject[trajecten[0].pk]}


def test_requirements_changed_in_the_admin_count_in_a_list(compleet):  # noqa: F811
    trajecten = _gevarieerd(compleet)
    Eis.objects.filter(schemaversie__code="4.0", code="convenant").update(actief=False)
    Eis.objects.filter(schemaversie__code="4.0", code="werkgroep").update(naam="Werkgroep compleet")
    per_traject = readiness.beoordeel_voor(trajecten)
    for traject in trajecten:
        assert per_traject[traject.pk] == _alleen(traject), traject
    codes = [u.code for u in per_traject[compleet.traject.pk]]
    assert "convenant" not in codes and "werkgroep" in codes
    assert "Werkgroep compleet" in {u.naam for u in per_traject[compleet.traject.pk]}


def _queries(trajecten):
    with CaptureQueriesContext(connection) as context:
        readiness.beoordeel_voor(trajecten)
    return len(context)


def test_a_list_runs_the_same_queries_for_2_and_7_trajectories(compleet):  # noqa: F811
    trajecten = _gevarieerd(compleet)
    # The facts, the requirements and the survey's metingen: one query each.
    assert _queries(trajecten[:2]) == _queries(trajecten) == 3


def test_an_empty_list_runs_no_query():
    assert _queries([]) == 0
