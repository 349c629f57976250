"""The outbox (kvo/outbox.py): written in the transaction, sent after commit, retried with the
same Message-ID, failures visible; never sent twice by two senders."""

import datetime
import smtplib
import threading
import time

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kvo import outbox
from kvo.mail import Mail
from kvo.models import Bericht
from tests.flaky_mail import Storing

pytestmark = pytest.mark.django_db

NU = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
nodig = {"proef": True}


@outbox.soort("tests.proef")
def _proef(bericht):
    if not nodig["proef"]:
        return None
    return Mail(onderwerp=f"Proef {bericht.object_id}", tekst="tekst", html="<p>html</p>")


@pytest.fixture
def storing(settings):
    settings.EMAIL_BACKEND = "tests.flaky_mail.Storing"
    nodig["proef"] = True
    Storing.reset(None, keer=0)
    return Storing


def _maken(**velden):
    return outbox.bericht_maken(**{"soort": "tests.proef", "aan": "a@example.org", **velden})


def test_mail_written_in_a_transaction_goes_out_after_commit_with_a_stable_message_id(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        bericht = _maken(object_id=7)
        assert mail.outbox == []  # nothing leaves before the commit
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.VERZONDEN and bericht.pogingen == 1
    assert bericht.onderwerp == "Proef 7"
    [verzonden] = mail.outbox
    assert verzonden.to == ["a@example.org"]
    assert verzonden.extra_headers["Message-ID"] == f"<{bericht.uuid}@127.0.0.1>"
    assert outbox.message_id(bericht) in verzonden.message().as_string()


def test_rolled_back_change_leaves_no_mail(django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError),
          transaction.atomic()):
        _maken()
        raise RuntimeError("de wijziging mislukt")
    assert not Bericht.objects.exists()
    assert mail.outbox == []


def test_smtp_failure_is_retried_with_backoff_and_the_resend_keeps_its_message_id(storing):
    storing.fout, storing.keer = smtplib.SMTPServerDisconnected("verbinding verbroken"), 2
    with time_machine.travel(NU, tick=False):
        bericht = _maken()
        assert outbox.berichten_versturen() == 0
        bericht.refresh_from_db()
        assert bericht.status == Bericht.Status.WACHTEND and bericht.pogingen == 1
        assert "verbinding verbroken" in bericht.laatste_fout
        assert bericht.volgende_poging == NU + datetime.timedelta(seconds=60)
        assert outbox.berichten_versturen() == 0  # not due yet
    with time_machine.travel(NU + datetime.timedelta(seconds=61), tick=False):
        assert outbox.berichten_versturen() == 0
        bericht.refresh_from_db()
        assert bericht.volgende_poging == NU + datetime.timedelta(seconds=61 + 120)
    with time_machine.travel(NU + datetime.timedelta(minutes=4), tick=False):
        assert outbox.berichten_versturen() == 1
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.VERZONDEN and bericht.pogingen == 3
    assert storing.pogingen == 3
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [outbox.message_id(bericht)]


def test_refused_recipient_fails_at_once_and_staff_can_put_it_back(
    storing, admin_client, django_capture_on_commit_callbacks,
):
    storing.fout = smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such user")})
    storing.keer = 1
    bericht = _maken()
    outbox.berichten_versturen()
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.MISLUKT and bericht.pogingen == 1
    assert "no such user" in bericht.laatste_fout

    lijst = reverse("admin:kvo_bericht_changelist")
    response = admin_client.get(lijst, {"status__exact": "mislukt", "q": "a@example.org"})
    assert response.status_code == 200 and "no such user" not in response.content.decode()
    assert "a@example.org" in response.content.decode()
    detail = admin_client.get(reverse("admin:kvo_bericht_change", args=[bericht.pk]))
    assert "no such user" in detail.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(lijst, {"action": "opnieuw_versturen",
                                  "_selected_action": [bericht.pk]})
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.VERZONDEN and bericht.pogingen == 2
    assert len(mail.outbox) == 1


def test_temporary_refusal_is_retried_and_an_old_mail_is_given_up(storing):
    storing.fout = smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"mailbox busy")})
    storing.keer = 2
    with time_machine.travel(NU, tick=False):
        bericht = _maken()
        outbox.berichten_versturen()
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.WACHTEND
    with time_machine.travel(NU + datetime.timedelta(hours=73), tick=False):
        outbox.berichten_versturen()
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.MISLUKT and bericht.pogingen == 2
    assert mail.outbox == []


def test_expired_claim_is_sent_again_and_a_live_claim_is_left_alone(storing):
    bezig = _maken(object_id=1)
    verlopen = _maken(object_id=2)
    Bericht.objects.filter(pk=bezig.pk).update(
        status=Bericht.Status.BEZIG, pogingen=1,
        geclaimd_tot=timezone.now() + datetime.timedelta(minutes=4),
    )
    Bericht.objects.filter(pk=verlopen.pk).update(
        status=Bericht.Status.BEZIG, pogingen=1,
        geclaimd_tot=timezone.now() - datetime.timedelta(seconds=1),
    )
    assert outbox.berichten_versturen() == 1
    assert [m.subject for m in mail.outbox] == ["Proef 2"]
    verlopen.refresh_from_db()
    assert verlopen.status == Bericht.Status.VERZONDEN and verlopen.pogingen == 2
    assert mail.outbox[0].extra_headers["Message-ID"] == outbox.message_id(verlopen)


def test_mail_no_longer_needed_is_not_sent(storing):
    nodig["proef"] = False
    bericht = _maken()
    outbox.berichten_versturen()
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.VERVALLEN and mail.outbox == []


def test_unknown_kind_fails_visibly():
    bericht = _maken(soort="bestaat.niet")
    outbox.berichten_versturen()
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.MISLUKT
    assert "bestaat.niet" in bericht.laatste_fout


def test_one_failing_mail_does_not_hold_up_the_others(storing):
    storing.fout, storing.keer = smtplib.SMTPDataError(451, b"try later"), 1
    berichten = [_maken(object_id=i) for i in range(3)]
    assert outbox.berichten_versturen() == 2
    statussen = [Bericht.objects.get(pk=b.pk).status for b in berichten]
    assert statussen == [Bericht.Status.WACHTEND, Bericht.Status.VERZONDEN,
                         Bericht.Status.VERZONDEN]


def test_attachments_stored_in_the_row_and_read_from_storage_go_out_identically(settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    naam = storages["default"].save("proef/dossier.pdf", ContentFile(b"%PDF-1.7 proef"))

    class Bestand:
        name = naam

    bericht = _maken(bijlagen=[
        outbox.bijlage_tekst("schouw.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                             "text/calendar; method=REQUEST; charset=utf-8"),
        outbox.bijlage_bestand("dossier.pdf", Bestand, "application/pdf"),
    ])
    outbox.berichten_versturen()
    outbox.opnieuw_versturen(Bericht.objects.filter(pk=bericht.pk))  # sent: left alone
    [verzonden] = mail.outbox
    assert [(n, c) for n, c, _m in verzonden.attachments] == [
        ("schouw.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
        ("dossier.pdf", b"%PDF-1.7 proef"),
    ]


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_mail_once(storing, settings):
    if "sqlite" in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("SQLite serialises writers; the claim race needs a server database")
    from django.db import connection

    # Written without the kick after commit, so only the three senders below send them.
    Bericht.objects.bulk_create(
        Bericht(soort="tests.proef", aan="a@example.org", object_id=i) for i in range(20)
    )
    aantallen = []

    def sender():
        try:
            aantallen.append(outbox.berichten_versturen())
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(aantallen) == 20
    assert sorted(m.subject for m in mail.outbox) == sorted(f"Proef {i}" for i in range(20))
    assert not Bericht.objects.exclude(status=Bericht.Status.VERZONDEN).exists()


def test_broker_that_does_not_answer_costs_the_request_no_error(monkeypatch):
    """The kick after commit is best effort: with the broker unreachable the row waits for the
    catch-up and the caller goes on, and the next kicks do not wait again for a while (the
    frozen broker is tried in tests/faults)."""
    from celery import Celery
    from django.conf import settings

    from kvo import redisstoring, wachtrij

    # Nothing listens on port 9. Not the current app: shared tasks must keep using ours.
    app = Celery("kvo-proef", broker="redis://127.0.0.1:9/0", set_as_current=False)
    app.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    app.conf.broker_connection_timeout = settings.CELERY_BROKER_CONNECTION_TIMEOUT

    @app.task
    def taak():
        return None

    monkeypatch.setattr(redisstoring, "_pauze_tot", 0.0)  # restored after the test
    begin = time.monotonic()
    assert wachtrij.aanstoten(taak) is False
    assert time.monotonic() - begin < 3
    begin = time.monotonic()
    assert wachtrij.aanstoten(taak) is False
    assert time.monotonic() - begin < 0.1


def test_password_reset_mail_goes_through_the_outbox_with_a_token_made_at_send_time(
    client, django_capture_on_commit_callbacks, django_user_model,
):
    user = django_user_model.objects.create_user("lid@example.org", "geheim-wachtwoord-1")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "LID@example.org"})
    assert response.status_code == 302
    bericht = Bericht.objects.get(soort="kvo.wachtwoord_herstel")
    assert bericht.object_id == user.pk and bericht.status == Bericht.Status.VERZONDEN
    assert "token" not in str(bericht.gegevens)
    [verzonden] = mail.outbox
    assert "/wachtwoord/herstel/" in verzonden.body
    link = next(r for r in verzonden.body.split() if "/wachtwoord/herstel/" in r)
    assert client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True).status_code == 200


def test_password_reset_for_unknown_address_writes_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "onbekend@example.org"})
    assert response.status_code == 302
    assert not Bericht.objects.exists()
