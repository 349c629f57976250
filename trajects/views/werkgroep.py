"""The werkgroep: partners, members, invitations and accepting an invitation."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.links import link_page, refused
from kvo.lists import paginate
from kvo.ratelimits import per_address
from kvo.versies import opslaan_of_conflict

from .. import services
from ..access import traject_voor
from ..forms import (
    AccepteerNieuwForm,
    LidmaatschapForm,
    PartnerBewerkenForm,
    PartnerForm,
    UitnodigingForm,
)
from ..models import Lidmaatschap, LidmaatschapWijziging, Partner, Uitnodiging

PARTNER_SORTERINGEN = {
    "organisatie": ("organisatie__naam", "pk"),
    "soort": ("organisatie__soort", "organisatie__naam", "pk"),
}
LEDEN_SORTERINGEN = {
    "naam": ("user__naam", "pk"),
    "organisatie": ("organisatie__naam", "user__naam", "pk"),
    "rol": ("rol", "user__naam", "pk"),
    "werkgroeprol": ("werkgroeprol", "user__naam", "pk"),
}


def partners(request, pk):
    traject, mag = traject_voor(request.user, pk)
    is_coordinator = mag("trajects.change_partner")
    form = PartnerForm(request.POST or None, traject=traject)
    if request.method == "POST":
        if not is_coordinator:
            raise PermissionDenied
        if form.is_valid():
            form.instance.traject = traject
            form.save()
            messages.success(request, _("Partner toegevoegd."))
            return redirect("trajects:partners", pk=traject.pk)
    lijst = traject.partners.select_related("organisatie").annotate(
        aantal_leden=Count(
            "organisatie__lidmaatschappen",
            filter=Q(organisatie__lidmaatschappen__traject=traject),
        )
    )
    return render(request, "trajects/partners.html", {
        "traject": traject,
        **paginate(request, lijst, sorts=PARTNER_SORTERINGEN, default_sort="organisatie"),
        "form": form if is_coordinator else None,
    })


def partner_bewerken(request, pk, partner_pk):
    traject, mag = traject_voor(request.user, pk, "trajects.change_partner")
    partner = get_object_or_404(
        Partner.objects.select_related("organisatie"), pk=partner_pk, traject=traject
    )
    form = PartnerBewerkenForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Rol en contact van %(organisatie)s in dit traject "
                                    "opgeslagen.") % {"organisatie": partner.organisatie})
        return redirect("trajects:partners", pk=traject.pk)
    return render(request, "form.html", {
        "form": form, "traject": traject,
        "titel": _("%(organisatie)s in dit traject") % {"organisatie": partner.organisatie},
    }, status=form.status_code)


@require_POST
def partner_verwijderen(request, pk, partner_pk):
    traject, mag = traject_voor(request.user, pk, "trajects.change_partner")
    partner = get_object_or_404(Partner, pk=partner_pk, traject=traject)
    if traject.lidmaatschappen.filter(organisatie=partner.organisatie).exists():
        messages.error(
            request, _("Deze organisatie heeft nog leden in het traject; verwijder die eerst.")
        )
    else:
        partner.delete()
        messages.success(request, _("Partner verwijderd."))
    return redirect("trajects:partners", pk=traject.pk)


def leden(request, pk):
    traject, mag = traject_voor(request.user, pk)
    is_coordinator = mag("trajects.beheer_leden")
    context = {
        "traject": traject,
        **paginate(request, traject.lidmaatschappen.select_related("user", "organisatie"),
                   sorts=LEDEN_SORTERINGEN, default_sort="organisatie"),
        "is_coordinator": is_coordinator,
    }
    if is_coordinator:
        context["uitnodigingen"] = paginate(request, traject.uitnodigingen.filter(
            geaccepteerd__isnull=True, ingetrokken__isnull=True
        ).select_related("organisatie", "bericht").order_by("-pk"),
            page_param="uitnodigingen_pagina")
        context["nu"] = timezone.now()
    return render(request, "trajects/leden.html", context)


def leden_historie(request, pk):
    traject, _mag = traject_voor(request.user, pk)
    wijzigingen = LidmaatschapWijziging.objects.filter(
        lidmaatschap__traject=traject
    ).select_related("lidmaatschap__user", "door")
    return render(request, "trajects/leden_historie.html", {
        "traject": traject,
        **paginate(request, wijzigingen),
    })


def uitnodigen(request, pk):
    traject, mag = traject_voor(request.user, pk, "trajects.beheer_leden")
    form = UitnodigingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.uitnodiging_versturen(traject=traject, door=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request, _("Uitnodiging verstuurd naar %(email)s.") % form.cleaned_data
            )
            return redirect("trajects:leden", pk=traject.pk)
    return render(
        request, "form.html",
        {"form": form, "traject": traject, "titel": _("Iemand uitnodigen")},
    )


@require_POST
def uitnodiging_intrekken(request, pk, uitnodiging_pk):
    traject, mag = traject_voor(request.user, pk, "trajects.beheer_leden")
    uitnodiging = get_object_or_404(Uitnodiging, pk=uitnodiging_pk, traject=traject)
    services.uitnodiging_intrekken(uitnodiging=uitnodiging)
    messages.success(request, _("Uitnodiging ingetrokken."))
    return redirect("trajects:leden", pk=traject.pk)


def lid_bewerken(request, pk, lid_pk):
    traject, mag = traject_voor(request.user, pk, "trajects.beheer_leden")
    lid = get_object_or_404(
        Lidmaatschap.objects.select_related("user", "traject", "organisatie"),
        pk=lid_pk, traject=traject,
    )
    form = LidmaatschapForm(request.POST or None, instance=lid)
    if request.method == "POST" and form.is_valid():
        try:
            services.lidmaatschap_wijzigen(lid=lid, door=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Lidmaatschap opgeslagen."))
            return redirect("trajects:leden", pk=traject.pk)
    return render(request, "trajects/lid_form.html", {
        "form": form, "traject": traject, "lid": lid,
        "titel": _("Lid bewerken: %(naam)s") % {"naam": lid.user},
        "wijzigingen": lid.wijzigingen.select_related("door"),
    })


@require_POST
def lid_verwijderen(request, pk, lid_pk):
    traject, mag = traject_voor(request.user, pk, "trajects.beheer_leden")
    lid = get_object_or_404(
        Lidmaatschap.objects.select_related("user"), pk=lid_pk, traject=traject
    )
    if lid.user_id == request.user.id:
        messages.error(request, _("U kunt uzelf niet uit het traject verwijderen."))
    else:
        # Access ends; the membership row stays so past attendance remains in the history.
        services.lidmaatschap_beeindigen(lid=lid, door=request.user)
        messages.success(
            request,
            _("De toegang van %(naam)s tot het traject is beëindigd.") % {"naam": lid.user},
        )
    return redirect("trajects:leden", pk=traject.pk)


@link_page
@per_address("RATELIMIT_LINKS")
def uitnodiging_accepteren(request, token):
    try:
        uitnodiging = services.uitnodiging_uit_token(token)
    except ValidationError as error:
        return refused(request, error, "trajects/uitnodiging_ongeldig.html")
    heeft_account = get_user_model().objects.filter(email__iexact=uitnodiging.email).exists()
    form = None
    ander_account = (
        request.user.is_authenticated
        and request.user.email.lower() != uitnodiging.email.lower()
    )
    if request.user.is_authenticated and not ander_account:
        if request.method == "POST":
            try:
                services.uitnodiging_accepteren(uitnodiging=uitnodiging, user=request.user)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("U neemt nu deel aan %(traject)s.") % {
                    "traject": uitnodiging.traject})
                return redirect(uitnodiging.traject)
    elif not request.user.is_authenticated and not heeft_account:
        form = AccepteerNieuwForm(
            request.POST or None, email=uitnodiging.email,
            initial={"naam": uitnodiging.naam},
        )
        if request.method == "POST" and form.is_valid():
            try:
                user, _lid = services.uitnodiging_accepteren(
                    uitnodiging=uitnodiging, naam=form.cleaned_data["naam"],
                    wachtwoord=form.cleaned_data["wachtwoord1"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welkom! U neemt nu deel aan %(traject)s.") % {
                    "traject": uitnodiging.traject})
                return redirect(uitnodiging.traject)
    return render(request, "trajects/uitnodiging_accepteren.html", {
        "uitnodiging": uitnodiging, "form": form, "heeft_account": heeft_account,
        "ander_account": ander_account,
    })
