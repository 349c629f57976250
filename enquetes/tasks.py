"""Sending survey invitations and reminders. Each mail is claimed by a conditional update before
it is sent, so a task that runs twice (retry, redelivery) sends every mail once."""

from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from kvo.mail import absolute_url, send_templated_mail

from .models import Herinnering, Herinneringsronde, Meting, Ontvanger


def _link(ontvanger):
    from .services import ontvanger_token

    return absolute_url(reverse("enquetes:invullen", args=[ontvanger_token(ontvanger)]))


def _context(meting, ontvanger):
    return {
        "meting": meting,
        "traject": meting.traject,
        "ontvanger": ontvanger,
        "link": _link(ontvanger),
    }


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=1800,
             max_retries=8)
def verstuur_uitnodigingen(self, meting_id):
    meting = Meting.objects.select_related("traject").filter(pk=meting_id).first()
    if meting is None or meting.is_gesloten:
        return 0
    verstuurd = 0
    for ontvanger in meting.ontvangers.filter(uitgenodigd__isnull=True).order_by("pk"):
        claimed = Ontvanger.objects.filter(pk=ontvanger.pk, uitgenodigd__isnull=True).update(
            uitgenodigd=timezone.now()
        )
        if claimed != 1:
            continue
        try:
            send_templated_mail(
                template="enquete_uitnodiging", to=[ontvanger.email],
                context=_context(meting, ontvanger),
            )
        except Exception:
            # Give the claim back so the retry sends this one again.
            Ontvanger.objects.filter(pk=ontvanger.pk).update(uitgenodigd=None)
            raise
        verstuurd += 1
    return verstuurd


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=1800,
             max_retries=8)
def verstuur_herinneringen(self, ronde_id):
    ronde = Herinneringsronde.objects.select_related("meting__traject").filter(pk=ronde_id).first()
    if ronde is None or ronde.meting.is_gesloten:
        return 0
    verstuurd = 0
    herinneringen = ronde.herinneringen.filter(
        verstuurd__isnull=True, ontvanger__beantwoord__isnull=True
    ).select_related("ontvanger").order_by("pk")
    for herinnering in herinneringen:
        claimed = Herinnering.objects.filter(pk=herinnering.pk, verstuurd__isnull=True).update(
            verstuurd=timezone.now()
        )
        if claimed != 1:
            continue
        try:
            send_templated_mail(
                template="enquete_herinnering", to=[herinnering.ontvanger.email],
                context=_context(ronde.meting, herinnering.ontvanger),
            )
        except Exception:
            Herinnering.objects.filter(pk=herinnering.pk).update(verstuurd=None)
            raise
        verstuurd += 1
    return verstuurd


@shared_task
def herinner_automatisch():
    """Daily: the automatic reminder three days before a meting closes (see the beat schedule)."""
    from .services import automatische_herinneringen

    return len(automatische_herinneringen())
