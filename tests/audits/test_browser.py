"""The auditor records a negative outcome on a phone; the coordinator plans the re-audit; the
auditor checks the remarks. Every page is scanned with axe-core."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from audits.models import Audit, AuditOpmerking
from tests.browser import PHONE, assert_accessible, field_label, login, new_page, visit
from tests.factories import PDF_BYTES
from trajects.models import Traject

pytestmark = pytest.mark.browser


def test_negative_outcome_on_a_phone_then_the_reaudit_checks_the_remarks(
    chromium, browser_page, live_server, world, audit, tmp_path
):
    Traject.objects.filter(pk=world.traject.pk).update(fase=Traject.Fase.AUDIT)
    AuditOpmerking.objects.create(audit=audit, tekst="Maatregel 3 heeft geen eigenaar.",
                                  ernstig=True, vastgelegd_door=world.users["auditor"])
    rapport = tmp_path / "auditrapport.pdf"
    rapport.write_bytes(PDF_BYTES)
    detail = reverse("audits:audit-detail", args=[world.traject.pk, audit.pk])

    with time_machine.travel(datetime.datetime(2019, 6, 27, 15), tick=True):
        phone = new_page(chromium, live_server, viewport=PHONE)
        login(phone, "auditor@example.org")
        visit(phone, detail)
        assert_accessible(phone)
        phone.get_by_role("link", name="Uitkomst vastleggen").click()
        assert_accessible(phone)
        phone.get_by_label("Negatief").check()
        phone.get_by_label("Toelichting op de uitkomst").fill("Te weinig uitgevoerd.")
        phone.get_by_label("Auditrapport (PDF)").set_input_files(str(rapport))
        with phone.expect_navigation():
            phone.get_by_role("button", name="Uitkomst vastleggen").click()
        assert phone.get_by_text("Termijn voor herstel").is_visible()
        assert_accessible(phone)
    audit.refresh_from_db()
    assert audit.uitkomst == "negatief" and audit.uitkomst_door == world.users["auditor"]
    assert audit.rapport is not None

    with time_machine.travel(datetime.datetime(2019, 7, 1, 10), tick=True):
        page = browser_page
        login(page, "coordinator@example.org")
        visit(page, detail)
        page.get_by_role("link", name="Heraudit plannen").click()
        assert_accessible(page)
        page.get_by_label(field_label("Datum van de heraudit")).fill("2019-09-20")
        with page.expect_navigation():
            page.get_by_role("button", name="Heraudit plannen").click()
        assert_accessible(page)  # the re-audit page, with the chain
        visit(page, reverse("trajects:fase", args=[world.traject.pk]))
        assert_accessible(page)
        visit(page, reverse("trajects:leden-historie", args=[world.traject.pk]))
        assert_accessible(page)
    heraudit = Audit.objects.get(vorige_audit=audit)

    with time_machine.travel(datetime.datetime(2019, 9, 20, 15), tick=True):
        login(phone, "auditor@example.org")  # the session of June has expired
        visit(phone, reverse("audits:audit-detail", args=[world.traject.pk, heraudit.pk]))
        phone.get_by_label("Opgelost").first.check()
        with phone.expect_navigation():
            phone.get_by_role("button", name="Oordeel vastleggen").click()
        assert phone.get_by_text("Oordeel vastgelegd.").is_visible()
        assert_accessible(phone)
    assert heraudit.hercontroles.get().oordeel == "opgelost"
