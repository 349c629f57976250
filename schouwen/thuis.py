"""What the schouwen add to the home page (trajects/thuis.py, trajects/samenvatting.py): the
next walk per trajectory, walks today for the coordinator, a partner's coming walks with the
button to capture a finding."""

import datetime

from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trajects.models import Rol
from trajects.thuis import Blok, Taak

from .models import Bevinding, Schouw

GEPLAND = [Schouw.Status.GEPLAND, Schouw.Status.BEZIG]


def annotaties(trajecten):
    """`volgende_schouw`: the start of the next planned or running walk;
    `activiteit_schouwen`: when the last finding was captured."""
    begin_vandaag = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time()))
    return trajecten.annotate(
        volgende_schouw=Subquery(
            Schouw.objects.filter(traject=OuterRef("pk"), status__in=GEPLAND,
                                  einde__gte=begin_vandaag)
            .order_by("begin").values("begin")[:1]
        ),
        activiteit_schouwen=Subquery(
            Bevinding.objects.filter(schouw__traject=OuterRef("pk")).order_by()
            .values("schouw__traject").annotate(m=Max("aangemaakt")).values("m")
        ),
    )


def taken(trajecten, op):
    resultaat = []
    for traject in trajecten:
        begin = getattr(traject, "volgende_schouw", None)
        if begin is not None and timezone.localdate(begin) <= op + datetime.timedelta(days=7):
            resultaat.append(Taak(
                tekst=_("Schouw op %(datum)s") % {
                    "datum": timezone.localtime(begin).strftime("%d-%m-%Y %H:%M")},
                url=reverse("schouwen:lijst", args=[traject.pk]), traject=traject, volgorde=20,
            ))
    return resultaat


def mijn_werk(user, rollen, leden):
    """The coming walks in the trajectories where the user takes part (at most 10)."""
    deelnemer_van = [pk for pk, rol in rollen.items() if rol in (Rol.PARTNER, Rol.COORDINATOR)]
    if not any(rol == Rol.PARTNER for rol in rollen.values()):
        return None
    begin_vandaag = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time()))
    schouwen = list(
        Schouw.objects.filter(traject_id__in=deelnemer_van, status__in=GEPLAND,
                              einde__gte=begin_vandaag)
        .select_related("traject").order_by("begin", "pk")[:10]
    )
    for schouw in schouwen:
        schouw.vastleggen_url = reverse("schouwen:bevinding-nieuw",
                                        args=[schouw.traject_id, schouw.pk])
    return Blok(volgorde=10, template="schouwen/_thuis.html", context={"schouwen": schouwen})
