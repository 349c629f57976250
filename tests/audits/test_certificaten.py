"""Certificates: validity per scheme version, labels and stars, reminders, public check,
re-certification."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from audits import services
from audits.models import Audit, Certificaat, CertificaatHerinnering, Cyclus, SchemaVersie
from tests.audits.factories import AuditFactory, CertificaatFactory
from trajects.models import FaseWijziging, Traject

pytestmark = pytest.mark.django_db


def _positieve_audit(world):
    return AuditFactory(
        traject=world.traject, certificerende_instelling=world.organisaties["auditor"],
        uitkomst=Audit.Uitkomst.POSITIEF, uitkomst_vastgesteld="2019-06-27T12:00:00Z",
    )


def _zet_fase(traject, fase):
    Traject.objects.filter(pk=traject.pk).update(fase=fase)
    traject.refresh_from_db()


def test_certificate_gets_label_star_and_validity_from_scheme_version(world, coordinator_client):
    _zet_fase(world.traject, Traject.Fase.AUDIT)
    audit = _positieve_audit(world)
    response = coordinator_client.post(
        reverse("audits:certificaat-nieuw", args=[world.traject.pk]),
        {"nummer": " KVO-W-2019-001 ", "uitgegeven": "2019-07-17",
         "certificerende_instelling": world.organisaties["auditor"].pk, "audit": audit.pk},
    )
    assert response.status_code == 302
    certificaat = Certificaat.objects.get()
    assert certificaat.nummer == "KVO-W-2019-001"
    assert certificaat.label == "Basis Samenwerken"
    assert certificaat.sterren == 1
    assert certificaat.geldig_tot == datetime.date(2022, 7, 16)
    world.traject.refresh_from_db()
    assert world.traject.fase == Traject.Fase.UITVOERING


def test_next_certificate_is_continu_samenwerken_with_one_more_star_up_to_five(world):
    CertificaatFactory(traject=world.traject, sterren=5, uitgegeven=datetime.date(2016, 7, 1),
                       geldig_tot=datetime.date(2019, 6, 30))
    certificaat = services.certificaat_uitgeven(
        traject=world.traject, nummer="KVO-2", uitgegeven=datetime.date(2019, 7, 17),
        certificerende_instelling=world.organisaties["auditor"], door=world.users["coordinator"],
    )
    assert certificaat.label == "Continu Samenwerken"
    assert certificaat.sterren == 5


def test_business_park_certificate_has_no_stars(world):
    world.traject.gebied.soort = "bedrijventerrein"
    world.traject.gebied.save()
    certificaat = services.certificaat_uitgeven(
        traject=world.traject, nummer="KVO-B-1", uitgegeven=datetime.date(2019, 7, 17),
        certificerende_instelling=world.organisaties["auditor"], door=world.users["coordinator"],
    )
    assert certificaat.sterren is None


def test_validity_changed_in_admin_applies_to_new_certificates(world):
    SchemaVersie.objects.filter(code="4.0").update(geldigheid_jaren=4)
    certificaat = services.certificaat_uitgeven(
        traject=world.traject, nummer="KVO-4", uitgegeven=datetime.date(2024, 3, 1),
        certificerende_instelling=world.organisaties["auditor"], door=world.users["coordinator"],
    )
    assert certificaat.geldig_tot == datetime.date(2028, 2, 29)


def test_duplicate_certificate_number_is_refused(world, coordinator_client):
    CertificaatFactory(nummer="KVO-W-1")
    response = coordinator_client.post(
        reverse("audits:certificaat-nieuw", args=[world.traject.pk]),
        {"nummer": "KVO-W-1", "uitgegeven": "2019-07-17",
         "certificerende_instelling": world.organisaties["auditor"].pk},
    )
    assert response.status_code == 200
    assert "Certificaatnummer KVO-W-1 bestaat al." in response.content.decode()
    assert not world.traject.certificaten.exists()


def test_certificate_needs_a_positive_audit(world):
    audit = AuditFactory(traject=world.traject, uitkomst=Audit.Uitkomst.NEGATIEF,
                         uitkomst_vastgesteld="2019-06-27T12:00:00Z")
    with pytest.raises(Exception, match="positieve audit"):
        services.certificaat_uitgeven(
            traject=world.traject, nummer="X", uitgegeven=datetime.date(2019, 7, 17),
            certificerende_instelling=audit.certificerende_instelling,
            door=world.users["coordinator"], audit=audit,
        )
    assert not Certificaat.objects.exists()


# Reminders -----------------------------------------------------------------------------------

def _run_reminders(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.herinneringen_aanmaken()


def test_reminders_go_out_six_and_three_months_before_expiry_once_each(
    world, django_capture_on_commit_callbacks
):
    CertificaatFactory(traject=world.traject, geldig_tot=datetime.date(2022, 7, 16))
    with time_machine.travel(datetime.datetime(2022, 1, 15, 7), tick=False):
        assert _run_reminders(django_capture_on_commit_callbacks) == []
    with time_machine.travel(datetime.datetime(2022, 1, 16, 7), tick=False):
        _run_reminders(django_capture_on_commit_callbacks)
        _run_reminders(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["coordinator@example.org"]
    assert "16 juli 2022" in mail.outbox[0].subject
    with time_machine.travel(datetime.datetime(2022, 4, 16, 7), tick=False):
        _run_reminders(django_capture_on_commit_callbacks)
        _run_reminders(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert sorted(CertificaatHerinnering.objects.values_list("soort", flat=True)) == ["3m", "6m"]
    assert all(h.verzonden for h in CertificaatHerinnering.objects.all())


def test_late_certificate_gets_only_the_three_month_reminder(
    world, django_capture_on_commit_callbacks
):
    CertificaatFactory(traject=world.traject, geldig_tot=datetime.date(2022, 7, 16))
    with time_machine.travel(datetime.datetime(2022, 5, 1, 7), tick=False):
        _run_reminders(django_capture_on_commit_callbacks)
    assert list(CertificaatHerinnering.objects.values_list("soort", flat=True)) == ["3m"]
    assert len(mail.outbox) == 1


def test_failing_reminder_asks_for_a_retry_and_the_retry_sends_it_once(
    world, django_capture_on_commit_callbacks
):
    from celery.exceptions import Retry

    from audits.tasks import verstuur_herinnering

    CertificaatFactory(traject=world.traject, geldig_tot=datetime.date(2022, 7, 16))
    with time_machine.travel(datetime.datetime(2022, 1, 20, 7), tick=False), \
            mock.patch("audits.services.send_templated_mail",
                       side_effect=ConnectionRefusedError("SMTP-server onbereikbaar")), \
            pytest.raises(Retry):
        _run_reminders(django_capture_on_commit_callbacks)
    herinnering = CertificaatHerinnering.objects.get()
    assert herinnering.verzonden is None and herinnering.pogingen == 1
    assert "SMTP-server onbereikbaar" in herinnering.fout
    verstuur_herinnering.apply(args=[herinnering.pk])
    verstuur_herinnering.apply(args=[herinnering.pk])
    herinnering.refresh_from_db()
    assert herinnering.verzonden is not None and herinnering.pogingen == 2
    assert len(mail.outbox) == 1


# Public verification -------------------------------------------------------------------------

def test_anonymous_visitor_verifies_certificate_without_personal_data(world, client):
    CertificaatFactory(
        traject=world.traject, nummer="KVO-W-2019-001", uitgegeven=datetime.date(2019, 7, 17),
        geldig_tot=datetime.date(2099, 7, 16),
        certificerende_instelling=world.organisaties["auditor"],
    )
    response = client.get(reverse("audits:certificaat-verifieren"), {"nummer": "kvo-w-2019-001"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dit certificaat is geldig." in body
    assert world.traject.gebied.naam in body and "Kiwa NCP" in body
    assert "Basis Samenwerken" in body
    for persoonlijk in ["coordinator@example.org", "Coordinator", world.traject.naam]:
        assert persoonlijk not in body


def test_unknown_certificate_number_says_so(client, db):
    response = client.get(reverse("audits:certificaat-verifieren"), {"nummer": "BESTAAT-NIET"})
    assert "Er is geen certificaat met dit nummer bekend." in response.content.decode()


def test_expired_certificate_is_shown_as_not_valid(world, client):
    CertificaatFactory(traject=world.traject, nummer="OUD-1", uitgegeven=datetime.date(2015, 1, 1),
                       geldig_tot=datetime.date(2017, 12, 31))
    response = client.get(reverse("audits:certificaat-verifieren"), {"nummer": "OUD-1"})
    assert "Dit certificaat is niet (meer) geldig." in response.content.decode()


# Re-certification ----------------------------------------------------------------------------

def test_recertification_starts_next_cycle_and_keeps_history(world, coordinator_client):
    _zet_fase(world.traject, Traject.Fase.UITVOERING)
    certificaat = CertificaatFactory(
        traject=world.traject, certificerende_instelling=world.organisaties["auditor"]
    )
    partners = set(world.traject.partners.values_list("organisatie_id", flat=True))
    geschiedenis = FaseWijziging.objects.filter(traject=world.traject).count()
    response = coordinator_client.post(
        reverse("audits:hercertificering", args=[world.traject.pk]), {"auditdatum": "2022-05-20"}
    )
    assert response.status_code == 302
    world.traject.refresh_from_db()
    assert world.traject.fase == Traject.Fase.HERCERTIFICERING
    cyclus = Cyclus.objects.get(traject=world.traject)
    assert cyclus.nummer == 2 and cyclus.vorig_certificaat == certificaat
    assert set(world.traject.partners.values_list("organisatie_id", flat=True)) == partners
    assert FaseWijziging.objects.filter(traject=world.traject).count() == geschiedenis + 1
    audit = world.traject.audits.get()
    assert audit.soort == Audit.Soort.HERCERTIFICERING
    assert audit.certificerende_instelling == certificaat.certificerende_instelling


def test_recertification_without_certificate_is_refused(world, coordinator_client):
    _zet_fase(world.traject, Traject.Fase.UITVOERING)
    response = coordinator_client.post(
        reverse("audits:hercertificering", args=[world.traject.pk]), {}
    )
    assert "Hercertificering kan pas na een eerste certificaat." in response.content.decode()
    world.traject.refresh_from_db()
    assert world.traject.fase == Traject.Fase.UITVOERING
    assert not Cyclus.objects.exists()
