"""Request ids, log formatting and error reporting.

Every request gets an id: the one the reverse proxy sent in X-Request-ID when settings say the
proxy is trusted to set it (TRUST_X_REQUEST_ID; nginx from deploy/ sets `$request_id`), else a
fresh one. The id is in every log line written while the request runs (a logging filter reads it
from a context variable), in the X-Request-ID response header, on the error pages and on Sentry
events, so a user's "reference" on the error page leads to the log lines and the event. A Celery
task enqueued during a request carries the id along in its headers; a task started otherwise
(beat) logs under its own task id.

Server errors go to Sentry when SENTRY_DSN is set, otherwise to the ADMINS by mail.
"""

import contextvars
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)

# A proxy-supplied id is used as is only when it looks like one (no spaces, quotes or newlines
# that could forge log lines or headers).
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
HEADER = "X-Request-ID"


def current_request_id() -> str | None:
    return request_id_var.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def incoming_request_id(request: HttpRequest) -> str:
    """The proxy's X-Request-ID if we trust the proxy to set it and it is well-formed, else
    a new id."""
    return _from_header(request.headers.get(HEADER, ""))


def _from_header(value: str) -> str:
    if settings.TRUST_X_REQUEST_ID and _VALID_ID.match(value):
        return value
    return new_request_id()


def request_started(sender: Any, environ: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """Django's request_started signal: the id is set before the middleware runs, so also the
    lines Django logs after it (django.request's "Not Found", "Too Many Requests") carry it."""
    request_id_var.set(None)
    if environ is not None:
        request_id_var.set(_from_header(environ.get("HTTP_X_REQUEST_ID", "")))


def request_finished(sender: Any, **kwargs: Any) -> None:
    request_id_var.set(None)


class RequestIdMiddleware:
    """First middleware: every response, redirect and error page knows its request id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_var.get() or incoming_request_id(request)
        request.request_id = request_id  # type: ignore[attr-defined]  # read by the error pages
        request_id_var.set(request_id)
        _sentry_tag(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts `request_id` on every record ("-" outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get() or "-"
        return True


class WithoutSentry(logging.Filter):
    """Lets a record through only when Sentry is not reporting: with SENTRY_DSN set, errors go
    to Sentry and the ADMINS get no mail as well."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not sentry_active()


def sentry_active() -> bool:
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover - sentry-sdk is a dependency
        return False
    return sentry_sdk.get_client().is_active()


def _sentry_tag(request_id: str) -> None:
    if sentry_active():
        import sentry_sdk

        sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)


def init_sentry(
    dsn: str, *, environment: str, release: str | None = None,
    traces_sample_rate: float = 0.0, **options: Any,
) -> None:
    """Start reporting errors (Django, Celery, logged errors) to Sentry.

    No personal data is sent (`send_default_pii` off): no user names, addresses or cookies; the
    request id ties an event to the logs.
    """
    import sentry_sdk

    def add_request_id(event: Any, hint: Any) -> Any:
        request_id = request_id_var.get()
        if request_id:
            event.setdefault("tags", {})["request_id"] = request_id
        return event

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        before_send=add_request_id,
        **options,
    )


def logging_config(*, json: bool, level: str) -> dict[str, Any]:
    """The LOGGING dict: one console handler (text or JSON lines) with the request id on every
    line; server errors (django.request) also mailed to the ADMINS unless Sentry reports them."""
    fields = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"
    formatters = {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": fields,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    }
    handlers = {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if json else "text",
            "filters": ["request_id"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["request_id", "require_debug_false", "without_sentry"],
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "kvo.logs.RequestIdFilter"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
            "without_sentry": {"()": "kvo.logs.WithoutSentry"},
        },
        "formatters": formatters,
        "handlers": handlers,
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own default handlers are replaced: everything goes to the one console.
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "django.request": {
                "handlers": ["console", "mail_admins"],
                "level": "WARNING",
                "propagate": False,
            },
            "django.server": {"handlers": ["console"], "level": level, "propagate": False},
            "axes": {"level": "WARNING"},
            # PDF rendering: WeasyPrint's step-by-step progress and fontTools' font subsetting
            # log every page and table at INFO; their warnings still come through.
            "weasyprint.progress": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            "django.utils.autoreload": {"level": "WARNING"},
        },
    }


# Celery: a task enqueued during a request carries that request's id; one without (beat) runs
# under its own task id.

def add_request_id_header(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers.setdefault("request_id", request_id)


def task_started(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    if task is None:
        return
    # An eager task inside a request keeps the request's id.
    headers = getattr(task.request, "headers", None) or {}
    request_id = (
        getattr(task.request, "request_id", None) or headers.get("request_id")
        or request_id_var.get() or task_id
    )
    task.request.kvo_request_id_token = request_id_var.set(request_id)


def task_finished(task: Any = None, **kwargs: Any) -> None:
    token = getattr(task.request, "kvo_request_id_token", None) if task is not None else None
    if token is not None:
        try:
            request_id_var.reset(token)
        except ValueError:  # set in another context (eager task inside a request)
            request_id_var.set(None)
