"""After the walk: triage, the map and the schouw report."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo import voortgang
from kvo.access import get_for_user, login_or_404
from kvo.downloads import content_response, file_response
from kvo.lists import filter_params, paginate
from kvo.ratelimits import per_user
from kvo.spreadsheets import csv_response, xlsx_response
from trajects.access import traject_voor

from .. import registry, services
from .. import triage as triagedienst
from ..filters import KaartFilter, TriageFilter
from ..forms import TriageActieForm
from ..kaart import KAART_MAXIMUM, Kader, clusters, omvang
from ..models import Bevinding, Ernst, Foto, Schouwrapport
from .common import _centrum, _leaflet_context, _schouw


def _triage_filter(request, schouw):
    return TriageFilter(filter_params(request) or None, queryset=schouw.bevindingen.all(),
                        traject=schouw.traject)


def _gekozen(request, form, schouw):
    """The findings a bulk action is for, with the version each was shown in. With `alle`:
    every finding matching the page's filter (the query of the URL the form posts to), each at
    its current version unless it changed after the page was shown (`gezien`): that one was
    not what the user saw, so it counts as stale and is skipped."""
    data = form.cleaned_data
    if not data["alle"]:
        bevindingen = list(data["bevindingen"].order_by("pk"))
        return bevindingen, form.versies(bevindingen)
    bevindingen = list(_triage_filter(request, schouw).qs
                       .select_related("schouw", "categorie").order_by("pk"))
    if data["actie"] == "dubbel":
        bevindingen = [b for b in bevindingen if b.pk != data["dubbel_van"].pk]
    return bevindingen, {b.pk: b.versie if b.gewijzigd <= data["gezien"] else None
                         for b in bevindingen}


def _triage_uitvoeren(request, form, schouw):
    """Run the chosen bulk action; returns the messages' (done, stale, refused) and extras."""
    data = form.cleaned_data
    actie = data["actie"]
    if actie == "groep":
        origineel = data["groep_origineel"]
        dubbelen = list(data["groep_dubbelen"].exclude(pk=origineel.pk).order_by("pk"))
        return triagedienst.dubbelgroep_bevestigen(
            origineel=origineel, dubbelen=dubbelen, versies=form.versies(dubbelen)), []
    bevindingen, versies = _gekozen(request, form, schouw)
    if actie == "toewijzen":
        uitkomst, (verhuisd, gebleven) = triagedienst.bevindingen_toewijzen(
            bevindingen=bevindingen, versies=versies, organisatie=data["organisatie"],
            actiepunten_meeverhuizen=data["meeverhuizen"], door=request.user)
        extra = []
        if verhuisd:
            extra.append(_("%(n)s open actiepunt(en) gaan mee naar %(org)s.") % {
                "n": verhuisd, "org": data["organisatie"]})
        if gebleven:
            extra.append(_("%(n)s open actiepunt(en) bleven staan: ze horen ook bij bevindingen "
                           "van een andere organisatie.") % {"n": gebleven})
        return uitkomst, extra
    if actie == "omzetten":
        uitkomst, gemaakt = triagedienst.bevindingen_omzetten(
            traject=schouw.traject, bevindingen=bevindingen, versies=versies, door=request.user)
        return uitkomst, [_("%(n)s actiepunt(en) gemaakt.") % {"n": len(gemaakt)}] if gemaakt \
            else []
    if actie == "dubbel":
        return triagedienst.bevindingen_dubbel_markeren(
            bevindingen=bevindingen, versies=versies, origineel=data["dubbel_van"]), []
    if actie == "geen_actie":
        return triagedienst.bevindingen_geen_actie(bevindingen=bevindingen, versies=versies), []
    return triagedienst.bevindingen_opgelost_markeren(bevindingen=bevindingen,
                                                      versies=versies), []


def _nummers(bevindingen):
    return ", ".join(f"#{b.pk}" for b in bevindingen)


def _triage_melden(request, uitkomst, extra):
    gedaan, verouderd, geweigerd = uitkomst
    if gedaan:
        messages.success(request, _("%(n)s bevinding(en) bijgewerkt: %(lijst)s.") % {
            "n": len(gedaan), "lijst": _nummers(gedaan)})
    for tekst in extra:
        messages.info(request, tekst)
    if verouderd:
        messages.warning(request, _(
            "Overgeslagen, want intussen door iemand anders gewijzigd (bekijk ze en "
            "kies opnieuw): %(lijst)s."
        ) % {"lijst": _nummers(verouderd)})
    per_reden: dict[str, list] = {}
    for bevinding, reden in geweigerd:
        per_reden.setdefault(reden, []).append(bevinding)
    for reden, bevindingen in per_reden.items():
        messages.error(request, _("Niet gedaan voor %(lijst)s: %(reden)s.") % {
            "lijst": _nummers(bevindingen), "reden": reden})
    if not (gedaan or verouderd or geweigerd):
        messages.warning(request, _("Er was niets te doen: geen bevinding voldoet (meer) aan "
                                    "het filter."))


def triage(request, pk, schouw_pk):
    schouw, mag = _schouw(request, pk, schouw_pk)
    kan_triage = mag("schouwen.triage_schouw")
    if request.method == "POST":
        if not kan_triage:
            raise PermissionDenied
        actie_form = TriageActieForm(request.POST, schouw=schouw)
        if actie_form.is_valid():
            try:
                uitkomst, extra = _triage_uitvoeren(request, actie_form, schouw)
            except ValidationError as weigering:
                messages.error(request, weigering.messages[0])
            else:
                _triage_melden(request, uitkomst, extra)
        else:
            for fout in actie_form.errors.values():
                messages.error(request, fout[0])
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    filterset = _triage_filter(request, schouw)
    filterset.form.auto_id = "filter-%s"
    lijst = paginate(request, filterset.qs.voor_lijst().select_related("dubbel_van")
                     .order_by("aangemaakt", "pk"))
    bevindingen = list(lijst["page_obj"])
    # Labels looked up once: get_FOO_display() per row costs more than the whole query.
    ernst_labels, status_labels = dict(Ernst.choices), dict(Bevinding.Status.choices)
    for b in bevindingen:
        b.ernst_label = ernst_labels.get(b.ernst, b.ernst)
        b.status_label = status_labels.get(b.status, b.status)
        b.afgehandeld = b.status not in Bevinding.TE_TRIEREN
    export_query = filter_params(request).urlencode()
    return render(request, "schouwen/triage.html", {
        "traject": schouw.traject, "schouw": schouw, "filter": filterset, **lijst,
        "bevindingen": bevindingen, "totaal": lijst["page_obj"].paginator.count,
        "actie_form": TriageActieForm(schouw=schouw) if kan_triage else None,
        "kan_triage": kan_triage, "gezien": timezone.now().isoformat(),
        "kan_omzetten": kan_triage and registry.actiepunten_maken.ingevuld,
        "dubbelgroepen": triagedienst.dubbelgroepen(schouw) if kan_triage else [],
        "dubbel_meters": settings.BEVINDING_DUBBEL_METERS,
        "export_query": f"?{export_query}" if export_query else "",
        "actiepunten_url": registry.bevindingen_omzetten(schouw.traject) if kan_triage else None,
    })


EXPORT_FORMATEN = ("csv", "xlsx", "geojson")


def export(request, pk, schouw_pk, formaat):
    """The schouw's findings with the triage page's filters, as CSV (Dutch Excel), XLSX or
    GeoJSON (for a GIS)."""
    schouw, mag = _schouw(request, pk, schouw_pk)
    if formaat not in EXPORT_FORMATEN:
        raise Http404
    bevindingen = triagedienst.voor_export(_triage_filter(request, schouw).qs)
    naam = triagedienst.export_bestandsnaam(schouw, formaat)
    if formaat == "csv":
        return csv_response(triagedienst.export_rijen(bevindingen), filename=naam)
    if formaat == "xlsx":
        return xlsx_response([triagedienst.export_blad(bevindingen)], filename=naam,
                             title=str(schouw))
    return content_response(
        triagedienst.export_geojson(bevindingen, traject_id=schouw.traject_id),
        content_type="application/geo+json", filename=naam)


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
