"""Readiness check: the plan van aanpak names an owner and a deadline for every measure."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from trajects.readiness import DEELS, MET, NIET, Uitkomst, register

from .models import Status


@register("plan_van_aanpak")
def plan_van_aanpak(traject):
    telling = traject.actiepunten.exclude(status=Status.VERVALLEN).aggregate(
        totaal=Count("pk"),
        zonder=Count("pk", filter=Q(organisatie__isnull=True) | Q(deadline__isnull=True)),
    )
    totaal, zonder = telling["totaal"], telling["zonder"]
    if totaal == 0:
        status, reden = NIET, _("Het plan van aanpak heeft nog geen maatregelen.")
    elif zonder == 0:
        status, reden = MET, _(
            "Alle %(totaal)d maatregelen hebben een verantwoordelijke organisatie en een deadline."
        ) % {"totaal": totaal}
    else:
        status, reden = DEELS, _(
            "%(zonder)d van de %(totaal)d maatregelen missen een verantwoordelijke of deadline."
        ) % {"zonder": zonder, "totaal": totaal}
    return Uitkomst(
        code="plan_van_aanpak",
        naam=_("Plan van aanpak: elke maatregel heeft een eigenaar en een deadline"),
        status=status,
        reden=reden,
        url=reverse("actiepunten:matrix", args=[traject.pk]),
    )
