"""Thin tasks of the shared core: beat's heartbeat, the outbox relay and the catch-up of
background jobs."""

from celery import shared_task

from . import opdrachten, outbox
from .models import Hartslag

BEAT = "beat"


# Named after what it runs (Hartslag.kloppen); the old Celery name stays, so messages already
# queued (and the beat schedule) still find it.
@shared_task(name="kvo.tasks.hartslag")
def hartslag_kloppen() -> None:
    """Record that beat, the broker and a worker work (read by /gezondheid/)."""
    Hartslag.kloppen(BEAT)


@shared_task(ignore_result=True)
def berichten_versturen(ids: list[int] | None = None) -> int:
    """Send due mails: the given ones right after their commit, or (from beat) every one."""
    return outbox.berichten_versturen(ids=ids)


@shared_task(ignore_result=True)
def opdrachten_inhalen() -> tuple[int, int]:
    """Beat: start jobs whose enqueue was lost; retry or fail jobs whose worker died."""
    return opdrachten.opdrachten_inhalen()
