"""Rate limits on public and expensive endpoints (django-ratelimit), one decorator per kind.

    @per_address("RATELIMIT_LINKS")         # every request from one client address
    @per_user("RATELIMIT_GENEREREN")        # POSTs by one signed-in user
    @per_account("RATELIMIT_WACHTWOORD_ACCOUNT")  # POSTs naming one email address

The rates ("30/m", "3/h") are settings, read at request time. Counting happens in the default
cache (Redis with REDIS_URL, so shared by every web process). The client address comes from
kvo.access.client_ip, the same trusted-proxy logic as login throttling. A limited request never
reaches the view, so it changes nothing: the middleware answers with kvo.views.te_veel_verzoeken
(the Dutch 429 page).
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.decorators import ratelimit

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _rate(setting: str) -> Callable[[str, HttpRequest], str]:
    def rate(group: str, request: HttpRequest) -> str:
        return getattr(settings, setting)

    return rate


def _email(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


def per_address(setting: str, *, group: str | None = None, method: Any = ALL) -> Decorator:
    return ratelimit(group=group or setting, key="ip", rate=_rate(setting), method=method)


def per_user(setting: str, *, group: str | None = None, method: Any = "POST") -> Decorator:
    return ratelimit(group=group or setting, key="user_or_ip", rate=_rate(setting),
                     method=method)


def per_account(setting: str, *, group: str | None = None) -> Decorator:
    return ratelimit(group=group or setting, key=_email, rate=_rate(setting), method="POST")
