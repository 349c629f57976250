"""Surveys (metingen) and their questions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.lists import paginate
from kvo.versies import opslaan_of_conflict
from trajects.access import traject_voor
from trajects.cycli import cyclus_uit_verzoek, filter_context

from .. import services
from ..forms import AntwoordForm, MetingForm, MetingNieuwForm, VraagForm
from ..models import Meting, Vraag
from .common import _meting


def overzicht(request, pk):
    traject, mag = traject_voor(request.user, pk)
    gekozen, cycli = cyclus_uit_verzoek(request, traject)
    metingen = traject.metingen.met_tellingen().select_related("cyclus").order_by("-nummer")
    if gekozen:
        metingen = metingen.filter(cyclus=gekozen)
    return render(request, "enquetes/overzicht.html", {
        "traject": traject,
        **filter_context(gekozen, cycli),
        **paginate(request, metingen),
        "kan_beheren": mag("enquetes.add_meting"),
        "aantal_cijfers": traject.incidentcijfers.geldig().count(),
    })


def meting_nieuw(request, pk):
    traject, mag = traject_voor(request.user, pk, "enquetes.add_meting")
    form = MetingNieuwForm(request.POST or None, traject=traject)
    if request.method == "POST" and form.is_valid():
        meting = services.meting_aanmaken(traject=traject, **form.cleaned_data)
        messages.success(request, _("Meting aangemaakt. Controleer de vragen en voeg de "
                                    "ontvangers toe."))
        return redirect(meting)
    return render(request, "form.html", {
        "form": form, "traject": traject, "titel": _("Nieuwe meting")})


def meting_detail(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk)
    kan_beheren = mag("enquetes.change_meting")
    tellingen = Meting.objects.met_tellingen().filter(pk=meting.pk).values(
        "aantal_ontvangers", "aantal_beantwoord"
    ).get()
    uitgenodigd = meting.ontvangers.filter(uitgenodigd__isnull=False).count()
    totaal = tellingen["aantal_ontvangers"]
    return render(request, "enquetes/meting_detail.html", {
        "traject": meting.traject,
        "meting": meting,
        "kan_beheren": kan_beheren,
        "aantal_ontvangers": totaal,
        "aantal_uitgenodigd": uitgenodigd,
        "aantal_beantwoord": tellingen["aantal_beantwoord"],
        "respons": round(100 * tellingen["aantal_beantwoord"] / totaal, 1) if totaal else None,
        "aantal_vragen": meting.sjabloon.vragen.count(),
        "rondes": meting.herinneringsrondes.select_related("door"),
    })


def meting_bewerken(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk, "enquetes.change_meting")
    form = MetingForm(request.POST or None, instance=meting)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Meting opgeslagen."))
        return redirect(meting)
    return render(request, "form.html", {
        "form": form, "traject": meting.traject, "titel": _("Meting bewerken")},
        status=form.status_code)


@require_POST
def meting_sluiten(request, pk, meting_pk):
    """The coordinator closes the survey now: no more answers, invitations or reminders."""
    meting, mag = _meting(request, pk, meting_pk, "enquetes.change_meting")
    try:
        services.meting_sluiten(meting=meting, door=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _(
            "De meting is gesloten. Er kan niet meer worden geantwoord; de resultaten tellen nu "
            "als voltooide meting voor de gereedheid."
        ))
    return redirect(meting)


def vragen(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk)
    return render(request, "enquetes/vragen.html", {
        "traject": meting.traject,
        "meting": meting,
        "vragen": meting.sjabloon.vragen.all(),
        "kan_bewerken": mag("enquetes.change_meting")
        and not meting.vragen_vast,
    })


def vraag_nieuw(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk, "enquetes.change_meting")
    return _vraag_form(request, meting, Vraag(), _("Vraag toevoegen"))


def vraag_bewerken(request, pk, meting_pk, vraag_pk):
    meting, mag = _meting(request, pk, meting_pk, "enquetes.change_meting")
    vraag = get_object_or_404(Vraag, pk=vraag_pk, sjabloon=meting.sjabloon)
    return _vraag_form(request, meting, vraag, _("Vraag bewerken"))


def _vraag_form(request, meting, vraag, titel):
    form = VraagForm(request.POST or None, instance=vraag)
    if meting.vragen_vast:
        messages.warning(request, _("De uitnodigingen zijn al verstuurd; de vragen liggen vast."))
        return redirect("enquetes:vragen", pk=meting.traject_id, meting_pk=meting.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.vraag_opslaan(meting=meting, vraag=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Vraag opgeslagen."))
            return redirect("enquetes:vragen", pk=meting.traject_id, meting_pk=meting.pk)
    return render(request, "form.html", {
        "form": form, "traject": meting.traject, "titel": titel})


@require_POST
def vraag_verwijderen(request, pk, meting_pk, vraag_pk):
    meting, mag = _meting(request, pk, meting_pk, "enquetes.change_meting")
    vraag = get_object_or_404(Vraag, pk=vraag_pk, sjabloon=meting.sjabloon)
    try:
        services.vraag_verwijderen(meting=meting, vraag=vraag)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Vraag verwijderd."))
    return redirect("enquetes:vragen", pk=meting.traject_id, meting_pk=meting.pk)


def voorbeeld(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk)
    form = AntwoordForm(vragen=list(meting.sjabloon.vragen.all()))
    return render(request, "enquetes/invullen.html", {
        "meting": meting, "form": form, "secties": form.velden_per_sectie(), "voorbeeld": True,
        "traject": meting.traject,  # a member's preview sits in the trajectory's navigation
    })
