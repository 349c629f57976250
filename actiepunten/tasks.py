from celery import shared_task
from django.conf import settings
from django.urls import reverse

from kvo.mail import absolute_url, send_templated_mail

from . import herinneringen
from .models import Actiepunt


def _backoff(retries):
    """Exponential backoff, capped well below the broker's visibility timeout."""
    return min(settings.HERINNERING_RETRY_BASE_SECONDS * 2**retries, 600)


@shared_task
def herinneringen_sweep():
    """Daily: insert the reminders due today, then send every unsent one."""
    herinneringen.herinneringen_plannen()
    herinneringen.onverzonden_inplannen()


@shared_task
def herinneringen_opnieuw():
    """Hourly: hand unsent reminders (e.g. after an SMTP outage outlasted the retries) to the
    send task again. Sent rows are never sent twice."""
    herinneringen.onverzonden_inplannen()


@shared_task
def overzichten_sweep():
    """Weekly: one digest per user of their open items."""
    herinneringen.overzichten_plannen()
    herinneringen.onverzonden_inplannen()


@shared_task(bind=True, max_retries=8)
def verstuur_herinneringen(self, herinnering_ids):
    """Send a batch of reminders. A retry re-runs the whole batch: rows already sent skip."""
    try:
        for pk in herinnering_ids:
            herinneringen.herinnering_versturen(herinnering_id=pk)
    except OSError as error:
        raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error


@shared_task(bind=True, max_retries=8)
def verstuur_link(self, actiepunt_id):
    """Mail the entrepreneur a link to their action item."""
    from .services import link_token

    actiepunt = (
        Actiepunt.objects.select_related("traject", "organisatie")
        .exclude(extern_email="").filter(pk=actiepunt_id).first()
    )
    if actiepunt is None:
        return
    link = absolute_url(reverse("actiepunten:extern", args=[actiepunt.pk, link_token(actiepunt)]))
    try:
        send_templated_mail(
            template="actiepunt_link", to=[actiepunt.extern_email],
            context={"actiepunt": actiepunt, "link": link,
                     "geldig_dagen": settings.ACTIEPUNT_LINK_MAX_AGE_DAYS},
        )
    except OSError as error:
        raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error
