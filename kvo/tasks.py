from celery import shared_task

from .models import Hartslag

BEAT = "beat"


@shared_task
def hartslag():
    """Record that beat, the broker and a worker work (read by /gezondheid/)."""
    Hartslag.kloppen(BEAT)
