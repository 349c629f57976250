"""Thin tasks of schouwen: the report PDF (a job, see kvo/opdrachten.py)."""

from celery import shared_task

from kvo.opdrachten import opdracht_uitvoeren

from .models import Schouwrapport


@shared_task(ignore_result=True)
def schouwrapport_maken(rapport_id: int) -> None:
    """Make the PDF once: the job is claimed (aangevraagd → bezig) before the work."""
    from . import services

    opdracht_uitvoeren(
        Schouwrapport, rapport_id, lambda rapport: services.schouwrapport_maken(rapport=rapport)
    )
