"""A survey's recipients, invitations and reminders."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.models import Bericht

from .. import services
from ..forms import CsvForm
from ..models import Ontvanger
from .common import _meting


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
