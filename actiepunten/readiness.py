"""Readiness check: the plan van aanpak names an owner and a deadline for every measure."""

from django.db.models import OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from trajects.readiness import DEELS, MET, NIET, Uitkomst, aantal, feit, register, register_feit

from .models import Actiepunt, Status


def _actiepunten():
    return Actiepunt.objects.filter(traject=OuterRef("pk"))


@register_feit("actiepunten_totaal")
def _totaal():
    """Measures in the plan (withdrawn ones left out)."""
    return aantal(_actiepunten().exclude(status=Status.VERVALLEN))


@register_feit("actiepunten_zonder_eigenaar_of_deadline")
def _zonder():
    return aantal(_actiepunten().exclude(status=Status.VERVALLEN).filter(
        Q(organisatie__isnull=True) | Q(deadline__isnull=True)))


@register_feit("actiepunten_uitgevoerd")
def _uitgevoerd():
    return aantal(_actiepunten().filter(status__in=[Status.GEREED, Status.GEVERIFIEERD]))


@register_feit("actiepunten_geverifieerd")
def _geverifieerd():
    return aantal(_actiepunten().filter(status=Status.GEVERIFIEERD))


@register("plan_van_aanpak")
def plan_van_aanpak(traject):
    totaal = feit(traject, "actiepunten_totaal")
    zonder = feit(traject, "actiepunten_zonder_eigenaar_of_deadline")
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
