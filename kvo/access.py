"""Access helpers: the first line of every view fetches its object through one of these.

Permissions are `rules` predicates declared on the models (see trajects/rules.py). An object the
user may not view does not exist for them (404); one they may view but not change gives 403.
"""

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
