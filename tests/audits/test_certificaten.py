"""Certificates: validity per scheme version, labels and stars, reminders, public check,
re-certification."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from audits import services
from audits.models import Audit, AuditAuditor, Certificaat, CertificaatHerinnering, SchemaVersie
from kvo.models import Bericht
from kvo.outbox import berichten_versturen
from tests.audits.factories import AuditFactory, CertificaatFactory
from tests.flaky_mail import FlakyBackend
from tests.schouwen.factories import SchouwFactory
from trajects.models import Cyclus, FaseWijziging, Lidmaatschap, Traject

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
        return services.certificaatherinneringen_aanmaken()


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
    assert Bericht.objects.filter(soort="audits.certificaat_verloopt",
                                  status=Bericht.Status.VERZONDEN).count() == 2


def test_late_certificate_gets_only_the_three_month_reminder(
    world, django_capture_on_commit_callbacks
):
    CertificaatFactory(traject=world.traject, geldig_tot=datetime.date(2022, 7, 16))
    with time_machine.travel(datetime.datetime(2022, 5, 1, 7), tick=False):
        _run_reminders(django_capture_on_commit_callbacks)
    assert list(CertificaatHerinnering.objects.values_list("soort", flat=True)) == ["3m"]
    assert len(mail.outbox) == 1


def test_failing_reminder_is_retried_by_the_outbox_and_sent_once(
    world, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.flaky_mail.FlakyBackend"
    FlakyBackend.reset(failures=1)
    CertificaatFactory(traject=world.traject, geldig_tot=datetime.date(2022, 7, 16))
    with time_machine.travel(datetime.datetime(2022, 1, 20, 7), tick=False):
        _run_reminders(django_capture_on_commit_callbacks)
        bericht = Bericht.objects.get()
        assert bericht.status == Bericht.Status.WACHTEND and bericht.pogingen == 1
        assert "SMTP-server niet bereikbaar" in bericht.laatste_fout
    with time_machine.travel(datetime.datetime(2022, 1, 20, 7, 5), tick=False):
        assert berichten_versturen() == 1
        assert berichten_versturen() == 0
        _run_reminders(django_capture_on_commit_callbacks)
    bericht.refresh_from_db()
    assert bericht.status == Bericht.Status.VERZONDEN and bericht.pogingen == 2
    assert len(mail.outbox) == 1
    assert CertificaatHerinnering.objects.get().ontvangers == "coordinator@example.org"


def test_reminder_missed_while_beat_was_down_is_made_by_the_next_run(
    world, django_capture_on_commit_callbacks
):
    CertificaatFactory(traject=world.traject, geldig_tot=datetime.date(2022, 7, 16))
    with time_machine.travel(datetime.datetime(2022, 1, 10, 7), tick=False):
        _run_reminders(django_capture_on_commit_callbacks)  # nothing due yet
    # No run between 11 and 20 January (the six-month mark is 16 January).
    with time_machine.travel(datetime.datetime(2022, 1, 21, 7), tick=False):
        _run_reminders(django_capture_on_commit_callbacks)
    assert list(CertificaatHerinnering.objects.values_list("soort", flat=True)) == ["6m"]
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

def _gecertificeerd(world, *, client, gebied="winkelgebied"):
    """A trajectory certified through the views: audit, outcome by the auditor, certificate."""
    world.traject.gebied.soort = gebied
    world.traject.gebied.save()
    audit = AuditFactory(traject=world.traject, datum=datetime.date(2019, 6, 27),
                         certificerende_instelling=world.organisaties["auditor"])
    AuditAuditor.objects.create(audit=audit, user=world.users["auditor"])
    Traject.objects.filter(pk=world.traject.pk).update(fase=Traject.Fase.AUDIT)
    with time_machine.travel(datetime.datetime(2019, 7, 17, 12), tick=False):
        world.client_for("auditor").post(
            reverse("audits:uitkomst", args=[world.traject.pk, audit.pk]),
            {"uitkomst": "positief", "versie": audit.versie},
        )
        client.post(reverse("audits:certificaat-nieuw", args=[world.traject.pk]), {
            "nummer": "KVO-2019-1", "uitgegeven": "2019-07-17", "audit": audit.pk,
            "certificerende_instelling": world.organisaties["auditor"].pk})
    world.traject.refresh_from_db()
    assert world.traject.fase == Traject.Fase.UITVOERING
    return Certificaat.objects.get(audit=audit)


def test_recertification_three_years_later_opens_the_next_cycle(
    world, coordinator_client, settings
):
    settings.HERCERTIFICERING_MAANDEN_VOOR_EINDE = 12
    certificaat = _gecertificeerd(world, client=coordinator_client)
    assert certificaat.geldig_tot == datetime.date(2022, 7, 16)
    hercert = reverse("audits:hercertificering", args=[world.traject.pk])
    eerste_cyclus = world.traject.huidige_cyclus()

    with time_machine.travel(datetime.datetime(2021, 7, 15, 12), tick=False):
        assert not certificaat.nadert_einde()
        response = coordinator_client.post(hercert, {})
        assert "kan starten vanaf 16-07-2021" in response.content.decode()
        assert world.traject.cycli.count() == 1

    partners = set(world.traject.partners.values_list("organisatie_id", flat=True))
    with time_machine.travel(datetime.datetime(2022, 3, 1, 12), tick=False):
        assert certificaat.nadert_einde()
        formulier = coordinator_client.get(hercert)
        assert [u.pk for u in formulier.context["form"].fields["auditors"].queryset] == [
            world.users["auditor"].pk]  # the previous cycle's auditor is proposed again
        response = coordinator_client.post(hercert, {
            "auditdatum": "2022-05-20", "auditors": [world.users["auditor"].pk]})
        assert response.status_code == 302
        nieuwe_schouw = SchouwFactory(traject=world.traject)

    world.traject.refresh_from_db()
    cyclus = Cyclus.objects.get(traject=world.traject, nummer=2)
    assert world.traject.huidige_cyclus() == cyclus
    assert world.traject.fase == Traject.Fase.AUDIT  # re-certification, then the audit planned
    assert list(FaseWijziging.objects.filter(traject=world.traject).values_list(
        "gebeurtenis", flat=True))[-2:] == ["hercertificering", "audit_gepland"]
    assert set(world.traject.partners.values_list("organisatie_id", flat=True)) == partners
    audit = world.traject.audits.get(cyclus=cyclus)
    assert audit.soort == Audit.Soort.HERCERTIFICERING
    assert audit.certificerende_instelling == certificaat.certificerende_instelling
    assert audit.auditor_rijen.get().user == world.users["auditor"]
    assert nieuwe_schouw.cyclus == cyclus and certificaat.cyclus == eerste_cyclus
    lidmaatschap = Lidmaatschap.objects.get(traject=world.traject, user=world.users["auditor"])
    assert lidmaatschap.geldig_tot is None  # unlimited access stays unlimited

    overzicht = reverse("audits:overzicht", args=[world.traject.pk])
    response = coordinator_client.get(overzicht, {"cyclus": 1})
    assert [a.pk for a in response.context["audits"]] == [certificaat.audit_id]
    assert [c.pk for c in response.context["certificaten"]["page_obj"]] == [certificaat.pk]
    response = coordinator_client.get(overzicht, {"cyclus": 2})
    assert [a.pk for a in response.context["audits"]] == [audit.pk]
    assert "Cyclus 2" in response.content.decode()


def test_certified_business_park_can_start_recertification(world, coordinator_client):
    """KVO-B follows the same table: certified means implementation, whatever came before."""
    _gecertificeerd(world, gebied="bedrijventerrein", client=coordinator_client)
    with time_machine.travel(datetime.datetime(2022, 1, 10, 12), tick=False):
        response = coordinator_client.post(
            reverse("audits:hercertificering", args=[world.traject.pk]), {})
    assert response.status_code == 302
    world.traject.refresh_from_db()
    assert world.traject.fase == Traject.Fase.HERCERTIFICERING
    assert world.traject.cycli.count() == 2


def test_recertification_without_certificate_is_refused(world, coordinator_client):
    _zet_fase(world.traject, Traject.Fase.UITVOERING)
    response = coordinator_client.post(
        reverse("audits:hercertificering", args=[world.traject.pk]), {}
    )
    assert "Hercertificering kan pas na een eerste certificaat." in response.content.decode()
    world.traject.refresh_from_db()
    assert world.traject.fase == Traject.Fase.UITVOERING
    assert world.traject.cycli.count() == 1


def test_recertification_starts_from_implementation_only(world, coordinator_client):
    CertificaatFactory(traject=world.traject, geldig_tot=datetime.date(2020, 1, 1))
    _zet_fase(world.traject, Traject.Fase.HERSTEL)
    response = coordinator_client.post(
        reverse("audits:hercertificering", args=[world.traject.pk]), {}
    )
    assert "Hercertificering begint vanuit de fase" in response.content.decode()
    assert world.traject.cycli.count() == 1


@pytest.mark.parametrize("vandaag,verwacht", [
    (datetime.date(2021, 7, 15), False),
    (datetime.date(2021, 7, 16), True),
    (datetime.date(2023, 1, 1), True),
])
def test_nearing_expiry_is_computable_for_the_notifications(world, settings, vandaag, verwacht):
    settings.HERCERTIFICERING_MAANDEN_VOOR_EINDE = 12
    certificaat = CertificaatFactory(traject=world.traject, geldig_tot=datetime.date(2022, 7, 16))
    assert certificaat.hercertificering_vanaf == datetime.date(2021, 7, 16)
    assert certificaat.nadert_einde(vandaag) is verwacht
