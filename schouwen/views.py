from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.access import get_for_user, get_with_rights, login_or_404
from kvo.downloads import file_response
from kvo.photos import RENDITIONS, rendition
from kvo.ratelimits import per_user
from kvo.versies import opslaan_of_conflict
from trajects.access import traject_voor
from trajects.cycli import cyclus_uit_verzoek, filter_context

from . import registry, services
from .filters import KaartFilter, TriageFilter
from .forms import (
    AanwezigheidForm,
    BevindingForm,
    ChecklistForm,
    FotoForm,
    SchouwForm,
    TriageActieForm,
)
from .models import Bevinding, Checklistitem, Ernst, Foto, Schouw, Schouwrapport


def _schouw(request, pk, schouw_pk, perm=None):
    return get_with_rights(
        request.user, Schouw.objects.select_related("traject__gebied", "checklist"), perm,
        pk=schouw_pk, traject_id=pk,
    )


def _bevinding(request, pk, schouw_pk, bevinding_pk, perm=None):
    return get_with_rights(
        request.user,
        Bevinding.objects.select_related(
            "schouw__traject__gebied", "categorie", "organisatie", "vastgelegd_door",
            "dubbel_van",
        ),
        perm, pk=bevinding_pk, schouw_id=schouw_pk, schouw__traject_id=pk,
    )


# Planning ---------------------------------------------------------------------------------------


def schouw_lijst(request, pk):
    traject, mag = traject_voor(request.user, pk)
    gekozen, cycli = cyclus_uit_verzoek(request, traject)
    schouwen = traject.schouwen.met_tellingen().select_related("cyclus").order_by("-begin", "-pk")
    if gekozen:
        schouwen = schouwen.filter(cyclus=gekozen)
    return render(request, "schouwen/lijst.html", {
        "traject": traject,
        "page_obj": Paginator(schouwen, 25).get_page(request.GET.get("pagina")),
        **filter_context(gekozen, cycli),
        "kan_plannen": mag("schouwen.add_schouw"),
    })


def schouw_nieuw(request, pk):
    traject, mag = traject_voor(request.user, pk, "schouwen.add_schouw")
    form = SchouwForm(request.POST or None, traject=traject,
                      initial={"verzamelpunt": "", "route": "\n".join(traject.gebied.stratenlijst)})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "deelnemers"}
        schouw = services.schouw_plannen(
            traject=traject, data=data, deelnemers=form.cleaned_data["deelnemers"]
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
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(
        form, lambda: services.schouw_wijzigen(
            schouw=Schouw.objects.get(pk=schouw.pk),
            data={k: v for k, v in form.cleaned_data.items() if k not in {"deelnemers", "versie"}},
            deelnemers=form.cleaned_data["deelnemers"], versie=form.versie,
        ),
    ):
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
        "kan_wijzigen": mag("schouwen.change_schouw"),
        "kan_vastleggen": mag("schouwen.add_bevinding"),
        "rapporten": schouw.rapporten.filter(status=Schouwrapport.Status.KLAAR)[:1],
    })


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


# Findings ---------------------------------------------------------------------------------------


def _leaflet_context():
    return {
        "tegels": settings.LEAFLET_CONFIG["TILES"],
        "tegels_bron": settings.LEAFLET_CONFIG.get("ATTRIBUTION_PREFIX", ""),
    }


def bevinding_nieuw(request, pk, schouw_pk):
    schouw, mag = _schouw(request, pk, schouw_pk, "schouwen.add_bevinding")
    if not schouw.is_open:
        messages.error(request, _("Deze schouw is afgerond; er kunnen geen bevindingen meer bij."))
        return redirect(schouw)
    item = None
    item_id = request.GET.get("item") or request.POST.get("item")
    if item_id and str(item_id).isdigit() and schouw.checklist_id:
        item = Checklistitem.objects.filter(
            pk=item_id, thema__sjabloon_id=schouw.checklist_id
        ).first()
    initial = {"ernst": "geel"}
    if item is not None:
        initial.update({"categorie": item.categorie_id, "omschrijving": item.tekst})
    form = BevindingForm(
        request.POST or None, request.FILES or None, traject=schouw.traject, initial=initial,
        straten=schouw.traject.gebied.stratenlijst,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "fotos"}
        try:
            bevinding = services.bevinding_vastleggen(
                schouw=schouw, door=request.user, data=data, fotos=form.cleaned_data["fotos"],
                checklistitem=item,
            )
        except ValidationError as error:
            form.add_error("fotos" if error.code != "niet_open" else None, error)
        else:
            messages.success(request, _("Bevinding vastgelegd: %(b)s") % {"b": bevinding})
            if "nog_een" in request.POST:
                return redirect("schouwen:bevinding-nieuw", pk=pk, schouw_pk=schouw.pk)
            return redirect(bevinding)
    return render(request, "schouwen/bevinding_form.html", {
        "traject": schouw.traject, "schouw": schouw, "form": form, "item": item,
        "titel": _("Bevinding vastleggen"), "centrum": _centrum(schouw.traject),
        **_leaflet_context(),
    })


def _centrum(traject):
    gebied = traject.gebied
    if gebied.latitude is not None and gebied.longitude is not None:
        return [gebied.latitude, gebied.longitude]
    return list(settings.LEAFLET_CONFIG["DEFAULT_CENTER"])


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
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Bevinding opgeslagen."))
        return redirect(bevinding)
    return render(request, "schouwen/bevinding_form.html", {
        "traject": traject, "schouw": bevinding.schouw, "form": form, "bevinding": bevinding,
        "titel": _("Bevinding bewerken"), "centrum": _centrum(traject), **_leaflet_context(),
    }, status=form.status_code)


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


# After the walk ---------------------------------------------------------------------------------


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
                gedaan, verouderd, geweigerd = services.bevindingen_dubbel(
                    bevindingen=bevindingen, versies=versies, origineel=data["dubbel_van"])
            else:
                gedaan, verouderd, geweigerd = services.bevindingen_opgelost(
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


def kaart(request, pk):
    traject, mag = traject_voor(request.user, pk)
    filterset = KaartFilter(request.GET or None, traject=traject)
    data_url = reverse("schouwen:kaart-data", args=[traject.pk])
    if request.GET:
        data_url += f"?{request.GET.urlencode()}"
    return render(request, "schouwen/kaart.html", {
        "traject": traject, "filter": filterset, "data_url": data_url,
        "centrum": _centrum(traject), **_leaflet_context(),
    })


def kaart_data(request, pk):
    traject, mag = traject_voor(request.user, pk)
    filterset = KaartFilter(
        request.GET or None, traject=traject,
        queryset=Bevinding.objects.van_traject(traject).filter(latitude__isnull=False)
        .select_related("categorie", "organisatie", "schouw")
        .prefetch_related(Prefetch("fotos", queryset=Foto.objects.order_by("pk"))),
    )
    features = []
    ernst_labels, status_labels = dict(Ernst.choices), dict(Bevinding.Status.choices)
    for b in filterset.qs:
        eerste = next(iter(b.fotos.all()), None)
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [b.longitude, b.latitude]},
            "properties": {
                "id": b.pk,
                "titel": str(b.categorie),
                "omschrijving": b.omschrijving[:200],
                "ernst": b.ernst,
                "ernst_label": ernst_labels.get(b.ernst, b.ernst),
                "status": status_labels.get(b.status, b.status),
                "organisatie": str(b.organisatie or ""),
                "adres": b.adres,
                "schouw": b.schouw.titel,
                "url": reverse("schouwen:bevinding-detail", args=[traject.pk, b.schouw_id, b.pk]),
                "foto": reverse("schouwen:foto", args=[traject.pk, b.schouw_id, eerste.pk, "mini"])
                if eerste else None,
            },
        })
    return JsonResponse({"type": "FeatureCollection", "features": features})


def rapport(request, pk, schouw_pk):
    schouw, mag = _schouw(request, pk, schouw_pk)
    rapporten = list(schouw.rapporten.select_related("aangevraagd_door")[:5])
    laatste = next((r for r in rapporten if r.status == Schouwrapport.Status.KLAAR), None)
    bezig = next((r for r in rapporten if r.status in (
        Schouwrapport.Status.AANGEVRAAGD, Schouwrapport.Status.BEZIG)), None)
    return render(request, "schouwen/rapport.html", {
        **services.schouwrapport_context(schouw),
        "laatste": laatste, "bezig": bezig,
        "mislukt": rapporten[0] if rapporten and rapporten[0].status == "mislukt" else None,
        "kan_aanvragen": mag("schouwen.add_schouwrapport"),
    })


@require_POST
@per_user("RATELIMIT_GENEREREN")
def rapport_maken(request, pk, schouw_pk):
    schouw, mag = _schouw(request, pk, schouw_pk, "schouwen.add_schouwrapport")
    services.schouwrapport_aanvragen(schouw=schouw, door=request.user)
    messages.success(request, _("Het PDF-rapport wordt gemaakt. Ververs de pagina over enkele "
                                "ogenblikken."))
    return redirect("schouwen:rapport", pk=pk, schouw_pk=schouw.pk)


@login_or_404
def rapport_download(request, pk, schouw_pk, rapport_pk):
    rapport_obj = get_for_user(
        request.user, Schouwrapport.objects.select_related("schouw"),
        pk=rapport_pk, schouw_id=schouw_pk, schouw__traject_id=pk,
        status=Schouwrapport.Status.KLAAR,
    )
    return file_response(rapport_obj.bestand, content_type="application/pdf")

