"""The audit dossier PDF: making, mailing and downloading it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.access import get_for_user, login_or_404
from kvo.downloads import file_response
from kvo.ratelimits import per_user

from .. import services
from ..models import DossierVersie
from .common import _audit


@require_POST
@per_user("RATELIMIT_GENEREREN")
def dossier_genereren(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    _aanvraag, nieuw = services.dossier_aanvragen(audit=audit, door=request.user)
    if nieuw:
        messages.success(request, _(
            "Het dossier wordt gemaakt; de nieuwe versie verschijnt zodra hij klaar is."))
    else:
        messages.info(request, _(
            "Het dossier wordt al gemaakt; er wordt geen tweede gestart. De nieuwe versie "
            "verschijnt zodra hij klaar is."))
    return redirect(audit)


@require_POST
@per_user("RATELIMIT_GENEREREN")
def dossier_versturen(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    try:
        _aanvraag, nieuw = services.dossier_aanvragen(
            audit=audit, door=request.user, versturen=True
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _(
            "Het dossier wordt opnieuw gemaakt en daarna naar de auditors en coördinatoren "
            "gestuurd.") if nieuw else _(
            "Het dossier wordt al gemaakt; als het klaar is, wordt het naar de auditors en "
            "coördinatoren gestuurd."))
    return redirect(audit)


@login_or_404
def dossier_download(request, pk, audit_pk, versie_pk):
    versie = get_for_user(
        request.user, DossierVersie.objects.select_related("audit"),
        pk=versie_pk, audit_id=audit_pk, audit__traject_id=pk,
    )
    return file_response(
        versie.bestand, filename=versie.bestandsnaam, content_type="application/pdf"
    )
