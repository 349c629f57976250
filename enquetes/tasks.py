"""Thin tasks of the survey. Invitations and reminders are outbox mails (kvo/outbox.py)."""

from celery import shared_task


@shared_task(ignore_result=True)
def herinner_automatisch() -> int:
    """Daily: the automatic reminder three days before a meting closes (see the beat schedule)."""
    from .services import automatische_herinneringen

    return len(automatische_herinneringen())
