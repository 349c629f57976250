"""Organisations and areas.

An organisation is shared by every trajectory it takes part in. Its record is changed by staff
and its own people (trajects.access.bewerkbare_organisaties); what it does in one trajectory
(role, contact) is the Partner row, changed by that trajectory's coordinator.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kvo.access import get_with_rights
from kvo.lists import paginate
from kvo.versies import opslaan_of_conflict

from ..access import zichtbare_organisaties
from ..forms import GebiedForm, OrganisatieForm
from ..models import Organisatie, Traject


def organisaties(request):
    lijst = zichtbare_organisaties(request.user).annotate(
        aantal_trajecten=Count("partnerschappen", distinct=True)
    )
    return render(request, "trajects/organisaties.html", {
        **paginate(request, lijst, sorts={"naam": ("naam", "pk"),
                                          "soort": ("soort", "naam", "pk")},
                   default_sort="naam"),
        "kan_toevoegen": request.user.has_perm("trajects.add_organisatie"),
    })


def organisatie_nieuw(request):
    if not request.user.has_perm("trajects.add_organisatie"):
        raise PermissionDenied
    form = OrganisatieForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.aangemaakt_door = request.user
        organisatie = form.save()
        messages.success(request, _("Organisatie toegevoegd."))
        return redirect(organisatie)
    return render(request, "form.html", {"form": form, "titel": _("Nieuwe organisatie")})


def organisatie_detail(request, org_pk):
    organisatie, mag = get_with_rights(request.user, Organisatie.objects.all(), pk=org_pk)
    return render(request, "trajects/organisatie_detail.html", {
        "organisatie": organisatie,
        "trajecten": Traject.objects.voor_gebruiker(request.user).filter(
            partners__organisatie=organisatie
        ),
        "kan_bewerken": mag("trajects.change_organisatie"),
    })


def organisatie_bewerken(request, org_pk):
    organisatie, mag = get_with_rights(
        request.user, Organisatie.objects.all(), "trajects.change_organisatie", pk=org_pk
    )
    form = OrganisatieForm(request.POST or None, instance=organisatie)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Organisatie opgeslagen."))
        return redirect(organisatie)
    return render(request, "form.html", {
        "form": form, "titel": _("Organisatie bewerken")}, status=form.status_code)


def gebied_nieuw(request):
    if not request.user.has_perm("trajects.add_gebied"):
        raise PermissionDenied
    form = GebiedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Gebied toegevoegd. Kies het nu bij het traject."))
        return redirect("trajects:nieuw")
    return render(request, "form.html", {"form": form, "titel": _("Nieuw gebied")})
