"""Sending templated mail: every mail has a plain-text and an HTML part from templates/emails/."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


def send_templated_mail(*, template, to, context, attachments=(), language="nl", headers=None):
    """Render templates/emails/<template>.txt, .html and _subject.txt and send one message.

    `attachments` holds (filename, content, mimetype) tuples.
    """
    with translation.override(language):
        ctx = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", ctx).split())
        text = render_to_string(f"emails/{template}.txt", ctx)
        html = render_to_string(f"emails/{template}.html", ctx)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, list(to), headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()
    return message
