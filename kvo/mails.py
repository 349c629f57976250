"""Mail kinds of the shared core (see kvo/outbox.py)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .mail import Mail
from .models import Bericht
from .outbox import soort


@soort("kvo.wachtwoord_herstel")
def wachtwoord_herstel(bericht: Bericht) -> Mail | None:
    """The password-reset link. The token is made at send time, so it is never stored."""
    if bericht.object_id is None:
        return None
    user = get_user_model().objects.filter(pk=bericht.object_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return None
    site = urlsplit(settings.SITE_URL)
    context = {
        "email": user.email, "user": user, "site_name": "KVO-trajectbeheer",
        "domain": site.netloc, "protocol": site.scheme,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    with translation.override(bericht.taal):
        onderwerp = render_to_string("registration/password_reset_subject.txt", context)
        return Mail(
            onderwerp=" ".join(onderwerp.split()),
            tekst=render_to_string("registration/password_reset_email.txt", context),
            html=render_to_string("registration/password_reset_email.html", context),
        )
