"""Planning a schouw: list, create, edit, cancel, finish, attendance, checklist."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.lists import paginate
from kvo.versies import opslaan_of_conflict
from trajects.access import traject_voor
from trajects.cycli import cyclus_uit_verzoek, filter_context

from .. import grafieken, services
from ..forms import AanwezigheidForm, ChecklistForm, SchouwForm
from ..models import Bevinding, Checklistitem, Foto, NaSluiting, Schouw, Schouwrapport
from .common import _schouw


def schouw_lijst(request, pk):
    traject, mag = traject_voor(request.user, pk)
    gekozen, cycli = cyclus_uit_verzoek(request, traject)
    schouwen = traject.schouwen.met_tellingen().select_related("cyclus").order_by("-begin", "-pk")
    bevindingen = Bevinding.objects.van_traject(traject)
    if gekozen:
        schouwen = schouwen.filter(cyclus=gekozen)
        bevindingen = bevindingen.filter(schouw__cyclus=gekozen)
    return render(request, "schouwen/lijst.html", {
        "traject": traject,
        "per_categorie": grafieken.per_categorie(
            bevindingen, id="bevindingen-per-categorie",
            titel=_("Bevindingen per categorie, alle schouwen")),
        **filter_context(gekozen, cycli),
        **paginate(request, schouwen),
        "kan_plannen": mag("schouwen.add_schouw"),
    })


def schouw_nieuw(request, pk):
    traject, mag = traject_voor(request.user, pk, "schouwen.add_schouw")
    form = SchouwForm(request.POST or None, traject=traject,
                      initial={"verzamelpunt": "", "route": "\n".join(traject.gebied.stratenlijst)})
    if request.method == "POST" and form.is_valid():
        gegevens = form.cleaned_data
        schouw = services.schouw_plannen(
            traject=traject, titel=gegevens["titel"], begin=gegevens["begin"],
            einde=gegevens["einde"], dagdeel=gegevens["dagdeel"], soort=gegevens["soort"],
            verzamelpunt=gegevens["verzamelpunt"], route=gegevens["route"],
            checklist=gegevens["checklist"], deelnemers=gegevens["deelnemers"],
        )
        messages.success(request, _("Schouw gepland; de uitnodigingen worden verstuurd."))
        return redirect(schouw)
    return render(request, "form.html", {
        "form": form, "traject": traject, "titel": _("Schouw plannen")})


def schouw_bewerken(request, pk, schouw_pk):
    schouw, mag = _schouw(request, pk, schouw_pk, "schouwen.change_schouw")
    uitgenodigd = schouw.deelnemers.filter(afgemeld=False).values_list("lidmaatschap", flat=True)
    form = SchouwForm(request.POST or None, instance=schouw, traject=schouw.traject,
                      initial={"deelnemers": list(uitgenodigd)})
    if request.method == "POST" and form.is_valid():
        gegevens = form.cleaned_data
        if opslaan_of_conflict(form, lambda: services.schouw_wijzigen(
            schouw=Schouw.objects.get(pk=schouw.pk), titel=gegevens["titel"],
            begin=gegevens["begin"], einde=gegevens["einde"], dagdeel=gegevens["dagdeel"],
            soort=gegevens["soort"], verzamelpunt=gegevens["verzamelpunt"],
            route=gegevens["route"], checklist=gegevens["checklist"],
            deelnemers=gegevens["deelnemers"], versie=form.versie,
        )):
            messages.success(request, _("Schouw opgeslagen. Wie iets moet weten, krijgt "
                                        "een bericht."))
            return redirect(schouw)
    return render(request, "form.html", {
        "form": form, "traject": schouw.traject, "titel": _("Schouw wijzigen")},
        status=form.status_code)


def schouw_detail(request, pk, schouw_pk):
    schouw, mag = _schouw(request, pk, schouw_pk)
    deelnemers = schouw.deelnemers.filter(afgemeld=False).select_related(
        "lidmaatschap__user", "lidmaatschap__organisatie"
    )
    telling = dict(
        schouw.bevindingen.values_list("status").annotate(n=Count("pk")).order_by()
    )
    return render(request, "schouwen/detail.html", {
        "traject": schouw.traject,
        "schouw": schouw,
        "deelnemers": deelnemers,
        "telling": [(label, telling.get(value, 0)) for value, label in Bevinding.Status.choices],
        "aantal": sum(telling.values()),
        "per_categorie": grafieken.per_categorie(schouw.bevindingen.all(),
                                                 id="bevindingen-per-categorie"),
        "kan_wijzigen": mag("schouwen.change_schouw"),
        "kan_vastleggen": mag("schouwen.add_bevinding"),
        "rapporten": schouw.rapporten.filter(status=Schouwrapport.Status.KLAAR)[:1],
        **_na_sluiting(request, schouw, mag("schouwen.triage_schouw")),
    })


def _na_sluiting(request, schouw, kan_beslissen):
    """For the coordinator: captures that arrived after the schouw was closed, the waiting
    ones first, then those decided (newest decision first), one page at a time."""
    if not kan_beslissen:
        return {}
    rijen = (
        Bevinding.alle.filter(schouw=schouw).exclude(na_sluiting="")
        .select_related("categorie", "organisatie", "vastgelegd_door", "beslist_door")
        .prefetch_related(Prefetch("fotos", queryset=Foto.objects.order_by("pk")))
        .order_by(F("beslist_op").desc(nulls_first=True), "aangemaakt", "pk")
    )
    lijst = paginate(request, rijen, per_page=20, page_param="na_sluiting_pagina")
    return {
        "na_sluiting": lijst["page_obj"], "na_sluiting_lijst": lijst,
        "na_sluiting_wachtend": Bevinding.alle.filter(
            schouw=schouw, na_sluiting=NaSluiting.WACHT).count(),
    }


def _post_action(request, pk, schouw_pk, service, melding):
    schouw, mag = _schouw(request, pk, schouw_pk, "schouwen.change_schouw")
    try:
        service(schouw=schouw)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, melding)
    return redirect(schouw)


@require_POST
def schouw_annuleren(request, pk, schouw_pk):
    return _post_action(request, pk, schouw_pk, services.schouw_annuleren,
                        _("Schouw geannuleerd; de genodigden krijgen een afmelding."))


@require_POST
def schouw_afronden(request, pk, schouw_pk):
    return _post_action(request, pk, schouw_pk, services.schouw_afronden,
                        _("Schouw afgerond. Het schouwrapport (PDF) wordt gemaakt."))


def aanwezigheid(request, pk, schouw_pk):
    schouw, mag = _schouw(request, pk, schouw_pk, "schouwen.change_schouw")
    form = AanwezigheidForm(
        request.POST or None, schouw=schouw,
        initial={"aanwezig": list(schouw.deelnemers.filter(aanwezig=True))},
    )
    if request.method == "POST" and form.is_valid():
        services.aanwezigheid_vastleggen(schouw=schouw, aanwezig=form.cleaned_data["aanwezig"])
        messages.success(request, _("Aanwezigheid opgeslagen."))
        return redirect(schouw)
    return render(request, "form.html", {
        "form": form, "traject": schouw.traject, "titel": _("Wie liep mee?")})


def checklist(request, pk, schouw_pk):
    schouw, mag = _schouw(request, pk, schouw_pk)
    kan_invullen = mag("schouwen.add_bevinding") and schouw.is_open
    if request.method == "POST" and not kan_invullen:
        raise PermissionDenied
    items = list(
        Checklistitem.objects.filter(thema__sjabloon_id=schouw.checklist_id)
        .select_related("thema").order_by("thema__volgorde", "thema__naam", "volgorde", "pk")
    ) if schouw.checklist_id else []
    antwoorden = dict(schouw.antwoorden.values_list("item_id", "in_orde"))
    form = ChecklistForm(request.POST or None, items=items, antwoorden=antwoorden)
    if request.method == "POST" and form.is_valid():
        try:
            open_items = services.checklist_invullen(
                schouw=schouw, door=request.user, antwoorden=form.antwoorden()
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("schouwen:checklist", pk=pk, schouw_pk=schouw.pk)
        if open_items:
            messages.info(request, _("Niet in orde: leg er een bevinding van vast."))
            url = reverse("schouwen:bevinding-nieuw", args=[pk, schouw.pk])
            return redirect(f"{url}?item={open_items[0].pk}")
        messages.success(request, _("Checklist opgeslagen."))
        return redirect("schouwen:checklist", pk=pk, schouw_pk=schouw.pk)
    groepen = []
    for item in items:
        if not groepen or groepen[-1][0] != item.thema:
            groepen.append((item.thema, []))
        groepen[-1][1].append(form[f"item_{item.pk}"])
    return render(request, "schouwen/checklist.html", {
        "traject": schouw.traject, "schouw": schouw, "groepen": groepen, "form": form,
        "kan_invullen": kan_invullen,
    })
