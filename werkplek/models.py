import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgendaLink(models.Model):
    """A user's personal calendar feed (iCal): the secret link is signed (kvo/links.py,
    `AGENDA_LINK`) and carries this row's nonce, so making a new link revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agendalink",
        verbose_name=_("gebruiker"),
    )
    nonce = models.UUIDField(default=uuid.uuid4, editable=False)
    aangemaakt = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    laatst_opgehaald = models.DateTimeField(_("laatst opgehaald"), null=True, blank=True)

    class Meta:
        verbose_name = _("agendalink")
        verbose_name_plural = _("agendalinks")

    def __str__(self):
        return str(self.user)
