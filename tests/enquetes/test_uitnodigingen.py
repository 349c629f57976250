"""Invitations and reminders by mail through Celery: each recipient once per round."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enquetes import services, tasks
from enquetes.models import Herinnering, Herinneringsronde, Ontvanger
from tests.enquetes.factories import OntvangerFactory


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


def test_invitations_go_out_once_even_if_the_task_runs_again(
    meting, django_capture_on_commit_callbacks
):
    OntvangerFactory.create_batch(2, meting=meting)
    assert tasks.verstuur_uitnodigingen(meting.pk) == 2
    assert tasks.verstuur_uitnodigingen(meting.pk) == 0
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


def test_failed_mail_is_retried_without_resending_the_ones_that_went_out(meting, monkeypatch):
    OntvangerFactory.create_batch(3, meting=meting)
    echte = tasks.send_templated_mail
    pogingen = []

    def soms_stuk(**kwargs):
        pogingen.append(kwargs["to"][0])
        if len(pogingen) == 2:
            raise OSError("SMTP weg")
        return echte(**kwargs)

    monkeypatch.setattr(tasks, "send_templated_mail", soms_stuk)
    with pytest.raises(OSError):
        tasks.verstuur_uitnodigingen.run(meting.pk)
    assert len(mail.outbox) == 1
    assert meting.ontvangers.filter(uitgenodigd__isnull=True).count() == 2
    assert tasks.verstuur_uitnodigingen.run(meting.pk) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        meting.ontvangers.values_list("email", flat=True))


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
        ronde = services.herinnering_versturen(meting=meting)
    assert len(mail.outbox) == 3
    assert tasks.verstuur_herinneringen(ronde.pk) == 0  # a redelivered task sends nothing
    assert len(mail.outbox) == 3
    Ontvanger.objects.filter(pk=meting.ontvangers.first().pk).update(beantwoord=nu)
    with django_capture_on_commit_callbacks(execute=True):
        tweede = services.herinnering_versturen(meting=meting)
    assert tweede.nummer == 2
    assert len(mail.outbox) == 5
    assert Herinnering.objects.filter(verstuurd__isnull=False).count() == 5


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
    from celery.result import AsyncResult

    from kvo.celery import app as celery_app
    from tests.celery_lock import exclusive_redis
    from tests.enquetes.factories import MetingFactory, VraagFactory

    meting = MetingFactory(traject=world.traject)
    VraagFactory(sjabloon=meting.sjabloon)
    OntvangerFactory.create_batch(3, meting=meting, uitgenodigd=timezone.now())
    from celery.backends.redis import RedisBackend

    # Results only for this test, so it can wait for the worker to finish. The lock keeps
    # other xdist processes' workers off the shared queue meanwhile.
    backend = RedisBackend(app=celery_app, url=settings.REDIS_URL)
    with exclusive_redis():
        celery_app.conf.task_always_eager = False
        celery_app.conf.result_backend = settings.REDIS_URL
        try:
            celery_app.control.purge()
            with start_worker(celery_app, perform_ping_check=False, pool="solo"):
                # The service enqueues the round's task on commit; send it twice more, as a
                # redelivery would. The solo worker runs them in order.
                ronde = services.herinnering_versturen(meting=meting)
                dubbel = [tasks.verstuur_herinneringen.delay(ronde.pk).id for _ in range(2)]
                uitkomsten = [AsyncResult(i, backend=backend).get(timeout=30) for i in dubbel]
        finally:
            celery_app.conf.result_backend = None
            celery_app.conf.task_always_eager = True
    assert uitkomsten == [0, 0]
    assert Herinnering.objects.filter(ronde=ronde, verstuurd__isnull=False).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        meting.ontvangers.values_list("email", flat=True))


def test_automatic_reminder_goes_out_once_three_days_before_closing(
    world, django_capture_on_commit_callbacks
):
    import datetime

    import time_machine

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
            assert tasks.herinner_automatisch() == verwacht, dag
    assert [m.to for m in mail.outbox] == [[meting.ontvangers.get().email]]
    assert Herinneringsronde.objects.get().meting == meting
