"""Action items: my items, create, detail, edit, status, comments, links, evidence photos."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.access import get_for_user, get_with_rights, login_or_404
from kvo.lists import filter_params, paginate
from kvo.photos import RENDITIONS
from kvo.versies import opslaan_of_conflict
from schouwen.models import Bevinding
from trajects.access import traject_voor

from .. import services
from ..filters import ActiepuntFilter
from ..forms import ActiepuntForm, BewijsfotoForm, OpmerkingForm, StatusForm, VanBevindingenForm
from ..geschiedenis import geschiedenis
from ..models import OPEN_STATUSSEN, Actiepunt, Bewijsfoto, Status
from .common import _foto_response


def _actiepunt(request, pk, ap_pk, perm=None):
    return get_with_rights(
        request.user,
        Actiepunt.objects.select_related(
            "traject", "doel__knelpunt", "organisatie", "uitvoerder", "verantwoordelijke"
        ),
        perm, pk=ap_pk, traject_id=pk,
    )


MIJN_SORTERINGEN = {
    "titel": ("titel", "pk"),
    "traject": ("traject__naam", "deadline", "pk"),
    "deadline": ("deadline", "traject__naam", "pk"),
    "status": ("status", "deadline", "pk"),
}


def mijn(request):
    """My action items across all my trajectories (open ones unless filtered otherwise)."""
    data = filter_params(request) or {"status": list(OPEN_STATUSSEN)}
    filterset = ActiepuntFilter(
        data, queryset=Actiepunt.objects.mijn(request.user).select_related(
            "traject", "doel__knelpunt", "organisatie", "verantwoordelijke"
        ),
    )
    actiepunten = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return render(request, "actiepunten/mijn.html", {
        "filter": filterset,
        **paginate(request, actiepunten, sorts=MIJN_SORTERINGEN, default_sort="deadline"),
        "vandaag": timezone.localdate(),
    })


def actiepunt_nieuw(request, pk):
    traject, mag = traject_voor(request.user, pk, "actiepunten.add_actiepunt")
    form = ActiepuntForm(
        request.POST or None, traject=traject, instance=Actiepunt(traject=traject),
        initial={"doel": request.GET.get("doel")},
    )
    if request.method == "POST" and form.is_valid():
        gegevens = form.cleaned_data
        actiepunt = services.actiepunt_aanmaken(
            traject=traject, door=request.user, titel=gegevens["titel"],
            omschrijving=gegevens["omschrijving"], doel=gegevens["doel"], bron=gegevens["bron"],
            organisatie=gegevens["organisatie"], verantwoordelijke=gegevens["verantwoordelijke"],
            uitvoerder=gegevens["uitvoerder"], extern_email=gegevens["extern_email"],
            prioriteit=gegevens["prioriteit"], deadline=gegevens["deadline"],
        )
        if actiepunt.extern_email:
            messages.success(request, _(
                "Actiepunt toegevoegd. De link is gemaild naar %(email)s."
            ) % {"email": actiepunt.extern_email})
        else:
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
        if actiepunt.extern_email and actiepunt.extern_email != extern_email_was:
            messages.success(request, _(
                "Actiepunt opgeslagen. De link is gemaild naar %(email)s; eerdere links werken "
                "niet meer."
            ) % {"email": actiepunt.extern_email})
        else:
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
    if not opslaan_of_conflict(form, lambda: services.actiepunt_status_wijzigen(
        actiepunt=actiepunt, status=form.cleaned_data["status"], door=request.user,
        coordinator=coordinator, versie=form.versie,
        toelichting=form.cleaned_data["toelichting"],
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
        _bericht, nieuw = services.link_versturen(actiepunt=actiepunt)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if nieuw:
            messages.success(request, _("De link is opnieuw gemaild naar %(email)s.") % {
                "email": actiepunt.extern_email})
        else:
            messages.info(request, _(
                "De link naar %(email)s staat al klaar om te worden verzonden; er gaat geen "
                "tweede mail."
            ) % {"email": actiepunt.extern_email})
    return redirect(actiepunt)


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
            actiepunten = services.bevindingen_omzetten(
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


@login_or_404
def foto(request, pk, ap_pk, foto_pk, maat):
    if maat not in RENDITIONS:
        raise Http404
    foto = get_for_user(
        request.user, Bewijsfoto.objects.select_related("actiepunt"),
        pk=foto_pk, actiepunt_id=ap_pk, actiepunt__traject_id=pk,
    )
    return _foto_response(foto, maat)
