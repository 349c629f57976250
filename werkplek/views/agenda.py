"""The month calendar across the user's trajectories and their personal iCal feed."""

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from .. import agenda as agendamodule
from ..agenda import AGENDA_LINK
from ..models import AgendaLink


def _maand(waarde):
    """The first day of the month `JJJJ-MM`, or None for anything else."""
    try:
        dag = datetime.datetime.strptime(waarde, "%Y-%m").date()
    except (TypeError, ValueError):
        return None
    return dag if 1900 < dag.year < 2200 else None


def agenda(request):
    vandaag = timezone.localdate()
    gevraagd = request.GET.get("maand")
    eerste = _maand(gevraagd) if gevraagd else None
    if gevraagd and eerste is None:
        messages.error(request, _("Kies een maand als JJJJ-MM, bijvoorbeeld %(voorbeeld)s.")
                       % {"voorbeeld": f"{vandaag:%Y-%m}"})
    eerste = eerste or vandaag.replace(day=1)
    weken = calendar.Calendar(firstweekday=0).monthdatescalendar(eerste.year, eerste.month)
    per_dag = {}
    for afspraak in agendamodule.afspraken(request.user, weken[0][0], weken[-1][-1]):
        per_dag.setdefault(afspraak.dag, []).append(afspraak)
    vorige = (eerste - datetime.timedelta(days=1)).replace(day=1)
    volgende = (eerste + datetime.timedelta(days=32)).replace(day=1)
    link = AgendaLink.objects.filter(user=request.user).first()
    return render(request, "werkplek/agenda.html", {
        "maand": eerste,
        "vorige": f"{vorige:%Y-%m}",
        "volgende": f"{volgende:%Y-%m}",
        "deze_maand": f"{vandaag:%Y-%m}",
        "vandaag": vandaag,
        "weken": [[(dag, per_dag.get(dag, [])) for dag in week] for week in weken],
        "dagen_met_afspraken": [
            (dag, per_dag[dag]) for week in weken for dag in week
            if dag.month == eerste.month and dag in per_dag
        ],
        "weekdagen": [weken[0][i] for i in range(7)],
        "link": link,
        "feed_url": agendamodule.feed_url(link) if link else "",
    })


@require_POST
def agenda_link(request):
    """Make the personal feed link, make a new one (the old one stops working) or turn it off."""
    actie = request.POST.get("actie")
    link = AgendaLink.objects.filter(user=request.user).first()
    if actie == "uitzetten":
        if link is not None:
            link.delete()
            messages.success(request, _("Uw agendalink is uitgezet; de oude link werkt niet meer."))
    elif actie == "vernieuwen":
        if link is None:
            AgendaLink.objects.create(user=request.user)
            messages.success(request, _("Uw agendalink is gemaakt."))
        else:
            AGENDA_LINK.revoke(link)
            messages.success(request, _("U hebt een nieuwe agendalink; de oude werkt niet meer."))
    else:
        messages.error(request, _("Kies wat u met de agendalink wilt doen."))
    return redirect("werkplek:agenda")


@login_not_required
@never_cache
@require_safe
def agenda_feed(request, token):
    """The iCal feed of the link's owner: what they may see now. A link that was never ours,
    has been renewed or turned off: 404."""
    try:
        link = AGENDA_LINK.load(token, AgendaLink.objects.select_related("user"))
    except ValidationError:
        raise Http404 from None
    if not link.user.is_active:
        raise Http404
    AgendaLink.objects.filter(pk=link.pk).update(laatst_opgehaald=timezone.now())
    response = HttpResponse(agendamodule.ical(link.user),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kvo-agenda.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
