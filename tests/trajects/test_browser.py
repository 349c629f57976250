"""The whole invitation journey in a real browser, every page scanned with axe-core."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.browser import PHONE, assert_accessible, field_label, login, new_page, visit
from trajects.models import Lidmaatschap, Rol, Traject

pytestmark = pytest.mark.browser


def test_coordinator_creates_traject_and_invited_partner_sees_it_on_phone(
    chromium, browser_page, live_server, world, settings
):
    settings.SITE_URL = live_server.url
    page = browser_page
    gebied = world.traject.gebied

    # The coordinator logs in through the form and starts a new trajectory.
    login(page, "coordinator@example.org")
    page.get_by_role("link", name="Nieuw traject").click()
    assert_accessible(page)
    page.get_by_label("Uw organisatie in dit traject").select_option(label="MKB Westland")
    page.get_by_label(field_label("Naam")).fill("KVO-W Centrum Naaldwijk")
    page.get_by_label("Gebied").select_option(label=str(gebied))
    page.get_by_label("Startdatum").fill("2026-01-05")
    page.get_by_label("Beoogde auditdatum").fill("2026-06-26")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    traject = Traject.objects.get(naam="KVO-W Centrum Naaldwijk")
    assert page.url.endswith(reverse("trajects:detail", args=[traject.pk]))
    assert_accessible(page)

    # ... and invites the municipality's adviser.
    page.get_by_role("link", name="Iemand uitnodigen").first.click()
    assert_accessible(page)
    page.get_by_label(field_label("E-mailadres")).fill("adviseur@gemeente.example.org")
    page.get_by_label(field_label("Naam")).fill("Adviseur gemeente")
    page.get_by_label(field_label("Organisatie")).select_option(label="Gemeente Westland")
    page.get_by_label("Rol in de app").select_option(value=Rol.PARTNER)
    with page.expect_navigation():
        page.get_by_role("button", name="Uitnodiging versturen").click()
    assert page.url.endswith(reverse("trajects:leden", args=[traject.pk]))
    assert page.get_by_text("adviseur@gemeente.example.org").first.is_visible()
    assert_accessible(page)

    # The partner opens the link from the mail on a phone and chooses a password.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/uitnodiging/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)
    phone = new_page(chromium, live_server, viewport=PHONE)
    try:
        visit(phone, link)
        phone.get_by_label("Uw naam").fill("Adviseur gemeente Westland")
        phone.get_by_label(field_label("Wachtwoord")).fill("Veilig-winkelen-2026")
        phone.get_by_label("Wachtwoord (herhaal)").fill("Veilig-winkelen-2026")
        with phone.expect_navigation():
            phone.get_by_role("button", name="Account aanmaken en deelnemen").click()
        assert phone.url.endswith(reverse("trajects:detail", args=[traject.pk]))
        assert_accessible(phone)

        # The phone menu is collapsed; the partner opens it and goes to the dashboard.
        phone.get_by_role("button", name="Menu openen").click()
        with phone.expect_navigation():
            phone.get_by_role("link", name="Mijn trajecten").first.click()
        assert_accessible(phone)
        assert phone.get_by_role("link", name="KVO-W Centrum Naaldwijk").is_visible()
    finally:
        phone.context.close()

    lid = Lidmaatschap.objects.get(traject=traject, user__email="adviseur@gemeente.example.org")
    assert lid.rol == Rol.PARTNER
    assert lid.organisatie.naam == "Gemeente Westland"
