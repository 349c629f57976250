"""The maatregelenmatrix: the plan as a table, its exports and bulk status changes."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.spreadsheets import csv_response, xlsx_response
from trajects.access import traject_voor

from .. import export, grafieken, services
from ..filters import ActiepuntFilter
from ..forms import BulkStatusForm
from ..models import Actiepunt, Status


def _gefilterd(request, traject):
    filterset = ActiepuntFilter(
        request.GET or None, queryset=traject.actiepunten.voor_matrix(), traject=traject
    )
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    return filterset, qs.order_by("deadline", "pk")


MATRIX_VELDEN = [
    "traject_id", "doel_id", "titel", "bron", "prioriteit", "deadline", "status", "versie",
    "extern_email", "organisatie__naam", "uitvoerder__naam", "verantwoordelijke__naam",
    "verantwoordelijke__email",
]


def matrix(request, pk):
    """The maatregelenmatrix: knelpunt → goal → action items, with filters."""
    traject, mag = traject_voor(request.user, pk)
    filterset, actiepunten = _gefilterd(request, traject)
    actiepunten = actiepunten.select_related(None).select_related(
        "organisatie", "uitvoerder", "verantwoordelijke"
    ).only(*MATRIX_VELDEN)
    # Labels looked up once per request, not once per row (lazy translations are slow in bulk).
    labels = {veld: {k: str(v) for k, v in Actiepunt._meta.get_field(veld).flatchoices}
              for veld in ("status", "bron", "prioriteit")}
    vandaag = timezone.localdate()
    for actiepunt in actiepunten:
        actiepunt.labels = {veld: labels[veld][getattr(actiepunt, veld)] for veld in labels}
        actiepunt.te_laat = bool(
            actiepunt.is_open and actiepunt.deadline and actiepunt.deadline < vandaag
        )
    groepen, zonder_doel = actiepunten.per_knelpunt(traject, alleen_gevuld=bool(request.GET))
    if zonder_doel:
        groepen.append((None, [(None, zonder_doel)]))
    is_coordinator = mag("actiepunten.beheer_plan")
    return render(request, "actiepunten/matrix.html", {
        "traject": traject,
        "filter": filterset,
        "groepen": groepen,
        "aantal": len(actiepunten),
        "voortgang": grafieken.gereed_per_maand(traject.actiepunten.all(), id="gereed-per-maand"),
        "is_coordinator": is_coordinator,
        "bulk_form": BulkStatusForm(traject=traject) if is_coordinator else None,
        # One reverse() for all rows: the detail URL is this prefix plus the item's pk.
        "detail_prefix": reverse("actiepunten:detail", args=[traject.pk, 0])[:-2],
        "vandaag": timezone.localdate(),
        "querystring": request.GET.urlencode(),
    })


def export_csv(request, pk):
    traject, mag = traject_voor(request.user, pk)
    _filterset, actiepunten = _gefilterd(request, traject)
    return csv_response(export.rijen(actiepunten), filename=export.bestandsnaam(traject, "csv"))


def export_xlsx(request, pk):
    traject, mag = traject_voor(request.user, pk)
    _filterset, actiepunten = _gefilterd(request, traject)
    return xlsx_response(
        [export.blad(actiepunten)], filename=export.bestandsnaam(traject, "xlsx"),
        title=str(traject),
    )


@require_POST
def bulk_status(request, pk):
    traject, mag = traject_voor(request.user, pk, "actiepunten.beheer_plan")
    form = BulkStatusForm(request.POST, traject=traject)
    filters = QueryDict(request.POST.get("querystring", "")).urlencode()
    terug = redirect(f"{reverse('actiepunten:matrix', args=[traject.pk])}?{filters}")
    if not form.is_valid():
        for fouten in form.errors.values():
            messages.error(request, fouten[0])
        return terug
    gewijzigd, verouderd, geweigerd = services.actiepunten_status_wijzigen(
        actiepunten=form.cleaned_data["actiepunten"].order_by("pk"), versies=form.versies(),
        status=form.cleaned_data["status"], door=request.user, coordinator=True,
    )
    status = Status(form.cleaned_data["status"]).label
    if gewijzigd:
        messages.success(request, _("%(aantal)d actiepunt(en) naar %(status)s gezet.") % {
            "aantal": len(gewijzigd), "status": status})
    if verouderd:
        messages.warning(request, _(
            "Overgeslagen, want intussen door iemand anders gewijzigd (bekijk ze en kies "
            "opnieuw): %(lijst)s."
        ) % {"lijst": ", ".join(
            f"{a.titel} ({a.get_status_display()})" for a in verouderd)})
    if geweigerd:
        messages.warning(request, _(
            "Niet gewijzigd (deze overgang is niet toegestaan): %(lijst)s."
        ) % {"lijst": ", ".join(a.titel for a in geweigerd)})
    return terug
