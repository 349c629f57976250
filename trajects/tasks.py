"""Thin tasks: they call a service."""

from celery import shared_task

from . import meldingen


@shared_task(ignore_result=True)
def meldingen_opruimen() -> int:
    """Nightly: remove notifications past MELDINGEN_BEWAREN_DAGEN."""
    return meldingen.oude_meldingen_opruimen()
