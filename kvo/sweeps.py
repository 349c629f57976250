"""Periodic planning that catches up: each run covers every day since the last successful one.

A daily job (reminders, expiry) that is missed because beat, the broker or the worker was down
is made good by the next run, which plans the missed days too. Call `dagen_te_plannen` and
`sweep_afronden` inside the planning's transaction: the Sweep row is locked for the duration,
so two runs at once take turns, and a run that fails records nothing.
"""

import datetime

from django.utils import timezone

from .models import Sweep

# A run never plans further back than this (a first run plans only today).
MAX_INHAALDAGEN = 31


def dagen_te_plannen(naam: str, vandaag: datetime.date) -> list[datetime.date]:
    """The days this run of `naam` must cover, oldest first; always includes `vandaag`."""
    sweep, _nieuw = Sweep.objects.get_or_create(
        naam=naam, defaults={"laatste_dag": vandaag, "laatste_run": timezone.now()}
    )
    sweep = Sweep.objects.select_for_update().get(pk=sweep.pk)
    eerste = max(
        min(sweep.laatste_dag + datetime.timedelta(days=1), vandaag),
        vandaag - datetime.timedelta(days=MAX_INHAALDAGEN - 1),
    )
    return [eerste + datetime.timedelta(days=i) for i in range((vandaag - eerste).days + 1)]


def laatste_dag(naam: str) -> datetime.date | None:
    return Sweep.objects.filter(naam=naam).values_list("laatste_dag", flat=True).first()


def sweep_afronden(naam: str, vandaag: datetime.date) -> None:
    """Record that `naam` covered every day up to `vandaag` (never moving backwards)."""
    sweep, nieuw = Sweep.objects.get_or_create(
        naam=naam, defaults={"laatste_dag": vandaag, "laatste_run": timezone.now()}
    )
    if not nieuw:
        sweep.laatste_dag = max(sweep.laatste_dag, vandaag)
        sweep.laatste_run = timezone.now()
        sweep.save(update_fields=["laatste_dag", "laatste_run"])
