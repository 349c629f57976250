"""Thin tasks: they take ids and call a service. Mails go through the outbox (kvo/outbox.py)."""

from celery import shared_task
from django.conf import settings

from kvo.opdrachten import opdracht_uitvoeren

from . import services
from .models import Dossieraanvraag


@shared_task(ignore_result=True, soft_time_limit=settings.DOSSIER_SOFT_TIME_LIMIT,
             time_limit=settings.DOSSIER_SOFT_TIME_LIMIT + 60)
def dossier_maken(aanvraag_id: int) -> None:
    """Make (and, if asked, send) one requested dossier; a second delivery does nothing."""
    opdracht_uitvoeren(
        Dossieraanvraag, aanvraag_id, lambda aanvraag: services.dossier_maken(aanvraag=aanvraag)
    )


@shared_task(ignore_result=True)
def dossiers_versturen() -> list[int]:
    """Daily sweep: audits within the lead time get their dossier (once per recipient)."""
    return [a.pk for a in services.dossiers_versturen()]


# Renamed after the service they run; each keeps the Celery name it had, so messages already
# queued (and the beat schedule) still find it.
@shared_task(name="audits.tasks.bewaartermijn")
def bewaartermijn_toepassen() -> list[int]:
    """Nightly: remove personal data past its retention period (once per thing, logged)."""
    from . import bewaartermijn

    return [rij.pk for rij in bewaartermijn.bewaartermijn_toepassen()]


@shared_task(ignore_result=True, name="audits.tasks.certificaat_herinneringen")
def certificaatherinneringen_aanmaken() -> list[int]:
    """Daily: the reminders of certificates that expire in six or three months."""
    return services.certificaatherinneringen_aanmaken()
