"""Reminders: the trajectory's reminder overview and the user's settings."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kvo.lists import paginate
from trajects.access import traject_voor

from ..forms import HerinneringInstellingForm
from ..models import Herinnering, HerinneringInstelling


def herinneringen(request, pk):
    """The reminder log: evidence of follow-up for the coordinator (and the auditor's question)."""
    traject, mag = traject_voor(request.user, pk, "actiepunten.beheer_plan")
    log = (
        Herinnering.objects.filter(traject=traject)
        .select_related("actiepunt", "overleg", "user", "bericht")
        .order_by("-aangemaakt", "-pk")
    )
    return render(request, "actiepunten/herinneringen.html", {
        "traject": traject, **paginate(request, log)})


def instellingen(request):
    instelling = HerinneringInstelling.objects.filter(user=request.user).first()
    form = HerinneringInstellingForm(
        request.POST or None, instance=instelling or HerinneringInstelling(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Uw instellingen voor herinneringen zijn opgeslagen."))
        return redirect("actiepunten:instellingen")
    return render(request, "actiepunten/instellingen.html", {"form": form})
