from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.html import escape
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from .health import OK, run_checks
from .logs import current_request_id


@never_cache
def health(request):
    """For load balancers and monitoring: every part of the installation, 503 if one fails.

    {"status": "ok", "checks": {"database": {"status": "ok", "ms": 2}, "broker": ...}}
    """
    checks = run_checks()
    healthy = all(c["status"] in (OK, "off") for c in checks.values())
    return JsonResponse(
        {"status": OK if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )


@requires_csrf_token
def server_error(request):
    """The 500 page with the request id, so a user can quote it and we find the log lines.

    Rendered without the request's context processors: after an error the database or the
    session may be what failed.
    """
    request_id = getattr(request, "request_id", None) or current_request_id()
    try:
        html = loader.render_to_string("500.html", {"request_id": request_id})
    except Exception:  # the page must not fail in turn (e.g. a missing static manifest)
        html = f"<h1>Server Error (500)</h1><p>{escape(request_id or '')}</p>"
    return HttpResponseServerError(html)


@login_not_required
def te_veel_verzoeken(request, exception=None):
    """The page for a rate-limited request (django-ratelimit's RATELIMIT_VIEW): 429, Dutch."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
