"""System checks of the shared core."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register(deploy=True)
def taken_niet_in_het_webproces(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    """Without a broker Celery runs tasks in-process: a PDF would be made inside a web request
    (seconds of CPU and hundreds of MB in a web worker). Fine in development, not in production."""
    if settings.DEBUG or not settings.CELERY_TASK_ALWAYS_EAGER:
        return []
    return [Error(
        "Celery would run tasks inside the web process (no REDIS_URL, DJANGO_DEBUG off).",
        hint="Set REDIS_URL and run a Celery worker and exactly one beat (see deploy/).",
        id="kvo.E001",
    )]
