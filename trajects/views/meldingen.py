"""The user's notifications: the list (newest first, unread marked) and marking them read."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Melding


def meldingen(request):
    rijen = Melding.objects.voor(request.user).select_related("traject")
    return render(request, "trajects/meldingen.html", {
        "page_obj": Paginator(rijen, 50).get_page(request.GET.get("pagina")),
        "ongelezen": Melding.objects.voor(request.user).ongelezen().exists(),
    })


@require_POST
def meldingen_gelezen(request):
    aantal = Melding.objects.voor(request.user).gelezen_markeren()
    if aantal:
        messages.success(request, _("Alle meldingen zijn als gelezen gemarkeerd."))
    return redirect("trajects:meldingen")


@require_POST
def melding_openen(request, melding_pk):
    """Mark one notification read and go where it leads (only ever the user's own)."""
    melding = get_object_or_404(Melding.objects.voor(request.user), pk=melding_pk)
    Melding.objects.filter(pk=melding.pk).gelezen_markeren()
    if melding.url and url_has_allowed_host_and_scheme(
        melding.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(melding.url)
    return redirect("trajects:meldingen")
