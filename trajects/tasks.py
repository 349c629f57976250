from celery import shared_task
from django.urls import reverse

from kvo.mail import absolute_url, send_templated_mail

from .models import Uitnodiging


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=1800,
             max_retries=8)
def verstuur_uitnodiging(self, uitnodiging_id):
    from .services import uitnodiging_token

    uitnodiging = (
        Uitnodiging.objects.select_related("traject", "organisatie", "uitgenodigd_door")
        .filter(pk=uitnodiging_id, geaccepteerd__isnull=True, ingetrokken__isnull=True)
        .first()
    )
    if uitnodiging is None:
        return
    token = uitnodiging_token(uitnodiging)
    link = absolute_url(reverse("trajects:uitnodiging-accepteren", args=[token]))
    send_templated_mail(
        template="uitnodiging",
        to=[uitnodiging.email],
        context={"uitnodiging": uitnodiging, "link": link},
    )
