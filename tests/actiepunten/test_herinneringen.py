"""The reminder sweep: which reminders are due, once each, in Dutch time, catching up missed
days; the mails go through the outbox, one per address per sweep."""

import datetime
import smtplib
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from actiepunten import herinneringen
from actiepunten.models import Herinnering, HerinneringInstelling, Soort, Status
from actiepunten.tasks import herinneringen_sweep, overzichten_sweep
from kvo.models import Bericht
from kvo.outbox import berichten_versturen
from tests.actiepunten.factories import ActiepuntFactory
from tests.factories import OverlegFactory

AMS = datetime.timezone(datetime.timedelta(hours=2))  # CEST, for readable test times


def _at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=AMS), tick=False)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def sweep(task=herinneringen_sweep):
        with django_capture_on_commit_callbacks(execute=True):
            task.delay()
    return sweep


def _item(world, deadline, **kwargs):
    kwargs.setdefault("verantwoordelijke", world.users["gemeente"])
    return ActiepuntFactory(traject=world.traject, deadline=deadline,
                            organisatie=world.organisaties["gemeente"], **kwargs)


def _soorten():
    return sorted(Herinnering.objects.values_list("soort", flat=True))


@pytest.mark.parametrize(("dagen", "soort"), [
    (20, None), (14, Soort.DEADLINE_14), (4, Soort.DEADLINE_14), (3, Soort.DEADLINE_3),
    (1, Soort.DEADLINE_3), (0, Soort.DEADLINE_0), (-1, Soort.TE_LAAT),
])
def test_reminder_kind_follows_days_to_deadline(world, run, dagen, soort):
    with _at(2026, 6, 10, 7):
        _item(world, datetime.date(2026, 6, 10) + datetime.timedelta(days=dagen))
        run()
    assert _soorten() == ([soort] if soort else [])
    assert len(mail.outbox) == (1 if soort else 0)


def test_sweep_twice_sends_each_reminder_once(world, run):
    with _at(2026, 6, 10, 7):
        _item(world, datetime.date(2026, 6, 13), titel="Straatwerk herstellen")
        run()
        run()
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["gemeente@example.org"]
    assert "Straatwerk herstellen" in bericht.subject
    assert "/actiepunten/trajecten/" in bericht.body
    assert bericht.alternatives[0][1] == "text/html"
    assert Herinnering.objects.get().bericht.status == Bericht.Status.VERZONDEN


def test_each_deadline_window_reminds_once_on_the_way_to_the_deadline(world, run):
    _item(world, datetime.date(2026, 6, 30))
    for dag in range(10, 31):
        with _at(2026, 6, dag, 7):
            run()
    assert _soorten() == [Soort.DEADLINE_0, Soort.DEADLINE_14, Soort.DEADLINE_3]
    assert len(mail.outbox) == 3


def test_overdue_reminder_is_weekly(world, run):
    _item(world, datetime.date(2026, 6, 1))
    for dag in range(2, 17):
        with _at(2026, 6, dag, 7):
            run()
    peildata = sorted(Herinnering.objects.filter(soort=Soort.TE_LAAT)
                      .values_list("peildatum", flat=True))
    assert peildata == [datetime.date(2026, 6, 2), datetime.date(2026, 6, 9),
                        datetime.date(2026, 6, 16)]


def test_overdue_week_mark_for_deadlines_on_every_weekday(world):
    # The week mark is the first day after the deadline, then every 7 days.
    vandaag = datetime.date(2026, 6, 24)
    deadlines = [vandaag - datetime.timedelta(days=n) for n in range(1, 23)]
    for deadline in deadlines:
        _item(world, deadline)
    with _at(2026, 6, 24, 7):
        herinneringen.herinneringen_plannen()
    peildata = dict(Herinnering.objects.filter(soort=Soort.TE_LAAT)
                    .values_list("actiepunt__deadline", "peildatum"))
    assert peildata == {
        deadline: deadline + datetime.timedelta(days=1 + 7 * (((vandaag - deadline).days - 1) // 7))
        for deadline in deadlines
    }


def test_escalation_to_coordinator_after_14_days_overdue(world, run):
    _item(world, datetime.date(2026, 6, 1), titel="Te laat item")
    with _at(2026, 6, 14, 7):
        run()
    assert not Herinnering.objects.filter(soort=Soort.ESCALATIE).exists()
    with _at(2026, 6, 15, 7):
        run()
        run()
    escalatie = Herinnering.objects.get(soort=Soort.ESCALATIE)
    assert escalatie.ontvanger == "coordinator@example.org"
    assert escalatie.bericht.status == Bericht.Status.VERZONDEN
    assert any("Escalatie" in m.subject and m.to == ["coordinator@example.org"]
               for m in mail.outbox)


def test_done_items_get_no_reminders(world, run):
    item = _item(world, datetime.date(2026, 6, 10))
    item.naar_status(Status.GEREED, coordinator=True)
    with _at(2026, 6, 10, 7):
        run()
    assert not Herinnering.objects.exists()


def test_item_done_after_the_row_was_made_is_skipped_not_sent(world, run):
    item = _item(world, datetime.date(2026, 6, 10))
    with _at(2026, 6, 10, 7):
        herinneringen.herinneringen_plannen()
        item.naar_status(Status.GEREED, coordinator=True)
        run()
    herinnering = Herinnering.objects.get()
    assert herinnering.overgeslagen
    assert herinnering.bericht.status == Bericht.Status.VERVALLEN
    assert mail.outbox == []


def test_user_who_switched_deadline_reminders_off_gets_none(world, run):
    HerinneringInstelling.objects.create(user=world.users["gemeente"], deadlines=False)
    _item(world, datetime.date(2026, 6, 10))
    _item(world, datetime.date(2026, 6, 1))
    with _at(2026, 6, 10, 7):
        run()
    assert _soorten() == [Soort.TE_LAAT]


def test_entrepreneur_without_account_gets_reminder_with_personal_link(world, run):
    _item(world, datetime.date(2026, 6, 10), verantwoordelijke=None,
          extern_email="winkel@example.org")
    with _at(2026, 6, 10, 7):
        run()
    bericht = mail.outbox[0]
    assert bericht.to == ["winkel@example.org"]
    assert "/actiepunten/link/" in bericht.body
    assert "instellingen" not in bericht.body


# Dutch time around midnight: the date is Europe/Amsterdam's, not UTC's.

def test_just_after_midnight_in_amsterdam_is_already_the_deadline_day(world, run):
    _item(world, datetime.date(2026, 6, 10))
    # 00:30 in Amsterdam on 10 June is still 9 June in UTC.
    with time_machine.travel(datetime.datetime(2026, 6, 9, 22, 30, tzinfo=datetime.UTC),
                             tick=False):
        run()
    assert _soorten() == [Soort.DEADLINE_0]


def test_just_before_midnight_in_amsterdam_is_still_the_day_before(world, run):
    _item(world, datetime.date(2026, 6, 10))
    with time_machine.travel(datetime.datetime(2026, 6, 9, 21, 59, tzinfo=datetime.UTC),
                             tick=False):
        run()
    assert _soorten() == [Soort.DEADLINE_3]


def test_winter_time_midnight(world, run):
    _item(world, datetime.date(2026, 1, 15))
    # 00:10 CET on 16 January = 23:10 UTC on the 15th: one day overdue.
    with time_machine.travel(datetime.datetime(2026, 1, 15, 23, 10, tzinfo=datetime.UTC),
                             tick=False):
        run()
    herinnering = Herinnering.objects.get()
    assert herinnering.soort == Soort.TE_LAAT
    assert herinnering.peildatum == datetime.date(2026, 1, 16)


def test_werkgroep_meeting_reminder_the_day_before_once(world, run):
    world.traject.lidmaatschappen.filter(user=world.users["politie"]).update(werkgroeprol="lid")
    overleg = OverlegFactory(
        traject=world.traject,
        datum=datetime.datetime(2026, 6, 11, 15, tzinfo=AMS), onderwerp="Matrix bijwerken",
    )
    with _at(2026, 6, 9, 7):
        run()
    assert not Herinnering.objects.exists()
    with _at(2026, 6, 10, 7):
        run()
        run()
    herinnering = Herinnering.objects.get()
    assert herinnering.overleg == overleg and herinnering.ontvanger == "politie@example.org"
    assert len(mail.outbox) == 1
    assert "werkgroepoverleg" in mail.outbox[0].subject.lower()


def test_weekly_digest_once_per_week_per_user(world, run):
    _item(world, datetime.date(2026, 6, 30), titel="Open item van de gemeente")
    with _at(2026, 6, 8, 7, 30):  # a Monday
        run(overzichten_sweep)
        run(overzichten_sweep)
    with _at(2026, 6, 10, 7, 30):
        run(overzichten_sweep)
        run()
    overzichten = Herinnering.objects.filter(soort=Soort.OVERZICHT)
    assert sorted(overzichten.values_list("ontvanger", flat=True)) == ["gemeente@example.org"]
    assert len(mail.outbox) == 1
    assert "Open item van de gemeente" in mail.outbox[0].body
    with _at(2026, 6, 15, 7, 30):
        run(overzichten_sweep)
    assert len(mail.outbox) == 2


def test_digest_missed_on_monday_is_made_by_the_next_daily_sweep(world, run):
    _item(world, datetime.date(2026, 7, 30), titel="Open item van de gemeente")
    with _at(2026, 6, 1, 7, 30):  # Monday
        run(overzichten_sweep)
    with _at(2026, 6, 5, 7):  # the daily sweep on Friday: this week's digest is made
        run()
    with _at(2026, 6, 9, 7):  # beat or the broker was down on Monday the 8th
        run()
        run()
    peildata = Herinnering.objects.filter(soort=Soort.OVERZICHT).values_list("peildatum",
                                                                             flat=True)
    assert sorted(peildata) == [datetime.date(2026, 6, 1), datetime.date(2026, 6, 8)]
    assert len(mail.outbox) == 2


def test_database_refuses_a_second_row_for_the_same_reminder(world):
    item = _item(world, datetime.date(2026, 6, 10))
    velden = {"actiepunt": item, "soort": Soort.DEADLINE_0, "peildatum": item.deadline,
              "ontvanger": "gemeente@example.org"}
    Herinnering.objects.create(**velden)
    with pytest.raises(IntegrityError), transaction.atomic():
        Herinnering.objects.create(**velden)


def test_smtp_failure_keeps_the_mail_waiting_and_recovery_sends_it_once(world, run):
    _item(world, datetime.date(2026, 6, 10), titel="Straatwerk herstellen")
    with _at(2026, 6, 10, 7), mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=smtplib.SMTPServerDisconnected("verbinding weg"),
    ):
        run()
    bericht = Herinnering.objects.get().bericht
    assert bericht.status == Bericht.Status.WACHTEND and bericht.pogingen == 1
    assert "verbinding weg" in bericht.laatste_fout
    html = world.client_for("coordinator").get(
        reverse("actiepunten:herinneringen", args=[world.traject.pk])).content.decode()
    assert "verbinding weg" in html and "mail in de wachtrij" in html
    with _at(2026, 6, 10, 7, 5):
        run()  # the sweep again adds nothing; the catch-up sends
        assert berichten_versturen() == 1
        assert berichten_versturen() == 0
    assert len(mail.outbox) == 1


def test_escalations_and_overdue_items_to_one_person_come_in_one_mail(world, run):
    """A coordinator with many escalated items gets one mail listing them, not one each."""
    for i in range(12):
        _item(world, datetime.date(2026, 5, 1) + datetime.timedelta(days=i),
              titel=f"Escalatie-item {i}", verantwoordelijke=world.users["coordinator"])
    _item(world, datetime.date(2026, 6, 20), titel="Bijna-deadline",
          verantwoordelijke=world.users["coordinator"])
    with _at(2026, 6, 10, 7):
        run()
    [aan_coordinator] = [m for m in mail.outbox if m.to == ["coordinator@example.org"]]
    assert Herinnering.objects.filter(ontvanger="coordinator@example.org").count() == 25
    assert "13 actiepunten" in aan_coordinator.subject
    for i in range(12):
        assert aan_coordinator.body.count(f"Escalatie-item {i}\n") + \
            aan_coordinator.body.count(f"Escalatie-item {i} (") == 1
    assert "Bijna-deadline" in aan_coordinator.body
    assert len(mail.outbox) == 1


def test_days_missed_while_the_broker_was_down_are_planned_by_the_next_sweep(world, run):
    """The "deadline today" reminder is made for the day it was due even when that day's
    sweep never ran; the mail lists the item once, as it is now (overdue)."""
    _item(world, datetime.date(2026, 6, 10), titel="Straatwerk herstellen")
    with _at(2026, 6, 9, 7):
        run()
    with _at(2026, 6, 12, 7):  # no sweep on 10 and 11 June
        run()
    assert _soorten() == [Soort.DEADLINE_0, Soort.DEADLINE_3, Soort.TE_LAAT]
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == 'Te laat: actiepunt "Straatwerk herstellen"'
    assert mail.outbox[1].body.count("Straatwerk herstellen") == 1


def test_coordinator_sees_the_reminder_log(world, run):
    _item(world, datetime.date(2026, 6, 10), titel="Straatwerk herstellen")
    with _at(2026, 6, 10, 7):
        run()
    html = world.client_for("coordinator").get(
        reverse("actiepunten:herinneringen", args=[world.traject.pk])
    ).content.decode()
    assert "Straatwerk herstellen" in html and "gemeente@example.org" in html
