"""The home page per person: the coordinator's table (readiness, overdue items, next walk and
meeting, audit, certificate, last activity; sortable, filterable, paginated) with today's work on
top; a partner's walks, action items and documents; an auditor's audits."""

import datetime
import html as htmllib
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actiepunten.models import Status
from tests.actiepunten.factories import ActiepuntFactory
from tests.audits.factories import AuditAuditorFactory, AuditFactory, CertificaatFactory
from tests.factories import (
    DocumentFactory,
    OverlegFactory,
    TrajectFactory,
    lid,
)
from tests.schouwen.factories import SchouwFactory
from trajects.models import Rol, Traject

pytestmark = pytest.mark.django_db

VANDAAG = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def home(client, **params):
    response = client.get(reverse("trajects:dashboard"), params)
    assert response.status_code == 200
    return response, response.content.decode()


def rij_namen(html):
    """The trajectory names in the table, in order."""
    tabel = html.split('class="table table-sm align-middle kaarttabel trajecttabel"')[1]
    return [htmllib.unescape(naam) for naam in
            re.findall(r'<td class="kaart-kop"><a href="[^"]+">([^<]+)</a>', tabel)]


@time_machine.travel(VANDAAG, tick=False)
def test_coordinator_sees_each_trajectory_with_its_facts(world, coordinator_client):
    traject = world.traject
    ActiepuntFactory(traject=traject, deadline=datetime.date(2026, 2, 1),
                     organisatie=world.organisaties["gemeente"])
    ActiepuntFactory(traject=traject, deadline=datetime.date(2026, 2, 2), status=Status.GEREED)
    SchouwFactory(traject=traject, begin=VANDAAG + datetime.timedelta(days=3))
    OverlegFactory(traject=traject, datum=VANDAAG + datetime.timedelta(days=10))
    AuditFactory(traject=traject, datum=datetime.date(2026, 4, 15))
    CertificaatFactory(traject=traject, uitgegeven=datetime.date(2024, 1, 1),
                       geldig_tot=datetime.date(2026, 8, 31))
    response, html = home(coordinator_client)
    rij = response.context["trajecten"][0]
    assert rij == traject
    assert rij.te_laat == 1  # the finished one does not count
    assert timezone.localdate(rij.volgende_schouw) == datetime.date(2026, 3, 5)
    assert rij.volgende_audit == datetime.date(2026, 4, 15)
    assert rij.certificaat_tot == datetime.date(2026, 8, 31)
    assert rij.gereedheid.score == response.context["trajecten"][0].gereedheid.score
    assert 'class="gereedheidsbalk"' in html and "Per onderdeel" in html
    assert "1 actiepunt" in html and "15 apr 2026" in html and "31 aug 2026" in html
    # Today's work: the overdue item and the expiring certificate, with where to act.
    taken = response.context["taken"]
    assert [t.te_laat for t in taken][:1] == [True]
    teksten = " ".join(t.tekst for t in taken)
    assert "1 actiepunt over de deadline" in teksten
    assert "Certificaat verloopt op 31-08-2026" in teksten
    assert "Schouw op 05-03-2026" in teksten
    assert reverse("actiepunten:matrix", args=[traject.pk]) + "?te_laat=on" in html


@time_machine.travel(VANDAAG, tick=False)
def test_table_sorts_and_filters_through_the_url(world, coordinator_client):
    user = world.users["coordinator"]
    org = world.organisaties["coordinator"]
    laat = TrajectFactory(naam="B laat")
    lid(laat, org, Rol.COORDINATOR, user=user)
    for _ in range(3):
        ActiepuntFactory(traject=laat, deadline=datetime.date(2026, 1, 1))
    rustig = TrajectFactory(naam="A rustig")
    lid(rustig, org, Rol.COORDINATOR, user=user)
    Traject.objects.filter(pk=rustig.pk).update(fase=Traject.Fase.PLAN)

    _, html = home(coordinator_client)
    assert rij_namen(html) == ["A rustig", "B laat", "KVO-W Centrum 's-Gravenzande"]
    _, html = home(coordinator_client, sorteer="-te_laat")
    assert rij_namen(html)[0] == "B laat"
    assert 'aria-sort="descending"' in html
    _, html = home(coordinator_client, te_laat="on")
    assert rij_namen(html) == ["B laat"]
    _, html = home(coordinator_client, fase=Traject.Fase.PLAN)
    assert rij_namen(html) == ["A rustig"]
    _, html = home(coordinator_client, q="gravenzande")
    assert rij_namen(html) == ["KVO-W Centrum 's-Gravenzande"]
    # Filters stay in the sort links; a bad value filters nothing and breaks nothing.
    _, html = home(coordinator_client, q="laat", sorteer="bestaat-niet")
    assert "q=laat&amp;sorteer=" in html
    _, html = home(coordinator_client, fase="onzin")
    assert len(rij_namen(html)) == 3


def test_table_is_paginated_by_fifty(world, coordinator_client):
    user = world.users["coordinator"]
    for n in range(52):
        lid(TrajectFactory(naam=f"Traject {n:03d}"), world.organisaties["coordinator"],
            Rol.COORDINATOR, user=user)
    response, html = home(coordinator_client)
    assert len(response.context["trajecten"]) == 50
    response, html = home(coordinator_client, pagina=2)
    assert len(response.context["trajecten"]) == 3
    assert "Pagina 2 van 2" in html


@time_machine.travel(VANDAAG, tick=False)
def test_partner_sees_walks_items_and_documents_of_their_organisation(world):
    traject = world.traject
    schouw = SchouwFactory(traject=traject, titel="Avondschouw centrum",
                           begin=VANDAAG + datetime.timedelta(days=2))
    SchouwFactory(traject=world.ander_traject, titel="Schouw elders")
    ActiepuntFactory(traject=traject, titel="Lantaarns vervangen",
                     deadline=datetime.date(2026, 2, 1), organisatie=world.organisaties["politie"])
    ActiepuntFactory(traject=traject, titel="Van de gemeente",
                     organisatie=world.organisaties["gemeente"])
    DocumentFactory(traject=traject, titel="Jaarcijfers 2025",
                    organisatie=world.organisaties["politie"])
    response, html = home(world.client_for("politie"))
    assert "Komende schouwen" in html and "Avondschouw centrum" in html
    assert "Schouw elders" not in html
    assert reverse("schouwen:bevinding-nieuw", args=[traject.pk, schouw.pk]) in html
    assert "Bevinding vastleggen" in html
    assert "Lantaarns vervangen" in html and "Van de gemeente" not in html
    assert "waarvan 1 over de deadline" in html
    # Police figures are asked of the police while the trajectory has none; and the document
    # of their organisation without a file.
    assert "Politiecijfers" in html and "Jaarcijfers 2025" in html
    assert "Vandaag voor u" not in html  # not a coordinator


def test_auditor_sees_their_audits_with_dossier_and_requirements(world):
    audit = AuditFactory(traject=world.traject, datum=datetime.date(2026, 5, 1))
    AuditAuditorFactory(audit=audit, user=world.users["auditor"])
    AuditFactory(traject=world.traject, datum=datetime.date(2025, 5, 1))  # not theirs
    response, html = home(world.client_for("auditor"))
    html = html.split('id="kop-thuis-audits"')[1].split("</section>")[0]
    assert audit.get_absolute_url() in html and "1 mei 2026" in html
    assert "1 mei 2025" not in html
    assert reverse("audits:eisen", args=[world.traject.pk]) in html
    assert "nog niet gemaakt" in html


def test_coordinator_without_anything_due_is_told_so(world, coordinator_client):
    _, html = home(coordinator_client)
    assert "Niets dat vandaag op u wacht" in html


def test_readiness_bar_on_the_trajectory_page(world, coordinator_client):
    html = coordinator_client.get(world.traject.get_absolute_url()).content.decode()
    assert 'class="gereedheidsbalk"' in html
    assert "Werkgroep:" in html  # the breakdown per section


ROLLEN = {"coordinator": Rol.COORDINATOR, "gemeente": Rol.PARTNER, "auditor": Rol.AUDITOR}


def _trajecten_met(world, persona, n):
    """`n` more trajectories with `persona` in them, each with an overdue item, a walk, a
    meeting, an audit (with the auditor invited) and a document asked of the gemeente."""
    user = world.users[persona]
    for _ in range(n):
        traject = TrajectFactory()
        lid(traject, world.organisaties[persona], ROLLEN[persona], user=user)
        ActiepuntFactory(traject=traject, deadline=datetime.date(2020, 1, 1),
                         organisatie=world.organisaties["gemeente"])
        SchouwFactory(traject=traject)
        OverlegFactory(traject=traject, datum=timezone.now() + datetime.timedelta(days=3))
        audit = AuditFactory(traject=traject, datum=timezone.localdate())
        AuditAuditorFactory(audit=audit, user=world.users["auditor"])
        DocumentFactory(traject=traject, organisatie=world.organisaties["gemeente"])


def _queries(client):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("trajects:dashboard"))
    assert response.status_code == 200
    return len(context)


# Readiness of the table is set-based (trajects.readiness.beoordeel_voor): facts, requirements
# and the survey's meting of the page's trajectories in one query each. The partner's home has
# the most blocks; they share the page's one query for the memberships, which also answers the
# permission behind "Nieuw traject" (docs/performance.md lists the queries).


@pytest.mark.parametrize("persona", ["coordinator", "gemeente", "auditor"])
def test_home_runs_the_same_queries_for_5_and_30_trajectories(world, persona):
    client = world.client_for(persona)
    _trajecten_met(world, persona, 5)
    weinig = _queries(client)
    _trajecten_met(world, persona, 25)
    veel = _queries(client)
    assert veel == weinig
    assert veel <= 15


@pytest.mark.parametrize("persona", ["coordinator", "gemeente", "auditor"])
def test_home_query_count_does_not_grow_with_trajectories(world, persona):
    client = world.client_for(persona)
    _trajecten_met(world, persona, 2)
    weinig = _queries(client)
    _trajecten_met(world, persona, 10)
    assert _queries(client) == weinig <= 15


NIEUW = reverse("trajects:nieuw")


@pytest.mark.parametrize("hoe", ["geen", "eigen", "groep"])
def test_partner_with_the_add_traject_permission_is_offered_a_new_trajectory(world, hoe):
    """The home page answers the permission from its memberships query (access.startrecht);
    it agrees with has_perm whether the permission is the user's own or a group's."""
    from django.contrib.auth.models import Group, Permission

    from trajects.access import mag_traject_starten

    user = world.users["gemeente"]
    recht = Permission.objects.get(content_type__app_label="trajects", codename="add_traject")
    if hoe == "eigen":
        user.user_permissions.add(recht)
    elif hoe == "groep":
        groep = Group.objects.create(name="starters")
        groep.permissions.add(recht)
        user.groups.add(groep)
    _, html = home(world.client_for("gemeente"))
    verwacht = hoe != "geen"
    assert (f'href="{NIEUW}"' in html) is verwacht
    user = type(user).objects.get(pk=user.pk)  # no permission cache
    assert user.has_perm("trajects.add_traject") is verwacht
    assert mag_traject_starten(user) is verwacht
