"""One real-worker test at a time per Redis database.

pytest-xdist processes share the Redis queue but each has its own test database: a worker in one
process could take (or purge) a task queued by another. Tests that use the real broker hold this
lock while they enqueue and run a worker.
"""

import contextlib
import fcntl
import tempfile
import zlib
from pathlib import Path

from django.conf import settings


@contextlib.contextmanager
def exclusive_redis():
    sleutel = zlib.crc32(settings.REDIS_URL.encode())
    with open(Path(tempfile.gettempdir()) / f"kvo-celery-worker-{sleutel}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
