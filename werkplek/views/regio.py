"""The regional overview (read-only): for people who oversee areas for an organisation."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kvo.spreadsheets import Sheet, csv_response, xlsx_response
from trajects.access import mag_regio_zien
from trajects.models import Traject
from trajects.thuis import Blok

from .. import regio

PERMISSIE = "trajects.regio_bekijken"


class RegioFilter(forms.Form):
    gemeente = forms.CharField(label=_("Gemeente"), required=False, max_length=120)
    fase = forms.ChoiceField(label=_("Fase"), required=False,
                             choices=[("", _("Alle fases")), *Traject.Fase.choices],
                             widget=forms.Select(attrs={"class": "form-select"}))


def _trajecten(request):
    if not request.user.has_perm(PERMISSIE):
        raise PermissionDenied
    trajecten = regio.trajecten_van(request.user)
    form = RegioFilter(request.GET or None)
    if form.is_bound and form.is_valid():
        if form.cleaned_data["gemeente"]:
            trajecten = trajecten.filter(gebied__gemeente__icontains=form.cleaned_data["gemeente"])
        if form.cleaned_data["fase"]:
            trajecten = trajecten.filter(fase=form.cleaned_data["fase"])
    return trajecten, form


def overzicht(request):
    trajecten, form = _trajecten(request)
    # The totals need every trajectory with its readiness; the table is a page of the same.
    overzicht = regio.overzicht(request.user, trajecten)
    page_obj = Paginator(overzicht.trajecten, 50).get_page(request.GET.get("pagina"))
    rijen = list(page_obj.object_list)
    for traject in rijen:
        traject.gereedheid = overzicht.gereedheid.get(traject.pk)
    params = request.GET.copy()
    params.pop("pagina", None)
    return render(request, "werkplek/regio.html", {
        "organisaties": regio.organisaties_van(request.user),
        "overzicht": overzicht,
        "filter_form": form,
        "page_obj": page_obj,
        "trajecten": rijen,
        "querystring": params.urlencode(),
        "tegels": settings.LEAFLET_CONFIG["TILES"],
        "tegels_bron": settings.LEAFLET_CONFIG.get("ATTRIBUTION_PREFIX", ""),
        "centrum": list(settings.LEAFLET_CONFIG["DEFAULT_CENTER"]),
    })


def kaart_data(request):
    trajecten, _form = _trajecten(request)
    return JsonResponse(regio.kaart(trajecten))


def export_csv(request):
    trajecten, _form = _trajecten(request)
    return csv_response(regio.export_rijen(trajecten), filename=regio.bestandsnaam("csv"))


def export_xlsx(request):
    trajecten, _form = _trajecten(request)
    return xlsx_response(
        [Sheet(title=str(_("Trajecten")), rows=regio.export_rijen(trajecten),
               widths=[40, 30, 20, 25, 25, 12, 12, 14, 14, 18])],
        filename=regio.bestandsnaam("xlsx"), title=str(_("Regionaal overzicht")),
    )


def regio_blok(user, rollen, leden):
    """On the home page of someone with oversight: the way to the regional overview."""
    if not mag_regio_zien(user):
        return None
    return Blok(volgorde=0, template="werkplek/_thuis_regio.html",
                context={"organisaties": list(regio.organisaties_van(user))})
