"""Each persona's home, the regional overview and the calendar at 1366 px and at 390 px: what
matters is in sight, and every page passes axe (and the CSP: the map and the calendar run no
inline script)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.actiepunten.factories import ActiepuntFactory
from tests.audits.factories import AuditAuditorFactory, AuditFactory
from tests.browser import LAPTOP, PHONE, login, new_page, visit
from tests.schouwen.factories import SchouwFactory

pytestmark = pytest.mark.browser


def _werk(world):
    SchouwFactory(traject=world.traject, titel="Avondschouw",
                  begin=timezone.now() + datetime.timedelta(days=2))
    ActiepuntFactory(traject=world.traject, titel="Lantaarns vervangen",
                     deadline=timezone.localdate() - datetime.timedelta(days=3),
                     organisatie=world.organisaties["politie"])
    audit = AuditFactory(traject=world.traject, datum=timezone.localdate())
    AuditAuditorFactory(audit=audit, user=world.users["auditor"])


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366px", "390px"])
def test_every_persona_lands_on_a_home_with_their_work(chromium, live_server, world, viewport):
    _werk(world)
    verwacht = {
        "coordinator@example.org": ["Vandaag voor u", "Uw traject"],
        "politie@example.org": ["Komende schouwen", "Actiepunten van uw organisatie"],
        "auditor@example.org": ["Mijn audits"],
        "regio@example.org": ["Regionaal overzicht"],
    }
    for email, koppen in verwacht.items():
        page = new_page(chromium, live_server, viewport=viewport)
        try:
            login(page, email)  # lands on the home page, axe-checked
            for kop in koppen:
                assert page.get_by_role("heading", name=kop).first.is_visible(), (email, kop)
            if email.startswith("coordinator"):
                eerste = page.locator(".trajecttabel tbody tr").first
                assert eerste.get_by_role("link", name="KVO-W Centrum 's-Gravenzande").is_visible()
                # On a phone each row is a card.
                weergave = eerste.evaluate("rij => getComputedStyle(rij).display")
                assert weergave == ("table-row" if viewport is LAPTOP else "block")
                visit(page, reverse("trajects:dashboard") + "?sorteer=-te_laat&fase=samenwerking")
                visit(page, reverse("werkplek:agenda"))
                assert page.get_by_role("button", name="Agendalink maken").is_visible()
            if email.startswith("politie"):
                knop = page.locator("#kop-thuis-schouwen").locator("xpath=..").get_by_role(
                    "link", name=re.compile("Bevinding vastleggen")).first
                assert knop.is_visible(), page.locator("#kop-thuis-schouwen").locator(
                    "xpath=..").inner_text()
                assert knop.bounding_box()["height"] >= 38
            if email.startswith("regio"):
                visit(page, reverse("werkplek:regio"))
                page.wait_for_selector("#regio-kaart .leaflet-interactive")
                assert "1 gebieden op de kaart." in page.locator("#regio-kaart-aantal").inner_text()
        finally:
            page.context.close()
