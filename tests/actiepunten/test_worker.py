"""A real Celery worker on Redis: the sweep's mails go out once through the outbox, and an
SMTP outage delays them and delivers them once."""

import datetime
import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.core import mail
from django.db import OperationalError, transaction
from django.utils import timezone

from actiepunten import herinneringen
from actiepunten.models import Herinnering, Soort
from actiepunten.tasks import herinneringen_sweep
from kvo import outbox
from kvo.celery import app as celery_app
from kvo.models import Bericht
from kvo.tasks import berichten_versturen
from tests.actiepunten.factories import ActiepuntFactory
from tests.celery_lock import exclusive_redis
from tests.flaky_mail import FlakyBackend

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not django_settings.REDIS_URL,
                       reason="REDIS_URL is niet gezet: geen Redis voor een echte worker"),
]


@pytest.fixture
def worker(settings):
    settings.EMAIL_BACKEND = "tests.flaky_mail.FlakyBackend"
    settings.OUTBOX_RETRY_SECONDS = 0.2
    FlakyBackend.reset()
    with exclusive_redis():
        celery_app.conf.task_always_eager = False
        try:
            celery_app.control.purge()
            with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING"):
                yield
        finally:
            celery_app.conf.task_always_eager = True


def _wait_until(condition, timeout=30, inhalen=False):
    """Wait for `condition`; with `inhalen` run the outbox catch-up now and then, as beat does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError:
            # SQLite's shared in-memory test database locks a whole table while the worker's
            # thread writes to it; that read is simply not answered yet.
            pass
        if inhalen:
            berichten_versturen.delay()
        time.sleep(0.3)
    return False


def _all_sent():
    rows = Herinnering.objects.all()
    return rows.exists() and not rows.exclude(bericht__status=Bericht.Status.VERZONDEN).exists()


def _items(world):
    vandaag = timezone.localdate()
    ActiepuntFactory(traject=world.traject, titel="Vandaag", deadline=vandaag,
                     verantwoordelijke=world.users["gemeente"])
    ActiepuntFactory(traject=world.traject, titel="Over drie dagen",
                     deadline=vandaag + datetime.timedelta(days=3),
                     verantwoordelijke=world.users["politie"])
    ActiepuntFactory(traject=world.traject, titel="Lang te laat",
                     deadline=vandaag - datetime.timedelta(days=20),
                     verantwoordelijke=world.users["brandweer"])


def test_sweep_sends_expected_mails_once_and_a_second_run_sends_nothing(world, worker):
    _items(world)
    herinneringen_sweep.delay()
    assert _wait_until(lambda: Herinnering.objects.count() == 4 and _all_sent())
    assert sorted(Herinnering.objects.values_list("soort", "ontvanger")) == [
        (Soort.DEADLINE_0, "gemeente@example.org"),
        (Soort.DEADLINE_3, "politie@example.org"),
        (Soort.ESCALATIE, "coordinator@example.org"),
        (Soort.TE_LAAT, "brandweer@example.org"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "brandweer@example.org", "coordinator@example.org", "gemeente@example.org",
        "politie@example.org",
    ]
    herinneringen_sweep.delay()
    herinneringen_sweep.delay()
    time.sleep(3)
    assert Herinnering.objects.count() == 4
    assert len(mail.outbox) == 4
    assert FlakyBackend.attempts == 4


def test_smtp_outage_is_retried_with_backoff_and_delivered_exactly_once(world, worker):
    ActiepuntFactory(traject=world.traject, titel="Vandaag", deadline=timezone.localdate(),
                     verantwoordelijke=world.users["gemeente"])
    FlakyBackend.reset(failures=3)
    herinneringen_sweep.delay()
    assert _wait_until(_all_sent, inhalen=True)
    bericht = Herinnering.objects.get().bericht
    assert bericht.pogingen == 4 and "niet bereikbaar" in bericht.laatste_fout
    assert FlakyBackend.attempts == 4
    assert len(mail.outbox) == 1
    herinneringen_sweep.delay()
    time.sleep(2)
    assert len(mail.outbox) == 1


def test_two_relays_sending_the_same_reminder_send_it_once(world, monkeypatch):
    ActiepuntFactory(traject=world.traject, titel="Vandaag", deadline=timezone.localdate(),
                     verantwoordelijke=world.users["gemeente"])
    monkeypatch.setattr("kvo.wachtrij.aanstoten", lambda task, *args: False)  # no kick
    with transaction.atomic():
        herinneringen.herinneringen_plannen()
        herinneringen.herinneringen_bundelen()
    pk = Herinnering.objects.get().bericht_id
    FlakyBackend.reset(delay=0.5)
    resultaten = []

    def relay():
        from django.db import connection

        try:
            resultaten.append(outbox.berichten_versturen(ids=[pk]))
        finally:
            connection.close()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(django_settings, "EMAIL_BACKEND", "tests.flaky_mail.FlakyBackend")
        threads = [threading.Thread(target=relay) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(resultaten) == [0, 1]
    assert len(mail.outbox) == 1
