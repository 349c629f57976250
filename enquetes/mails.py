"""Mail kinds of the survey, rendered by the outbox at send time (see kvo/outbox.py).

The personal link is made when the mail goes out, so it is never stored with the address."""

from django.urls import reverse

from kvo.mail import absolute_url, render_mail
from kvo.outbox import soort

from .models import Herinnering, Ontvanger


def _context(ontvanger):
    from .services import ontvanger_token

    return {
        "meting": ontvanger.meting, "traject": ontvanger.meting.traject, "ontvanger": ontvanger,
        "link": absolute_url(reverse("enquetes:invullen", args=[ontvanger_token(ontvanger)])),
    }


@soort("enquetes.uitnodiging")
def uitnodiging(bericht):
    """The invitation, while the meting is open and the business has not answered."""
    ontvanger = (
        Ontvanger.objects.select_related("meting__traject")
        .filter(pk=bericht.object_id, beantwoord__isnull=True).first()
    )
    if ontvanger is None or ontvanger.meting.is_gesloten:
        return None
    return render_mail("enquete_uitnodiging", _context(ontvanger), bericht.taal)


@soort("enquetes.herinnering")
def herinnering(bericht):
    """A reminder of one round, unless the business answered or the meting closed meanwhile."""
    rij = (
        Herinnering.objects.select_related("ontvanger__meting__traject")
        .filter(pk=bericht.object_id, ontvanger__beantwoord__isnull=True).first()
    )
    if rij is None or rij.ontvanger.meting.is_gesloten:
        return None
    return render_mail("enquete_herinnering", _context(rij.ontvanger), bericht.taal)
