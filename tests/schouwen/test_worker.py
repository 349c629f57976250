"""Invitations and the report PDF through a real Celery worker on Redis."""

import datetime
import time

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from kvo.celery import app as celery_app
from kvo.tasks import berichten_versturen
from schouwen import services
from schouwen.models import Schouw, Schouwrapport
from tests.celery_lock import queued, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_invitations_and_report_go_through_the_worker_once(world, redis_queue):
    from celery.contrib.testing.worker import start_worker

    leden = list(world.traject.lidmaatschappen.filter(
        user__in=[world.users["gemeente"], world.users["politie"]]))
    begin = timezone.now() + datetime.timedelta(days=3)
    with transaction.atomic():
        schouw = services.schouw_plannen(
            traject=world.traject, deelnemers=leden, titel="Dagschouw", begin=begin,
            einde=begin + datetime.timedelta(hours=2), dagdeel=Schouw.Dagdeel.DAG,
            soort=Schouw.Soort.PERIODIEK,
        )
        assert queued(redis_queue) == 0  # nothing before the schouw is committed
    assert queued(redis_queue) == 1
    berichten_versturen.delay()  # the catch-up at the same time must not send them again
    services.schouw_afronden(schouw=schouw)
    assert queued(redis_queue) == 3

    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=20):
        assert wait_for(lambda: schouw.rapporten.filter(
            status=Schouwrapport.Status.KLAAR).exists(), timeout=60)
        assert wait_for(lambda: len(mail.outbox) >= 2 and queued(redis_queue) == 0)
        time.sleep(1)  # give a duplicate the chance to show up

    assert sorted(m.to[0] for m in mail.outbox) == ["gemeente@example.org", "politie@example.org"]
    assert schouw.rapporten.get().bestand.read(4) == b"%PDF"
