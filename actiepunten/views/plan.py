"""Knelpunten and goals."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kvo.access import get_for_user
from kvo.versies import opslaan_of_conflict
from trajects.access import traject_voor

from ..forms import DoelForm, KnelpuntForm
from ..models import Doel, Knelpunt


def knelpunt_nieuw(request, pk):
    traject, mag = traject_voor(request.user, pk, "actiepunten.beheer_plan")
    # Other pages (the survey results) propose a knelpunt through the query string.
    voorstel = {k: request.GET[k] for k in ("titel", "omschrijving", "bron") if k in request.GET}
    form = KnelpuntForm(request.POST or None, initial=voorstel)
    if request.method == "POST" and form.is_valid():
        form.instance.traject = traject
        form.save()
        messages.success(request, _("Knelpunt toegevoegd."))
        return redirect("actiepunten:matrix", pk=traject.pk)
    return render(request, "form.html", {
        "form": form, "traject": traject, "titel": _("Nieuw knelpunt")})


def knelpunt_bewerken(request, pk, kp_pk):
    knelpunt = get_for_user(
        request.user, Knelpunt.objects.select_related("traject"), "actiepunten.change_knelpunt",
        pk=kp_pk, traject_id=pk,
    )
    form = KnelpuntForm(request.POST or None, instance=knelpunt)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Knelpunt opgeslagen."))
        return redirect("actiepunten:matrix", pk=pk)
    return render(request, "form.html", {
        "form": form, "traject": knelpunt.traject, "titel": _("Knelpunt bewerken")},
        status=form.status_code)


def doel_nieuw(request, pk, kp_pk):
    knelpunt = get_for_user(
        request.user, Knelpunt.objects.select_related("traject"), "actiepunten.change_knelpunt",
        pk=kp_pk, traject_id=pk,
    )
    form = DoelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.knelpunt = knelpunt
        form.save()
        messages.success(request, _("Doel toegevoegd."))
        return redirect("actiepunten:matrix", pk=pk)
    return render(request, "form.html", {
        "form": form, "traject": knelpunt.traject,
        "titel": _("Nieuw doel bij: %(knelpunt)s") % {"knelpunt": knelpunt}})


def doel_bewerken(request, pk, doel_pk):
    doel = get_for_user(
        request.user, Doel.objects.select_related("knelpunt__traject"),
        "actiepunten.change_doel", pk=doel_pk, knelpunt__traject_id=pk,
    )
    form = DoelForm(request.POST or None, instance=doel)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Doel opgeslagen."))
        return redirect("actiepunten:matrix", pk=pk)
    return render(request, "form.html", {
        "form": form, "traject": doel.traject, "titel": _("Doel bewerken")},
        status=form.status_code)
