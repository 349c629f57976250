"""The month calendar and the personal iCal feed: walks, meetings, audits and the deadlines of
the user's own action items, only of trajectories they are a member of; a renewed or turned-off
link answers 404."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from actiepunten.models import Status
from tests.actiepunten.factories import ActiepuntFactory
from tests.audits.factories import AuditFactory
from tests.factories import OverlegFactory
from tests.schouwen.factories import SchouwFactory
from werkplek.agenda import AGENDA_LINK
from werkplek.models import AgendaLink

pytestmark = pytest.mark.django_db

NU = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _plan(world):
    traject, ander = world.traject, world.ander_traject
    SchouwFactory(traject=traject, titel="Avondschouw", begin=NU + datetime.timedelta(days=3))
    SchouwFactory(traject=ander, titel="Schouw elders", begin=NU + datetime.timedelta(days=3))
    OverlegFactory(traject=traject, onderwerp="Jaarplan", datum=NU + datetime.timedelta(days=5))
    AuditFactory(traject=traject, datum=datetime.date(2026, 3, 20))
    ActiepuntFactory(traject=traject, titel="Lampen gemeente", deadline=datetime.date(2026, 3, 10),
                     organisatie=world.organisaties["gemeente"])
    ActiepuntFactory(traject=traject, titel="Politie-item", deadline=datetime.date(2026, 3, 11),
                     organisatie=world.organisaties["politie"])
    ActiepuntFactory(traject=traject, titel="Al klaar", deadline=datetime.date(2026, 3, 12),
                     organisatie=world.organisaties["gemeente"], status=Status.GEREED)


def _feed(client, token):
    return client.get(reverse("werkplek:agenda-feed", args=[token]))


@time_machine.travel(NU, tick=False)
def test_month_shows_the_users_appointments(world):
    _plan(world)
    response = world.client_for("gemeente").get(reverse("werkplek:agenda"), {"maand": "2026-03"})
    html = response.content.decode()
    assert "Schouw: Avondschouw" in html and "Werkgroepoverleg: Jaarplan" in html
    assert "Certificering" in html and "Deadline: Lampen gemeente" in html
    assert "Schouw elders" not in html and "Politie-item" not in html and "Al klaar" not in html
    assert "maart 2026" in html and 'aria-current="date"' in html


def test_bad_month_is_explained_and_shows_this_month(world):
    response = world.client_for("gemeente").get(reverse("werkplek:agenda"), {"maand": "2026-13"})
    assert response.status_code == 200
    assert "Kies een maand als JJJJ-MM" in response.content.decode()


@time_machine.travel(NU, tick=False)
def test_feed_parses_and_holds_only_what_the_user_may_see(world, client):
    _plan(world)
    gemeente = world.client_for("gemeente")
    gemeente.post(reverse("werkplek:agenda-link"), {"actie": "vernieuwen"})
    link = AgendaLink.objects.get(user=world.users["gemeente"])
    response = _feed(client, AGENDA_LINK.token(link))  # no login: the calendar app asks
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    agenda = Calendar.from_ical(response.content)
    titels = sorted(str(e.get("summary")) for e in agenda.walk("VEVENT"))
    assert titels == [
        "Certificering (KVO-W Centrum 's-Gravenzande)",
        "Deadline: Lampen gemeente (KVO-W Centrum 's-Gravenzande)",
        "Schouw: Avondschouw (KVO-W Centrum 's-Gravenzande)",
        "Werkgroepoverleg: Jaarplan (KVO-W Centrum 's-Gravenzande)",
    ]
    audit = next(e for e in agenda.walk("VEVENT") if "Certificering" in str(e.get("summary")))
    assert audit.decoded("dtstart") == datetime.date(2026, 3, 20)  # a whole day
    # The politie's feed has the politie's item, not the gemeente's.
    politie_link = AgendaLink.objects.create(user=world.users["politie"])
    politie = Calendar.from_ical(_feed(client, AGENDA_LINK.token(politie_link)).content)
    assert any("Politie-item" in str(e.get("summary")) for e in politie.walk("VEVENT"))
    assert not any("Lampen" in str(e.get("summary")) for e in politie.walk("VEVENT"))


def test_renewed_or_turned_off_link_answers_404(world, client):
    gemeente = world.client_for("gemeente")
    gemeente.post(reverse("werkplek:agenda-link"), {"actie": "vernieuwen"})
    link = AgendaLink.objects.get(user=world.users["gemeente"])
    oud = AGENDA_LINK.token(link)
    assert _feed(client, oud).status_code == 200
    gemeente.post(reverse("werkplek:agenda-link"), {"actie": "vernieuwen"})
    assert _feed(client, oud).status_code == 404
    link.refresh_from_db()
    nieuw = AGENDA_LINK.token(link)
    assert _feed(client, nieuw).status_code == 200
    gemeente.post(reverse("werkplek:agenda-link"), {"actie": "uitzetten"})
    assert _feed(client, nieuw).status_code == 404
    assert _feed(client, "vervalst").status_code == 404


def test_ended_membership_leaves_the_feed(world, client):
    from trajects.models import Lidmaatschap
    from trajects.services import lidmaatschap_beeindigen

    SchouwFactory(traject=world.traject, titel="Avondschouw")
    link = AgendaLink.objects.create(user=world.users["gemeente"])
    lidmaatschap_beeindigen(
        lid=Lidmaatschap.objects.get(user=world.users["gemeente"], traject=world.traject),
        door=world.users["coordinator"],
    )
    agenda = Calendar.from_ical(_feed(client, AGENDA_LINK.token(link)).content)
    assert list(agenda.walk("VEVENT")) == []


def test_link_page_shows_the_secret_link_only_to_its_owner(world):
    gemeente = world.client_for("gemeente")
    gemeente.post(reverse("werkplek:agenda-link"), {"actie": "vernieuwen"})
    link = AgendaLink.objects.get(user=world.users["gemeente"])
    html = gemeente.get(reverse("werkplek:agenda")).content.decode()
    token = re.search(r"/werkplek/agenda/feed/([^/\"]+)/", html).group(1)
    assert AGENDA_LINK.load(token, AgendaLink.objects.all()) == link
    assert "/werkplek/agenda/feed/" not in world.client_for("politie").get(
        reverse("werkplek:agenda")).content.decode()
