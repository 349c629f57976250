"""Thin tasks: they take ids and call a service."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model

from . import services
from .models import Audit, DossierVerzending

MAIL_RETRY = {
    "autoretry_for": (OSError,),  # smtplib.SMTPException and socket errors are OSErrors
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "max_retries": 8,
}
PDF_LIMITS = {
    "soft_time_limit": settings.DOSSIER_SOFT_TIME_LIMIT,
    "time_limit": settings.DOSSIER_SOFT_TIME_LIMIT + 60,
}


@shared_task(bind=True, **PDF_LIMITS)
def genereer_dossier(self, audit_id, door_id=None, versturen=False):
    audit = Audit.objects.select_related("traject").filter(pk=audit_id).first()
    if audit is None:
        return None
    door = get_user_model().objects.filter(pk=door_id).first() if door_id else None
    try:
        versie = services.dossier_genereren(audit=audit, door=door)
    finally:
        # Requests that joined this generation while it ran may have asked to send it.
        versturen = services.dossier_klaar(audit_id=audit.pk) or versturen
    if versturen:
        services.dossier_versturen(
            versie=versie, soort=DossierVerzending.Soort.HANDMATIG, door=door
        )
    return versie.pk


@shared_task(bind=True, **PDF_LIMITS)
def dossier_automatisch(self, audit_id):
    audit = Audit.objects.select_related("traject").filter(pk=audit_id).first()
    if audit is None or audit.uitkomst:
        return []
    return services.dossier_automatisch_versturen(audit=audit)


@shared_task
def dossiers_versturen():
    """Daily sweep: audits within the lead time get their dossier (once per recipient)."""
    ids = services.audits_met_dossier_te_versturen()
    for audit_id in ids:
        dossier_automatisch.delay(audit_id)
    return ids


@shared_task(bind=True, **MAIL_RETRY)
def verstuur_dossier(self, verzending_id):
    return services.verzending_afleveren(verzending_id=verzending_id)


@shared_task
def bewaartermijn():
    """Nightly: remove personal data past its retention period (once per thing, logged)."""
    from .bewaartermijn import bewaartermijn_toepassen

    return [rij.pk for rij in bewaartermijn_toepassen()]


@shared_task
def certificaat_herinneringen():
    return services.herinneringen_aanmaken()


@shared_task(bind=True, **MAIL_RETRY)
def verstuur_herinnering(self, herinnering_id):
    return services.herinnering_afleveren(herinnering_id=herinnering_id)


@shared_task(bind=True, **MAIL_RETRY)
def verstuur_auditoruitnodiging(self, rij_id):
    services.auditoruitnodiging_versturen(rij_id=rij_id)
