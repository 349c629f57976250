"""The invitation mail through a real Celery worker on Redis: written to the outbox in the
invitation's transaction, the relay enqueued after commit, sent once."""

import time

import pytest
from django.core import mail
from django.db import transaction

from kvo.celery import app as celery_app
from kvo.models import Bericht
from kvo.tasks import berichten_versturen
from tests.celery_lock import queued, wait_for
from trajects import services
from trajects.models import Rol

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_invitation_mail_is_queued_after_commit_and_delivered_once(world, redis_queue):
    from celery.contrib.testing.worker import start_worker

    with transaction.atomic():
        uitnodiging = services.uitnodiging_versturen(
            traject=world.traject, email="nieuw@example.org",
            organisatie=world.organisaties["gemeente"], rol=Rol.PARTNER,
            door=world.users["coordinator"],
        )
        assert queued(redis_queue) == 0  # not before the invitation row is committed
    assert queued(redis_queue) == 1
    # The broker delivers a task at least once: a second delivery must not send a second mail.
    berichten_versturen.delay([uitnodiging.bericht_id])
    assert queued(redis_queue) == 2

    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=10):
        assert wait_for(lambda: queued(redis_queue) == 0 and len(mail.outbox) >= 1)
        assert wait_for(
            lambda: Bericht.objects.filter(
                pk=uitnodiging.bericht_id, status=Bericht.Status.VERZONDEN
            ).exists()
        )
        time.sleep(1)  # give a duplicate the chance to show up

    assert [m.to for m in mail.outbox] == [["nieuw@example.org"]]
    assert "/uitnodiging/" in mail.outbox[0].body
