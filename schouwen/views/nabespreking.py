"""After the walk: triage, the map and the schouw report."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo import voortgang
from kvo.access import get_for_user, login_or_404
from kvo.downloads import file_response
from kvo.ratelimits import per_user
from trajects.access import traject_voor

from .. import registry, services
from ..filters import KaartFilter, TriageFilter
from ..forms import TriageActieForm
from ..kaart import KAART_MAXIMUM, Kader, clusters, omvang
from ..models import Bevinding, Ernst, Foto, Schouwrapport
from .common import _centrum, _leaflet_context, _schouw


def triage(request, pk, schouw_pk):
    schouw, mag = _schouw(request, pk, schouw_pk)
    kan_triage = mag("schouwen.triage_schouw")
    actie_form = TriageActieForm(request.POST or None, schouw=schouw)
    if request.method == "POST":
        if not kan_triage:
            raise PermissionDenied
        if actie_form.is_valid():
            data = actie_form.cleaned_data
            bevindingen = list(data["bevindingen"].select_related("schouw", "categorie"))
            versies = actie_form.versies()
            if data["actie"] == "toewijzen":
                gedaan, verouderd, geweigerd = services.bevindingen_toewijzen(
                    bevindingen=bevindingen, versies=versies, organisatie=data["organisatie"])
            elif data["actie"] == "dubbel":
                gedaan, verouderd, geweigerd = services.bevindingen_dubbel_markeren(
                    bevindingen=bevindingen, versies=versies, origineel=data["dubbel_van"])
            else:
                gedaan, verouderd, geweigerd = services.bevindingen_opgelost_markeren(
                    bevindingen=bevindingen, versies=versies)
            if gedaan:
                messages.success(request, _("%(n)s bevinding(en) bijgewerkt.") % {
                    "n": len(gedaan)})
            if verouderd:
                messages.warning(request, _(
                    "Overgeslagen, want intussen door iemand anders gewijzigd (bekijk ze en "
                    "kies opnieuw): %(lijst)s."
                ) % {"lijst": ", ".join(f"#{b.pk} {b}" for b in verouderd)})
            for bevinding, fout in geweigerd:
                messages.error(request, f"#{bevinding.pk}: {fout}")
            return redirect(f"{request.path}?{request.GET.urlencode()}")
        else:
            for fout in actie_form.errors.values():
                messages.error(request, fout[0])
    filterset = TriageFilter(
        request.GET or None, queryset=schouw.bevindingen.voor_lijst(), traject=schouw.traject
    )
    bevindingen = list(filterset.qs)
    # Labels looked up once: get_FOO_display() per row costs more than the whole query.
    ernst_labels, status_labels = dict(Ernst.choices), dict(Bevinding.Status.choices)
    for b in bevindingen:
        b.ernst_label = ernst_labels.get(b.ernst, b.ernst)
        b.status_label = status_labels.get(b.status, b.status)
    return render(request, "schouwen/triage.html", {
        "traject": schouw.traject, "schouw": schouw, "filter": filterset,
        "bevindingen": bevindingen, "actie_form": actie_form, "kan_triage": kan_triage,
        "actiepunten_url": registry.bevindingen_omzetten(schouw.traject) if kan_triage else None,
    })


def _kaart_bevindingen(traject):
    return Bevinding.objects.van_traject(traject).filter(latitude__isnull=False,
                                                         longitude__isnull=False)


def kaart(request, pk):
    traject, mag = traject_voor(request.user, pk)
    filterset = KaartFilter(request.GET or None, traject=traject,
                            queryset=_kaart_bevindingen(traject))
    data_url = reverse("schouwen:kaart-data", args=[traject.pk])
    if request.GET:
        data_url += f"?{request.GET.urlencode()}"
    grenzen = omvang(filterset.qs)
    return render(request, "schouwen/kaart.html", {
        "traject": traject, "filter": filterset, "data_url": data_url,
        "centrum": _centrum(traject),
        # The browser starts on the box around the chosen findings and then asks for the
        # findings in what it shows.
        "grenzen": json.dumps([[grenzen.zuid, grenzen.west], [grenzen.noord, grenzen.oost]])
        if grenzen else "",
        **_leaflet_context(),
    })


def kaart_data(request, pk):
    """GeoJSON of the findings in `?bbox=west,zuid,oost,noord` (all of them without it) with the
    map's filters: each finding up to KAART_MAXIMUM, beyond that clusters on a grid."""
    traject, mag = traject_voor(request.user, pk)
    filterset = KaartFilter(request.GET or None, traject=traject,
                            queryset=_kaart_bevindingen(traject))
    bevindingen = filterset.qs
    kader = Kader.uit_tekst(request.GET.get("bbox"))
    if kader is not None:
        bevindingen = kader.filter(bevindingen)
    totaal = bevindingen.count()
    if totaal > KAART_MAXIMUM:
        kader = kader or omvang(bevindingen)
        assert kader is not None  # there are findings, so there is a box
        features = [_cluster_feature(c) for c in clusters(bevindingen, kader)]
    else:
        rijen = bevindingen.select_related("categorie", "organisatie", "schouw").prefetch_related(
            Prefetch("fotos", queryset=Foto.objects.order_by("pk")))
        features = [_bevinding_feature(traject, b) for b in rijen[:KAART_MAXIMUM]]
    return JsonResponse({"type": "FeatureCollection", "totaal": totaal,
                         "geclusterd": totaal > KAART_MAXIMUM, "features": features})


ERNST_LABELS = dict(Ernst.choices)
STATUS_LABELS = dict(Bevinding.Status.choices)


def _bevinding_feature(traject, b):
    eerste = next(iter(b.fotos.all()), None)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [b.longitude, b.latitude]},
        "properties": {
            "id": b.pk,
            "titel": str(b.categorie),
            "omschrijving": b.omschrijving[:200],
            "ernst": b.ernst,
            "ernst_label": str(ERNST_LABELS.get(b.ernst, b.ernst)),
            "status": str(STATUS_LABELS.get(b.status, b.status)),
            "organisatie": str(b.organisatie or ""),
            "adres": b.adres,
            "schouw": b.schouw.titel,
            "url": reverse("schouwen:bevinding-detail", args=[traject.pk, b.schouw_id, b.pk]),
            "foto": reverse("schouwen:foto", args=[traject.pk, b.schouw_id, eerste.pk, "mini"])
            if eerste else None,
        },
    }


def _cluster_feature(cluster):
    k = cluster.kader
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [cluster.longitude, cluster.latitude]},
        "properties": {"cluster": True, "aantal": cluster.aantal, "ernst": cluster.ernst,
                       "kader": [[k.zuid, k.west], [k.noord, k.oost]]},
    }


def rapport(request, pk, schouw_pk):
    schouw, mag = _schouw(request, pk, schouw_pk)
    rapporten = list(schouw.rapporten.select_related("aangevraagd_door")[:5])
    laatste = next((r for r in rapporten if r.status == Schouwrapport.Status.KLAAR), None)
    bezig = next((r for r in rapporten if r.status in (
        Schouwrapport.Status.AANGEVRAAGD, Schouwrapport.Status.BEZIG)), None)
    status = {
        "traject": schouw.traject, "schouw": schouw, "laatste": laatste, "bezig": bezig,
        "mislukt": rapporten[0] if rapporten and rapporten[0].status == "mislukt" else None,
        "kan_aanvragen": mag("schouwen.add_schouwrapport"),
        # What the status fragment shows: a poll gets 204 until this changes.
        "toestand": f"{rapporten[0].pk}-{rapporten[0].status}" if rapporten else "geen",
    }
    if voortgang.is_poll(request):
        return voortgang.fragment(request, "schouwen/_rapport_status.html", status,
                                  toestand=status["toestand"])
    return render(request, "schouwen/rapport.html", {
        **services.schouwrapport_context(schouw), **status,
    })


@require_POST
@per_user("RATELIMIT_GENEREREN")
def rapport_maken(request, pk, schouw_pk):
    schouw, mag = _schouw(request, pk, schouw_pk, "schouwen.add_schouwrapport")
    services.schouwrapport_aanvragen(schouw=schouw, door=request.user)
    messages.success(request, _("Het PDF-rapport wordt gemaakt; de download verschijnt zodra "
                                "het klaar is."))
    return redirect("schouwen:rapport", pk=pk, schouw_pk=schouw.pk)


@login_or_404
def rapport_download(request, pk, schouw_pk, rapport_pk):
    rapport_obj = get_for_user(
        request.user, Schouwrapport.objects.select_related("schouw"),
        pk=rapport_pk, schouw_id=schouw_pk, schouw__traject_id=pk,
        status=Schouwrapport.Status.KLAAR,
    )
    return file_response(rapport_obj.bestand, content_type="application/pdf")
