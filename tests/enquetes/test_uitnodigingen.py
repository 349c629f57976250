"""Invitations and reminders by mail through the outbox: each recipient once per round."""

import datetime
import re
import time

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enquetes import services, tasks
from enquetes.models import Herinnering, Herinneringsronde, Ontvanger
from kvo.models import Bericht
from kvo.outbox import berichten_versturen
from tests.enquetes.factories import OntvangerFactory
from tests.flaky_mail import FlakyBackend


def links_in(berichten):
    return [re.search(r"https?://\S+/enquetes/invullen/\S+/", m.body).group(0) for m in berichten]


def test_coordinator_sends_each_recipient_its_own_working_link(
    world, meting, django_capture_on_commit_callbacks
):
    OntvangerFactory.create_batch(3, meting=meting)
    client = world.client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("enquetes:uitnodigingen-versturen", args=[world.traject.pk, meting.pk]),
            follow=True)
    assert "3 uitnodigingen worden verstuurd." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        meting.ontvangers.values_list("email", flat=True))
    assert mail.outbox[0].subject.startswith("Enquête veilig ondernemen")
    links = links_in(mail.outbox)
    assert len(set(links)) == 3
    pad = links[0].removeprefix(settings.SITE_URL)
    assert Client().get(pad).status_code == 200
    assert not meting.ontvangers.filter(uitgenodigd__isnull=True).exists()


def test_invitations_go_out_once_even_if_the_relay_runs_again(
    meting, django_capture_on_commit_callbacks
):
    OntvangerFactory.create_batch(2, meting=meting)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.uitnodigingen_versturen(meting=meting) == 2
    assert berichten_versturen() == 0
    assert len(mail.outbox) == 2
    # Recipients added later get theirs in the next run; the others are not mailed again.
    OntvangerFactory(meting=meting, email="later@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.uitnodigingen_versturen(meting=meting)
    assert [m.to for m in mail.outbox[2:]] == [["later@example.org"]]


def test_sending_again_with_nobody_new_says_so(world, meting):
    OntvangerFactory(meting=meting, uitgenodigd=timezone.now())
    response = world.client_for("coordinator").post(
        reverse("enquetes:uitnodigingen-versturen", args=[world.traject.pk, meting.pk]),
        follow=True)
    assert "Er zijn geen ontvangers die nog geen uitnodiging hebben." in \
        response.content.decode()
    assert mail.outbox == []


def test_failed_mail_is_retried_without_resending_the_ones_that_went_out(
    meting, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.flaky_mail.FlakyBackend"
    FlakyBackend.reset(failures=1)
    OntvangerFactory.create_batch(3, meting=meting)
    with django_capture_on_commit_callbacks(execute=True):
        services.uitnodigingen_versturen(meting=meting)
    assert len(mail.outbox) == 2
    assert not meting.ontvangers.filter(uitgenodigd__isnull=True).exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert berichten_versturen() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        meting.ontvangers.values_list("email", flat=True))
    assert FlakyBackend.attempts == 4


def test_invitation_that_cannot_be_delivered_shows_on_the_recipient_list(
    world, meting, settings, django_capture_on_commit_callbacks
):
    import smtplib

    from tests.flaky_mail import Storing

    settings.EMAIL_BACKEND = "tests.flaky_mail.Storing"
    Storing.reset(smtplib.SMTPRecipientsRefused({"x": (550, b"unknown")}), keer=1)
    OntvangerFactory(meting=meting, bedrijfsnaam="Bakkerij Onbekend")
    with django_capture_on_commit_callbacks(execute=True):
        services.uitnodigingen_versturen(meting=meting)
    html = world.client_for("coordinator").get(
        reverse("enquetes:ontvangers", args=[world.traject.pk, meting.pk])).content.decode()
    assert "mail mislukt" in html


def test_reminder_goes_only_to_invited_recipients_who_have_not_answered(
    world, meting, django_capture_on_commit_callbacks
):
    nu = timezone.now()
    wacht = OntvangerFactory(meting=meting, uitgenodigd=nu, email="wacht@example.org")
    OntvangerFactory(meting=meting, uitgenodigd=nu, beantwoord=nu)
    OntvangerFactory(meting=meting)  # not invited yet
    client = world.client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("enquetes:herinneren", args=[world.traject.pk, meting.pk]), follow=True)
    assert "Herinneringsronde 1: 1 herinneringen worden verstuurd." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["wacht@example.org"]]
    assert mail.outbox[0].subject.startswith("Herinnering")
    assert Herinnering.objects.get().ontvanger == wacht


def test_each_recipient_gets_one_reminder_per_round(meting, django_capture_on_commit_callbacks):
    nu = timezone.now()
    OntvangerFactory.create_batch(3, meting=meting, uitgenodigd=nu)
    with django_capture_on_commit_callbacks(execute=True):
        services.herinnering_versturen(meting=meting)
    assert len(mail.outbox) == 3
    assert berichten_versturen() == 0  # a second relay run sends nothing
    assert len(mail.outbox) == 3
    Ontvanger.objects.filter(pk=meting.ontvangers.first().pk).update(beantwoord=nu)
    with django_capture_on_commit_callbacks(execute=True):
        tweede = services.herinnering_versturen(meting=meting)
    assert tweede.nummer == 2
    assert len(mail.outbox) == 5
    assert Bericht.objects.filter(
        soort="enquetes.herinnering", status=Bericht.Status.VERZONDEN).count() == 5
    assert Herinnering.objects.count() == 5


def test_reminder_to_a_business_that_answered_meanwhile_is_not_sent(meting):
    nu = timezone.now()
    OntvangerFactory.create_batch(2, meting=meting, uitgenodigd=nu)
    services.herinnering_versturen(meting=meting)  # written; the relay has not run yet
    Ontvanger.objects.filter(pk=meting.ontvangers.first().pk).update(beantwoord=nu)
    assert berichten_versturen() == 1
    assert Bericht.objects.filter(status=Bericht.Status.VERVALLEN).count() == 1


def test_reminder_when_everyone_answered_is_refused(world, meting):
    OntvangerFactory(meting=meting, uitgenodigd=timezone.now(), beantwoord=timezone.now())
    response = world.client_for("coordinator").post(
        reverse("enquetes:herinneren", args=[world.traject.pk, meting.pk]), follow=True)
    assert "Iedereen die is uitgenodigd heeft al geantwoord." in response.content.decode()
    assert not Herinneringsronde.objects.exists()
    assert mail.outbox == []


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_reminders_are_sent_by_a_real_worker_exactly_once(world):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is empty: no Redis broker for a real Celery worker")
    from celery.contrib.testing.worker import start_worker

    from kvo import tasks as kvo_tasks
    from kvo.celery import app as celery_app
    from tests.celery_lock import exclusive_redis
    from tests.enquetes.factories import MetingFactory, VraagFactory

    meting = MetingFactory(traject=world.traject)
    VraagFactory(sjabloon=meting.sjabloon)
    OntvangerFactory.create_batch(3, meting=meting, uitgenodigd=timezone.now())
    with exclusive_redis():
        celery_app.conf.task_always_eager = False
        try:
            celery_app.control.purge()
            with start_worker(celery_app, perform_ping_check=False, pool="solo"):
                # The service enqueues the relay on commit; the catch-up runs twice as well,
                # as beat and a redelivery would.
                ronde = services.herinnering_versturen(meting=meting)
                for _ in range(2):
                    kvo_tasks.berichten_versturen.delay()
                berichten = Bericht.objects.filter(soort="enquetes.herinnering")
                deadline = time.monotonic() + 30
                while berichten.filter(status=Bericht.Status.VERZONDEN).count() < 3:
                    assert time.monotonic() < deadline
                    time.sleep(0.2)
                time.sleep(1)  # time for a duplicate to show up
        finally:
            celery_app.conf.task_always_eager = True
    assert Herinnering.objects.filter(ronde=ronde).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        meting.ontvangers.values_list("email", flat=True))


def test_automatic_reminder_goes_out_once_three_days_before_closing(
    world, django_capture_on_commit_callbacks
):
    from tests.enquetes.factories import MetingFactory

    einde = datetime.date(2026, 3, 20)
    meting = MetingFactory(traject=world.traject, start=datetime.date(2026, 3, 1), einde=einde,
                           automatisch_herinneren=True)
    zonder = MetingFactory(traject=world.traject, start=datetime.date(2026, 3, 1), einde=einde)
    for m in (meting, zonder):
        OntvangerFactory(meting=m, uitgenodigd=timezone.now())
    for dag, verwacht in [(16, 0), (17, 1), (18, 0), (19, 0)]:
        with time_machine.travel(datetime.datetime(2026, 3, dag, 9, tzinfo=datetime.UTC),
                                 tick=False), django_capture_on_commit_callbacks(execute=True):
            assert tasks.herinneringen_automatisch_versturen() == verwacht, dag
    assert [m.to for m in mail.outbox] == [[meting.ontvangers.get().email]]
    assert Herinneringsronde.objects.get().meting == meting
