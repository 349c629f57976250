"""A trajectory: starting one, its overview, its details, its phase and its readiness."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kvo.access import get_with_rights
from kvo.lists import paginate
from kvo.versies import opslaan_of_conflict

from .. import fasetabel, readiness, samenvatting, services
from ..access import traject_voor
from ..forms import FaseForm, TrajectForm, TrajectNieuwForm
from ..gereedheid import samenvatten as gereedheid_balk
from ..models import Cyclus, Traject


def traject_nieuw(request):
    if not request.user.has_perm("trajects.traject_starten"):
        raise PermissionDenied
    form = TrajectNieuwForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        gegevens = form.cleaned_data
        traject = services.traject_aanmaken(
            naam=gegevens["naam"], gebied=gegevens["gebied"],
            schemaversie=gegevens["schemaversie"], startdatum=gegevens["startdatum"],
            procesbegeleider=gegevens["procesbegeleider"], omschrijving=gegevens["omschrijving"],
            door=request.user, organisatie=gegevens["organisatie"],
        )
        messages.success(request, _("Traject aangemaakt. U bent de coördinator."))
        return redirect(traject)
    return render(request, "form.html", {"form": form, "titel": _("Nieuw traject")})


OVERZICHT_RIJEN = 20


def traject_detail(request, pk):
    huidige = Cyclus.objects.filter(traject=OuterRef("pk")).order_by("-nummer")
    traject, mag = get_with_rights(
        request.user, samenvatting.annoteer(Traject.objects.select_related("gebied")).annotate(
            # The current cycle with the trajectory: one query less on a page near the limit.
            cyclus_nummer=Subquery(huidige.values("nummer")[:1]),
            cyclus_gestart=Subquery(huidige.values("gestart")[:1]),
        ), pk=pk,
    )
    context = {
        "traject": traject,
        "is_coordinator": mag("trajects.change_traject"),
        # The overview shows the first rows of each list; the tabs have them all, a page at a
        # time (the phase history on the phase page).
        "partners": traject.partners.select_related("organisatie")[:OVERZICHT_RIJEN],
        "leden": traject.lidmaatschappen.actief().exclude(werkgroeprol="")
        .select_related("user", "organisatie")[:OVERZICHT_RIJEN],
        "fasewijzigingen": reversed(list(  # the latest, oldest first
            traject.fasewijzigingen.select_related("door").order_by("-tijdstip", "-pk")
            [:OVERZICHT_RIJEN])),
        "cyclus": {"nummer": traject.cyclus_nummer, "gestart": traject.cyclus_gestart},
        "documenten": traject.documenten.annotate(
            aantal_versies=Count("versies"))[:OVERZICHT_RIJEN],
        "overleggen": traject.overleggen.annotate(
            aantal_aanwezig=Count("aanwezigheden", filter=Q(aanwezigheden__aanwezig=True))
        )[:5],
        "gereedheid": readiness.beoordeel(traject),
    }
    context["gereedheid_balk"] = gereedheid_balk(context["gereedheid"])
    context["score"] = context["gereedheid_balk"].score
    return render(request, "trajects/detail.html", context)


def traject_bewerken(request, pk):
    traject, mag = traject_voor(request.user, pk, "trajects.change_traject")
    form = TrajectForm(request.POST or None, instance=traject, user=request.user)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Traject opgeslagen."))
        return redirect(traject)
    return render(
        request, "form.html",
        {"form": form, "traject": traject, "titel": _("Traject bewerken")},
        status=form.status_code,
    )


def traject_fase(request, pk):
    traject, mag = traject_voor(request.user, pk, "trajects.change_traject")
    form = FaseForm(request.POST or None, traject=traject)
    if request.method == "POST" and form.is_valid():
        try:
            traject.naar_fase(
                form.cleaned_data["fase"], door=request.user,
                toelichting=form.cleaned_data["toelichting"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Fase gewijzigd."))
            return redirect(traject)
    lijst = paginate(request, traject.fasewijzigingen.select_related("door")
                     .order_by("-tijdstip", "-pk"))
    return render(request, "trajects/fase.html", {
        "form": form, "traject": traject, "tabel": fasetabel.rijen(),
        "fasewijzigingen": lijst["page_obj"], **lijst,
    })


def gereedheid(request, pk):
    traject, mag = traject_voor(request.user, pk)
    uitkomsten = readiness.beoordeel(traject)
    return render(
        request, "trajects/gereedheid.html",
        {"traject": traject, "gereedheid": uitkomsten, "score": readiness.score(uitkomsten),
         "gereedheid_balk": gereedheid_balk(uitkomsten)},
    )
