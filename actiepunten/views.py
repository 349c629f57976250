from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.access import get_for_user, get_with_rights, login_or_404
from kvo.downloads import file_response
from kvo.links import link_page, refused
from kvo.photos import RENDITIONS, rendition
from kvo.ratelimits import per_address
from kvo.spreadsheets import csv_response, xlsx_response
from kvo.versies import opslaan_of_conflict
from schouwen.models import Bevinding
from trajects.access import traject_voor

from . import export, services
from .filters import ActiepuntFilter
from .forms import (
    ActiepuntForm,
    BewijsfotoForm,
    BulkStatusForm,
    DoelForm,
    ExternGereedForm,
    HerinneringInstellingForm,
    KnelpuntForm,
    OpmerkingForm,
    StatusForm,
    VanBevindingenForm,
)
from .geschiedenis import geschiedenis
from .models import (
    OPEN_STATUSSEN,
    Actiepunt,
    Bewijsfoto,
    Doel,
    Herinnering,
    HerinneringInstelling,
    Knelpunt,
    Status,
)


def _actiepunt(request, pk, ap_pk, perm=None):
    return get_with_rights(
        request.user,
        Actiepunt.objects.select_related(
            "traject", "doel__knelpunt", "organisatie", "uitvoerder", "verantwoordelijke"
        ),
        perm, pk=ap_pk, traject_id=pk,
    )


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


def mijn(request):
    """My action items across all my trajectories (open ones unless filtered otherwise)."""
    data = request.GET or {"status": list(OPEN_STATUSSEN)}
    filterset = ActiepuntFilter(
        data, queryset=Actiepunt.objects.mijn(request.user).select_related(
            "traject", "doel__knelpunt", "organisatie", "verantwoordelijke"
        ),
    )
    actiepunten = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return render(request, "actiepunten/mijn.html", {
        "filter": filterset,
        "actiepunten": actiepunten.order_by("deadline", "traject__naam", "pk"),
        "vandaag": timezone.localdate(),
    })


def actiepunt_nieuw(request, pk):
    traject, mag = traject_voor(request.user, pk, "actiepunten.add_actiepunt")
    form = ActiepuntForm(
        request.POST or None, traject=traject, instance=Actiepunt(traject=traject),
        initial={"doel": request.GET.get("doel")},
    )
    if request.method == "POST" and form.is_valid():
        velden = {k: v for k, v in form.cleaned_data.items() if k != "versie"}
        actiepunt = services.actiepunt_aanmaken(traject=traject, door=request.user, **velden)
        messages.success(request, _("Actiepunt toegevoegd."))
        return redirect(actiepunt)
    return render(request, "form.html", {
        "form": form, "traject": traject, "titel": _("Nieuw actiepunt")})


def actiepunt_detail(request, pk, ap_pk):
    return _detail(request, *_actiepunt(request, pk, ap_pk))


def _detail(request, actiepunt, mag, status_form=None):
    """The item page; after a stale status change it shows that form again (409)."""
    coordinator = mag("actiepunten.beheer_plan")
    kan_status = mag("actiepunten.change_actiepunt")
    keuzes = actiepunt.toegestane_statussen(coordinator=coordinator)
    if status_form is None and kan_status and keuzes:
        status_form = StatusForm(keuzes=keuzes, versie_van=actiepunt)
    return render(request, "actiepunten/detail.html", {
        "traject": actiepunt.traject,
        "actiepunt": actiepunt,
        "is_coordinator": coordinator,
        "status_form": status_form,
        "opmerking_form": OpmerkingForm()
        if mag("actiepunten.comment_actiepunt") else None,
        "opmerkingen": actiepunt.opmerkingen.select_related("auteur"),
        "fotos": actiepunt.fotos.all(),
        "foto_form": BewijsfotoForm() if kan_status else None,
        "bevindingen": actiepunt.bevindingen.select_related("schouw", "categorie"),
        "geschiedenis": geschiedenis(actiepunt),
        "vandaag": timezone.localdate(),
        "link_bericht": services.link_bericht(actiepunt)
        if coordinator and actiepunt.extern_email else None,
    }, status=status_form.status_code if status_form is not None else 200)


def actiepunt_bewerken(request, pk, ap_pk):
    actiepunt, mag = _actiepunt(request, pk, ap_pk, "actiepunten.beheer_plan")
    extern_email_was = actiepunt.extern_email
    form = ActiepuntForm(request.POST or None, instance=actiepunt, traject=actiepunt.traject)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(
        form, lambda: services.actiepunt_bijwerken(
            actiepunt=form.instance, versie=form.versie, door=request.user,
            extern_email_was=extern_email_was,
        ),
    ):
        messages.success(request, _("Actiepunt opgeslagen."))
        return redirect(actiepunt)
    return render(request, "form.html", {
        "form": form, "traject": actiepunt.traject, "titel": _("Actiepunt bewerken"),
    }, status=form.status_code)


@require_POST
def actiepunt_status(request, pk, ap_pk):
    actiepunt, mag = _actiepunt(request, pk, ap_pk, "actiepunten.change_actiepunt")
    coordinator = mag("actiepunten.beheer_plan")
    form = StatusForm(request.POST, keuzes=list(Status), versie_van=actiepunt)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige status."))
        return redirect(actiepunt)
    if not opslaan_of_conflict(form, lambda: actiepunt.naar_status(
        form.cleaned_data["status"], door=request.user, coordinator=coordinator,
        versie=form.versie, toelichting=form.cleaned_data["toelichting"],
        reden=form.cleaned_data["toelichting"],
    )):
        if form.conflict is not None:
            # Show the item as it is now, with the user's status and note still in the form.
            actiepunt, mag = _actiepunt(request, pk, ap_pk)
            form.fields["status"].choices = [
                (s.value, s.label)
                for s in actiepunt.toegestane_statussen(coordinator=coordinator)
            ] or form.fields["status"].choices
            return _detail(request, actiepunt, mag, status_form=form)
        messages.error(request, form.non_field_errors()[0])
        return redirect(actiepunt)
    messages.success(request, _("Status gewijzigd naar %(status)s.") % {
        "status": actiepunt.get_status_display()})
    return redirect(actiepunt)


@require_POST
def opmerking_toevoegen(request, pk, ap_pk):
    actiepunt, mag = _actiepunt(request, pk, ap_pk, "actiepunten.comment_actiepunt")
    form = OpmerkingForm(request.POST)
    if form.is_valid():
        services.opmerking_toevoegen(
            actiepunt=actiepunt, tekst=form.cleaned_data["tekst"], auteur=request.user
        )
        messages.success(request, _("Opmerking toegevoegd."))
    else:
        messages.error(request, form.errors["tekst"][0])
    return redirect(actiepunt)


@require_POST
def link_versturen(request, pk, ap_pk):
    actiepunt, mag = _actiepunt(request, pk, ap_pk, "actiepunten.beheer_plan")
    try:
        services.link_versturen(actiepunt=actiepunt)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Link verstuurd naar %(email)s.") % {
            "email": actiepunt.extern_email})
    return redirect(actiepunt)


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


# Knelpunten and goals ----------------------------------------------------------------------

def knelpunt_nieuw(request, pk):
    traject, mag = traject_voor(request.user, pk, "actiepunten.beheer_plan")
    # Other pages (the survey results) propose a knelpunt through the query string.
    voorstel = {k: request.GET[k] for k in ("titel", "omschrijving", "bron") if k in request.GET}
    form = KnelpuntForm(request.POST or None, initial=voorstel)
    if request.method == "POST" and form.is_valid():
        form.instance.traject = traject
        form.save()
        messages.success(request, _("Knelpunt toegevoegd."))
        return redirect("actiepunten:matrix", pk=traject.pk)
    return render(request, "form.html", {
        "form": form, "traject": traject, "titel": _("Nieuw knelpunt")})


def knelpunt_bewerken(request, pk, kp_pk):
    knelpunt = get_for_user(
        request.user, Knelpunt.objects.select_related("traject"), "actiepunten.change_knelpunt",
        pk=kp_pk, traject_id=pk,
    )
    form = KnelpuntForm(request.POST or None, instance=knelpunt)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Knelpunt opgeslagen."))
        return redirect("actiepunten:matrix", pk=pk)
    return render(request, "form.html", {
        "form": form, "traject": knelpunt.traject, "titel": _("Knelpunt bewerken")},
        status=form.status_code)


def doel_nieuw(request, pk, kp_pk):
    knelpunt = get_for_user(
        request.user, Knelpunt.objects.select_related("traject"), "actiepunten.change_knelpunt",
        pk=kp_pk, traject_id=pk,
    )
    form = DoelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.knelpunt = knelpunt
        form.save()
        messages.success(request, _("Doel toegevoegd."))
        return redirect("actiepunten:matrix", pk=pk)
    return render(request, "form.html", {
        "form": form, "traject": knelpunt.traject,
        "titel": _("Nieuw doel bij: %(knelpunt)s") % {"knelpunt": knelpunt}})


def doel_bewerken(request, pk, doel_pk):
    doel = get_for_user(
        request.user, Doel.objects.select_related("knelpunt__traject"),
        "actiepunten.change_doel", pk=doel_pk, knelpunt__traject_id=pk,
    )
    form = DoelForm(request.POST or None, instance=doel)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Doel opgeslagen."))
        return redirect("actiepunten:matrix", pk=pk)
    return render(request, "form.html", {
        "form": form, "traject": doel.traject, "titel": _("Doel bewerken")},
        status=form.status_code)


# Reminders -----------------------------------------------------------------------------------

def herinneringen(request, pk):
    """The reminder log: evidence of follow-up for the coordinator (and the auditor's question)."""
    traject, mag = traject_voor(request.user, pk, "actiepunten.beheer_plan")
    log = (
        Herinnering.objects.filter(traject=traject)
        .select_related("actiepunt", "overleg", "user", "bericht")
        .order_by("-aangemaakt", "-pk")[:500]
    )
    return render(request, "actiepunten/herinneringen.html", {"traject": traject, "log": log})


def instellingen(request):
    instelling = HerinneringInstelling.objects.filter(user=request.user).first()
    form = HerinneringInstellingForm(
        request.POST or None, instance=instelling or HerinneringInstelling(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Uw instellingen voor herinneringen zijn opgeslagen."))
        return redirect("actiepunten:instellingen")
    return render(request, "actiepunten/instellingen.html", {"form": form})


# The entrepreneur's link -------------------------------------------------------------------

@link_page
@per_address("RATELIMIT_LINKS")
def extern(request, ap_pk, token):
    try:
        actiepunt = services.actiepunt_uit_token(ap_pk, token)
    except ValidationError as error:
        return refused(request, error, "actiepunten/extern_ongeldig.html")
    opmerking_form = OpmerkingForm(request.POST if "opmerking" in request.POST else None)
    gereed_form = ExternGereedForm(request.POST if "gereed" in request.POST else None)
    foto_form = BewijsfotoForm(*([request.POST, request.FILES] if "foto" in request.POST else []))
    if request.method == "POST":
        if "foto" in request.POST and foto_form.is_valid():
            try:
                services.bewijsfotos_toevoegen(
                    actiepunt=actiepunt, bestanden=foto_form.cleaned_data["fotos"],
                    extern_email=actiepunt.extern_email,
                )
            except ValidationError as error:
                foto_form.add_error("fotos", error)
            else:
                messages.success(request, _("Uw foto's zijn toegevoegd."))
                return redirect(request.path)
        if "opmerking" in request.POST and opmerking_form.is_valid():
            services.opmerking_toevoegen(
                actiepunt=actiepunt, tekst=opmerking_form.cleaned_data["tekst"],
                extern_email=actiepunt.extern_email,
            )
            messages.success(request, _("Uw opmerking is toegevoegd."))
            return redirect(request.path)
        if "gereed" in request.POST and gereed_form.is_valid():
            try:
                services.extern_gereed_melden(
                    actiepunt=actiepunt, toelichting=gereed_form.cleaned_data["toelichting"]
                )
            except ValidationError as error:
                gereed_form.add_error(None, error)
            else:
                return render(request, "actiepunten/extern_bedankt.html", {"actiepunt": actiepunt})
    return render(request, "actiepunten/extern.html", {
        "actiepunt": actiepunt,
        "opmerking_form": opmerking_form,
        "gereed_form": gereed_form,
        "foto_form": foto_form,
        "fotos": actiepunt.fotos.all(),
        "token": token,
        "kan_gereed": Status.GEREED in actiepunt.toegestane_statussen(coordinator=False),
        "opmerkingen": actiepunt.opmerkingen.select_related("auteur"),
    })



# Findings → action items ----------------------------------------------------------------------

def van_bevindingen(request, pk):
    """Turn one or many schouw findings into action items (linked from the triage page with
    `?bevinding=<id>&bevinding=<id>`)."""
    traject, mag = traject_voor(request.user, pk, "actiepunten.beheer_plan")
    kandidaten = (
        Bevinding.objects.van_traject(traject).open()
        .filter(actiepunten__isnull=True)
        .select_related("schouw", "categorie", "organisatie")
        .order_by("schouw__begin", "pk")
    )
    form = VanBevindingenForm(
        request.POST or None, traject=traject, bevindingen=kandidaten,
        initial={"bevindingen": request.GET.getlist("bevinding")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actiepunten = services.actiepunten_van_bevindingen(
                traject=traject, bevindingen=form.cleaned_data["bevindingen"], door=request.user,
                samenvoegen=form.cleaned_data["samenvoegen"], titel=form.cleaned_data["titel"],
                doel=form.cleaned_data["doel"], deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(aantal)d actiepunt(en) gemaakt van de bevindingen.") % {
                "aantal": len(actiepunten)})
            if len(actiepunten) == 1:
                return redirect(actiepunten[0])
            return redirect("actiepunten:matrix", pk=traject.pk)
    return render(request, "actiepunten/van_bevindingen.html", {
        "traject": traject, "form": form, "aantal": len(form.fields["bevindingen"].choices),
    })


# Evidence photos --------------------------------------------------------------------------------

@require_POST
def fotos_toevoegen(request, pk, ap_pk):
    actiepunt, mag = _actiepunt(request, pk, ap_pk, "actiepunten.change_actiepunt")
    form = BewijsfotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            fotos = services.bewijsfotos_toevoegen(
                actiepunt=actiepunt, bestanden=form.cleaned_data["fotos"], door=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("%(aantal)d foto('s) toegevoegd.") % {
                "aantal": len(fotos)})
    else:
        messages.error(request, form.errors["fotos"][0])
    return redirect(actiepunt)


def _foto_response(foto, maat):
    return file_response(rendition(foto, maat), content_type="image/jpeg", inline=True)


@login_or_404
def foto(request, pk, ap_pk, foto_pk, maat):
    if maat not in RENDITIONS:
        raise Http404
    foto = get_for_user(
        request.user, Bewijsfoto.objects.select_related("actiepunt"),
        pk=foto_pk, actiepunt_id=ap_pk, actiepunt__traject_id=pk,
    )
    return _foto_response(foto, maat)


@link_page
def extern_foto(request, ap_pk, token, foto_pk):
    try:
        actiepunt = services.actiepunt_uit_token(ap_pk, token)
    except ValidationError:
        raise Http404 from None
    foto = get_object_or_404(Bewijsfoto, pk=foto_pk, actiepunt=actiepunt)
    return _foto_response(foto, "mini")
