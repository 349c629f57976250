"""Mail kinds of trajects (rendered by the outbox at send time, see kvo/outbox.py)."""

from django.urls import reverse

from kvo.mail import absolute_url, render_mail
from kvo.outbox import soort

from .models import Uitnodiging


@soort("trajects.uitnodiging")
def uitnodiging(bericht):
    """The invitation link; not sent once the invitation was revoked or accepted."""
    from .services import uitnodiging_token

    uitnodiging = (
        Uitnodiging.objects.select_related("traject", "organisatie", "uitgenodigd_door")
        .filter(pk=bericht.object_id, geaccepteerd__isnull=True, ingetrokken__isnull=True)
        .first()
    )
    if uitnodiging is None:
        return None
    token = uitnodiging_token(uitnodiging)
    link = absolute_url(reverse("trajects:uitnodiging-accepteren", args=[token]))
    return render_mail("uitnodiging", {"uitnodiging": uitnodiging, "link": link}, bericht.taal)
