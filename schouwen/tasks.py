import logging

from celery import shared_task
from django.db import transaction
from django.urls import reverse

from kvo.mail import absolute_url, send_templated_mail

from . import agenda
from .models import Schouw, Schouwdeelnemer, Schouwrapport

logger = logging.getLogger(__name__)


def _bericht_voor(schouw, deelnemer):
    """What this member should receive now: 'uitnodiging', 'wijziging', 'afmelding' or None."""
    if schouw.status == Schouw.Status.GEANNULEERD or deelnemer.afgemeld:
        return "afmelding" if deelnemer.bericht_volgnummer is not None else None
    if deelnemer.bericht_volgnummer is None:
        return "uitnodiging"
    if deelnemer.bericht_volgnummer < schouw.volgnummer:
        return "wijziging"
    return None


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=1800,
             max_retries=8)
def verstuur_schouwberichten(self, schouw_id):
    """Send each member what they have not had yet. Each member's row is locked while its mail
    goes out and marked in the same transaction, so a second run sends nothing twice."""
    schouw = Schouw.objects.select_related("traject").filter(pk=schouw_id).first()
    if schouw is None:
        return 0
    verstuurd = 0
    for deelnemer_id in schouw.deelnemers.values_list("pk", flat=True):
        with transaction.atomic():
            deelnemer = (
                Schouwdeelnemer.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("lidmaatschap__user")
                .filter(pk=deelnemer_id)
                .first()
            )
            if deelnemer is None:
                continue
            soort = _bericht_voor(schouw, deelnemer)
            if soort is None:
                continue
            email = deelnemer.lidmaatschap.user.email
            method = agenda.CANCEL if soort == "afmelding" else agenda.REQUEST
            send_templated_mail(
                template="schouw_bericht",
                to=[email],
                context={
                    "schouw": schouw, "soort": soort, "deelnemer": deelnemer,
                    "link": absolute_url(
                        reverse("schouwen:detail", args=[schouw.traject_id, schouw.pk])
                    ),
                },
                attachments=[(
                    "schouw.ics", agenda.ics(schouw, method=method, email=email),
                    f"text/calendar; method={method}; charset=utf-8",
                )],
            )
            deelnemer.bericht_volgnummer = None if soort == "afmelding" else schouw.volgnummer
            deelnemer.save(update_fields=["bericht_volgnummer"])
            verstuurd += 1
    return verstuurd


@shared_task
def maak_schouwrapport(rapport_id):
    """Make the PDF once: the request is claimed (aangevraagd → bezig) before the work."""
    from .services import schouwrapport_maken

    claimed = Schouwrapport.objects.filter(
        pk=rapport_id, status=Schouwrapport.Status.AANGEVRAAGD
    ).update(status=Schouwrapport.Status.BEZIG)
    if claimed != 1:
        return
    rapport = Schouwrapport.objects.get(pk=rapport_id)
    try:
        schouwrapport_maken(rapport=rapport)
    except Exception:
        logger.exception("Schouwrapport %s kon niet worden gemaakt", rapport_id)
        Schouwrapport.objects.filter(pk=rapport_id).update(status=Schouwrapport.Status.MISLUKT)
        raise
