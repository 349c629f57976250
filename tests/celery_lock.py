"""One real-worker test at a time per Redis database, and the helpers of those tests.

pytest-xdist processes share the Redis queue but each has its own test database: a worker in one
process could take (or purge) a task queued by another. Tests that use the real broker hold this
lock while they enqueue and run a worker.
"""

import contextlib
import fcntl
import tempfile
import time
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError

from kvo.celery import app as celery_app


@contextlib.contextmanager
def exclusive_redis():
    sleutel = zlib.crc32(settings.REDIS_URL.encode())
    with open(Path(tempfile.gettempdir()) / f"kvo-celery-worker-{sleutel}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def lege_redis_queue():
    """The Redis client of the broker, with the lock held and the queue purged before and after;
    tasks are queued, not run eagerly, meanwhile (the `redis_queue` fixture)."""
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the real-worker test needs Redis")
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    client.ping()
    with exclusive_redis():
        celery_app.conf.task_always_eager = False
        celery_app.control.purge()
        yield client
        celery_app.control.purge()
    client.close()


def queued(client):
    """How many tasks wait in the default queue."""
    return client.llen(celery_app.conf.task_default_queue)


def wait_for(predicate, timeout=60):
    """Whether `predicate` came true within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OperationalError:
            # SQLite's shared in-memory test database locks a whole table while a worker's
            # thread writes to it; that read is simply not answered yet.
            pass
        time.sleep(0.1)
    return False
