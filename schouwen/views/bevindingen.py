"""Findings captured during the walk, with their photos."""

import json
import uuid

from csp.decorators import csp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kvo.access import get_for_user, get_with_rights, login_or_404
from kvo.downloads import file_response
from kvo.lists import paginate
from kvo.photos import RENDITIONS, rendition
from kvo.versies import opslaan_of_conflict
from trajects.models import Lidmaatschap, Rol

from .. import registry, services
from ..forms import BevindingForm, FotoForm
from ..models import Bevinding, Checklistitem, Foto, NaSluiting, Schouw
from .common import _centrum, _leaflet_context, _schouw


def _bevinding(request, pk, schouw_pk, bevinding_pk, perm=None):
    return get_with_rights(
        request.user,
        Bevinding.objects.select_related(
            "schouw__traject__gebied", "categorie", "organisatie", "vastgelegd_door",
            "dubbel_van",
        ),
        perm, pk=bevinding_pk, schouw_id=schouw_pk, schouw__traject_id=pk,
    )


def _client_id(request):
    try:
        return uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        return None


def _wil_json(request):
    """The capture page's script sends with fetch and asks for JSON; the plain form (no
    script) gets pages and redirects as always."""
    return request.method == "POST" and "application/json" in request.headers.get("Accept", "")


def _na_vastleggen(request, bevinding, pk, schouw, *, status=201):
    if "nog_een" in request.POST:
        volgende = reverse("schouwen:bevinding-nieuw", args=[pk, schouw.pk])
    else:
        volgende = bevinding.get_absolute_url()
    if _wil_json(request):
        return JsonResponse({"id": bevinding.pk, "url": bevinding.get_absolute_url(),
                             "volgende": volgende}, status=status)
    return redirect(volgende)


def _bericht(request, niveau, tekst):
    # A capture sent from the phone's queue is not followed by a page: no message to show.
    if "wachtrij" not in request.POST:
        messages.add_message(request, niveau, tekst)


def bevinding_nieuw(request, pk, schouw_pk):
    schouw, mag = _schouw(request, pk, schouw_pk, "schouwen.add_bevinding")
    client_id = _client_id(request) if request.method == "POST" else None
    if client_id is not None:
        # The same capture sent again (its answer was lost): the finding saved the first time,
        # even when the schouw has been closed since.
        bestaand = services.bevinding_van_vastlegging(schouw=schouw, client_id=client_id)
        if bestaand is not None and bestaand.na_sluiting in ("", NaSluiting.AANVAARD):
            _bericht(request, messages.INFO,
                     _("Deze bevinding was al opgeslagen: %(b)s") % {"b": bestaand})
            return _na_vastleggen(request, bestaand, pk, schouw, status=200)
        if bestaand is not None:
            return _na_sluiting_ontvangen(request, bestaand, schouw)
    if not schouw.is_open and client_id is None:
        # No capture form sent this (each carries its client_id): nothing to keep.
        gesloten = _("Deze schouw is afgerond; er kunnen geen bevindingen meer bij.")
        if _wil_json(request):
            return JsonResponse({"fouten": {"__all__": [gesloten]}}, status=409)
        messages.error(request, gesloten)
        return redirect(schouw)
    item = None
    item_id = request.GET.get("item") or request.POST.get("item")
    if item_id and str(item_id).isdigit() and schouw.checklist_id:
        item = Checklistitem.objects.filter(
            pk=item_id, thema__sjabloon_id=schouw.checklist_id
        ).first()
    initial = {"ernst": "geel", "client_id": uuid.uuid4()}
    if item is not None:
        initial.update({"categorie": item.categorie_id, "omschrijving": item.tekst})
    form = BevindingForm(
        request.POST or None, request.FILES or None, traject=schouw.traject, initial=initial,
        straten=schouw.traject.gebied.stratenlijst,
    )
    kandidaten = []
    dubbel_van, toch_nieuw = _dubbelkeuze(request, schouw, form)
    if request.method == "POST" and form.is_valid():
        gegevens = form.cleaned_data
        try:
            bevinding = services.bevinding_vastleggen(
                schouw=schouw, door=request.user, categorie=gegevens["categorie"],
                omschrijving=gegevens["omschrijving"], ernst=gegevens["ernst"],
                organisatie=gegevens["organisatie"], straat=gegevens["straat"],
                huisnummer=gegevens["huisnummer"], latitude=gegevens["latitude"],
                longitude=gegevens["longitude"], melding=gegevens["melding"],
                fotos=gegevens["fotos"], checklistitem=item, client_id=gegevens["client_id"],
                dubbel_van=dubbel_van, toch_nieuw=toch_nieuw,
            )
        except services.MogelijkDubbel as error:
            form.add_error(None, error)
            kandidaten = error.kandidaten
        except ValidationError as error:
            form.add_error("fotos" if error.code != "niet_open" else None, error)
        else:
            if bevinding.na_sluiting:
                return _na_sluiting_ontvangen(request, bevinding, schouw)
            _bericht(request, messages.SUCCESS,
                     _("Bevinding vastgelegd: %(b)s") % {"b": bevinding})
            return _na_vastleggen(request, bevinding, pk, schouw)
    if _wil_json(request):
        # Shown by the page's script next to the fields; the photos stay in the page.
        return JsonResponse({"fouten": {
            veld: [fout["message"] for fout in fouten]
            for veld, fouten in form.errors.get_json_data().items()
        }, "kandidaten": [_kandidaat(k) for k in kandidaten]}, status=400)
    return render(request, "schouwen/bevinding_form.html", {
        "traject": schouw.traject, "schouw": schouw, "form": form, "item": item,
        "kandidaten": kandidaten,
        "titel": _("Bevinding vastleggen"), "centrum": _centrum(schouw.traject),
        "gebied_centrum": _gebied_centrum(schouw.traject),
        "foto_straal": int(settings.FOTO_POSITIE_MAX_METERS), **_leaflet_context(),
    })


def _na_sluiting_ontvangen(request, bevinding, schouw):
    """A capture that arrived after the schouw was closed: kept for the coordinator (or sent
    again after that). The phone may forget it: 202 with the message to show."""
    gegevens = {"s": schouw.titel, "b": bevinding}
    if "wachtrij" in request.POST:
        tekst = _("De schouw “%(s)s” was al gesloten toen deze bevinding binnenkwam (%(b)s). "
                  "Ze is doorgegeven aan de coördinator, die beslist of ze bij de schouw komt, "
                  "en is van dit toestel verwijderd.") % gegevens
    else:
        tekst = _("De schouw “%(s)s” was al gesloten toen deze bevinding binnenkwam (%(b)s). "
                  "Ze is doorgegeven aan de coördinator, die beslist of ze bij de schouw "
                  "komt.") % gegevens
    _bericht(request, messages.WARNING, tekst)
    if _wil_json(request):
        return JsonResponse({"na_sluiting": True, "bericht": tekst,
                             "volgende": schouw.get_absolute_url()}, status=202)
    return redirect(schouw)


def _dubbelkeuze(request, schouw, form):
    """(dubbel_van, toch_nieuw) from the button pressed after the duplicate warning: "nieuw",
    or the number of an open finding of this trajectory."""
    keuze = request.POST.get("dubbel", "") if request.method == "POST" else ""
    if keuze == "nieuw":
        return None, True
    if keuze:
        origineel = None
        if keuze.isdigit():
            origineel = Bevinding.objects.van_traject(schouw.traject).open().filter(
                pk=keuze).select_related("schouw").first()
        if origineel is None:
            form.add_error(None, _("De bevinding waarvan dit dezelfde zou zijn, bestaat niet "
                                   "(meer) of is niet meer open."))
        return origineel, False
    return None, False


def _kandidaat(bevinding):
    foto = next(iter(bevinding.fotos.all()), None)
    return {
        "id": bevinding.pk, "tekst": str(bevinding), "afstand": round(bevinding.afstand),
        "url": bevinding.get_absolute_url(),
        "foto": reverse("schouwen:foto", args=[bevinding.schouw.traject_id,
                                               bevinding.schouw_id, foto.pk, "mini"])
        if foto else None,
    }


def _gebied_centrum(traject):
    gebied = traject.gebied
    if gebied.latitude is None or gebied.longitude is None:
        return ""
    return json.dumps([gebied.latitude, gebied.longitude])


def bevinding_detail(request, pk, schouw_pk, bevinding_pk):
    bevinding, mag = _bevinding(request, pk, schouw_pk, bevinding_pk)
    kan_bewerken = mag("schouwen.change_bevinding")
    form = FotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not kan_bewerken:
            raise PermissionDenied
        if form.is_valid():
            try:
                aantal = services.fotos_toevoegen(
                    bevinding=bevinding, door=request.user, fotos=form.cleaned_data["fotos"]
                )
            except ValidationError as error:
                form.add_error("fotos", error)
            else:
                messages.success(request, _("%(n)s foto('s) toegevoegd.") % {"n": aantal})
                return redirect(bevinding)
    return render(request, "schouwen/bevinding_detail.html", {
        "traject": bevinding.schouw.traject, "schouw": bevinding.schouw,
        "bevinding": bevinding, "fotos": bevinding.fotos.all(),
        "koppelingen": registry.bevinding_koppelingen(bevinding),
        "kan_bewerken": kan_bewerken, "form": form if kan_bewerken else None,
        "centrum": _centrum(bevinding.schouw.traject), **_leaflet_context(),
    })


def bevinding_bewerken(request, pk, schouw_pk, bevinding_pk):
    bevinding, mag = _bevinding(request, pk, schouw_pk, bevinding_pk, "schouwen.change_bevinding")
    traject = bevinding.schouw.traject
    form = BevindingForm(request.POST or None, instance=bevinding, traject=traject,
                         straten=traject.gebied.stratenlijst)
    del form.fields["fotos"]
    del form.fields["client_id"]
    # Whoever triages is offered to move the finding's open action items along when its
    # organisation changes (in the same transaction); done items stay as they are.
    open_actiepunten = (registry.actiepunten_tellen([bevinding]).get(bevinding.pk, 0)
                        if mag("schouwen.triage_schouw") else 0)
    if open_actiepunten:
        form.fields["meeverhuizen"] = forms.BooleanField(
            label=_("Bij een andere organisatie: de %(n)s open actiepunt(en) van deze bevinding "
                    "gaan mee") % {"n": open_actiepunten}, required=False, initial=True)
    oude_organisatie = bevinding.organisatie_id

    def opslaan():
        with transaction.atomic():
            opgeslagen = form.save()
            if (form.cleaned_data.get("meeverhuizen") and opgeslagen.organisatie_id
                    and opgeslagen.organisatie_id != oude_organisatie):
                verhuisd, _gebleven = registry.actiepunten_meeverhuizen(
                    bevindingen=[opgeslagen], organisatie=opgeslagen.organisatie,
                    door=request.user)
                if verhuisd:
                    messages.info(request, _("%(n)s open actiepunt(en) gaan mee naar "
                                             "%(org)s.") % {"n": verhuisd,
                                                            "org": opgeslagen.organisatie})

    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form, opslaan):
        messages.success(request, _("Bevinding opgeslagen."))
        return redirect(bevinding)
    return render(request, "schouwen/bevinding_form.html", {
        "traject": traject, "schouw": bevinding.schouw, "form": form, "bevinding": bevinding,
        "titel": _("Bevinding bewerken"), "centrum": _centrum(traject), **_leaflet_context(),
    }, status=form.status_code)


@require_POST
def na_sluiting(request, pk, schouw_pk, bevinding_pk):
    """The coordinator accepts or refuses a capture that arrived after the schouw closed."""
    schouw, mag = _schouw(request, pk, schouw_pk, "schouwen.triage_schouw")
    bevinding = get_object_or_404(
        Bevinding.alle.select_related("schouw__traject", "categorie", "vastgelegd_door")
        .exclude(na_sluiting=""), pk=bevinding_pk, schouw=schouw)
    besluit = request.POST.get("besluit", "")
    if besluit not in ("aanvaarden", "afwijzen"):
        messages.error(request, _("Kies “Aanvaarden” of “Afwijzen”; er is niets gewijzigd."))
        return redirect(f"{schouw.get_absolute_url()}#na-sluiting")
    try:
        services.na_sluiting_beslissen(bevinding=bevinding, aanvaard=besluit == "aanvaarden",
                                       door=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if besluit == "aanvaarden":
            messages.success(request, _(
                "Bevinding aanvaard: %(b)s hoort nu bij de schouw en telt mee in triage en "
                "rapport. Vraag zo nodig een nieuw schouwrapport (PDF) aan.") % {"b": bevinding})
        else:
            messages.success(request, _(
                "Bevinding afgewezen: %(b)s blijft bewaard, maar telt niet mee.")
                % {"b": bevinding})
    return redirect(f"{schouw.get_absolute_url()}#na-sluiting")


@require_POST
def foto_verwijderen(request, pk, schouw_pk, foto_pk):
    foto = get_for_user(
        request.user, Foto.objects.select_related("bevinding__schouw"), "schouwen.delete_foto",
        pk=foto_pk, bevinding__schouw_id=schouw_pk, bevinding__schouw__traject_id=pk,
    )
    bevinding = foto.bevinding
    services.foto_verwijderen(foto=foto)
    messages.success(request, _("Foto verwijderd."))
    return redirect(bevinding)


@login_or_404
def foto(request, pk, schouw_pk, foto_pk, formaat):
    if formaat not in RENDITIONS:
        raise Http404
    foto = get_for_user(
        request.user, Foto.objects.select_related("bevinding__schouw"),
        pk=foto_pk, bevinding__schouw_id=schouw_pk, bevinding__schouw__traject_id=pk,
    )
    return file_response(rendition(foto, formaat), content_type="image/jpeg", inline=True)


# The service worker's store (templates/schouwen/werker.js); the start page reads it too.
WERKER_CACHE = "kvo-vastleggen-1"


@require_GET
def vastleggen(request):
    """The installed app's start page (the manifest's start_url): the open schouwen where this
    user may capture, and, read by its script from the service worker's store, the capture
    pages this phone keeps for use without network. Without network the worker serves the
    copy it kept of this page (and shows it for any other page it does not have)."""
    trajecten = Lidmaatschap.objects.actief().filter(
        user=request.user, rol__in=[Rol.COORDINATOR, Rol.PARTNER]).values("traject_id")
    schouwen = (
        Schouw.objects.filter(traject_id__in=trajecten,
                              status__in=[Schouw.Status.GEPLAND, Schouw.Status.BEZIG])
        .select_related("traject").order_by("begin", "pk")
    )
    lijst = paginate(request, schouwen)
    for schouw in lijst["page_obj"]:
        schouw.vastleggen_url = reverse("schouwen:bevinding-nieuw",
                                        args=[schouw.traject_id, schouw.pk])
    return render(request, "schouwen/vastleggen.html", {**lijst, "cache": WERKER_CACHE})


@require_GET
@csp({"default-src": ["'self'"], "script-src": ["'self'"], "object-src": ["'none'"],
      "base-uri": ["'none'"], "frame-ancestors": ["'none'"]})
def werker(request):
    """The service worker of the capture pages (templates/schouwen/werker.js): JavaScript, not
    a page, so it gets its own policy instead of the sandboxed one of files (kvo.security):
    it fetches from our own origin only."""
    response = render(request, "schouwen/werker.js", {
        "static_url": settings.STATIC_URL, "cache": WERKER_CACHE,
        "start": reverse("schouwen:vastleggen"),
    }, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
