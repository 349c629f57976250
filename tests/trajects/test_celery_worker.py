"""The invitation mail through a real Celery worker on Redis: queued after commit, sent once."""

import time

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction

from kvo.celery import app as celery_app
from tests.celery_lock import exclusive_redis
from trajects import services
from trajects.models import Rol, Uitnodiging
from trajects.tasks import verstuur_uitnodiging

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_queue():
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the real-worker test needs Redis")
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    client.ping()
    with exclusive_redis():
        celery_app.conf.task_always_eager = False
        celery_app.control.purge()
        yield client
        celery_app.control.purge()
    client.close()


def queued(client):
    return client.llen(celery_app.conf.task_default_queue)


def wait_for(predicate, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


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
    verstuur_uitnodiging.delay(uitnodiging.pk)
    assert queued(redis_queue) == 2

    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=10):
        assert wait_for(lambda: queued(redis_queue) == 0 and len(mail.outbox) >= 1)
        assert wait_for(
            lambda: Uitnodiging.objects.filter(pk=uitnodiging.pk, verstuurd__isnull=False)
            .exists()
        )
        time.sleep(1)  # give a duplicate the chance to show up

    assert [m.to for m in mail.outbox] == [["nieuw@example.org"]]
    assert "/uitnodiging/" in mail.outbox[0].body


def test_failed_send_releases_the_claim_so_the_retry_sends(world, monkeypatch, db):
    uitnodiging = Uitnodiging.objects.create(
        traject=world.traject, email="x@example.org", organisatie=world.organisaties["gemeente"],
        rol=Rol.PARTNER,
    )

    def kapot(*args, **kwargs):
        raise OSError("SMTP-server onbereikbaar")

    monkeypatch.setattr("trajects.tasks.send_templated_mail", kapot)
    with pytest.raises(OSError):
        verstuur_uitnodiging.run(uitnodiging.pk)
    uitnodiging.refresh_from_db()
    assert uitnodiging.verstuurd is None
    monkeypatch.undo()
    verstuur_uitnodiging.run(uitnodiging.pk)
    verstuur_uitnodiging.run(uitnodiging.pk)
    assert len(mail.outbox) == 1
