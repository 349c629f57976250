"""Faults injected on real parts: a real Celery worker and beat, a Redis of the test's own, a real
SMTP server that refuses, drops its reply and stalls, gunicorn for web requests. Each run checks
that every expected mail arrives, that none arrives twice except as a resend after an unknown
outcome (with the same Message-ID), and, with the broker gone or frozen, that web requests still
answer within 3 seconds. What each fault costs is written down in docs/operations.md.
"""

import datetime
import threading
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from kvo.models import Bericht
from schouwen import services as schouwen_services
from schouwen.models import Schouw
from tests.actiepunten.factories import ActiepuntFactory
from tests.faults.conftest import (
    MESSAGE_ID,
    production_like,
    session_for,
    terminate_backends,
    wait_until,
)
from trajects import services as trajects_services
from trajects.models import Rol

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(not production_like(),
                       reason="fault tests run in the production-like leg (PostgreSQL, Redis)"),
]

ANTWOORD_BINNEN = 3.0  # seconds a web request may take while the broker is gone or frozen


def mails_schrijven(world, aantal=6):
    """Invitations and a schouw invitation with .ics, written as the app writes them (the test
    process enqueues nothing: the worker finds them through beat's catch-up)."""
    for i in range(aantal):
        trajects_services.uitnodiging_versturen(
            traject=world.traject, email=f"nieuw{i}@example.org",
            organisatie=world.organisaties["gemeente"], rol=Rol.PARTNER,
            door=world.users["coordinator"],
        )
    begin = timezone.now() + datetime.timedelta(days=3)
    schouwen_services.schouw_plannen(
        traject=world.traject,
        deelnemers=list(world.traject.lidmaatschappen.filter(
            user__in=[world.users["politie"], world.users["brandweer"]])),
        titel="Avondschouw", begin=begin, einde=begin + datetime.timedelta(hours=2),
        dagdeel=Schouw.Dagdeel.AVOND, soort=Schouw.Soort.PERIODIEK,
    )


def uuid_van(message_id):
    return MESSAGE_ID.search(message_id).group(1)


def alles_een_keer_aangekomen(smtp, installatie, timeout=90):
    """Wait until every outbox row arrived and is marked sent; then nothing else arrived and no
    Message-ID arrived twice except after an unknown outcome. Returns the arrival counts."""
    verwacht = {str(u) for u in Bericht.objects.values_list("uuid", flat=True)}
    assert verwacht

    def klaar():
        aangekomen = {uuid_van(m) for m in smtp.message_ids()}
        return verwacht <= aangekomen and not Bericht.objects.exclude(
            status=Bericht.Status.VERZONDEN).exists()

    open_rijen = Bericht.objects.exclude(status=Bericht.Status.VERZONDEN)
    assert wait_until(klaar, timeout, interval=0.25), (
        f"not every mail arrived: {sorted(open_rijen.values_list('status', 'laatste_fout'))}"
        f"\n{installatie.logs()}"
    )
    time.sleep(1.5)  # time for a wrong second copy to show up
    aantallen = {uuid_van(m): n for m, n in smtp.message_ids().items()}
    assert set(aantallen) == verwacht
    assert smtp.check_once() == [], "a mail arrived twice after a known outcome"
    return aantallen


def test_smtp_that_refuses_drops_its_reply_and_stalls_delays_mail_but_loses_none(
    world, smtp, installatie,
):
    smtp.reset(plan=["refuse", "refuse", "drop", "stall"])
    mails_schrijven(world)
    installatie.start()
    aantallen = alles_een_keer_aangekomen(smtp, installatie)

    # The mails whose reply was lost or came too late went out again, as the same message.
    onbekend = {uuid_van(r.message_id) for r in smtp.received if not r.known}
    assert len(onbekend) == 2
    assert all(aantallen[u] == 2 for u in onbekend)
    assert sum(aantallen.values()) == len(aantallen) + 2
    assert Bericht.objects.filter(pogingen__gte=2).count() >= 4
    # The .ics is stored in the row: every copy carries the same calendar file.
    schouw_mails = [r for r in smtp.received if "schouw" in r.subject.lower()]
    assert len({r.to[0] for r in schouw_mails}) == 2
    for r in schouw_mails:
        [ics] = [p for p in r.message.iter_attachments() if p.get_filename() == "schouw.ics"]
        assert b"METHOD:REQUEST" in ics.get_content().encode()


def test_worker_killed_mid_send_is_restarted_and_the_mail_goes_out_again_as_itself(
    world, smtp, installatie,
):
    smtp.reset(plan=["hold"])
    mails_schrijven(world, aantal=3)
    installatie.start()
    assert smtp.holding.wait(30), installatie.logs()
    installatie.worker.kill()  # SIGKILL, as the OOM killer would
    smtp.release()
    installatie.worker.start()  # what the supervisor does (deploy/kvo-worker.service)
    aantallen = alles_een_keer_aangekomen(smtp, installatie)

    [vastgehouden] = [uuid_van(r.message_id) for r in smtp.received if r.step == "hold"]
    assert aantallen[vastgehouden] == 2  # its claim ran out; sent again, same Message-ID
    assert Bericht.objects.get(uuid=vastgehouden).pogingen == 2
    assert all(n == 1 for u, n in aantallen.items() if u != vastgehouden)


def test_database_connections_terminated_while_sending_lose_and_double_nothing(
    world, smtp, installatie,
):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        eigen = cursor.fetchone()[0]
    smtp.reset(delay=0.3)  # each mail takes a moment: terminations land mid-send
    mails_schrijven(world, aantal=10)
    installatie.start()
    gestopt = threading.Event()
    beeindigd = []

    def beeindigen():
        while not gestopt.wait(0.4):
            beeindigd.append(terminate_backends(connection.settings_dict, keep=[eigen]))

    terminator = threading.Thread(target=beeindigen)
    terminator.start()
    try:
        assert smtp.wait_for(lambda s: len(s.received) >= 12, timeout=90), installatie.logs()
    finally:
        gestopt.set()
        terminator.join()
    assert sum(beeindigd) > 0
    aantallen = alles_een_keer_aangekomen(smtp, installatie)
    assert all(n == 1 for n in aantallen.values())
    assert installatie.worker.alive


def _link_en_herstel(world, installatie):
    """Web requests that write mails while the broker is unreachable: each must answer quickly
    and write its mail; also a page and the health check."""
    actiepunt = ActiepuntFactory(traject=world.traject, extern_email="winkel@example.org")
    sessie = session_for(world.users["coordinator"])
    web = installatie.web
    tijden = {}
    status, tijden["link"] = web.request(
        "POST", reverse("actiepunten:link-versturen", args=[world.traject.pk, actiepunt.pk]),
        session=sessie, data={})
    assert status == 302
    status, tijden["wachtwoord"] = web.request(
        "POST", reverse("password_reset"), data={"email": "gemeente@example.org"})
    assert status == 302
    status, tijden["dashboard"] = web.request("GET", reverse("trajects:dashboard"),
                                              session=sessie)
    assert status == 200
    status, tijden["gezondheid"] = web.request("GET", reverse("health"))
    assert status == 503  # the broker is reported as failing, in time
    assert max(tijden.values()) < ANTWOORD_BINNEN, tijden
    assert set(Bericht.objects.values_list("soort", flat=True)) >= {
        "actiepunten.link", "kvo.wachtwoord_herstel"}


def test_broker_gone_while_the_worker_holds_tasks_costs_delay_not_mail_or_the_worker(
    world, smtp, installatie,
):
    """The known crash: a worker holding a task that waits for its ETA exits when Redis goes
    away (kombu's restore of unacknowledged messages fails). Avoided by a setting
    (CELERY_BROKER_TRANSPORT_OPTIONS: no ack emulation)."""
    from celery import Celery

    smtp.reset(plan=["hold"])
    mails_schrijven(world, aantal=1)
    installatie.start(web=True)
    worker_pid = installatie.worker.pid
    assert smtp.holding.wait(30), installatie.logs()
    app = Celery("fouten", broker=installatie.redis.url, set_as_current=False)
    app.send_task("kvo.tasks.hartslag", countdown=300)  # a task waiting in the worker
    assert wait_until(lambda: "kvo.tasks.hartslag" in installatie.worker.output(), 15)
    installatie.redis.stop()  # while the worker runs one task and holds another
    smtp.release()
    _link_en_herstel(world, installatie)
    time.sleep(3)  # the worker notices the lost broker and retries the connection
    assert installatie.worker.alive, installatie.worker.tail()
    installatie.redis.start()
    alles_een_keer_aangekomen(smtp, installatie)
    assert installatie.worker.alive and installatie.worker.pid == worker_pid
    assert "Unrecoverable error" not in installatie.worker.output()


def test_frozen_broker_never_holds_up_a_web_request(world, smtp, installatie):
    installatie.start(web=True)
    installatie.redis.freeze()
    try:
        _link_en_herstel(world, installatie)
    finally:
        installatie.redis.thaw()
    alles_een_keer_aangekomen(smtp, installatie)
    assert installatie.worker.alive
