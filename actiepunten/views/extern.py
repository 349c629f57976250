"""The entrepreneur's link: an action item opened without an account."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kvo.links import link_page, refused
from kvo.ratelimits import per_address
from schouwen.models import Foto

from .. import services
from ..forms import BewijsfotoForm, ExternGereedForm, OpmerkingForm
from ..models import Bewijsfoto, Status
from .common import _foto_response


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
        "bevindingen": actiepunt.bevindingen.voor_lijst(),
        "aanspreekpunten": actiepunt.aanspreekpunten(),
        "tegels": settings.LEAFLET_CONFIG["TILES"],
        "tegels_bron": settings.LEAFLET_CONFIG.get("ATTRIBUTION_PREFIX", ""),
        "token": token,
        "kan_gereed": Status.GEREED in actiepunt.toegestane_statussen(coordinator=False),
        "opmerkingen": actiepunt.opmerkingen.select_related("auteur"),
    })


@link_page
def extern_foto(request, ap_pk, token, foto_pk):
    try:
        actiepunt = services.actiepunt_uit_token(ap_pk, token)
    except ValidationError:
        raise Http404 from None
    foto = get_object_or_404(Bewijsfoto, pk=foto_pk, actiepunt=actiepunt)
    return _foto_response(foto, "mini")


@link_page
def extern_bevindingfoto(request, ap_pk, token, foto_pk):
    """A photo of a finding this item was made from, for the holder of the item's link only:
    the screen rendition, behind the same token check as the page."""
    try:
        actiepunt = services.actiepunt_uit_token(ap_pk, token)
    except ValidationError:
        raise Http404 from None
    foto = get_object_or_404(Foto, pk=foto_pk, bevinding__actiepunten=actiepunt)
    return _foto_response(foto, "scherm")
