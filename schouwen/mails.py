"""Mail kinds of schouwen (rendered by the outbox at send time, see kvo/outbox.py)."""

from kvo.mail import absolute_url, render_mail
from kvo.outbox import soort

from .models import Schouwdeelnemer


@soort("schouwen.bericht")
def schouwbericht(bericht):
    """Invitation, update or cancellation of a schouw; the .ics was fixed when it was written."""
    deelnemer = (
        Schouwdeelnemer.objects.select_related("schouw__traject", "lidmaatschap__user")
        .filter(pk=bericht.object_id).first()
    )
    if deelnemer is None:
        return None
    schouw = deelnemer.schouw
    return render_mail("schouw_bericht", {
        "schouw": schouw, "soort": bericht.gegevens["soort"], "deelnemer": deelnemer,
        "link": absolute_url(schouw.get_absolute_url()),
    }, bericht.taal)
