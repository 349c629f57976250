"""The maatregelenmatrix: the plan as a table, its exports and bulk status changes."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.navigation import Kruimel
from kvo.spreadsheets import csv_response, xlsx_response
from trajects.access import traject_voor

from .. import export, grafieken, services
from ..filters import ActiepuntFilter
from ..forms import BulkStatusForm
from ..models import Actiepunt, Doel, Knelpunt, Status


def _gefilterd(request, traject):
    filterset = ActiepuntFilter(
        request.GET or None, queryset=traject.actiepunten.voor_matrix(), traject=traject
    )
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    return filterset, qs.order_by("deadline", "pk")


def _filters(request):
    """The matrix filters of the request (without the page number of a group)."""
    filters = request.GET.copy()
    filters.pop("pagina", None)
    return filters


MATRIX_VELDEN = [
    "traject_id", "doel_id", "titel", "bron", "prioriteit", "deadline", "status", "versie",
    "extern_email", "organisatie__naam", "uitvoerder__naam", "verantwoordelijke__naam",
    "verantwoordelijke__email",
]
# A matrix with at most this many (filtered) items comes open; a larger one shows its knelpunten
# with their counts and loads a group's rows when it is opened, GROEP_PAGINA rows at a time.
OPEN_TOT = 50
GROEP_PAGINA = 50


def _rijen(actiepunten):
    return actiepunten.select_related(None).select_related(
        "organisatie", "uitvoerder", "verantwoordelijke"
    ).only(*MATRIX_VELDEN)


@dataclass
class Groep:
    """A knelpunt (None: the items without a goal) with its counts, and its goals with their
    rows once loaded (None while the page leaves them to be loaded on demand)."""

    knelpunt: Knelpunt | None
    telling: dict[str, int]
    url: str
    doelen: list[tuple[Doel | None, list[Actiepunt]]] | None = None
    page_obj: Page | None = None


def _context(request, traject, mag, filterset):
    is_coordinator = mag("actiepunten.beheer_plan")
    return {
        "traject": traject,
        "filter": filterset,
        "is_coordinator": is_coordinator,
        "bulk_form": BulkStatusForm(traject=traject) if is_coordinator else None,
        "vandaag": timezone.localdate(),
        "querystring": _filters(request).urlencode(),
    }


def matrix(request, pk):
    """The maatregelenmatrix: knelpunt → goal → action items, with filters in the URL. Each
    knelpunt shows its counts; its rows come with the page when the matrix is small, otherwise
    when the group is opened (matrix_groep)."""
    traject, mag = traject_voor(request.user, pk)
    filterset, actiepunten = _gefilterd(request, traject)
    context = _context(request, traject, mag, filterset)
    gefilterd = bool(context["querystring"])
    tellingen = actiepunten.tellingen_per_knelpunt(context["vandaag"])
    aantal = sum(telling["aantal"] for telling in tellingen.values())
    geen = {"aantal": 0, "open": 0, "te_laat": 0}
    groepen = []
    for knelpunt in traject.knelpunten.select_related("cyclus"):
        telling = tellingen.get(knelpunt.pk, geen)
        if gefilterd and not telling["aantal"]:
            continue
        groepen.append(Groep(knelpunt, telling, reverse(
            "actiepunten:matrix-knelpunt", args=[traject.pk, knelpunt.pk])))
    if None in tellingen:
        groepen.append(Groep(None, tellingen[None], reverse(
            "actiepunten:matrix-zonder-doel", args=[traject.pk])))
    if aantal <= OPEN_TOT:
        per_knelpunt, zonder_doel = _rijen(actiepunten).per_knelpunt(
            traject, alleen_gevuld=gefilterd)
        doelen = {knelpunt.pk: doelen for knelpunt, doelen in per_knelpunt}
        for groep in groepen:
            groep.doelen = doelen.get(groep.knelpunt.pk, []) if groep.knelpunt else [
                (None, zonder_doel)]
    return render(request, "actiepunten/matrix.html", {
        **context,
        "groepen": groepen,
        "aantal": aantal,
        "voortgang": grafieken.gereed_per_maand(traject.actiepunten.all(), id="gereed-per-maand"),
    })


def matrix_groep(request, pk, kp_pk=None):
    """The rows of one knelpunt (without kp_pk: of the items without a goal) under the matrix
    filters, GROEP_PAGINA at a time: the fragment an opened group loads, or a page of its own
    without JavaScript."""
    traject, mag = traject_voor(request.user, pk)
    knelpunt = None
    if kp_pk is not None:
        knelpunt = get_object_or_404(traject.knelpunten.select_related("cyclus"), pk=kp_pk)
    filterset, actiepunten = _gefilterd(request, traject)
    context = _context(request, traject, mag, filterset)
    if knelpunt is None:
        actiepunten = actiepunten.filter(doel=None)
    else:
        actiepunten = actiepunten.filter(doel__knelpunt=knelpunt).order_by(
            "doel__volgorde", "doel", "deadline", "pk")
    page_obj = Paginator(_rijen(actiepunten), GROEP_PAGINA).get_page(request.GET.get("pagina"))
    if knelpunt is None:
        doelen = [(None, list(page_obj.object_list))]
    else:
        # Goals without items on the first page only, unless filtered.
        gevuld = bool(context["querystring"]) or page_obj.number > 1
        per_knelpunt, _zonder_doel = page_obj.object_list.per_knelpunt(
            traject, alleen_gevuld=gevuld, knelpunt=knelpunt)
        doelen = per_knelpunt[0][1] if per_knelpunt else []
    groep = Groep(knelpunt, {}, request.path, doelen, page_obj)
    if request.htmx:
        response = render(request, "actiepunten/_matrix_groep.html", {**context, "groep": groep})
    else:
        matrix_url = reverse("actiepunten:matrix", args=[traject.pk])
        querystring = context["querystring"]
        response = render(request, "actiepunten/matrix_groep.html", {
            **context, "groep": groep, "matrix_kruimel": Kruimel(
                _("Maatregelenmatrix"), f"{matrix_url}?{querystring}" if querystring else matrix_url
            ),
        })
    patch_vary_headers(response, ["HX-Request"])
    return response


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
