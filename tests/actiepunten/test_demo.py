import io

import pytest
from django.core.management import call_command

from actiepunten.models import Actiepunt, Status
from actiepunten.readiness import plan_van_aanpak
from trajects.demo import HOOFDTRAJECT
from trajects.models import Melding
from trajects.readiness import MET

pytestmark = pytest.mark.django_db


def test_demo_plan_has_the_scenario_points_mostly_done_one_overdue_and_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    items = Actiepunt.objects.filter(traject__naam=HOOFDTRAJECT)
    aantal = items.count()
    call_command("load_demo", stdout=io.StringIO())
    assert items.count() == aantal
    # The item reported done and not yet verified is on the coordinator's bell, once.
    [melding] = Melding.objects.filter(ontvanger__email="coordinator@example.org")
    assert melding.doel == items.get(status=Status.GEREED) and not melding.is_gelezen
    titels = " ".join(items.values_list("titel", flat=True))
    for woord in ["Boom", "afsluitpaaltjes", "Containers", "Straatwerk Langestraat",
                  "schoonhouden", "criminaliteitspreventie"]:
        assert woord in titels
    klaar = items.filter(status__in=[Status.GEREED, Status.GEVERIFIEERD]).count()
    assert klaar > aantal / 2
    assert items.filter(status__in=[Status.OPEN, Status.IN_UITVOERING]).count() >= 2
    te_laat = items.te_laat()
    assert [a.titel for a in te_laat] == ["Straatwerk Langestraat herstellen na bouwwerkzaamheden"]
    assert items.filter(bevindingen__isnull=False).distinct().count() == 8
    straatwerk = te_laat.get()
    assert "Straatwerk in de Langestraat" in straatwerk.bevindingen.get().omschrijving
    assert straatwerk.history.count() >= 2
    assert plan_van_aanpak(straatwerk.traject).status == MET
