"""Thin tasks of the survey. Invitations and reminders are outbox mails (kvo/outbox.py)."""

from celery import shared_task


# Renamed after the service it runs; the old Celery name stays, so messages already queued (and
# the beat schedule) still find it.
@shared_task(ignore_result=True, name="enquetes.tasks.herinner_automatisch")
def herinneringen_automatisch_versturen() -> int:
    """Daily: the automatic reminder three days before a meting closes (see the beat schedule)."""
    from . import services

    return len(services.herinneringen_automatisch_versturen())
