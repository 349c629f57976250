"""Templated mail: every mail has a plain-text and an HTML part from templates/emails/.

Mails are not sent from here: they go through the outbox (kvo/outbox.py), which renders them
with `render_mail` at send time.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.backends.django import DjangoTemplates
from django.template.loader import render_to_string
from django.utils import translation


@cache
def _text_engine() -> DjangoTemplates:
    """The project's template setup without HTML autoescaping, for subjects and plain text:
    an apostrophe in a trajectory's name must not arrive as &#x27;."""
    config: dict[str, Any] = next(
        t for t in settings.TEMPLATES
        if t["BACKEND"] == "django.template.backends.django.DjangoTemplates"
    )
    options = {k: v for k, v in config.get("OPTIONS", {}).items() if k != "context_processors"}
    return DjangoTemplates({
        "NAME": "kvo-text-mail", "DIRS": config.get("DIRS", []),
        "APP_DIRS": config.get("APP_DIRS", False), "OPTIONS": {**options, "autoescape": False},
    })


def render_text(template_name: str, context: dict[str, Any]) -> str:
    return _text_engine().get_template(template_name).render(context)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@dataclass
class Mail:
    """A rendered mail: subject, plain text and HTML."""

    onderwerp: str
    tekst: str
    html: str


def render_mail(template: str, context: dict[str, Any], language: str = "nl") -> Mail:
    """Render templates/emails/<template>.txt, .html and _subject.txt."""
    with translation.override(language):
        ctx = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_text(f"emails/{template}_subject.txt", ctx).split())
        text = render_text(f"emails/{template}.txt", ctx)
        html = render_to_string(f"emails/{template}.html", ctx)
    return Mail(onderwerp=subject, tekst=text, html=html)


def build_message(
    mail: Mail, *, to: Iterable[str],
    attachments: Iterable[tuple[str, str | bytes, str]] = (),
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """The message to send: `attachments` holds (filename, content, mimetype) tuples."""
    message = EmailMultiAlternatives(
        mail.onderwerp, mail.tekst, settings.DEFAULT_FROM_EMAIL, list(to), headers=headers or {}
    )
    message.attach_alternative(mail.html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message
