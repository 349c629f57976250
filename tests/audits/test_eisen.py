"""Readiness: each scheme requirement computed from live data, missing each one in turn."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actiepunten.models import Actiepunt, Status
from audits import eisen
from audits.models import Eis, SchemaVersie
from enquetes.models import Ontvanger
from schouwen.models import Schouw
from tests.actiepunten.factories import ActiepuntFactory
from tests.audits.factories import CertificaatFactory
from tests.enquetes.factories import MetingFactory, OntvangerFactory
from tests.factories import DocumentVersieFactory, OverlegFactory
from tests.schouwen.factories import SchouwFactory
from trajects.models import Aanwezigheid, Cyclus, Document, Lidmaatschap, Partner, Werkgroeprol
from trajects.readiness import MET, NVT

# Before the first certificate the yearly schouwen do not apply yet.
NOG_NIET = {"schouwen_per_jaar"}

pytestmark = pytest.mark.django_db


def _document(traject, soort, user):
    DocumentVersieFactory(document__traject=traject, document__soort=soort, geupload_door=user)


@pytest.fixture
def compleet(world):
    """The world's trajectory with evidence for every requirement the installed apps compute."""
    traject, coordinator = world.traject, world.users["coordinator"]
    for soort in [Document.Soort.INTENTIEVERKLARING, Document.Soort.CONVENANT,
                  Document.Soort.POLITIECIJFERS, Document.Soort.BRANDWEERCIJFERS]:
        _document(traject, soort, coordinator)
    Lidmaatschap.objects.filter(traject=traject, user=world.users["ondernemer"]).update(
        werkgroeprol=Werkgroeprol.VOORZITTER)
    Lidmaatschap.objects.filter(traject=traject, user=world.users["gemeente"]).update(
        werkgroeprol=Werkgroeprol.SECRETARIS)
    leden = list(traject.lidmaatschappen.all())
    for weken in (4, 12):
        overleg = OverlegFactory(
            traject=traject, datum=timezone.now() - datetime.timedelta(weeks=weken)
        )
        for lid in leden:
            Aanwezigheid.objects.create(overleg=overleg, lidmaatschap=lid, aanwezig=True)
    # Schouwen: one completed walk by day and one in the evening.
    for dagdeel in (Schouw.Dagdeel.DAG, Schouw.Dagdeel.AVOND):
        SchouwFactory(traject=traject, dagdeel=dagdeel, status=Schouw.Status.AFGEROND,
                      afgerond_op=timezone.now(),
                      begin=timezone.now() - datetime.timedelta(days=20))
    # Enquêtes: a closed meting that met its response target (1 of 2 = 50% >= 40%).
    meting = MetingFactory(traject=traject, start=timezone.localdate() - datetime.timedelta(60),
                           einde=timezone.localdate() - datetime.timedelta(30))
    OntvangerFactory(meting=meting, beantwoord=timezone.now() - datetime.timedelta(40))
    OntvangerFactory(meting=meting)
    # Actiepunten: every measure has an owner and a deadline; two are carried out.
    for status in (Status.OPEN, Status.GEREED, Status.GEVERIFIEERD):
        ActiepuntFactory(traject=traject, organisatie=world.organisaties["gemeente"],
                         status=status)
    return world


def _zonder_partner(soort):
    def breek(world):
        Partner.objects.filter(traject=world.traject, organisatie__soort=soort).delete()
    return breek


def _zonder_document(*soorten):
    def breek(world):
        Document.objects.filter(traject=world.traject, soort__in=soorten).delete()
    return breek


def _zonder_voorzitter(world):
    Lidmaatschap.objects.filter(traject=world.traject).update(werkgroeprol="")


def _zonder_overleggen(world):
    Aanwezigheid.objects.filter(overleg__traject=world.traject).update(aanwezig=False)


def _zonder_avondschouw(world):
    Schouw.objects.filter(traject=world.traject, dagdeel=Schouw.Dagdeel.AVOND).delete()


def _zonder_enquete(world):
    Ontvanger.objects.filter(meting__traject=world.traject).update(beantwoord=None)


def _maatregel_zonder_deadline(world):
    Actiepunt.objects.filter(traject=world.traject, status=Status.OPEN).update(deadline=None)


def _niets_uitgevoerd(world):
    Actiepunt.objects.filter(traject=world.traject).update(status=Status.IN_UITVOERING)


def _gecertificeerd_zonder_recente_schouwen(world):
    CertificaatFactory(traject=world.traject)
    Schouw.objects.filter(traject=world.traject).update(
        begin=timezone.now() - datetime.timedelta(days=400),
        einde=timezone.now() - datetime.timedelta(days=399),
    )


BREKERS = {
    "schouw_dag_en_avond": _zonder_avondschouw,
    "schouwen_per_jaar": _gecertificeerd_zonder_recente_schouwen,
    "enquete_gehouden": _zonder_enquete,
    "plan_van_aanpak": _maatregel_zonder_deadline,
    "maatregelen_uitgevoerd": _niets_uitgevoerd,
    "verplichte_partners": _zonder_partner("brandweer"),
    "intentieverklaring": _zonder_document(Document.Soort.INTENTIEVERKLARING),
    "convenant": _zonder_document(Document.Soort.CONVENANT),
    "werkgroep": _zonder_voorzitter,
    "overleggen_gehouden": _zonder_overleggen,
    "incidentcijfers": _zonder_document(Document.Soort.POLITIECIJFERS,
                                        Document.Soort.BRANDWEERCIJFERS),
}


def _statussen(traject):
    rijen, _score = eisen.beoordeel(traject)
    return {r.eis.code: r.status for r in rijen}


def test_every_seeded_requirement_has_a_computation_and_a_test():
    seeded = set(Eis.objects.values_list("code", flat=True))
    assert seeded, "the data migration seeds the requirements"
    assert {code for code in seeded if eisen.berekening(code) is None} == set()
    assert seeded == set(BREKERS)


def test_new_cycle_needs_new_analysis_evidence(compleet):
    Cyclus.objects.create(traject=compleet.traject, nummer=2)
    statussen = _statussen(compleet.traject)
    assert statussen["schouw_dag_en_avond"] != MET
    assert statussen["enquete_gehouden"] != MET
    assert statussen["verplichte_partners"] == MET  # partners carry over


def _verwacht(statussen):
    """Every requirement met, except those that do not apply yet: n.v.t., never met."""
    return {c: NVT if c in NOG_NIET else MET for c in statussen}


def test_complete_trajectory_meets_every_computable_requirement(compleet):
    statussen = _statussen(compleet.traject)
    assert set(statussen) == set(BREKERS)
    assert statussen == _verwacht(statussen)
    _rijen, score = eisen.beoordeel(compleet.traject)
    assert score == 100  # n.v.t. is left out of the score


@pytest.mark.parametrize("code", sorted(BREKERS))
def test_missing_one_requirement_fails_only_that_one(compleet, code):
    BREKERS[code](compleet)
    statussen = _statussen(compleet.traject)
    assert statussen[code] not in (MET, NVT)
    others = {c: s for c, s in statussen.items() if c != code}
    verwacht = _verwacht(others)
    if code == "schouwen_per_jaar":  # a certificate makes it apply
        verwacht = dict.fromkeys(others, MET)
    assert others == verwacht


def test_requirement_that_does_not_apply_yet_reads_nvt_with_reason_not_voldaan(
    compleet, coordinator_client
):
    for name in ["audits:eisen", "trajects:gereedheid", "trajects:detail"]:
        body = coordinator_client.get(reverse(name, args=[compleet.traject.pk])).content.decode()
        plek = body.index("minstens twee schouwen per jaar")
        regel = body[plek - 200:plek]
        assert "n.v.t." in regel and "Voldaan" not in regel, name
        assert "Geldt pas na het eerste certificaat." in body


def test_requirements_follow_scheme_version_and_area_kind(world):
    bedrijventerrein = Eis.objects.filter(
        schemaversie__code="4.0", code="maatregelen_uitgevoerd", gebiedsoort="bedrijventerrein"
    ).get()
    world.traject.gebied.soort = "bedrijventerrein"
    world.traject.gebied.save()
    toepasselijk = list(Eis.objects.voor(world.traject))
    assert bedrijventerrein in toepasselijk
    assert [e.drempel for e in toepasselijk if e.code == "maatregelen_uitgevoerd"] == [4]


def test_requirement_edited_in_admin_changes_the_page(world, coordinator_client):
    Eis.objects.filter(schemaversie__code="4.0", code="convenant").update(
        naam="Convenant getekend door de wethouder", actief=True
    )
    Eis.objects.filter(schemaversie__code="4.0", code="werkgroep").update(actief=False)
    response = coordinator_client.get(reverse("audits:eisen", args=[world.traject.pk]))
    body = response.content.decode()
    assert "Convenant getekend door de wethouder" in body
    assert "Werkgroep met voorzitter en secretaris" not in body


def test_page_shows_status_reason_fix_link_and_score(world, coordinator_client):
    response = coordinator_client.get(reverse("audits:eisen", args=[world.traject.pk]))
    body = response.content.decode()
    assert "Er is nog geen Intentieverklaring geüpload." in body
    assert reverse("trajects:documenten", args=[world.traject.pk]) in body
    assert "Totaalscore:" in body


def test_readiness_page_queries_do_not_grow_with_data(compleet, coordinator_client):
    url = reverse("audits:eisen", args=[compleet.traject.pk])

    def count(extra):
        for _ in range(extra):
            _document(compleet.traject, Document.Soort.INTENTIEVERKLARING,
                      compleet.users["coordinator"])
            OverlegFactory(traject=compleet.traject)
        with CaptureQueriesContext(connection) as ctx:
            assert coordinator_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert count(1) == count(30)


def _meer_eisen(traject):
    """Every requirement once more, for the trajectory's own area kind."""
    for eis in list(Eis.objects.voor(traject).filter(gebiedsoort="")):
        Eis.objects.get_or_create(
            schemaversie=eis.schemaversie, gebiedsoort=traject.gebied.soort, code=eis.code,
            defaults={"naam": f"{eis.naam} (gebied)", "volgorde": eis.volgorde + 1},
        )


def _meer_gegevens(world, n):
    traject, coordinator = world.traject, world.users["coordinator"]
    for _ in range(n):
        for soort in (Document.Soort.CONVENANT, Document.Soort.POLITIECIJFERS):
            _document(traject, soort, coordinator)
        overleg = OverlegFactory(traject=traject,
                                 datum=timezone.now() - datetime.timedelta(days=3))
        Aanwezigheid.objects.create(overleg=overleg,
                                    lidmaatschap=traject.lidmaatschappen.first(), aanwezig=True)
        SchouwFactory(traject=traject, status=Schouw.Status.AFGEROND, afgerond_op=timezone.now(),
                      begin=timezone.now() - datetime.timedelta(days=5))
        ActiepuntFactory(traject=traject, organisatie=world.organisaties["politie"],
                         status=Status.GEREED)
        meting = MetingFactory(traject=traject, start=timezone.localdate())
        OntvangerFactory(meting=meting, beantwoord=timezone.now())
        CertificaatFactory(traject=traject)


@pytest.mark.parametrize("name", ["audits:eisen", "trajects:gereedheid", "trajects:detail"])
def test_readiness_queries_stay_constant_as_requirements_and_data_grow(
    compleet, coordinator_client, name
):
    """Readiness is set-based: one query for every fact, whatever the number of requirements."""
    url = reverse(name, args=[compleet.traject.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = coordinator_client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response

    coordinator_client.get(url)  # warm up: session, content types
    klein, response = count()
    aantal_eisen = len(response.context["gereedheid" if name != "audits:eisen" else "rijen"])
    _meer_eisen(compleet.traject)
    _meer_gegevens(compleet, 15)
    groot, response = count()
    rijen = response.context["gereedheid" if name != "audits:eisen" else "rijen"]
    assert len(rijen) > aantal_eisen + 5  # nearly twice the requirements
    assert klein == groot, f"{name}: {klein} queries, then {groot}"
    assert groot <= 15, f"{name}: {groot} queries"


def test_facts_read_outside_an_evaluation_are_the_same(compleet):
    from trajects import readiness

    with readiness.feiten_geladen(compleet.traject):
        geladen = dict(readiness.feiten(compleet.traject))
    assert readiness.feiten(compleet.traject) == geladen
    assert geladen["document_convenant"] and geladen["actiepunten_uitgevoerd"] == 2
    assert not hasattr(compleet.traject, "_gereedheid_feiten")  # nothing stale stays behind


def test_facts_for_many_trajectories_in_one_query(compleet):
    from trajects import readiness
    from trajects.models import Traject

    with CaptureQueriesContext(connection) as ctx:
        rijen = {r["pk"]: r for r in readiness.feiten_query(Traject.objects.all())}
    assert len(ctx.captured_queries) == 1
    assert rijen[compleet.traject.pk]["schouw_afgerond_avond_in_cyclus"]
    assert not rijen[compleet.ander_traject.pk]["schouw_afgerond_avond_in_cyclus"]


def test_schema_version_validity_is_data():
    versie = SchemaVersie.objects.get(code="2008")
    assert versie.geldigheid_jaren == 2
    assert versie.geldig_tot(datetime.date(2019, 7, 17)) == datetime.date(2021, 7, 16)


def test_incident_figures_entered_in_enquetes_count_as_evidence(world):
    from tests.enquetes.factories import IncidentcijferFactory

    IncidentcijferFactory(traject=world.traject, bron="politie")
    assert _statussen(world.traject)["incidentcijfers"] == "deels"
    IncidentcijferFactory(traject=world.traject, bron="brandweer")
    assert _statussen(world.traject)["incidentcijfers"] == MET


def test_trajectory_readiness_views_show_the_scheme_requirements(world, coordinator_client):
    """trajects' Gereedheid tab and the trajectory page use the scheme requirements as data."""
    Eis.objects.filter(schemaversie__code="4.0", code="convenant").update(
        naam="Convenant getekend door de wethouder"
    )
    verwacht_codes = [u.code for u in eisen.uitkomsten(world.traject)]
    for name in ["trajects:gereedheid", "trajects:detail"]:
        response = coordinator_client.get(reverse(name, args=[world.traject.pk]))
        assert [u.code for u in response.context["gereedheid"]] == verwacht_codes
        assert "Convenant getekend door de wethouder" in response.content.decode()
    _rijen, score = eisen.beoordeel(world.traject)
    assert response.context["score"] == score


def test_schouw_requirements_link_to_the_schouwen_of_the_trajectory(world):
    uitkomsten = {u.code: u for u in eisen.uitkomsten(world.traject)}
    assert uitkomsten["schouw_dag_en_avond"].url == reverse(
        "schouwen:lijst", args=[world.traject.pk]
    )
