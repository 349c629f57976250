from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from kvo.mail import absolute_url, send_templated_mail

from .models import Uitnodiging


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=1800,
             max_retries=8)
def verstuur_uitnodiging(self, uitnodiging_id):
    """Send the invitation mail once, even if the task is delivered twice."""
    from .services import uitnodiging_token

    claimed = Uitnodiging.objects.filter(
        pk=uitnodiging_id, verstuurd__isnull=True, geaccepteerd__isnull=True,
        ingetrokken__isnull=True,
    ).update(verstuurd=timezone.now())
    if claimed != 1:
        return
    uitnodiging = Uitnodiging.objects.select_related(
        "traject", "organisatie", "uitgenodigd_door"
    ).get(pk=uitnodiging_id)
    token = uitnodiging_token(uitnodiging)
    link = absolute_url(reverse("trajects:uitnodiging-accepteren", args=[token]))
    try:
        send_templated_mail(
            template="uitnodiging",
            to=[uitnodiging.email],
            context={"uitnodiging": uitnodiging, "link": link},
        )
    except Exception:
        # Not sent: release the claim so the retry can send it.
        Uitnodiging.objects.filter(pk=uitnodiging_id).update(verstuurd=None)
        raise
