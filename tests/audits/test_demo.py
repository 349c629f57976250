"""The demo tells a cycle history: the business park's negative audit, re-audit, certificate
and re-certification, and work reported done over the past months."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from actiepunten.models import Actiepunt
from audits.models import Audit, Certificaat
from schouwen.models import Schouw
from trajects.demo import HOOFDTRAJECT, TWEEDE_TRAJECT
from trajects.models import FaseWijziging, Traject

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_business_park_shows_an_earlier_cycle_with_its_certificate(demo):
    traject = Traject.objects.get(naam=TWEEDE_TRAJECT)
    eerste, tweede = traject.cycli.order_by("nummer")
    assert traject.huidige_cyclus() == tweede and traject.fase == Traject.Fase.AUDIT
    certificaat = Certificaat.objects.get(traject=traject)
    assert certificaat.cyclus == eerste and certificaat.nadert_einde()
    negatief = Audit.objects.get(traject=traject, uitkomst=Audit.Uitkomst.NEGATIEF)
    heraudit = Audit.objects.get(vorige_audit=negatief)
    assert heraudit.is_positief and certificaat.audit == heraudit
    assert heraudit.hercontroles.count() == negatief.opmerkingen.count() == 2
    assert all(o.actiepunt_id for o in negatief.opmerkingen.all())
    hercertificering = Audit.objects.get(traject=traject, cyclus=tweede)
    assert hercertificering.auditor_rijen.get().user == negatief.auditor_rijen.get().user
    assert Schouw.objects.filter(traject=traject, cyclus=eerste, dagdeel="avond").exists()
    assert Schouw.objects.filter(traject=traject, cyclus=tweede).exists()
    assert list(FaseWijziging.objects.filter(traject=traject).values_list(
        "gebeurtenis", flat=True)) == [
        "start", "intentieverklaring", "handmatig", "audit_gepland", "negatieve_audit",
        "audit_gepland", "certificaat", "hercertificering", "audit_gepland"]


def test_items_were_reported_done_over_the_past_months(demo):
    vandaag = timezone.localdate()
    gereed = [timezone.localdate(a.gereed_op) for a in
              Actiepunt.objects.filter(traject__naam=HOOFDTRAJECT, gereed_op__isnull=False)]
    assert len(gereed) >= 5
    assert all(dag < vandaag for dag in gereed)
    assert len(set(gereed)) >= 4
    assert (max(gereed) - min(gereed)).days >= 60
    for actiepunt in Actiepunt.objects.filter(gereed_op__isnull=False):
        data = list(actiepunt.history.order_by("history_date").values_list(
            "history_date", flat=True))
        assert data == sorted(data) and all(timezone.localdate(d) < vandaag for d in data)


def test_completed_schouwen_are_dated_on_their_walk(demo):
    for schouw in Schouw.objects.filter(status=Schouw.Status.AFGEROND):
        assert schouw.afgerond_op == schouw.einde
