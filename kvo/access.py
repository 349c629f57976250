"""Access helpers: the first line of every view fetches its object through one of these.

Permissions are `rules` predicates declared on the models (see trajects/rules.py). An object the
user may not view does not exist for them (404); one they may view but not change gives 403.
"""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=models.Model)


def view_perm(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


class Rights:
    """What one user may do with one object, asked of the rules once per permission:

        actiepunt, mag = get_with_rights(request.user, Actiepunt.objects.all(), pk=ap_pk)
        if mag("actiepunten.change_actiepunt"): ...

    Roles are never looked up in a view: a role is a rules predicate behind a permission.
    """

    def __init__(self, user: Any, obj: models.Model) -> None:
        self.user = user
        self.obj = obj
        self._answers: dict[str, bool] = {}

    def __call__(self, perm: str) -> bool:
        if perm not in self._answers:
            self._answers[perm] = self.user.has_perm(perm, self.obj)
        return self._answers[perm]

    def all(self, *perms: str) -> bool:
        return all(self(perm) for perm in perms)


def get_with_rights(
    user: Any, queryset: models.QuerySet[M], perm: str | None = None, **lookup: Any
) -> tuple[M, Rights]:
    """The object matching `lookup` and what `user` may do with it. 404 if the user may not view
    it (an outsider learns nothing), 403 if they may view it but lack `perm`."""
    obj = get_object_or_404(queryset, **lookup)
    rights = Rights(user, obj)
    if not rights(view_perm(type(obj))):
        raise Http404
    if perm and not rights(perm):
        raise PermissionDenied
    return obj, rights


def get_for_user(
    user: Any, queryset: models.QuerySet[M], perm: str | None = None, **lookup: Any
) -> M:
    """`get_with_rights` for a view that needs only the object."""
    return get_with_rights(user, queryset, perm, **lookup)[0]


def login_or_404(view: Callable[..., Any]) -> Callable[..., Any]:
    """For URLs of private files: an anonymous visitor gets 404, not a redirect to the login page
    (an <img> or a download cannot show a login page, and the answer does not tell that the file
    exists)."""

    @login_not_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def client_ip(request: HttpRequest) -> str | None:
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
