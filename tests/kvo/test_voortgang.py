"""Live progress of report and dossier generation (kvo/voortgang.py): while the job is open the
page's status fragment polls with htmx; an unchanged state answers 204 (nothing swapped), a
finished job answers the fragment with the download and no more polling."""

import pytest
from django.urls import reverse

from audits import services as audits_services
from audits.tasks import dossier_maken
from schouwen import services as schouwen_services
from schouwen.tasks import schouwrapport_maken
from tests.audits.factories import AuditFactory
from tests.schouwen.factories import SchouwFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_dossier_progress_polls_until_the_new_version_appears(world):
    audit = AuditFactory(traject=world.traject)
    client = world.client_for("coordinator")
    url = audit.get_absolute_url()
    aanvraag = audits_services.dossier_aanvragen(audit=audit, door=world.users["coordinator"])[0]
    html = client.get(url).content.decode()
    toestand = f"{aanvraag.pk}-aangevraagd"
    assert f'hx-get="{url}?voortgang={toestand}"' in html and 'hx-trigger="every 2s"' in html
    assert "Vernieuw de pagina" not in html
    assert client.get(url, {"voortgang": toestand}, **HTMX).status_code == 204
    dossier_maken(aanvraag.pk)  # the worker makes it
    response = client.get(url, {"voortgang": toestand}, **HTMX)
    fragment = response.content.decode()
    assert response.status_code == 200 and "<html" not in fragment
    assert 'id="dossier-status"' in fragment and "Versie 1" in fragment
    assert "every 2s" not in fragment  # done: no more polling
    versie = audit.dossierversies.get()
    assert reverse("audits:dossier-download", args=[world.traject.pk, audit.pk, versie.pk]) \
        in fragment
    # The auditor sees the same; an outsider's poll is refused like the page.
    assert world.client_for("auditor").get(url, {"voortgang": "x"}, **HTMX).status_code == 200
    assert world.client_for("outsider").get(url, {"voortgang": "x"}, **HTMX).status_code == 404


def test_report_progress_polls_until_the_download_appears(world):
    schouw = SchouwFactory(traject=world.traject)
    client = world.client_for("gemeente")
    url = reverse("schouwen:rapport", args=[world.traject.pk, schouw.pk])
    rapport = schouwen_services.schouwrapport_aanvragen(schouw=schouw,
                                                        door=world.users["gemeente"])
    html = client.get(url).content.decode()
    toestand = f"{rapport.pk}-aangevraagd"
    assert f"?voortgang={toestand}" in html and "De PDF staat in de wachtrij" in html
    assert client.get(url, {"voortgang": toestand}, **HTMX).status_code == 204
    schouwrapport_maken(rapport.pk)
    fragment = client.get(url, {"voortgang": toestand}, **HTMX).content.decode()
    assert reverse("schouwen:rapport-download", args=[world.traject.pk, schouw.pk, rapport.pk]) \
        in fragment
    assert "every 2s" not in fragment and "<html" not in fragment
    # Without htmx the same address is the whole page.
    assert "<html" in client.get(url, {"voortgang": toestand}).content.decode()
