"""One Redis outage, paid for once: after a call to Redis fails, calls from this process skip
Redis for a pause (20 × REDIS_TIMEOUT) instead of each waiting REDIS_TIMEOUT again.

Shared by the broker kick after commit (kvo/wachtrij.py) and the cache (kvo/cache.py): with
REDIS_URL both are the same Redis. So a request during an outage waits at most REDIS_TIMEOUT
once, and the requests after it not at all, until the pause is over and Redis is tried again.
"""

import time

from django.conf import settings

_pauze_tot = 0.0


def beschikbaar() -> bool:
    """False during the pause after a failure."""
    return time.monotonic() >= _pauze_tot


def melden() -> None:
    """A call to Redis failed: pause."""
    global _pauze_tot
    _pauze_tot = time.monotonic() + settings.REDIS_TIMEOUT * 20
