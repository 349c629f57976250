"""The scheduled dossier send through a real Celery worker on Redis."""

import datetime
import time

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from audits.models import AuditAuditor, DossierVersie, DossierVerzending
from kvo.celery import app as celery_app
from kvo.models import Bericht
from tests.audits.factories import AuditFactory
from tests.celery_lock import wait_for
from tests.flaky_mail import FlakyBackend

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL for a real worker"),
]


@pytest.fixture
def worker():
    from celery.contrib.testing.worker import start_worker

    from tests.celery_lock import exclusive_redis

    celery_app.conf.task_always_eager = False
    with exclusive_redis(), start_worker(celery_app, perform_ping_check=False, pool="solo",
                                         loglevel="WARNING"):
        yield
    celery_app.conf.task_always_eager = True


@pytest.fixture
def komende_audit(world):
    audit = AuditFactory(
        traject=world.traject, certificerende_instelling=world.organisaties["auditor"],
        datum=timezone.localdate() + datetime.timedelta(days=10),
    )
    AuditAuditor.objects.create(audit=audit, user=world.users["auditor"])
    return audit


def test_scheduled_send_goes_out_once_and_not_again_on_the_next_run(
    world, komende_audit, worker
):
    from audits.tasks import dossiers_versturen

    dossiers_versturen.delay()
    assert wait_for(
        lambda: DossierVerzending.objects.filter(bericht__status="verzonden").count() == 2
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["auditor@example.org",
                                                      "coordinator@example.org"]
    dossiers_versturen.delay()
    time.sleep(5)  # the worker's time to make a (wrong) second send show up
    assert len(mail.outbox) == 2
    assert DossierVerzending.objects.count() == 2
    assert DossierVersie.objects.filter(audit=komende_audit).count() == 1


def test_failing_send_is_retried_by_the_worker(world, komende_audit, worker, settings):
    from audits.tasks import dossiers_versturen
    from kvo.tasks import berichten_versturen

    settings.EMAIL_BACKEND = "tests.flaky_mail.FlakyBackend"
    settings.OUTBOX_RETRY_SECONDS = 0.5
    FlakyBackend.reset(failures=1)
    dossiers_versturen.delay()
    assert wait_for(lambda: Bericht.objects.filter(pogingen=1, status="wachtend").exists())
    time.sleep(0.6)
    berichten_versturen.delay()  # the catch-up, as beat runs it
    assert wait_for(
        lambda: DossierVerzending.objects.filter(bericht__status="verzonden").count() == 2
    )
    assert FlakyBackend.attempts == 3
    assert len(mail.outbox) == 2
    herhaald = Bericht.objects.get(pogingen=2)
    assert herhaald.status == "verzonden" and "niet bereikbaar" in herhaald.laatste_fout
