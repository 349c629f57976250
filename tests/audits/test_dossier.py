"""The dossier PDF: content of the rendered HTML, the PDF bytes, local-only fetching,
versions, and sending it once per recipient."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from audits import dossier, services
from audits.models import Dossieraanvraag, DossierVersie, DossierVerzending
from audits.tasks import dossier_maken, dossiers_versturen
from enquetes.models import Antwoord, Inzending
from kvo.models import Bericht
from kvo.outbox import berichten_versturen
from tests.actiepunten.factories import ActiepuntFactory, DoelFactory, KnelpuntFactory
from tests.enquetes.factories import (
    IncidentcijferFactory,
    MetingFactory,
    OntvangerFactory,
    vragenlijst,
)
from tests.factories import DocumentVersieFactory, OverlegFactory
from tests.flaky_mail import FlakyBackend
from tests.schouwen.factories import BevindingFactory, FotoFactory, SchouwFactory
from trajects.models import Aanwezigheid, Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def gevuld(world, audit):
    traject = world.traject
    DocumentVersieFactory(document__traject=traject, document__titel="Intentieverklaring 2018",
                          document__soort=Document.Soort.INTENTIEVERKLARING,
                          geupload_door=world.users["coordinator"])
    overleg = OverlegFactory(traject=traject, onderwerp="Bespreking nulmeting")
    for lid in traject.lidmaatschappen.filter(user=world.users["politie"]):
        Aanwezigheid.objects.create(overleg=overleg, lidmaatschap=lid, aanwezig=True)
    OverlegFactory(traject=traject, onderwerp="Toekomstig overleg",
                   datum=timezone.now() + datetime.timedelta(days=30))
    schouw = SchouwFactory(traject=traject, titel="Avondschouw centrum", status="afgerond",
                           afgerond_op=timezone.now(), dagdeel="avond",
                           begin=timezone.now() - datetime.timedelta(days=3))
    bevinding = BevindingFactory(schouw=schouw, omschrijving="Container niet op slot",
                                 vastgelegd_door=world.users["brandweer"])
    FotoFactory(bevinding=bevinding)
    meting = MetingFactory(traject=traject, naam="Nulmeting 2018")
    vragen = vragenlijst(meting)
    for i in range(6):
        ontvanger = OntvangerFactory(meting=meting, beantwoord=timezone.now())
        inzending = Inzending.objects.create(meting=meting)
        Antwoord.objects.create(inzending=inzending, vraag=vragen["janee"],
                                keuze="Ja" if i % 2 else "Nee")
        assert ontvanger.pk
    IncidentcijferFactory(traject=traject, bron="politie", jaar=2018, soort="Winkeldiefstal",
                          aantal=14)
    IncidentcijferFactory(traject=traject, bron="brandweer", jaar=2018, soort="Containerbrand",
                          aantal=3)
    knelpunt = KnelpuntFactory(traject=traject, titel="Containers niet afgesloten")
    doel = DoelFactory(knelpunt=knelpunt, omschrijving="Alle containers op slot")
    ActiepuntFactory(traject=traject, doel=doel, titel="Sloten op containers",
                     organisatie=world.organisaties["ondernemer"], status="gereed",
                     gereed_op=timezone.now(), gereed_toelichting="Foto's van de sloten gedeeld")
    return world


def test_rendered_html_holds_the_sections(gevuld, audit):
    html = dossier.render_dossier_html(audit)
    for kop in ["Inhoud", "Traject en partners", "Werkgroep en overleggen", "Veiligheidsanalyse",
                "Schouwrapporten", "Documentenoverzicht", "Gereedheid: de eisen van het schema"]:
        assert kop in html
    assert "Intentieverklaring 2018" in html
    assert "Bespreking nulmeting" in html and "Politie" in html
    assert "Toekomstig overleg" not in html  # only meetings held
    assert "Avondschouw centrum" in html and "Container niet op slot" in html
    assert html.count("Kiwa NCP") == 1  # the certifying body, listed once (on the cover)
    nvt = html.index("minstens twee schouwen per jaar")
    assert "n.v.t." in html[nvt - 120:nvt] and "Voldaan" not in html[nvt - 120:nvt]
    assert "Geldt pas na het eerste certificaat." in html
    partners = html[html.index('id="traject"'):html.index('id="werkgroep"')]
    assert "Gemeente Westland" in partners and "Kiwa NCP" not in partners
    assert "Nulmeting 2018" in html and "Deed u aangifte?" in html and "<svg" in html
    assert "Geregistreerde incidenten per jaar" in html
    assert "Plan van aanpak" in html and "Containers niet afgesloten" in html
    assert "Sloten op containers" in html and "Foto&#x27;s van de sloten gedeeld" in html
    assert "target-counter" in (settings.BASE_DIR / "static/css/dossier.css").read_text()


def test_dossier_pdf_counts_the_effort_per_quarter_and_kind(gevuld, audit):
    from tests import pdfcheck

    nu = timezone.localdate()
    # Effort of earlier years: the dossier shows the last certificate period (12 quarters).
    OverlegFactory(traject=gevuld.traject, datum=timezone.now() - datetime.timedelta(days=900),
                   onderwerp="Binnen de periode")
    OverlegFactory(traject=gevuld.traject, datum=timezone.now() - datetime.timedelta(days=1200),
                   onderwerp="Lang geleden")
    tekst = pdfcheck.tekst(dossier.render_dossier_pdf(audit))
    begin = tekst.rindex("Inzet per kwartaal")
    inzet = tekst[begin:tekst.index("Veiligheidsanalyse", begin)]
    for kop in ("Kwartaal", "Overleggen", "Schouwen", "Bevindingen", "Enquêtes", "Audits"):
        assert kop in inzet
    regels = [r.split() for r in inzet.splitlines() if r[:4].isdigit() or r.startswith("Totaal")]
    # From the quarter of the meeting 900 days ago to this one, quiet quarters included.
    assert len(regels) - 1 == (nu.year * 4 + (nu.month - 1) // 3) - (
        (nu - datetime.timedelta(days=900)).year * 4
        + ((nu - datetime.timedelta(days=900)).month - 1) // 3) + 1
    assert regels[-2][:2] == [str(nu.year), f"K{(nu.month - 1) // 3 + 1}"]
    # Meetings held (not the planned one, not the one before the period), the walk, its
    # finding, the item done, no reminder, the survey, no audit (the one of 2019 is too old).
    assert regels[-1] == ["Totaal", "2", "1", "1", "1", "0", "1", "0", "6"]


def test_dossier_charts_findings_per_category_of_completed_walks(gevuld, audit):
    import xml.etree.ElementTree as ET

    BevindingFactory(schouw__traject=gevuld.traject, vastgelegd_door=gevuld.users["politie"])
    html = dossier.render_dossier_html(audit)
    begin = html.index("<svg", html.index("dossier-per-categorie-titel") - 600)
    root = ET.fromstring(html[begin:html.index("</svg>", begin) + 6])
    svg = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{svg}title").text == "Bevindingen per categorie, alle afgeronde schouwen"
    # The fixture's one finding on the completed walk; the planned walk's finding is not in.
    assert [t.text for t in root.iter(f"{svg}text")] == ["Verlichting", "1"]
    assert "<details" not in html[begin - 400:begin + 4000]


def test_photos_go_in_as_thumbnails_never_originals(gevuld, audit):
    from kvo.pdf import media_src
    from schouwen.models import Foto

    foto = Foto.objects.get()
    html = dossier.render_dossier_html(audit)
    assert media_src(foto.miniatuur) in html
    assert media_src(foto.bestand) not in html and media_src(foto.scherm) not in html


def test_context_queries_do_not_grow_with_data(gevuld, audit, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            dossier.dossier_context(dossier.dossier_audit(audit.pk))
        return len(ctx.captured_queries)

    klein = count()
    schouw = SchouwFactory(traject=gevuld.traject, status="afgerond", afgerond_op=timezone.now())
    for _ in range(20):
        FotoFactory(bevinding=BevindingFactory(schouw=schouw))
        ActiepuntFactory(traject=gevuld.traject)
        IncidentcijferFactory(traject=gevuld.traject)
        OverlegFactory(traject=gevuld.traject)
        DocumentVersieFactory(document__traject=gevuld.traject)
    assert count() == klein


def test_pdf_bytes_and_stored_version_with_hash(gevuld, audit):
    versie = services.dossier_genereren(audit=audit)
    data = versie.bestand.open("rb").read()
    assert data.startswith(b"%PDF")
    assert versie.nummer == 1 and versie.sha256 == DossierVersie.hash_of(data)
    assert services.dossier_genereren(audit=audit).nummer == 2
    assert DossierVersie.objects.filter(audit=audit).count() == 2


def test_dossier_pdf_is_pdf_a_with_tags_and_language_without_tagging_errors(
    gevuld, audit, caplog
):
    from tests.pdfcheck import kenmerken

    versie = services.dossier_genereren(audit=audit)
    pdf = kenmerken(versie.bestand.open("rb").read())
    assert (pdf.pdfa_deel, pdf.pdfa_conformiteit) == ("2", "A")
    assert pdf.taal == "nl" and pdf.getagd
    assert {"/H1", "/H2", "/Figure"} <= set(pdf.structuur)
    assert pdf.titel.startswith("Auditdossier")
    assert not [r for r in caplog.records if r.name == "weasyprint" and r.levelno >= 40]


def test_remote_image_in_user_text_is_not_fetched(world, audit, monkeypatch):
    from kvo.pdf import BlockedURL, StorageURLFetcher

    world.traject.omschrijving = '<img src="http://tracker.example.org/pixel.png"> Centrum'
    world.traject.save()
    html = dossier.render_dossier_html(audit)
    assert '<img src="http://tracker.example.org' not in html  # escaped as text
    with pytest.raises(BlockedURL):
        StorageURLFetcher().fetch("http://tracker.example.org/pixel.png")

    def no_network(*args, **kwargs):
        raise AssertionError("the dossier must not open a network connection")

    monkeypatch.setattr("socket.socket.connect", no_network)
    monkeypatch.setattr("socket.create_connection", no_network)
    injected = html.replace("</body>", '<img src="http://tracker.example.org/p.png"></body>')
    from kvo.pdf import html_to_pdf

    assert html_to_pdf(injected).startswith(b"%PDF")


# Sending -------------------------------------------------------------------------------------

def _sweep(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossiers_versturen.apply()


def test_sweep_sends_dossier_to_auditor_and_coordinator_once(
    world, audit, django_capture_on_commit_callbacks, settings
):
    settings.DOSSIER_DAGEN_VOOR_AUDIT = 14
    with time_machine.travel(datetime.datetime(2019, 6, 12, 6), tick=False):
        _sweep(django_capture_on_commit_callbacks)
    assert mail.outbox == []  # 15 days before: too early
    with time_machine.travel(datetime.datetime(2019, 6, 13, 6), tick=False):
        _sweep(django_capture_on_commit_callbacks)
        _sweep(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["auditor@example.org",
                                                      "coordinator@example.org"]
    assert all(m.attachments[0][0].endswith(".pdf") for m in mail.outbox)
    assert all(m.attachments[0][1].startswith(b"%PDF") for m in mail.outbox)
    assert DossierVersie.objects.filter(audit=audit).count() == 1
    assert DossierVerzending.objects.filter(bericht__status=Bericht.Status.VERZONDEN).count() == 2
    assert Dossieraanvraag.objects.get().status == Dossieraanvraag.Status.KLAAR


def test_manual_resend_adds_a_logged_delivery_per_recipient(
    world, audit, coordinator_client, django_capture_on_commit_callbacks
):
    url = reverse("audits:dossier-versturen", args=[world.traject.pk, audit.pk])
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url)
    assert len(mail.outbox) == 4
    assert DossierVersie.objects.filter(audit=audit).count() == 2
    log = DossierVerzending.objects.filter(audit=audit, soort="handmatig")
    assert log.count() == 4
    assert all(v.bericht.status == Bericht.Status.VERZONDEN and v.aangevraagd_door for v in log)


def test_auditor_cannot_regenerate_or_resend(world, audit, django_capture_on_commit_callbacks):
    client = world.client_for("auditor")
    with django_capture_on_commit_callbacks(execute=True):
        for name in ["audits:dossier-genereren", "audits:dossier-versturen"]:
            assert client.post(reverse(name, args=[world.traject.pk, audit.pk])).status_code \
                == 403
    assert not DossierVersie.objects.exists() and mail.outbox == []


def test_failed_send_shows_on_the_audit_page_and_the_retry_sends_the_same_pdf(
    world, audit, coordinator_client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.flaky_mail.FlakyBackend"
    FlakyBackend.reset(failures=2)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("audits:dossier-versturen", args=[world.traject.pk,
                                                                          audit.pk]))
    assert mail.outbox == []
    assert DossierVerzending.objects.filter(bericht__status=Bericht.Status.WACHTEND).count() == 2
    html = coordinator_client.get(audit.get_absolute_url()).content.decode()
    assert "mail in de wachtrij" in html and "1 mislukte poging" in html
    assert "SMTP-server niet bereikbaar" in html
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert berichten_versturen() == 2
    versie = DossierVersie.objects.get()
    assert sorted(m.to[0] for m in mail.outbox) == ["auditor@example.org",
                                                      "coordinator@example.org"]
    assert all(m.attachments[0] == (versie.bestandsnaam, versie.bestand.open("rb").read(),
                                    "application/pdf") for m in mail.outbox)
    html = coordinator_client.get(audit.get_absolute_url()).content.decode()
    assert html.count("mail verzonden") == 2


def test_dossier_request_survives_a_lost_enqueue_and_a_dead_worker(world, audit):
    """The request is a row: a broker outage (no task arrived) or a worker killed mid-render
    delays the dossier, the catch-up makes it."""
    from kvo.opdrachten import opdrachten_inhalen

    aanvraag, nieuw = services.dossier_aanvragen(
        audit=audit, door=world.users["coordinator"], versturen=True)  # its kick never runs
    assert nieuw
    assert services.dossier_aanvragen(audit=audit, door=None) == (aanvraag, False)  # joins
    html = world.client_for("coordinator").get(audit.get_absolute_url()).content.decode()
    assert "Het dossier staat in de wachtrij." in html
    Dossieraanvraag.objects.filter(pk=aanvraag.pk).update(
        status=Dossieraanvraag.Status.BEZIG, gestart=timezone.now(), pogingen=1)
    html = world.client_for("coordinator").get(audit.get_absolute_url()).content.decode()
    assert "Het dossier wordt gemaakt." in html
    later = timezone.now() + datetime.timedelta(seconds=Dossieraanvraag.TIJDSLIMIET + 120)
    with time_machine.travel(later), TestCase.captureOnCommitCallbacks(execute=True):
        opdrachten_inhalen()
    aanvraag.refresh_from_db()
    assert aanvraag.status == Dossieraanvraag.Status.KLAAR and aanvraag.pogingen == 2
    assert aanvraag.versie is not None
    assert len(mail.outbox) == 2


def test_dossier_that_cannot_be_made_says_so_and_can_be_requested_again(
    world, audit, coordinator_client, django_capture_on_commit_callbacks
):
    with mock.patch("audits.dossier.render_dossier_pdf", side_effect=RuntimeError("stuk")), \
            django_capture_on_commit_callbacks(execute=True):
        aanvraag, _nieuw = services.dossier_aanvragen(audit=audit, door=None)
    aanvraag.refresh_from_db()
    assert aanvraag.status == Dossieraanvraag.Status.AANGEVRAAGD and "stuk" in aanvraag.fout
    with mock.patch("audits.dossier.render_dossier_pdf", side_effect=RuntimeError("stuk")):
        dossier_maken(aanvraag.pk)
    aanvraag.refresh_from_db()
    assert aanvraag.status == Dossieraanvraag.Status.MISLUKT
    html = coordinator_client.get(audit.get_absolute_url()).content.decode()
    assert "kon niet worden gemaakt" in html
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("audits:dossier-genereren", args=[world.traject.pk,
                                                                          audit.pk]))
    assert DossierVersie.objects.filter(audit=audit).count() == 1
