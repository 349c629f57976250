"""A survey's recipients, invitations and reminders."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kvo.lists import paginate
from kvo.models import Bericht

from .. import services
from ..forms import CsvForm, OntvangerForm
from ..models import Ontvanger
from .common import _meting


def _ontvanger_form(meting, data=None):
    form = OntvangerForm(data)
    form.helper.form_action = reverse(
        "enquetes:ontvanger-toevoegen", args=[meting.traject_id, meting.pk]
    )
    return form


def ontvangers(request, pk, meting_pk, ontvanger_form=None):
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
            messages.success(request, " ".join([
                ngettext("%(nieuw)s ontvanger toegevoegd.", "%(nieuw)s ontvangers toegevoegd.",
                         nieuw) % {"nieuw": nieuw},
                ngettext(
                    "%(dubbel)s regel met een e-mailadres dat al voorkwam is samengevoegd.",
                    "%(dubbel)s regels met een e-mailadres dat al voorkwam zijn samengevoegd.",
                    samengevoegd,
                ) % {"dubbel": samengevoegd},
            ]))
            return redirect("enquetes:ontvangers", pk=meting.traject_id, meting_pk=meting.pk)
    lijst = paginate(request, meting.ontvangers.all(), sorts={
        "bedrijf": ("bedrijfsnaam", "pk"), "email": ("email", "pk"),
        "uitgenodigd": ("uitgenodigd", "pk")}, default_sort="bedrijf")
    return render(request, "enquetes/ontvangers.html", {
        "traject": meting.traject,
        "meting": meting,
        **lijst,
        "mislukt": set(
            Bericht.objects.filter(
                soort="enquetes.uitnodiging", status=Bericht.Status.MISLUKT,
                object_id__in=[o.pk for o in lijst["page_obj"]],
            ).values_list("object_id", flat=True)
        ),
        "form": form,
        "fouten": fouten,
        "max_mb": services.settings.ENQUETE_CSV_MAX_MB,
        "ontvanger_form": ontvanger_form or (
            _ontvanger_form(meting) if mag("enquetes.change_meting") and not meting.is_gesloten
            else None
        ),
    }, status=400 if fouten or ontvanger_form is not None else 200)


@require_POST
def ontvanger_toevoegen(request, pk, meting_pk):
    """One recipient added by hand on the recipients page; errors show there."""
    meting, mag = _meting(request, pk, meting_pk, "enquetes.change_meting")
    form = _ontvanger_form(meting, request.POST)
    if form.is_valid():
        try:
            ontvanger = services.ontvanger_toevoegen(meting=meting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(naam)s is toegevoegd aan de ontvangers.") % {
                "naam": ontvanger.bedrijfsnaam})
            return redirect("enquetes:ontvangers", pk=meting.traject_id, meting_pk=meting.pk)
    request.method = "GET"  # the page below shows the import form unbound
    return ontvangers(request, pk, meting_pk, ontvanger_form=form)


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
