"""The start page: the user's trajectories with their state."""

from django.db.models import OuterRef, Subquery
from django.shortcuts import render
from django.utils import timezone

from .. import readiness, samenvatting
from ..models import Lidmaatschap, Overleg, Partner, Rol, Traject


def dashboard(request):
    volgend_overleg = (
        Overleg.objects.filter(traject=OuterRef("pk"), datum__gte=timezone.now())
        .order_by("datum")
        .values("datum")[:1]
    )
    trajecten = list(
        samenvatting.annoteer(Traject.objects.voor_gebruiker(request.user))
        .select_related("gebied")
        .annotate(volgend_overleg=Subquery(volgend_overleg))
        .order_by("naam")
    )
    soorten = {}
    for traject_id, soort in Partner.objects.filter(
        traject__in=[t.pk for t in trajecten]
    ).values_list("traject_id", "organisatie__soort"):
        soorten.setdefault(traject_id, set()).add(soort)
    vereist = readiness.verplichte_partnersoorten()
    rollen = dict(
        Lidmaatschap.objects.filter(user=request.user).values_list("traject_id", "rol")
    )
    for traject in trajecten:
        traject.partners_compleet = vereist <= soorten.get(traject.pk, set())
        traject.mijn_rol = Rol(rollen[traject.pk]).label if traject.pk in rollen else ""
    return render(request, "trajects/dashboard.html", {
        "trajecten": trajecten, "kan_starten": request.user.has_perm("trajects.traject_starten"),
    })
