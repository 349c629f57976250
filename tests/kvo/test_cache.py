"""The cache answers a miss, quickly, when Redis is away (kvo/cache.py); the rate limits then
let requests through instead of failing them."""

import time

import pytest

from kvo import redisstoring
from kvo.cache import RedisCache


@pytest.fixture
def weg(monkeypatch, settings):
    settings.REDIS_TIMEOUT = 1
    monkeypatch.setattr(redisstoring, "_pauze_tot", 0.0)  # restored after the test
    # Nothing listens on port 9.
    return RedisCache("redis://127.0.0.1:9/0", {
        "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
    })


def test_unreachable_redis_is_a_miss_and_the_next_calls_do_not_wait(weg):
    begin = time.monotonic()
    assert weg.get("sleutel", "standaard") == "standaard"
    assert time.monotonic() - begin < 2
    assert not redisstoring.beschikbaar()
    begin = time.monotonic()
    assert weg.add("sleutel", 1) is False
    weg.set("sleutel", 1)
    with pytest.raises(ValueError):
        weg.incr("sleutel")
    assert weg.get_many(["a", "b"]) == {}
    assert time.monotonic() - begin < 0.1


def test_rate_limit_lets_the_request_through_when_it_cannot_count(weg, rf, monkeypatch):
    from django_ratelimit.core import is_ratelimited

    monkeypatch.setattr("django_ratelimit.core.caches", {"default": weg})
    request = rf.post("/", {"email": "a@example.org"})
    assert not is_ratelimited(request, group="proef", key="ip", rate="1/h", increment=True)
    assert not is_ratelimited(request, group="proef", key="ip", rate="1/h", increment=True)
