"""The effort timeline: every kind of event from every app, filters in the URL, pages of 50,
a constant number of queries, and the counts per quarter the audit dossier shows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actiepunten.models import Herinnering, Status
from actiepunten.models import Soort as HerinneringSoort
from audits.models import Audit
from kvo.models import Bericht
from schouwen.models import Bevinding, Schouw
from tests.actiepunten.factories import ActiepuntFactory
from tests.audits.factories import AuditFactory
from tests.enquetes.factories import MetingFactory
from tests.factories import OverlegFactory
from tests.schouwen.factories import BevindingFactory, SchouwFactory
from trajects import tijdlijn

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()


def moment(dag, uur=10):
    return datetime.datetime.combine(dag, datetime.time(uur), tzinfo=TZ)


def vul(world, dag, *, traject=None, n=1):
    """`n` events of every kind on `dag`, and the things that must stay off the timeline."""
    traject = traject or world.traject
    door = world.users["coordinator"]
    for i in range(n):
        OverlegFactory(traject=traject, datum=moment(dag), onderwerp=f"Overleg {dag} {i}")
        schouw = SchouwFactory(traject=traject, titel=f"Schouw {dag} {i}", begin=moment(dag),
                               status=Schouw.Status.AFGEROND, afgerond_op=moment(dag, 12))
        bevinding = BevindingFactory(schouw=schouw, omschrijving=f"Bevinding {dag} {i}",
                                     aangemaakt=moment(dag), vastgelegd_door=door)
        actiepunt = ActiepuntFactory(traject=traject, titel=f"Actiepunt {dag} {i}",
                                     status=Status.GEREED, gereed_op=moment(dag))
        bericht = Bericht.objects.create(soort="tests.proef", aan="a@example.org",
                                         status=Bericht.Status.VERZONDEN,
                                         verzonden=moment(dag))
        Herinnering.objects.create(
            soort=HerinneringSoort.DEADLINE_3, peildatum=dag, ontvanger=f"h{i}@example.org",
            traject=traject, actiepunt=actiepunt, bericht=bericht,
        )
        MetingFactory(traject=traject, naam=f"Enquête {dag} {i}", start=dag,
                      einde=dag + datetime.timedelta(days=21))
        AuditFactory(traject=traject, datum=dag, uitkomst=Audit.Uitkomst.POSITIEF,
                     uitkomst_vastgesteld=moment(dag, 16))
    # Not effort (yet): a planned walk and meeting, an open item, a duplicate, an unsent or
    # skipped reminder.
    OverlegFactory(traject=traject, datum=timezone.now() + datetime.timedelta(days=3),
                   onderwerp="Nog te houden")
    SchouwFactory(traject=traject, titel="Gepland", begin=moment(dag))
    dubbel = BevindingFactory(schouw__traject=traject, omschrijving="Dubbel", vastgelegd_door=door,
                              aangemaakt=moment(dag))
    Bevinding.objects.filter(pk=dubbel.pk).update(status=Bevinding.Status.DUBBEL,
                                                  dubbel_van=bevinding)
    open_punt = ActiepuntFactory(traject=traject, titel="Nog open")
    Herinnering.objects.create(
        soort=HerinneringSoort.DEADLINE_0, peildatum=dag, ontvanger="x@example.org",
        traject=traject, actiepunt=open_punt,
        bericht=Bericht.objects.create(soort="tests.proef", aan="x@example.org"),
    )


def rijen(response):
    return [(g.soort.code, g.titel) for g in response.context["gebeurtenissen"]]


def test_the_timeline_shows_every_kind_newest_first_with_links(world):
    vul(world, datetime.date(2025, 3, 10))
    vul(world, datetime.date(2025, 5, 20))
    vul(world, datetime.date(2025, 4, 1), traject=world.ander_traject)
    response = world.client_for("lezer").get(reverse("trajects:tijdlijn", args=[world.traject.pk]))
    assert response.status_code == 200
    gebeurtenissen = response.context["gebeurtenissen"]
    codes = {g.soort.code for g in gebeurtenissen}
    assert codes == {"overleg", "schouw", "bevinding", "actiepunt", "herinnering", "enquete",
                     "audit"}
    assert len(gebeurtenissen) == 14  # 7 kinds on two days; nothing of the other trajectory
    assert [g.datum for g in gebeurtenissen] == sorted(
        [g.datum for g in gebeurtenissen], reverse=True)
    titels = [t for _, t in rijen(response)]
    assert "Verlichting: Bevinding 2025-05-20 0" in titels
    assert "Deadline over 3 dagen: Actiepunt 2025-05-20 0" in titels
    assert "Certificering: Positief" in titels
    for onzichtbaar in ("Nog te houden", "Gepland", "Dubbel", "Nog open", "Overleg 2025-04-01 0"):
        assert not any(onzichtbaar in t for t in titels)
    html = response.content.decode()
    bevinding = Bevinding.objects.get(omschrijving="Bevinding 2025-05-20 0")
    assert reverse("schouwen:bevinding-detail",
                   args=[world.traject.pk, bevinding.schouw_id, bevinding.pk]) in html
    # The recipients of reminders are the coordinator's business, not the timeline's.
    assert "h0@example.org" not in html


def test_filters_by_kind_and_period_in_the_url(world):
    vul(world, datetime.date(2025, 3, 10))
    vul(world, datetime.date(2025, 5, 20))
    client = world.client_for("gemeente")
    url = reverse("trajects:tijdlijn", args=[world.traject.pk])
    response = client.get(url, {"soort": ["audit", "enquete"]})
    assert sorted(rijen(response)) == sorted([
        ("audit", "Certificering: Positief"), ("audit", "Certificering: Positief"),
        ("enquete", "Enquête 2025-03-10 0"), ("enquete", "Enquête 2025-05-20 0"),
    ])
    response = client.get(url, {"van": "2025-04-01", "tot": "2025-12-31", "soort": "schouw"})
    assert rijen(response) == [("schouw", "Schouw 2025-05-20 0")]
    response = client.get(url, {"tot": "2025-03-10"})
    assert {g.datum for g in response.context["gebeurtenissen"]} == {datetime.date(2025, 3, 10)}
    # The pages keep the filters.
    assert response.context["querystring"] == "tot=2025-03-10"


def test_a_wrong_filter_says_so_and_shows_nothing(world):
    vul(world, datetime.date(2025, 3, 10))
    response = world.client_for("coordinator").get(
        reverse("trajects:tijdlijn", args=[world.traject.pk]),
        {"van": "2025-05-01", "tot": "2025-04-01", "soort": "onbekend"})
    assert response.status_code == 200
    assert response.context["gebeurtenissen"] == []
    html = response.content.decode()
    assert "De einddatum ligt voor de begindatum." in html
    assert "Niets gevonden met deze filters." in html


def test_pages_of_fifty_with_the_filters_kept(world):
    vul(world, datetime.date(2025, 3, 10), n=8)  # 56 events
    client = world.client_for("coordinator")
    url = reverse("trajects:tijdlijn", args=[world.traject.pk])
    eerste = client.get(url, {"soort": ["overleg", "schouw", "bevinding", "actiepunt",
                                        "herinnering", "enquete", "audit"]})
    assert len(eerste.context["gebeurtenissen"]) == 50
    assert eerste.context["page_obj"].paginator.count == 56
    assert "&amp;pagina=2" in eerste.content.decode()
    tweede = client.get(url, {"soort": "overleg", "pagina": 2})
    assert tweede.context["page_obj"].number == 1  # 8 meetings: one page
    tweede = client.get(url, {"pagina": 2})
    assert len(tweede.context["gebeurtenissen"]) == 6


def test_empty_timeline_says_what_belongs_there(world):
    response = world.client_for("auditor").get(
        reverse("trajects:tijdlijn", args=[world.traject.pk]))
    assert "Nog niets op de tijdlijn." in response.content.decode()


def query_count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_query_count_does_not_grow_with_events(world):
    client = world.client_for("coordinator")
    url = reverse("trajects:tijdlijn", args=[world.traject.pk])
    vul(world, datetime.date(2025, 3, 10), n=2)
    client.get(url)
    klein = query_count(client, url)
    vul(world, datetime.date(2025, 6, 10), n=10)
    groot = query_count(client, url)
    assert klein == groot
    gefilterd = query_count(client, url + "?soort=audit&soort=bevinding&van=2025-01-01")
    assert gefilterd == groot


def test_counts_per_quarter_per_kind_keep_quiet_quarters(world):
    vul(world, datetime.date(2025, 2, 10), n=2)
    vul(world, datetime.date(2025, 3, 31))
    vul(world, datetime.date(2025, 10, 1))
    telling = tijdlijn.per_kwartaal(world.traject)
    assert [s.code for s in telling.soorten] == [
        "overleg", "schouw", "bevinding", "actiepunt", "herinnering", "enquete", "audit"]
    assert [k.label for k in telling.kwartalen] == ["2025 K1", "2025 K2", "2025 K3", "2025 K4"]
    assert telling.kwartalen[0].aantallen == [3] * 7
    assert telling.kwartalen[1].totaal == 0
    assert telling.kwartalen[3].aantallen == [1] * 7
    assert telling.totalen == [4] * 7 and telling.totaal == 28
    # Up to a date (the dossier's audit): later events are left out.
    assert len(tijdlijn.per_kwartaal(world.traject, tot=datetime.date(2025, 6, 30)).kwartalen) == 1
