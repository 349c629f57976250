"""The checks behind /gezondheid/: database, broker, media storage and beat.

Each check answers within settings.HEALTH_TIMEOUT_SECONDS: the database through a statement
timeout (and the connect timeout in DATABASES), the broker through socket timeouts, the storage in
a thread the request stops waiting for. A failing part is reported by name and exception class
only (the page is public); the full error goes to the log.
"""

import datetime
import logging
import os
import time
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import connection, transaction
from django.utils import timezone

from .models import Hartslag
from .tasks import BEAT

logger = logging.getLogger(__name__)

OK, FAIL, OFF = "ok", "fail", "off"


class CheckFailed(Exception):
    pass


def check_database(timeout: float) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL statement_timeout = %s", [int(timeout * 1000)])
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker(timeout: float) -> None:
    import redis

    timeout = min(timeout, settings.REDIS_TIMEOUT)
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout
    )
    try:
        client.ping()
    finally:
        client.close()


def check_storage(timeout: float) -> None:
    _within(timeout, _probe_storage, storages["default"])


def _probe_storage(storage: Storage) -> None:
    if isinstance(storage, FileSystemStorage):
        location = storage.location
        if not (os.path.isdir(location) and os.access(location, os.W_OK | os.X_OK)):
            raise CheckFailed("media folder missing or not writable")
    else:
        storage.listdir("")  # the bucket exists and we may read it


def check_beat(max_age: datetime.timedelta) -> dict[str, int]:
    laatst = Hartslag.objects.filter(naam=BEAT).values_list("laatst", flat=True).first()
    if laatst is None:
        raise CheckFailed("no heartbeat recorded yet")
    age = (timezone.now() - laatst).total_seconds()
    if age > max_age.total_seconds():
        raise CheckFailed(f"last heartbeat {int(age)} s ago")
    return {"age_seconds": int(age)}


# Long-lived threads, so the storage's per-thread S3 client is made once, not per check. A check
# that hangs keeps its thread until the client's own timeouts; the request does not wait for it.
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="gezondheid")


def _within(timeout: float, function: Callable[..., Any], *args: Any) -> Any:
    try:
        return _executor.submit(function, *args).result(timeout=timeout)
    except FutureTimeout:
        raise CheckFailed(f"no answer within {timeout} s") from None


def _run(name: str, function: Callable[..., Any], *args: Any) -> dict[str, Any]:
    started = time.monotonic()
    try:
        extra = function(*args) or {}
    except Exception as error:
        logger.warning("Health check %s failed: %r", name, error, exc_info=True)
        detail = str(error) if isinstance(error, CheckFailed) else type(error).__name__
        return {"status": FAIL, "error": detail, "ms": _ms(started)}
    return {"status": OK, "ms": _ms(started), **extra}


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


PARTS = ("database", "broker", "storage", "beat")


def run_checks(parts: Collection[str] = PARTS) -> dict[str, dict[str, Any]]:
    """{part: {"status": ok|fail|off, ...}} for each of `parts` (default: all)."""
    timeout = settings.HEALTH_TIMEOUT_SECONDS
    checks: dict[str, dict[str, Any]] = {}
    if "database" in parts or "beat" in parts:
        checks["database"] = _run("database", check_database, timeout)
    if "broker" in parts:
        if settings.REDIS_URL:
            checks["broker"] = _run("broker", check_broker, timeout)
        else:
            checks["broker"] = {"status": OFF}  # tasks run in-process
    if "storage" in parts:
        checks["storage"] = _run("storage", check_storage, timeout)
    if "beat" in parts:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            checks["beat"] = {"status": OFF}  # no beat without a broker
        elif checks["database"]["status"] != OK:
            checks["beat"] = {"status": FAIL, "error": "database unavailable"}
        else:
            checks["beat"] = _run("beat", check_beat, settings.HEALTH_BEAT_MAX_AGE)
    return {part: checks[part] for part in PARTS if part in parts}
