"""The scheduled dossier send through a real Celery worker on Redis."""

import datetime
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from audits import services
from audits.models import AuditAuditor, DossierVersie, DossierVerzending
from kvo.celery import app as celery_app
from tests.audits.factories import AuditFactory

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


def _wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


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
    assert _wait_for(
        lambda: DossierVerzending.objects.filter(verzonden__isnull=False).count() == 2
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["auditor@example.org",
                                                      "coordinator@example.org"]
    dossiers_versturen.delay()
    time.sleep(5)  # the worker's time to make a (wrong) second send show up
    assert len(mail.outbox) == 2
    assert DossierVerzending.objects.count() == 2
    assert DossierVersie.objects.filter(audit=komende_audit).count() == 1


def test_failing_send_is_retried_by_the_worker(world, komende_audit, worker):
    from audits.tasks import dossiers_versturen

    echte = services.send_templated_mail
    pogingen = []

    def eerst_fout(**kwargs):
        pogingen.append(kwargs["to"])
        if len(pogingen) == 1:
            raise ConnectionRefusedError("SMTP-server tijdelijk onbereikbaar")
        return echte(**kwargs)

    # Only the wait between attempts is shortened; the retry itself is the task's own.
    with mock.patch("audits.services.send_templated_mail", side_effect=eerst_fout), \
            mock.patch("celery.app.autoretry.get_exponential_backoff_interval", return_value=1):
        dossiers_versturen.delay()
        assert _wait_for(
            lambda: DossierVerzending.objects.filter(verzonden__isnull=False).count() == 2
        )
    assert len(pogingen) == 3
    assert len(mail.outbox) == 2
    herhaald = DossierVerzending.objects.get(email=pogingen[0][0])
    assert herhaald.pogingen == 2 and herhaald.fout == ""
