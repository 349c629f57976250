from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.access import get_for_user, get_with_rights
from kvo.links import link_page, refused
from kvo.models import Bericht
from kvo.ratelimits import per_address
from kvo.spreadsheets import csv_response, xlsx_response
from kvo.versies import opslaan_of_conflict
from trajects.access import traject_voor
from trajects.cycli import cyclus_uit_verzoek, filter_context

from . import charts, export, registry, services
from .forms import (
    AntwoordForm,
    CsvForm,
    IncidentcijferForm,
    MetingForm,
    MetingNieuwForm,
    VraagForm,
)
from .models import Concept, Incidentcijfer, Meting, Ontvanger, Vraag
from .resultaten import meting_resultaten
from .rules import cijferbronnen_van


def _meting(request, pk, meting_pk, perm=None):
    return get_with_rights(
        request.user, Meting.objects.select_related("traject__gebied", "sjabloon"), perm,
        pk=meting_pk, traject_id=pk,
    )


def overzicht(request, pk):
    traject, mag = traject_voor(request.user, pk)
    gekozen, cycli = cyclus_uit_verzoek(request, traject)
    metingen = traject.metingen.met_tellingen().select_related("cyclus").order_by("-nummer")
    if gekozen:
        metingen = metingen.filter(cyclus=gekozen)
    return render(request, "enquetes/overzicht.html", {
        "traject": traject,
        "page_obj": Paginator(metingen, 25).get_page(request.GET.get("pagina")),
        **filter_context(gekozen, cycli),
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


# Questions ------------------------------------------------------------------------------------

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
    })


# Recipients, invitations and reminders --------------------------------------------------------

def ontvangers(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk, "enquetes.view_ontvanger")
    form = CsvForm(request.POST or None, request.FILES or None)
    fouten = []
    if request.method == "POST" and form.is_valid():
        try:
            nieuw, samengevoegd = services.ontvangers_importeren(
                meting=meting, bestand=form.cleaned_data["bestand"]
            )
        except ValidationError as error:
            fouten = error.messages
        else:
            messages.success(request, _(
                "%(nieuw)s ontvangers toegevoegd; %(dubbel)s dubbele samengevoegd."
            ) % {"nieuw": nieuw, "dubbel": samengevoegd})
            return redirect("enquetes:ontvangers", pk=meting.traject_id, meting_pk=meting.pk)
    return render(request, "enquetes/ontvangers.html", {
        "traject": meting.traject,
        "meting": meting,
        "ontvangers": meting.ontvangers.all(),
        "mislukt": set(
            Bericht.objects.filter(
                soort="enquetes.uitnodiging", status=Bericht.Status.MISLUKT,
                object_id__in=meting.ontvangers.values("pk"),
            ).values_list("object_id", flat=True)
        ),
        "form": form,
        "fouten": fouten,
        "max_mb": services.settings.ENQUETE_CSV_MAX_MB,
    }, status=400 if fouten else 200)


@require_POST
def ontvanger_verwijderen(request, pk, meting_pk, ontvanger_pk):
    meting, mag = _meting(request, pk, meting_pk, "enquetes.change_meting")
    ontvanger = get_object_or_404(Ontvanger, pk=ontvanger_pk, meting=meting)
    try:
        services.ontvanger_verwijderen(ontvanger=ontvanger)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(naam)s is verwijderd.") % {"naam": ontvanger.bedrijfsnaam})
    return redirect("enquetes:ontvangers", pk=meting.traject_id, meting_pk=meting.pk)


@require_POST
def uitnodigingen_versturen(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk, "enquetes.change_meting")
    try:
        aantal = services.uitnodigingen_versturen(meting=meting)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(aantal)s uitnodigingen worden verstuurd.")
                         % {"aantal": aantal})
    return redirect(meting)


@require_POST
def herinneren(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk, "enquetes.change_meting")
    try:
        ronde = services.herinnering_versturen(meting=meting, door=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Herinneringsronde %(nummer)s: %(aantal)s herinneringen "
                                    "worden verstuurd.")
                         % {"nummer": ronde.nummer, "aantal": ronde.herinneringen.count()})
    return redirect(meting)


# Answering (public, by single-use link) -------------------------------------------------------

@link_page
@per_address("RATELIMIT_LINKS")
def invullen(request, token):
    try:
        ontvanger = services.ontvanger_uit_token(token)
    except ValidationError as error:
        return refused(request, error, "enquetes/link_ongeldig.html")
    meting = ontvanger.meting
    vragen_lijst = list(meting.sjabloon.vragen.all())
    concept = Concept.objects.filter(ontvanger=ontvanger).first()
    actie = request.POST.get("actie")
    if request.method == "POST":
        form = AntwoordForm(request.POST, vragen=vragen_lijst, concept=actie == "opslaan")
        if form.is_valid() and actie == "versturen":
            try:
                services.inzending_versturen(
                    ontvanger=ontvanger, vragen=vragen_lijst, antwoorden=form.antwoorden()
                )
            except ValidationError as error:
                return refused(request, error, "enquetes/link_ongeldig.html")
            return render(request, "enquetes/bedankt.html", {"meting": meting})
        services.concept_opslaan(ontvanger=ontvanger, data=form.geldige_concept_data())
        if form.is_valid():
            messages.success(request, _("Uw antwoorden zijn opgeslagen. U kunt later verder "
                                        "via dezelfde link uit de e-mail."))
            return redirect("enquetes:invullen", token=token)
    else:
        form = AntwoordForm(vragen=vragen_lijst, initial=concept.data if concept else None)
    return render(request, "enquetes/invullen.html", {
        "meting": meting, "form": form, "secties": form.velden_per_sectie(),
        "opgeslagen": concept is not None,
    })


# Results --------------------------------------------------------------------------------------

def _knelpunt_url(basis, meting, resultaat):
    kern = "; ".join(f"{o.label}: {charts._getal(o.procent)}%" for o in resultaat.opties)
    if resultaat.gemiddelde is not None:
        kern = (kern + "; " if kern else "") + _("gemiddeld %(g)s") % {
            "g": charts._getal(resultaat.gemiddelde)}
    omschrijving = _("Uit de %(meting)s (%(n)s antwoorden) op de vraag ‘%(vraag)s’: %(kern)s.") % {
        "meting": meting.naam, "n": resultaat.n, "vraag": resultaat.vraag.tekst, "kern": kern}
    return basis + "?" + urlencode({
        "traject": meting.traject_id,
        "source": "enquete",
        "bron": "enquete",
        "meting": meting.pk,
        "vraag": resultaat.vraag.pk,
        "titel": f"{meting.naam}: {resultaat.vraag.tekst}"[:200],
        "omschrijving": omschrijving[:1000],
    })


def resultaten(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk)
    uitslag = meting_resultaten(meting)
    basis = ""
    if mag("enquetes.change_meting"):
        basis = registry.knelpunt_voorstellen(meting.traject)
    if basis:
        for resultaat in uitslag.vragen:
            if not resultaat.onderdrukt:
                resultaat.knelpunt_url = _knelpunt_url(basis, meting, resultaat)
    return render(request, "enquetes/resultaten.html", {
        "traject": meting.traject, "meting": meting, "uitslag": uitslag,
        "min_groep": services.settings.ENQUETE_MIN_GROEP,
    })


def export_csv(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk)
    return csv_response(
        export.rijen(meting_resultaten(meting)), filename=export.bestandsnaam(meting, "csv")
    )


def export_xlsx(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk)
    return xlsx_response(
        export.bladen(meting_resultaten(meting)), filename=export.bestandsnaam(meting, "xlsx")
    )


# Incident figures -----------------------------------------------------------------------------

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
