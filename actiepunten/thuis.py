"""What the action plan adds to the home page (trajects/thuis.py, trajects/samenvatting.py):
the count of overdue items per trajectory, the coordinator's overdue items today and a
partner's open and overdue items of their organisation."""

from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trajects.models import Rol
from trajects.thuis import Blok, Taak

from .models import OPEN_STATUSSEN, Actiepunt


def annotaties(trajecten):
    """`te_laat`: open items past their deadline; `activiteit_actiepunten`: the last change."""
    te_laat = (
        Actiepunt.objects.filter(traject=OuterRef("pk"), status__in=OPEN_STATUSSEN,
                                 deadline__lt=timezone.localdate())
        .order_by().values("traject").annotate(n=Count("pk")).values("n")
    )
    return trajecten.annotate(
        te_laat=Coalesce(Subquery(te_laat, output_field=IntegerField()), 0),
        activiteit_actiepunten=Subquery(
            Actiepunt.objects.filter(traject=OuterRef("pk")).order_by()
            .values("traject").annotate(m=Max("gewijzigd")).values("m")
        ),
    )


def taken(trajecten, op):
    resultaat = []
    for traject in trajecten:
        aantal = getattr(traject, "te_laat", 0)
        if aantal:
            resultaat.append(Taak(
                tekst=ngettext("%(aantal)s actiepunt over de deadline",
                               "%(aantal)s actiepunten over de deadline", aantal)
                % {"aantal": aantal},
                url=reverse("actiepunten:matrix", args=[traject.pk]) + "?te_laat=on",
                traject=traject, te_laat=True, volgorde=10,
            ))
    return resultaat


def mijn_werk(user, rollen, leden):
    """A partner's open action items of their organisation(s), overdue first (at most 10)."""
    partner_van = {pk for pk, rol in rollen.items() if rol == Rol.PARTNER}
    if not partner_van:
        return None
    organisaties = {lid.organisatie_id for lid in leden if lid.traject_id in partner_van}
    open_items = Actiepunt.objects.filter(
        traject_id__in=partner_van, status__in=OPEN_STATUSSEN, organisatie_id__in=organisaties,
    )
    # The counts over all of them ride along on the first ten as window aggregates: one query.
    items = list(open_items.select_related("traject", "organisatie").annotate(
        aantal_open=Window(Count("pk")),
        aantal_te_laat=Window(Count("pk", filter=Q(deadline__lt=timezone.localdate()))),
    ).order_by("deadline", "pk")[:10])
    return Blok(volgorde=20, template="actiepunten/_thuis.html", context={
        "actiepunten": items,
        "open": items[0].aantal_open if items else 0,
        "te_laat": items[0].aantal_te_laat if items else 0,
        "titel": _("Actiepunten van uw organisatie"),
    })
