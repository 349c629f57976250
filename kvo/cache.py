"""The shared cache on Redis, tolerant of a Redis that is down or frozen.

Django's RedisCache raises when Redis does not answer, and the cache's users (the rate limits of
kvo/ratelimits.py) are not where a request should fail. Here a failed call (after
REDIS_TIMEOUT) answers as a miss, is logged, and pauses Redis for this process
(kvo/redisstoring.py). With RATELIMIT_FAIL_OPEN the rate limits are then off until Redis
answers again: an outage costs the protection for a while, never the page.
"""

import logging
from collections.abc import Callable
from typing import Any, NoReturn

import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from . import redisstoring

logger = logging.getLogger(__name__)


def _onbereikbaar() -> NoReturn:
    raise ValueError("de cache (Redis) is niet bereikbaar")


class RedisCache(DjangoRedisCache):
    def _tolerant(
        self, call: Callable[..., Any], fallback: Callable[[], Any], *args: Any, **kwargs: Any
    ) -> Any:
        if not redisstoring.beschikbaar():
            return fallback()
        try:
            return call(*args, **kwargs)
        except redis.RedisError:
            logger.warning("Cache (Redis) niet bereikbaar; verder zonder cache", exc_info=True)
            redisstoring.melden()
            return fallback()

    def add(self, *args: Any, **kwargs: Any) -> Any:
        return self._tolerant(super().add, lambda: False, *args, **kwargs)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._tolerant(super().get, lambda: default, key, default, version)

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return self._tolerant(super().set, lambda: None, *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        return self._tolerant(super().touch, lambda: False, *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return self._tolerant(super().delete, lambda: False, *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> Any:
        return self._tolerant(super().has_key, lambda: False, *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> Any:
        # As for a missing key: the caller cannot count (django-ratelimit then fails open).
        return self._tolerant(super().incr, _onbereikbaar, *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._tolerant(super().get_many, dict, *args, **kwargs)

    def set_many(self, data: dict, *args: Any, **kwargs: Any) -> Any:
        return self._tolerant(super().set_many, lambda: list(data), data, *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._tolerant(super().delete_many, lambda: None, *args, **kwargs)
