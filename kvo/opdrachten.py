"""Background jobs that must neither get lost nor hang: rows of a model derived from
kvo.models.Opdracht (the schouw report, the audit dossier).

A job is requested by writing its row in the transaction that needs it (`opdracht_aanvragen`);
its task (the model's TAAK, taking the pk) is enqueued after commit, best effort. The task runs
`opdracht_uitvoeren`, which claims the row (aangevraagd → bezig) so a second delivery does
nothing, and does the work. The work marks the row `klaar` in its own transaction together with
its result. An error marks it failed, or requested again while attempts remain.

The beat job `opdrachten_inhalen` makes good what a broker outage or a killed worker left: it
enqueues requested jobs again whose task never arrived, and a job still `bezig` after its
TIJDSLIMIET (its worker died) is requested again or, after MAX_POGINGEN, marked failed. So no
page says "Wordt gemaakt" forever, and a failed job can be requested anew.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from celery import Task
from django.apps import apps
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import wachtrij
from .models import Opdracht

logger = logging.getLogger(__name__)

# A requested job not started after this long has lost its task (or waits behind others;
# a second task for it does nothing).
OPNIEUW_AANSTOTEN_NA = timedelta(minutes=1)


def _taak(model: type[Opdracht]) -> Task:
    return import_string(model.TAAK)


def opdracht_aanvragen(opdracht: Opdracht) -> Opdracht:
    """Enqueue the task of this (just written) job after the transaction commits."""
    wachtrij.na_commit(_taak(type(opdracht)), opdracht.pk)
    return opdracht


def opdracht_uitvoeren(
    model: type[Opdracht], pk: int, werk: Callable[[Any], object]
) -> Opdracht | None:
    """Claim job `pk` and run `werk(job)`, which marks it `klaar` with its result.
    Returns the job, or None when it was not there to claim (done, or taken by another)."""
    geclaimd = model._default_manager.filter(pk=pk, status=Opdracht.Status.AANGEVRAAGD).update(
        status=Opdracht.Status.BEZIG, gestart=timezone.now(), pogingen=F("pogingen") + 1
    )
    if geclaimd != 1:
        return None
    opdracht = model._default_manager.get(pk=pk)
    try:
        werk(opdracht)
    except Exception as error:  # includes the soft time limit
        logger.exception("Opdracht %s %s mislukt", model.__name__, pk)
        _mislukt(model, opdracht, f"{type(error).__name__}: {error}")
    return opdracht


class OpdrachtVerloren(RuntimeError):
    """This run no longer holds the job (its time limit passed and it was handed on)."""


def opdracht_afronden(opdracht: Opdracht, **resultaat: Any) -> bool:
    """Mark the job done with its result fields, if this run still holds it (call it in the
    transaction that stores the result; raise OpdrachtVerloren when it returns False)."""
    return type(opdracht)._default_manager.filter(
        pk=opdracht.pk, status=Opdracht.Status.BEZIG, gestart=opdracht.gestart
    ).update(status=Opdracht.Status.KLAAR, fout="", **resultaat) == 1


def _mislukt(model: type[Opdracht], opdracht: Opdracht, fout: str) -> None:
    opnieuw = opdracht.pogingen < model.MAX_POGINGEN
    model._default_manager.filter(
        pk=opdracht.pk, status=Opdracht.Status.BEZIG, gestart=opdracht.gestart
    ).update(
        status=Opdracht.Status.AANGEVRAAGD if opnieuw else Opdracht.Status.MISLUKT,
        fout=fout[:2000],
    )


def opdracht_modellen() -> list[type[Opdracht]]:
    return [m for m in apps.get_models() if issubclass(m, Opdracht)]


def vastgelopen_herstarten(queryset: QuerySet[Any], *, nu: datetime | None = None) -> int:
    """Jobs in `queryset` still 'bezig' after their time limit (their worker died): requested
    again while attempts remain, otherwise failed. Returns how many were marked failed."""
    model = queryset.model
    nu = nu or timezone.now()
    vastgelopen = queryset.filter(
        status=Opdracht.Status.BEZIG, gestart__lt=nu - timedelta(seconds=model.TIJDSLIMIET)
    ).values_list("pk", "pogingen", "gestart")
    mislukt = 0
    for pk, pogingen, gestart in vastgelopen:
        nog_een_keer = pogingen < model.MAX_POGINGEN
        model._default_manager.filter(pk=pk, status=Opdracht.Status.BEZIG, gestart=gestart).update(
            status=Opdracht.Status.AANGEVRAAGD if nog_een_keer else Opdracht.Status.MISLUKT,
            fout=_("Afgebroken: niet klaar binnen de tijdslimiet (de worker stopte)."),
        )
        mislukt += not nog_een_keer
    return mislukt


def open_opdracht(queryset: QuerySet[Any], *, nu: datetime | None = None) -> Any:
    """The job of `queryset` that is requested or being made, for a new request to join; None
    if there is none. One whose worker died is handed on first, and one still waiting for a
    worker after OPNIEUW_AANSTOTEN_NA is enqueued again (its task may be lost; a second task
    does nothing), so a join never waits on a lost job. Call it with the object locked."""
    nu = nu or timezone.now()
    vastgelopen_herstarten(queryset, nu=nu)
    opdracht = queryset.filter(
        status__in=[Opdracht.Status.AANGEVRAAGD, Opdracht.Status.BEZIG]
    ).order_by("-pk").first()
    if (opdracht is not None and opdracht.status == Opdracht.Status.AANGEVRAAGD
            and opdracht.aangevraagd < nu - OPNIEUW_AANSTOTEN_NA):
        opdracht_aanvragen(opdracht)
    return opdracht


def opdrachten_inhalen(*, nu: datetime | None = None) -> tuple[int, int]:
    """Returns how many jobs were enqueued again and how many were marked failed."""
    nu = nu or timezone.now()
    opnieuw, mislukt = 0, 0
    for model in opdracht_modellen():
        mislukt += vastgelopen_herstarten(model._default_manager.all(), nu=nu)
        taak = _taak(model)
        for pk in model._default_manager.filter(
            status=Opdracht.Status.AANGEVRAAGD, aangevraagd__lt=nu - OPNIEUW_AANSTOTEN_NA
        ).values_list("pk", flat=True):
            opnieuw += wachtrij.aanstoten(taak, pk)
    return opnieuw, mislukt
