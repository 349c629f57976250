"""Handing work to the Celery worker after commit, best effort.

The row that describes the work (an outgoing mail, a PDF to make) is written in the caller's
transaction; the task only wakes the worker up sooner. If the broker is down or frozen, the
publish gives up within the broker's socket timeouts (settings.CELERY_BROKER_TRANSPORT_OPTIONS,
REDIS_TIMEOUT), the failure is logged and the request goes on: the periodic catch-up finds the
row later. After a failure this process leaves Redis alone for a pause (kvo/redisstoring.py),
so a request that writes several rows, and the requests after it, pay the timeout at most once.
Without REDIS_URL the task runs in-process (eager), as in development.
"""

import logging
from typing import Any

from celery import Task
from django.db import transaction

from . import redisstoring

logger = logging.getLogger(__name__)


def aanstoten(task: Task, *args: Any) -> bool:
    """Enqueue `task(*args)` now; never raises. Returns whether the broker took it."""
    eager = task.app.conf.task_always_eager
    if not eager and not redisstoring.beschikbaar():
        return False
    try:
        task.apply_async(args, retry=False)
    except Exception:
        if not eager:
            redisstoring.melden()
        logger.warning(
            "Taak %s niet aan de broker gegeven; de inhaalronde pakt het werk op.",
            task.name, exc_info=True,
        )
        return False
    return True


def na_commit(task: Task, *args: Any) -> None:
    """Enqueue `task(*args)` once the current transaction commits (right away outside one)."""
    transaction.on_commit(lambda: aanstoten(task, *args))
