"""Every list shows which cycle an entry belongs to and filters by it; new entries join the
current cycle."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.actiepunten.factories import ActiepuntFactory, DoelFactory, KnelpuntFactory
from tests.audits.factories import AuditFactory, CertificaatFactory
from tests.enquetes.factories import MetingFactory
from tests.schouwen.factories import SchouwFactory
from trajects.models import Cyclus, Traject

pytestmark = pytest.mark.django_db


def _per_cyclus(world, maak):
    """One entry made in cycle 1, then cycle 2 starts and one more is made: (first, second)."""
    eerste = maak(1)
    Cyclus.objects.create(traject=world.traject, nummer=2)
    return eerste, maak(2)


LIJSTEN = {
    "schouwen": ("schouwen:lijst", lambda w, n: SchouwFactory(traject=w.traject,
                                                                titel=f"Schouw cyclus {n}"),
                 lambda r: [s.pk for s in r.context["page_obj"]]),
    "metingen": ("enquetes:overzicht", lambda w, n: MetingFactory(traject=w.traject,
                                                                    naam=f"Meting cyclus {n}"),
                 lambda r: [m.pk for m in r.context["page_obj"]]),
    "audits": ("audits:overzicht", lambda w, n: AuditFactory(traject=w.traject),
               lambda r: [a.pk for a in r.context["audits"]]),
    "certificaten": ("audits:overzicht", lambda w, n: CertificaatFactory(traject=w.traject),
                     lambda r: [c.pk for c in r.context["certificaten"]["page_obj"]]),
}


@pytest.mark.parametrize("lijst", sorted(LIJSTEN))
def test_list_shows_the_cycle_and_filters_by_it(world, coordinator_client, lijst):
    naam, maak, rijen = LIJSTEN[lijst]
    eerste, tweede = _per_cyclus(world, lambda n: maak(world, n))
    assert (eerste.cyclus.nummer, tweede.cyclus.nummer) == (1, 2)
    url = reverse(naam, args=[world.traject.pk])
    alles = coordinator_client.get(url)
    assert set(rijen(alles)) == {eerste.pk, tweede.pk}
    assert 'name="cyclus"' in alles.content.decode()
    assert rijen(coordinator_client.get(url, {"cyclus": 1})) == [eerste.pk]
    assert rijen(coordinator_client.get(url, {"cyclus": 2})) == [tweede.pk]
    assert set(rijen(coordinator_client.get(url, {"cyclus": "onzin"}))) == {eerste.pk, tweede.pk}


def test_knelpunten_in_the_matrix_show_their_cycle_and_filter_by_it(world, coordinator_client):
    def maak(n):
        knelpunt = KnelpuntFactory(traject=world.traject, titel=f"Knelpunt cyclus {n}")
        ActiepuntFactory(traject=world.traject, doel=DoelFactory(knelpunt=knelpunt),
                         titel=f"Maatregel cyclus {n}")
        return knelpunt

    eerste, tweede = _per_cyclus(world, maak)
    url = reverse("actiepunten:matrix", args=[world.traject.pk])
    html = coordinator_client.get(url).content.decode()
    assert "Cyclus 1" in html and "Cyclus 2" in html
    response = coordinator_client.get(url, {"cyclus": 2})
    assert [groep.knelpunt.pk for groep in response.context["groepen"]] == [tweede.pk]
    assert "Maatregel cyclus 1" not in response.content.decode()


@pytest.mark.parametrize("naam", ["schouwen:lijst", "enquetes:overzicht", "audits:overzicht"])
def test_filtered_list_uses_a_constant_number_of_queries(world, coordinator_client, naam):
    Cyclus.objects.create(traject=world.traject, nummer=2)
    url = reverse(naam, args=[world.traject.pk])

    def count(n):
        for i in range(n):
            SchouwFactory(traject=world.traject)
            MetingFactory(traject=world.traject)
            AuditFactory(traject=world.traject, datum=datetime.date(2019, 1, 1 + i % 28))
        with CaptureQueriesContext(connection) as ctx:
            assert coordinator_client.get(url, {"cyclus": 2}).status_code == 200
        return len(ctx.captured_queries)

    assert count(3) == count(30)


def test_deleting_a_trajectory_takes_its_cycles_and_their_rows(world):
    """A trajectory (without certificates) can still be deleted with everything in it, as the
    benchmarks clean up; a cycle with rows cannot be deleted on its own."""
    from django.db.models import RestrictedError

    from audits.models import Audit

    traject = world.traject
    Cyclus.objects.create(traject=traject, nummer=2)
    SchouwFactory(traject=traject)
    KnelpuntFactory(traject=traject)
    mislukt = AuditFactory(traject=traject, uitkomst="negatief",
                           uitkomst_vastgesteld="2019-06-27T12:00:00Z",
                           herstel_deadline=datetime.date(2019, 9, 27))
    AuditFactory(traject=traject, soort="heraudit", vorige_audit=mislukt)
    with pytest.raises(RestrictedError):
        Cyclus.objects.filter(traject=traject, nummer=2).delete()
    Traject.objects.filter(pk=traject.pk).delete()
    assert not Cyclus.objects.filter(traject_id=traject.pk).exists()
    assert not Audit.objects.filter(traject_id=traject.pk).exists()
