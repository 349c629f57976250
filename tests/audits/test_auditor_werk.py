"""The auditor does the auditor's work: outcome, remarks, report and the re-audit's verdicts,
under their own name and within their access window; the coordinator only on their behalf,
marked as such. A negative audit leads through repair and a linked re-audit to the
certificate, and the phase follows."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from actiepunten.models import Actiepunt, Bron
from audits.models import Audit, AuditAuditor, AuditOpmerking, Certificaat, Hercontrole
from tests.audits.factories import AuditFactory
from tests.factories import PDF_BYTES, UserFactory, lid
from trajects.models import Document, DocumentVersie, FaseWijziging, Lidmaatschap, Rol, Traject

pytestmark = pytest.mark.django_db
Fase = Traject.Fase
AUDITDATUM = datetime.date(2019, 6, 27)


def op(dag, uur=12):
    """Travel to `dag` (frozen) for the steps of a story."""
    return time_machine.travel(datetime.datetime.combine(dag, datetime.time(uur)), tick=False)


def url(name, audit, *extra):
    return reverse(f"audits:{name}", args=[audit.traject_id, audit.pk, *extra])


def uitkomst(client, audit, data):
    """POST the outcome form as the page shows it: with the audit's current version."""
    versie = Audit.objects.values_list("versie", flat=True).get(pk=audit.pk)
    return client.post(url("uitkomst", audit), {**data, "versie": versie})


def pdf(naam="rapport.pdf", inhoud=PDF_BYTES):
    return SimpleUploadedFile(naam, inhoud, content_type="application/pdf")


def _status(world, audit):
    audit.refresh_from_db()
    return (audit.uitkomst, audit.uitkomst_door_id, audit.opmerkingen.count(),
            Document.objects.filter(traject=world.traject).count())


# The auditor's own work ------------------------------------------------------------------------

def test_auditor_records_outcome_and_report_under_own_name(world, audit):
    client = world.client_for("auditor")
    with op(AUDITDATUM):
        assert client.get(url("uitkomst", audit)).status_code == 200
        response = uitkomst(client, audit, {
            "uitkomst": "bijstelling", "uitkomst_toelichting": "Matrix aanvullen.",
            "bestand": pdf(),
        })
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.uitkomst == Audit.Uitkomst.POSITIEF_NA_BIJSTELLING
    assert audit.uitkomst_door == world.users["auditor"]
    assert audit.uitkomst_namens == "" and audit.uitkomst_ontvangen is None
    assert audit.herstel_deadline is None
    versie = DocumentVersie.objects.get(document=audit.rapport)
    assert audit.rapport.soort == Document.Soort.AUDITRAPPORT
    assert audit.rapport.organisatie == audit.certificerende_instelling
    assert versie.geupload_door == world.users["auditor"] and versie.toelichting == ""
    body = client.get(audit.get_absolute_url()).content.decode()
    assert "Positief met verbeterpunten" in body
    assert "Auditor" in body and "namens" not in body


def test_auditor_adds_remarks_under_own_name(world, audit):
    client = world.client_for("auditor")
    response = client.post(url("opmerking-nieuw", audit),
                           {"tekst": "Eigenaar ontbreekt bij maatregel 3.", "ernstig": "on"})
    assert response.status_code == 302
    opmerking = AuditOpmerking.objects.get(audit=audit)
    assert opmerking.vastgelegd_door == world.users["auditor"] and opmerking.namens == ""
    assert opmerking.ernstig


def test_auditor_of_another_audit_cannot_record_here(world, audit):
    andere = AuditFactory(traject=world.traject,
                          certificerende_instelling=world.organisaties["auditor"])
    ander = UserFactory(email="ander.auditor@example.org")
    lid(world.traject, world.organisaties["auditor"], Rol.AUDITOR, user=ander)
    AuditAuditor.objects.create(audit=andere, user=ander)
    client = Client()
    client.force_login(ander)
    voor = _status(world, audit)
    assert uitkomst(client, audit, {"uitkomst": "positief"}).status_code == 403
    assert client.post(url("opmerking-nieuw", audit), {"tekst": "x"}).status_code == 403
    assert client.post(url("rapport", audit), {"bestand": pdf()}).status_code == 403
    assert client.get(audit.get_absolute_url()).status_code == 200  # reading is fine
    assert _status(world, audit) == voor


@pytest.mark.parametrize("persona", ["gemeente", "ondernemer", "politie", "brandweer"])
def test_partner_cannot_record_the_auditors_work(world, audit, persona):
    client = world.client_for(persona)
    voor = _status(world, audit)
    assert uitkomst(client, audit, {"uitkomst": "positief"}).status_code == 403
    assert client.post(url("opmerking-nieuw", audit), {"tekst": "x"}).status_code == 403
    assert _status(world, audit) == voor


def test_expired_auditor_is_refused_and_nothing_changes(world, audit):
    lidmaatschap = Lidmaatschap.objects.get(traject=world.traject, user=world.users["auditor"])
    Lidmaatschap.objects.filter(pk=lidmaatschap.pk).update(geldig_tot=datetime.date(2019, 7, 27))
    client = world.client_for("auditor")
    voor = _status(world, audit)
    with op(datetime.date(2019, 7, 28)):
        responses = [
            client.get(url("uitkomst", audit)),
            uitkomst(client, audit, {"uitkomst": "negatief"}),
            client.post(url("opmerking-nieuw", audit), {"tekst": "Te laat"}),
            client.post(url("rapport", audit), {"bestand": pdf()}),
        ]
    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert _status(world, audit) == voor
    world.traject.refresh_from_db()
    assert world.traject.fase == Fase.SAMENWERKING


def test_outcome_before_the_audit_date_is_refused(world, audit):
    client = world.client_for("auditor")
    with op(AUDITDATUM - datetime.timedelta(days=1)):
        pagina = client.get(url("uitkomst", audit)).content.decode()
        response = uitkomst(client, audit, {"uitkomst": "positief"})
    assert "kan pas op of na de auditdatum (27 juni 2019)" in pagina
    assert "kan pas op of na de auditdatum (27 juni 2019)" in response.content.decode()
    audit.refresh_from_db()
    assert audit.uitkomst == "" and audit.uitkomst_vastgesteld is None


def test_outcome_is_recorded_once(world, audit):
    client = world.client_for("auditor")
    with op(AUDITDATUM):
        uitkomst(client, audit, {"uitkomst": "positief"})
        response = uitkomst(client, audit, {"uitkomst": "negatief"})
    assert "De uitkomst is al vastgelegd: Positief" in response.content.decode()
    audit.refresh_from_db()
    assert audit.uitkomst == Audit.Uitkomst.POSITIEF


@pytest.mark.parametrize("naam,inhoud", [
    ("rapport.docx", b"PK\x03\x04 niet echt"),
    ("rapport.pdf", b"Dit is geen PDF maar platte tekst"),
])
def test_report_that_is_not_a_pdf_is_refused_in_dutch_and_nothing_is_stored(
    world, audit, naam, inhoud
):
    response = world.client_for("auditor").post(
        url("rapport", audit), {"bestand": SimpleUploadedFile(naam, inhoud)}
    )
    assert response.status_code == 200
    assert "Toegestaan: alleen PDF." in response.content.decode()
    audit.refresh_from_db()
    assert audit.rapport is None
    assert not Document.objects.filter(traject=world.traject).exists()


def test_a_later_report_becomes_a_new_version(world, audit):
    client = world.client_for("auditor")
    client.post(url("rapport", audit), {"bestand": pdf("concept.pdf")})
    client.post(url("rapport", audit), {"bestand": pdf("definitief.pdf")})
    audit.refresh_from_db()
    assert list(audit.rapport.versies.values_list("bestandsnaam", flat=True)) == [
        "definitief.pdf", "concept.pdf"]


# The coordinator on the auditor's behalf ------------------------------------------------------

def test_coordinator_registers_received_outcome_on_behalf_of_the_auditor(
    world, audit, coordinator_client
):
    with op(datetime.date(2019, 7, 5)):
        formulier = coordinator_client.get(url("uitkomst", audit)).content.decode()
        response = uitkomst(coordinator_client, audit, {
            "uitkomst": "positief", "namens": "Auditor", "ontvangen": "2019-07-03",
            "bestand": pdf(),
        })
    assert "namens de auditor" in formulier
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.uitkomst_door == world.users["coordinator"]
    assert audit.uitkomst_namens == "Auditor"
    assert audit.uitkomst_ontvangen == datetime.date(2019, 7, 3)
    versie = audit.rapport.versies.get()
    assert versie.toelichting == "Namens Auditor, ontvangen op 03-07-2019"
    body = coordinator_client.get(audit.get_absolute_url()).content.decode()
    assert "namens Auditor, ontvangen op 3 juli 2019" in body
    assert "vastgelegd door Coordinator" in body


@pytest.mark.parametrize("data,fout", [
    ({}, "Dit veld is verplicht."),
    ({"namens": "Iemand anders", "ontvangen": "2019-07-03"}, "Selecteer een geldige keuze"),
    ({"namens": "Auditor", "ontvangen": "2019-07-10"}, "niet in de toekomst"),
    ({"namens": "Auditor", "ontvangen": "2019-06-20"}, "niet voor de auditdatum"),
])
def test_coordinator_never_records_silently_in_the_auditors_name(
    world, audit, coordinator_client, data, fout
):
    with op(datetime.date(2019, 7, 5)):
        response = uitkomst(coordinator_client, audit, {"uitkomst": "positief", **data})
    assert fout in response.content.decode()
    audit.refresh_from_db()
    assert audit.uitkomst == ""


def test_coordinator_records_a_remark_on_behalf_of_the_auditor(world, audit, coordinator_client):
    coordinator_client.post(url("opmerking-nieuw", audit), {
        "tekst": "Notulen ontbreken.", "namens": "Kiwa NCP", "ontvangen": "2019-07-01"})
    opmerking = AuditOpmerking.objects.get(audit=audit)
    assert opmerking.vastgelegd_door == world.users["coordinator"]
    assert (opmerking.namens, opmerking.ontvangen) == ("Kiwa NCP", datetime.date(2019, 7, 1))


# Negative audit → remarks → action items → linked re-audit → certificate → phase -------------

def test_negative_audit_through_reaudit_to_certificate(world, audit, coordinator_client, settings):
    settings.HERSTEL_STANDAARD_MAANDEN = 3
    Traject.objects.filter(pk=world.traject.pk).update(fase=Fase.AUDIT)
    auditor = world.client_for("auditor")

    # The auditor records a negative outcome (no date given: the default repair deadline).
    with op(AUDITDATUM):
        auditor.post(url("opmerking-nieuw", audit),
                     {"tekst": "Maatregel 3 heeft geen eigenaar.", "ernstig": "on"})
        auditor.post(url("opmerking-nieuw", audit), {"tekst": "Notulen laat gedeeld."})
        response = uitkomst(auditor, audit, {"uitkomst": "negatief"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.herstel_deadline == datetime.date(2019, 9, 27)
    world.traject.refresh_from_db()
    assert world.traject.fase == Fase.HERSTEL
    dashboard = coordinator_client.get(reverse("trajects:dashboard")).content.decode()
    assert "herstellen uiterlijk 27 september 2019" in dashboard

    # The coordinator turns the shortcoming into an action item (deadline: the repair date).
    tekortkoming, opmerking = audit.opmerkingen.order_by("pk")
    with op(datetime.date(2019, 7, 1)):
        coordinator_client.post(url("opmerking-actiepunt", audit, tekortkoming.pk), {
            "titel": "Eigenaar maatregel 3", "organisatie": world.organisaties["gemeente"].pk,
            "deadline": "2019-09-27"})
    actiepunt = Actiepunt.objects.get(traject=world.traject)
    assert actiepunt.bron == Bron.AUDIT and actiepunt.deadline == datetime.date(2019, 9, 27)

    # The re-audit is planned from the failed audit, proposing its auditor again.
    with op(datetime.date(2019, 7, 1)):
        formulier = coordinator_client.get(url("heraudit-nieuw", audit))
        assert [u.pk for u in formulier.context["form"].fields["auditors"].queryset] == [
            world.users["auditor"].pk]
        coordinator_client.post(url("heraudit-nieuw", audit), {
            "datum": "2019-09-20", "vorm": "op_locatie",
            "auditors": [world.users["auditor"].pk]})
    heraudit = Audit.objects.get(vorige_audit=audit)
    assert heraudit.soort == Audit.Soort.HERAUDIT
    assert heraudit.certificerende_instelling == audit.certificerende_instelling
    assert heraudit.auditor_rijen.get().user == world.users["auditor"]
    world.traject.refresh_from_db()
    assert world.traject.fase == Fase.AUDIT

    # The re-audit checks the remarks; its outcome needs a verdict on each.
    with op(datetime.date(2019, 9, 20)):
        onvolledig = uitkomst(auditor, heraudit, {"uitkomst": "positief"})
        assert "Beoordeel eerst alle 2 opmerkingen" in onvolledig.content.decode()
        for rij, oordeel in ((tekortkoming, "niet_opgelost"), (tekortkoming, "opgelost"),
                             (opmerking, "opgelost")):
            auditor.post(url("hercontrole", heraudit, rij.pk), {
                f"opmerking-{rij.pk}-oordeel": oordeel,
                f"opmerking-{rij.pk}-toelichting": "Gezien ter plaatse."})
        response = uitkomst(auditor, heraudit, {"uitkomst": "positief"})
    assert response.status_code == 302
    assert Hercontrole.objects.filter(heraudit=heraudit).count() == 3  # history kept
    pagina = auditor.get(heraudit.get_absolute_url()).content.decode()
    assert "Maatregel 3 heeft geen eigenaar." in pagina and "Opgelost" in pagina
    assert actiepunt.get_absolute_url() in pagina

    # The certificate follows the positive re-audit; the phase moves to implementation.
    with op(datetime.date(2019, 10, 1)):
        response = coordinator_client.post(
            reverse("audits:certificaat-nieuw", args=[world.traject.pk]),
            {"nummer": "KVO-W-2019-7", "uitgegeven": "2019-10-01", "audit": heraudit.pk,
             "certificerende_instelling": audit.certificerende_instelling_id})
    assert response.status_code == 302
    certificaat = Certificaat.objects.get(audit=heraudit)
    assert certificaat.cyclus == heraudit.cyclus
    world.traject.refresh_from_db()
    assert world.traject.fase == Fase.UITVOERING
    assert list(FaseWijziging.objects.filter(traject=world.traject)
                .values_list("gebeurtenis", "naar")) == [
        ("negatieve_audit", Fase.HERSTEL), ("audit_gepland", Fase.AUDIT),
        ("certificaat", Fase.UITVOERING)]

    # Both audit pages show the chain.
    for pagina_audit in (audit, heraudit):
        body = coordinator_client.get(pagina_audit.get_absolute_url()).content.decode()
        keten = body[body.index('id="kop-keten"'):body.index('id="kop-uitkomst"')]
        assert keten.index("Certificering 27-6-2019") < keten.index("Heraudit 20-9-2019")
        assert "KVO-W-2019-7" in keten


def test_shortcoming_not_solved_keeps_the_reaudit_from_being_positive(world, audit):
    auditor = world.client_for("auditor")
    AuditOpmerking.objects.create(audit=audit, tekst="Geen convenant.", ernstig=True,
                                  vastgelegd_door=world.users["auditor"])
    Audit.objects.filter(pk=audit.pk).update(
        uitkomst="negatief", uitkomst_vastgesteld="2019-06-27T12:00:00Z",
        herstel_deadline=datetime.date(2019, 9, 27))
    heraudit = AuditFactory(traject=world.traject, soort="heraudit", vorige_audit=audit,
                            datum=datetime.date(2019, 9, 20),
                            certificerende_instelling=audit.certificerende_instelling)
    AuditAuditor.objects.create(audit=heraudit, user=world.users["auditor"])
    opmerking = audit.opmerkingen.get()
    with op(datetime.date(2019, 9, 20)):
        auditor.post(url("hercontrole", heraudit, opmerking.pk),
                     {f"opmerking-{opmerking.pk}-oordeel": "niet_opgelost"})
        response = uitkomst(auditor, heraudit, {"uitkomst": "positief"})
        assert "kan dan niet positief zijn" in response.content.decode()
        uitkomst(auditor, heraudit, {"uitkomst": "negatief", "herstel_deadline": "2019-12-01"})
    heraudit.refresh_from_db()
    assert heraudit.uitkomst == "negatief"
    assert heraudit.herstel_deadline == datetime.date(2019, 12, 1)
    # After its outcome the verdicts are fixed.
    response = auditor.post(url("hercontrole", heraudit, opmerking.pk),
                            {f"opmerking-{opmerking.pk}-oordeel": "opgelost"}, follow=True)
    assert "de oordelen liggen vast" in response.content.decode()
    assert Hercontrole.objects.filter(heraudit=heraudit).count() == 1


def test_reaudit_only_after_a_negative_audit_and_only_once(world, audit, coordinator_client):
    response = coordinator_client.post(url("heraudit-nieuw", audit),
                                       {"datum": "2019-09-20", "vorm": "op_locatie"})
    assert "Een heraudit volgt alleen op een negatieve audit." in response.content.decode()
    Audit.objects.filter(pk=audit.pk).update(
        uitkomst="negatief", uitkomst_vastgesteld="2019-06-27T12:00:00Z",
        herstel_deadline=datetime.date(2019, 9, 27))
    Traject.objects.filter(pk=world.traject.pk).update(fase=Fase.HERSTEL)
    coordinator_client.post(url("heraudit-nieuw", audit),
                            {"datum": "2019-09-20", "vorm": "op_locatie"})
    again = coordinator_client.post(url("heraudit-nieuw", audit),
                                    {"datum": "2019-09-21", "vorm": "op_locatie"})
    assert "Voor deze audit is al een heraudit gepland." in again.content.decode()
    assert Audit.objects.filter(vorige_audit=audit).count() == 1


def test_verdict_on_a_remark_of_another_audit_is_404(world, audit):
    ander = AuditFactory(traject=world.traject)
    vreemd = AuditOpmerking.objects.create(audit=ander, tekst="x",
                                           vastgelegd_door=world.users["coordinator"])
    Audit.objects.filter(pk=audit.pk).update(
        uitkomst="negatief", uitkomst_vastgesteld="2019-06-27T12:00:00Z",
        herstel_deadline=datetime.date(2019, 9, 27))
    heraudit = AuditFactory(traject=world.traject, soort="heraudit", vorige_audit=audit,
                            certificerende_instelling=audit.certificerende_instelling)
    AuditAuditor.objects.create(audit=heraudit, user=world.users["auditor"])
    response = world.client_for("auditor").post(
        url("hercontrole", heraudit, vreemd.pk), {f"opmerking-{vreemd.pk}-oordeel": "opgelost"})
    assert response.status_code == 404
    assert not Hercontrole.objects.exists()


def test_outcome_from_a_stale_page_is_refused_with_409(world, audit, coordinator_client):
    """The coordinator moved the audit while the auditor had the outcome form open."""
    gezien = audit.versie
    Audit.objects.get(pk=audit.pk).opslaan(versie=gezien)  # someone else saved in between
    with op(AUDITDATUM):
        response = world.client_for("auditor").post(
            url("uitkomst", audit), {"uitkomst": "positief", "versie": gezien})
    assert response.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd." in response.content.decode()
    audit.refresh_from_db()
    assert audit.uitkomst == ""
