"""Police and fire-brigade incident figures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.access import get_for_user, get_with_rights
from trajects.access import traject_voor

from .. import charts, services
from ..forms import CsvForm, IncidentcijferForm
from ..models import Incidentcijfer
from ..rules import cijferbronnen_van


def incidenten(request, pk):
    traject, mag = traject_voor(request.user, pk, "enquetes.view_incidentcijfer")
    overzicht = traject.incidentcijfers.geldig().overzicht()
    mijn_bronnen = [b.value for b in cijferbronnen_van(request.user, traject)]
    return render(request, "enquetes/incidenten.html", {
        "traject": traject, "jaren": overzicht.jaren, "tabellen": overzicht.tabellen,
        "grafiek": charts.incidententrend(overzicht, id="incidenten-trend"),
        "kan_invoeren": bool(mijn_bronnen), "mijn_bronnen": mijn_bronnen,
    })


def incident_nieuw(request, pk):
    """Enter a figure, or correct one (the same source, year and kind; the earlier count stays
    in its history). The police partner enters police figures, the fire brigade fire figures,
    the coordinator both."""
    traject, mag = traject_voor(request.user, pk, "enquetes.add_incidentcijfer")
    bronnen = cijferbronnen_van(request.user, traject)
    voorstel = {k: request.GET[k] for k in ("bron", "jaar", "soort") if k in request.GET}
    form = IncidentcijferForm(request.POST or None, bronnen=bronnen, initial=voorstel)
    if request.method == "POST" and form.is_valid():
        cijfer, vorig = services.incidentcijfer_opslaan(
            traject=traject, door=request.user, **form.cleaned_data
        )
        if vorig is not None and vorig != cijfer.aantal:
            messages.success(request, _(
                "Incidentcijfer gecorrigeerd van %(vorig)s naar %(nieuw)s; de eerdere waarde "
                "blijft in de historie.") % {"vorig": vorig, "nieuw": cijfer.aantal})
        else:
            messages.success(request, _("Incidentcijfer opgeslagen."))
        return redirect("enquetes:incidenten", pk=traject.pk)
    return render(request, "form.html", {
        "form": form, "traject": traject,
        "titel": _("Incidentcijfer corrigeren") if voorstel else _("Incidentcijfer invoeren")})


def incident_detail(request, pk, cijfer_pk):
    """One figure with every version: entered, corrected, withdrawn, by whom and when."""
    cijfer, mag = get_with_rights(
        request.user, Incidentcijfer.objects.select_related("traject"),
        pk=cijfer_pk, traject_id=pk,
    )
    return render(request, "enquetes/incident_detail.html", {
        "traject": cijfer.traject, "cijfer": cijfer,
        "historie": cijfer.history.select_related("history_user").order_by("-history_id"),
        "kan_wijzigen": mag("enquetes.change_incidentcijfer"),
    })


def incidenten_importeren(request, pk):
    traject, mag = traject_voor(request.user, pk, "enquetes.add_incidentcijfer")
    form = CsvForm(request.POST or None, request.FILES or None)
    fouten = []
    if request.method == "POST" and form.is_valid():
        try:
            nieuw, vervangen = services.incidentcijfers_importeren(
                traject=traject, bestand=form.cleaned_data["bestand"], door=request.user,
                bronnen=cijferbronnen_van(request.user, traject),
            )
        except ValidationError as error:
            fouten = error.messages
        else:
            messages.success(request, _("%(nieuw)s cijfers toegevoegd, %(vervangen)s gecorrigeerd "
                                        "(de eerdere waarden blijven in de historie).")
                             % {"nieuw": nieuw, "vervangen": vervangen})
            return redirect("enquetes:incidenten", pk=traject.pk)
    return render(request, "enquetes/incidenten_importeren.html", {
        "traject": traject, "form": form, "fouten": fouten,
        "max_mb": services.settings.ENQUETE_CSV_MAX_MB,
    }, status=400 if fouten else 200)


@require_POST
def incident_intrekken(request, pk, cijfer_pk):
    cijfer = get_for_user(
        request.user, Incidentcijfer.objects.select_related("traject"),
        "enquetes.change_incidentcijfer", pk=cijfer_pk, traject_id=pk,
    )
    services.incidentcijfer_intrekken(cijfer=cijfer, door=request.user)
    messages.success(request, _("Incidentcijfer ingetrokken; het blijft zichtbaar in de "
                                "historie."))
    return redirect("enquetes:incidenten", pk=pk)
