"""Werkgroep meetings and their attendance."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kvo.access import get_for_user, get_with_rights
from kvo.lists import paginate
from kvo.versies import opslaan_of_conflict

from .. import services
from ..access import traject_voor
from ..forms import AanwezigheidForm, OverlegForm
from ..models import Overleg


def overleggen(request, pk):
    traject, mag = traject_voor(request.user, pk)
    lijst = traject.overleggen.annotate(
        aantal_aanwezig=Count("aanwezigheden", filter=Q(aanwezigheden__aanwezig=True))
    )
    return render(request, "trajects/overleggen.html", {
        "traject": traject,
        **paginate(request, lijst, sorts={"datum": ("datum", "pk")}, default_sort="-datum"),
        "kan_toevoegen": mag("trajects.add_overleg"),
        "nu": timezone.now(),
    })


def overleg_nieuw(request, pk):
    traject, mag = traject_voor(request.user, pk, "trajects.add_overleg")
    form = OverlegForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.traject = traject
        overleg = form.save()
        messages.success(request, _("Overleg gepland."))
        return redirect(overleg)
    return render(request, "form.html", {
        "form": form, "traject": traject, "titel": _("Overleg plannen")})


def overleg_detail(request, pk, overleg_pk):
    overleg, mag = get_with_rights(
        request.user, Overleg.objects.select_related("traject"), pk=overleg_pk, traject_id=pk
    )
    traject = overleg.traject
    kan_bewerken = mag("trajects.change_overleg")
    leden_qs = list(traject.lidmaatschappen.select_related("user", "organisatie"))
    aanwezig_ids = set(
        overleg.aanwezigheden.filter(aanwezig=True).values_list("lidmaatschap_id", flat=True)
    )
    form = AanwezigheidForm(
        request.POST or None, leden=leden_qs, aanwezig_ids=aanwezig_ids
    )
    if request.method == "POST":
        if not kan_bewerken:
            raise PermissionDenied
        if form.is_valid():
            services.overleg_aanwezigheid_vastleggen(
                overleg=overleg, leden=leden_qs, aanwezig_ids=form.aanwezig()
            )
            messages.success(request, _("Aanwezigheid opgeslagen."))
            return redirect(overleg)
    return render(request, "trajects/overleg_detail.html", {
        "traject": traject, "overleg": overleg, "kan_bewerken": kan_bewerken,
        "aanwezigen": [lid for lid in leden_qs if lid.pk in aanwezig_ids],
        "form": form if kan_bewerken else None,
    })


def overleg_bewerken(request, pk, overleg_pk):
    overleg = get_for_user(
        request.user, Overleg.objects.select_related("traject"), "trajects.change_overleg",
        pk=overleg_pk, traject_id=pk,
    )
    form = OverlegForm(request.POST or None, instance=overleg)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Overleg opgeslagen."))
        return redirect(overleg)
    return render(request, "form.html", {
        "form": form, "traject": overleg.traject, "titel": _("Overleg bewerken")},
        status=form.status_code)
