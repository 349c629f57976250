"""Answering a survey (public, by single-use link)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kvo.links import link_page, refused
from kvo.ratelimits import per_address

from .. import services
from ..forms import AntwoordForm
from ..models import Concept


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
