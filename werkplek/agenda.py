"""A person's calendar across their trajectories: walks, werkgroep meetings, audits and the
deadlines of their own action items, for the month page and the personal iCal feed.

Only trajectories the user is an active member of count, read when the calendar is asked for,
so ending a membership takes its appointments out of the feed too.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from actiepunten.models import OPEN_STATUSSEN, Actiepunt
from audits.models import Audit
from kvo.links import LinkPurpose
from kvo.mail import absolute_url
from schouwen.models import Schouw
from trajects.models import Overleg, Traject

from .models import AgendaLink

AGENDA_LINK = LinkPurpose(
    salt="werkplek.agenda", id_key="a",
    expired_message=gettext_lazy("Deze agendalink werkt niet meer."),
    invalid_message=gettext_lazy("Deze agendalink bestaat niet (meer)."),
)

# A meeting has a start time only; the feed shows it this long.
OVERLEG_DUUR = datetime.timedelta(hours=2)
# The feed covers this period around today.
FEED_TERUG = datetime.timedelta(days=90)
FEED_VOORUIT = datetime.timedelta(days=400)

SCHOUW, OVERLEG, AUDIT, DEADLINE = "schouw", "overleg", "audit", "deadline"
SOORTEN = {
    SCHOUW: gettext_lazy("Schouw"),
    OVERLEG: gettext_lazy("Overleg"),
    AUDIT: gettext_lazy("Audit"),
    DEADLINE: gettext_lazy("Deadline"),
}


@dataclass(frozen=True)
class Afspraak:
    soort: str
    uid: str
    titel: str
    traject: Any
    url: str
    begin: datetime.datetime | datetime.date
    einde: datetime.datetime | datetime.date | None = None
    locatie: str = ""

    @property
    def hele_dag(self) -> bool:
        return not isinstance(self.begin, datetime.datetime)

    @property
    def dag(self) -> datetime.date:
        return self.begin if self.hele_dag else timezone.localdate(self.begin)

    @property
    def soort_label(self) -> str:
        return str(SOORTEN[self.soort])

    @property
    def sortering(self) -> tuple:
        tijd = datetime.time() if self.hele_dag else timezone.localtime(self.begin).time()
        return (self.dag, tijd, self.titel)


def _moment(dag: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time()))


def afspraken(user: Any, van: datetime.date, tot: datetime.date) -> list[Afspraak]:
    """Everything in the user's calendar from `van` up to and including `tot` (four queries)."""
    trajecten = Traject.objects.voor_gebruiker(user).values("pk")
    begin, einde = _moment(van), _moment(tot + datetime.timedelta(days=1))
    resultaat = []
    for schouw in (Schouw.objects.filter(traject__in=trajecten, begin__lt=einde, einde__gte=begin)
                   .exclude(status=Schouw.Status.GEANNULEERD).select_related("traject")):
        resultaat.append(Afspraak(
            SCHOUW, f"schouw-{schouw.uid}", _("Schouw: %(titel)s") % {"titel": schouw.titel},
            schouw.traject, schouw.get_absolute_url(), schouw.begin, schouw.einde,
            schouw.verzamelpunt,
        ))
    for overleg in (Overleg.objects.filter(traject__in=trajecten, datum__gte=begin,
                                           datum__lt=einde).select_related("traject")):
        resultaat.append(Afspraak(
            OVERLEG, f"overleg-{overleg.pk}",
            _("Werkgroepoverleg: %(onderwerp)s") % {"onderwerp": overleg.onderwerp}
            if overleg.onderwerp else _("Werkgroepoverleg"),
            overleg.traject, overleg.get_absolute_url(), overleg.datum,
            overleg.datum + OVERLEG_DUUR, overleg.locatie,
        ))
    for audit in (Audit.objects.filter(traject__in=trajecten, datum__gte=van, datum__lte=tot)
                  .select_related("traject")):
        resultaat.append(Afspraak(
            AUDIT, f"audit-{audit.pk}", _("%(soort)s") % {"soort": audit.get_soort_display()},
            audit.traject, audit.get_absolute_url(), audit.datum,
        ))
    for actiepunt in (Actiepunt.objects.mijn(user).filter(
            status__in=OPEN_STATUSSEN, deadline__gte=van, deadline__lte=tot)
            .select_related("traject")):
        resultaat.append(Afspraak(
            DEADLINE, f"actiepunt-{actiepunt.pk}",
            _("Deadline: %(titel)s") % {"titel": actiepunt.titel},
            actiepunt.traject, actiepunt.get_absolute_url(), actiepunt.deadline,
        ))
    return sorted(resultaat, key=lambda a: a.sortering)


def ical(user: Any) -> bytes:
    """The user's feed: their calendar from three months ago to a year ahead."""
    vandaag = timezone.localdate()
    calendar = Calendar()
    calendar.add("prodid", "-//KVO-trajectbeheer//agenda//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("KVO-trajectbeheer: %(naam)s") % {"naam": str(user)})
    calendar.add("refresh-interval;value=duration", "PT1H")
    nu = timezone.now().astimezone(datetime.UTC)
    for afspraak in afspraken(user, vandaag - FEED_TERUG, vandaag + FEED_VOORUIT):
        event = Event()
        event.add("uid", f"{afspraak.uid}@kvo-trajectbeheer")
        event.add("dtstamp", nu)
        event.add("summary", f"{afspraak.titel} ({afspraak.traject})")
        if afspraak.hele_dag:
            event.add("dtstart", afspraak.begin)
            event.add("dtend", afspraak.begin + datetime.timedelta(days=1))
        else:
            event.add("dtstart", afspraak.begin.astimezone(datetime.UTC))
            event.add("dtend", afspraak.einde.astimezone(datetime.UTC))
        if afspraak.locatie:
            event.add("location", afspraak.locatie)
        url = absolute_url(afspraak.url)
        event.add("url", url)
        event.add("description", url)
        event.add("categories", [afspraak.soort_label])
        calendar.add_component(event)
    return calendar.to_ical()


def feed_url(link: AgendaLink) -> str:
    return absolute_url(reverse("werkplek:agenda-feed", args=[AGENDA_LINK.token(link)]))
