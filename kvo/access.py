"""Access helpers: the first line of every view fetches its object through one of these.

Permissions are `rules` predicates declared on the models (see trajects/rules.py). An object the
user may not view does not exist for them (404); one they may view but not change gives 403.
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404


def view_perm(model):
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


def get_for_user(user, queryset, perm=None, **lookup):
    """Return the object matching `lookup` if `user` may view it (else 404) and holds `perm`
    on it (else 403)."""
    obj = get_object_or_404(queryset, **lookup)
    check_access(user, obj, perm)
    return obj


def check_access(user, obj, perm=None):
    if not user.has_perm(view_perm(type(obj)), obj):
        raise Http404
    if perm and not user.has_perm(perm, obj):
        raise PermissionDenied


def login_or_404(view: Callable) -> Callable:
    """For URLs of private files: an anonymous visitor gets 404, not a redirect to the login page
    (an <img> or a download cannot show a login page, and the answer does not tell that the file
    exists)."""

    @login_not_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def client_ip(request):
    """The client's address for login throttling (django-axes).

    Without trusted proxies (TRUSTED_PROXY_COUNT=0) the socket address counts, which a client
    cannot forge. Behind N proxies that each append to X-Forwarded-For, the N-th address from
    the right is the one the outermost proxy saw.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
