"""Planning an audit, the auditor's access window, outcome, remarks."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from audits.models import Audit, AuditAuditor, AuditOpmerking
from tests.factories import UserFactory, lid
from trajects.models import FaseWijziging, Lidmaatschap, LidmaatschapWijziging, Rol, Traject

pytestmark = pytest.mark.django_db


def test_coordinator_plans_audit_certifying_body_becomes_partner_and_phase_follows(
    world, coordinator_client
):
    kiwa = world.organisaties["auditor"]
    response = coordinator_client.post(
        reverse("audits:audit-nieuw", args=[world.traject.pk]),
        {"soort": "certificering", "datum": "2019-06-27", "vorm": "op_afstand",
         "certificerende_instelling": kiwa.pk},
    )
    audit = Audit.objects.get(traject=world.traject)
    assert response.status_code == 302
    assert audit.vorm == Audit.Vorm.OP_AFSTAND
    assert audit.cyclus == world.traject.huidige_cyclus()
    assert world.traject.partners.filter(organisatie=kiwa).exists()
    world.traject.refresh_from_db()
    assert world.traject.fase == Traject.Fase.AUDIT
    assert FaseWijziging.objects.get(traject=world.traject).gebeurtenis == "audit_gepland"


def test_audit_without_date_is_refused_with_dutch_message(world, coordinator_client):
    response = coordinator_client.post(
        reverse("audits:audit-nieuw", args=[world.traject.pk]),
        {"soort": "certificering", "datum": "", "vorm": "op_locatie",
         "certificerende_instelling": world.organisaties["auditor"].pk},
    )
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    assert not Audit.objects.exists()


def test_certified_trajectory_must_start_recertification_before_planning(
    world, coordinator_client
):
    Traject.objects.filter(pk=world.traject.pk).update(fase=Traject.Fase.UITVOERING)
    response = coordinator_client.post(
        reverse("audits:audit-nieuw", args=[world.traject.pk]),
        {"soort": "hercertificering", "datum": "2022-06-27", "vorm": "op_locatie",
         "certificerende_instelling": world.organisaties["auditor"].pk},
    )
    assert "Start eerst de hercertificering" in response.content.decode()
    assert not Audit.objects.exists()


@time_machine.travel(datetime.datetime(2019, 5, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_inviting_unknown_auditor_gives_logged_access_until_days_after_audit(
    world, audit, coordinator_client, settings, django_capture_on_commit_callbacks
):
    settings.AUDIT_TOEGANG_DAGEN_NA_AUDIT = 30
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("audits:auditor-toevoegen", args=[world.traject.pk, audit.pk]),
            {"email": "Nieuwe.Auditor@Example.org", "naam": "Nieuwe auditor"},
        )
    assert response.status_code == 302
    lidmaatschap = Lidmaatschap.objects.get(
        traject=world.traject, user__email="nieuwe.auditor@example.org"
    )
    assert lidmaatschap.rol == Rol.AUDITOR
    assert lidmaatschap.geldig_tot == datetime.date(2019, 7, 27)
    assert not lidmaatschap.user.has_usable_password()
    log = LidmaatschapWijziging.objects.get(lidmaatschap=lidmaatschap)
    assert log.nieuw and log.naar_geldig_tot == datetime.date(2019, 7, 27)
    assert log.door == world.users["coordinator"] and log.aanleiding == "auditor_uitgenodigd"
    assert len(mail.outbox) == 1
    assert "/wachtwoord/herstel/" in mail.outbox[0].body
    assert "27 juli 2019" in mail.outbox[0].body


@time_machine.travel(datetime.datetime(2019, 9, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_saving_an_audit_never_revives_an_ended_auditor(world, audit, coordinator_client):
    lid = Lidmaatschap.objects.get(traject=world.traject, user=world.users["auditor"])
    Lidmaatschap.objects.filter(pk=lid.pk).update(geldig_tot=datetime.date(2019, 7, 27))
    logs = LidmaatschapWijziging.objects.count()
    response = coordinator_client.post(
        reverse("audits:audit-bewerken", args=[world.traject.pk, audit.pk]),
        {"soort": audit.soort, "datum": "2019-09-10", "vorm": audit.vorm,
         "certificerende_instelling": audit.certificerende_instelling_id, "versie": audit.versie},
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.datum == datetime.date(2019, 9, 10)
    lid.refresh_from_db()
    assert lid.geldig_tot == datetime.date(2019, 7, 27)
    assert LidmaatschapWijziging.objects.count() == logs
    assert world.client_for("auditor").get(audit.get_absolute_url()).status_code == 404
    detail = coordinator_client.get(audit.get_absolute_url()).content.decode()
    assert "Pas de toegang aan op de pagina Werkgroep." in detail


def test_partner_cannot_be_invited_as_auditor(world, audit, coordinator_client):
    response = coordinator_client.post(
        reverse("audits:auditor-toevoegen", args=[world.traject.pk, audit.pk]),
        {"email": "politie@example.org"},
    )
    assert response.status_code == 200
    assert "is al lid van dit traject als partner" in response.content.decode()
    lidmaatschap = Lidmaatschap.objects.get(traject=world.traject, user=world.users["politie"])
    assert lidmaatschap.rol == Rol.PARTNER and lidmaatschap.geldig_tot is None
    assert not AuditAuditor.objects.filter(user=world.users["politie"]).exists()


def _invite(client, world, audit, email="auditor2@example.org"):
    return client.post(
        reverse("audits:auditor-toevoegen", args=[world.traject.pk, audit.pk]),
        {"email": email, "naam": "Tweede auditor"},
    )


def test_auditor_gets_404_after_the_access_window(world, audit, coordinator_client):
    _invite(coordinator_client, world, audit)
    auditor = Lidmaatschap.objects.get(user__email="auditor2@example.org").user
    laatste_dag = audit.datum + datetime.timedelta(days=30)
    urls = [
        reverse("audits:audit-detail", args=[world.traject.pk, audit.pk]),
        reverse("audits:eisen", args=[world.traject.pk]),
        reverse("trajects:detail", args=[world.traject.pk]),
    ]
    client = Client()
    client.force_login(auditor)
    with time_machine.travel(datetime.datetime.combine(laatste_dag, datetime.time(12)),
                             tick=False):
        assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    with time_machine.travel(
        datetime.datetime.combine(laatste_dag + datetime.timedelta(days=1), datetime.time(12)),
        tick=False,
    ):
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]


def test_removing_the_auditor_ends_access_and_is_logged(world, audit, coordinator_client):
    rij = audit.auditor_rijen.get()
    coordinator_client.post(
        reverse("audits:auditor-verwijderen", args=[world.traject.pk, audit.pk, rij.pk])
    )
    response = world.client_for("auditor").get(
        reverse("audits:audit-detail", args=[world.traject.pk, audit.pk])
    )
    assert response.status_code == 404
    log = LidmaatschapWijziging.objects.get(lidmaatschap__user=world.users["auditor"])
    assert log.aanleiding == "auditor_verwijderd" and log.van_geldig_tot is None


def test_audit_overview_queries_do_not_grow_with_audits(world, coordinator_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.audits.factories import AuditFactory, CertificaatFactory

    def count(n):
        for _ in range(n):
            audit = AuditFactory(traject=world.traject)
            AuditAuditor.objects.create(audit=audit, user=UserFactory())
            CertificaatFactory(traject=world.traject)
        with CaptureQueriesContext(connection) as ctx:
            response = coordinator_client.get(reverse("audits:overzicht", args=[world.traject.pk]))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    assert count(10) == count(40)


def test_audit_detail_queries_do_not_grow_with_auditors(world, audit, coordinator_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(n):
        for _ in range(n):
            user = UserFactory()
            AuditAuditor.objects.create(audit=audit, user=user)
            lid(world.traject, world.organisaties["auditor"], Rol.AUDITOR, user=user)
            AuditOpmerking.objects.create(
                audit=audit, tekst="x", vastgelegd_door=world.users["coordinator"]
            )
        with CaptureQueriesContext(connection) as ctx:
            response = coordinator_client.get(
                reverse("audits:audit-detail", args=[world.traject.pk, audit.pk])
            )
        assert response.status_code == 200
        return len(ctx.captured_queries)

    assert count(5) == count(25)


def test_audit_remark_becomes_an_action_item_once(world, audit, coordinator_client):
    from actiepunten.models import Actiepunt, Bron

    opmerking = AuditOpmerking.objects.create(
        audit=audit, tekst="Maatregel 3 heeft geen eigenaar.\nGraag aanvullen.",
        vastgelegd_door=world.users["coordinator"],
    )
    url = reverse("audits:opmerking-actiepunt", args=[world.traject.pk, audit.pk, opmerking.pk])
    response = coordinator_client.post(url, {
        "titel": "Eigenaar maatregel 3 aanwijzen",
        "organisatie": world.organisaties["gemeente"].pk, "deadline": "2019-09-01",
    })
    actiepunt = Actiepunt.objects.get(traject=world.traject)
    assert response.status_code == 302 and response["Location"] == actiepunt.get_absolute_url()
    assert actiepunt.bron == Bron.AUDIT and actiepunt.organisatie == world.organisaties["gemeente"]
    assert actiepunt.deadline == datetime.date(2019, 9, 1)
    assert "Graag aanvullen." in actiepunt.omschrijving
    opmerking.refresh_from_db()
    assert opmerking.actiepunt == actiepunt
    again = coordinator_client.post(url, {"titel": "Nog eens"})
    assert "Van deze opmerking is al een actiepunt gemaakt." in again.content.decode()
    assert Actiepunt.objects.filter(traject=world.traject).count() == 1
    detail = coordinator_client.get(reverse("audits:audit-detail", args=[world.traject.pk,
                                                                        audit.pk]))
    assert actiepunt.get_absolute_url() in detail.content.decode()
