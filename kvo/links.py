"""Signed links: a URL that opens one object for someone who is not logged in (an invitation, an
entrepreneur's action item, a survey answer form, a calendar feed).

A link's token is signed with the project's SECRET_KEY under a salt per purpose, so a token made
for one purpose never opens another, and it carries the object's pk and a random nonce stored on
the object:

- expiry: a purpose may give the setting that holds its validity in days; an older token is
  refused as expired;
- revocation: rotating the object's nonce (`LinkPurpose.revoke`) makes every token sent before
  stop working;
- single use: the workflow that uses the link claims the object with a conditional update
  (`filter(pk=…, used__isnull=True).update(used=now) == 1`), so a second use changes nothing.

    UITNODIGING = LinkPurpose(salt="trajects.uitnodiging", id_key="u", ...)
    token = UITNODIGING.token(uitnodiging)
    uitnodiging = UITNODIGING.load(token, Uitnodiging.objects.all())  # or ValidationError

The token format ({id_key: pk, "n": nonce}, compressed) is what links already mailed out carry;
keep it readable when changing this module.
"""

import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.views.decorators.cache import never_cache

Obj = TypeVar("Obj", bound=models.Model)

# ValidationError codes. INVALID: not a token we made (forged, mistyped, another purpose): 404.
# The others were ours once and are used up: 410 Gone.
INVALID = "ongeldig"
EXPIRED = "verlopen"
REVOKED = "ingetrokken"


@dataclass(frozen=True)
class LinkPurpose:
    salt: str
    id_key: str  # payload key of the pk; short, the token is part of a URL
    expired_message: str | Promise
    invalid_message: str | Promise
    # Signed by us but the nonce has been rotated since; None: shown as invalid.
    revoked_message: str | Promise | None = None
    # The setting holding the validity in days; None: valid until revoked.
    max_age_setting: str | None = None
    nonce_field: str = "nonce"

    def token(self, obj: models.Model) -> str:
        nonce = getattr(obj, self.nonce_field)
        return signing.dumps({self.id_key: obj.pk, "n": nonce.hex}, salt=self.salt, compress=True)

    def max_age(self) -> int | None:
        if self.max_age_setting is None:
            return None
        return getattr(settings, self.max_age_setting) * 24 * 3600

    def load(self, token: str, queryset: models.QuerySet[Obj], *, pk: int | None = None) -> Obj:
        """The object `token` opens, or ValidationError (code INVALID, EXPIRED or REVOKED).

        With `pk` (the pk in the URL) the token must have been made for that very object.
        """
        try:
            data = signing.loads(token, salt=self.salt, max_age=self.max_age())
        except signing.SignatureExpired:
            raise ValidationError(str(self.expired_message), code=EXPIRED) from None
        except signing.BadSignature:
            raise self._invalid() from None
        if not isinstance(data, dict) or (pk is not None and data.get(self.id_key) != pk):
            raise self._invalid()
        try:
            obj = queryset.filter(
                pk=data.get(self.id_key), **{self.nonce_field: data.get("n")}
            ).first()
        except ValidationError:  # a nonce that is no UUID at all
            raise self._invalid() from None
        if obj is None:
            if self.revoked_message is not None:
                raise ValidationError(str(self.revoked_message), code=REVOKED)
            raise self._invalid()
        return obj

    def revoke(self, obj: models.Model) -> None:
        """Rotate the nonce: every token made for `obj` so far stops working."""
        nonce = uuid.uuid4()
        setattr(obj, self.nonce_field, nonce)
        type(obj)._default_manager.filter(pk=obj.pk).update(**{self.nonce_field: nonce})

    def _invalid(self) -> ValidationError:
        return ValidationError(str(self.invalid_message), code=INVALID)


def refused(request: HttpRequest, error: ValidationError, template: str) -> HttpResponse:
    """The page for a link that cannot be used, with the reason: 404 for a token we never made,
    410 for one that was ours but has expired, been revoked or been used."""
    return render(
        request, template, {"fout": error.messages[0]},
        status=404 if error.code == INVALID else 410,
    )


def link_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page opened by a signed link: open without login, and the token in its URL stays put:
    never cached, never indexed, not sent on as referrer to other sites. (No referrer at all
    would make browsers send `Origin: null`, which fails the CSRF check of the page's forms.)"""

    @login_not_required
    @never_cache
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped
