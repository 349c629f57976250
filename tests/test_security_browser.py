"""Pages that other browser tests do not visit, checked under the Content-Security-Policy (the
shared helper fails on any violation) and with axe: the readiness score bar, a finding with its
photo and map, the survey preview, the language switch (its script is a static file now) and
the Django admin."""

import pytest
from django.urls import reverse

from tests.actiepunten.factories import KnelpuntFactory
from tests.browser import assert_no_csp_violations, login, visit
from tests.enquetes.factories import MetingFactory, vragenlijst
from tests.factories import PASSWORD, UserFactory
from tests.schouwen.factories import BevindingFactory, FotoFactory, SchouwFactory

pytestmark = pytest.mark.browser


def test_coordinator_pages_and_language_switch_run_under_the_csp(browser_page, world):
    page = browser_page
    schouw = SchouwFactory(traject=world.traject)
    bevinding = BevindingFactory(schouw=schouw)
    FotoFactory(bevinding=bevinding)
    meting = MetingFactory(traject=world.traject, naam="Nulmeting", nummer=0)
    vragenlijst(meting)
    login(page, "coordinator@example.org")
    visit(page, reverse("audits:eisen", args=[world.traject.pk]))
    visit(page, reverse("schouwen:bevinding-detail",
                        args=[world.traject.pk, schouw.pk, bevinding.pk]))
    visit(page, reverse("enquetes:voorbeeld", args=[world.traject.pk, meting.pk]))
    # The survey preview cannot be sent: Enter in a field stays on the page.
    veld = page.locator("main form input[type=text], main form textarea").first
    if veld.count():
        veld.press("Enter")
    assert page.url.endswith(reverse("enquetes:voorbeeld", args=[world.traject.pk, meting.pk]))

    # Two-factor set-up: the server-drawn QR code under the CSP, and axe.
    visit(page, reverse("beveiliging"))
    visit(page, reverse("tweestap-instellen"))
    assert page.locator("svg.qr-code").count() == 1
    visit(page, reverse("trajects:dashboard"))
    with page.expect_navigation():
        page.select_option("#taalkeuze", "en")
    assert page.locator("html").get_attribute("lang") == "en"


def test_staff_admin_runs_under_the_csp(browser_page, world):
    page = browser_page
    UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True)
    login(page, "beheer@example.org", PASSWORD)
    user = world.users["gemeente"]
    knelpunt = KnelpuntFactory(traject=world.traject)
    for url in [
        reverse("admin:index"),
        reverse("admin:kvo_user_changelist"),
        reverse("admin:kvo_user_change", args=[user.pk]),
        reverse("admin:kvo_user_add"),
        reverse("admin:actiepunten_herinnering_changelist"),
        reverse("admin:trajects_traject_change", args=[world.traject.pk]),
        reverse("admin:actiepunten_knelpunt_history", args=[knelpunt.pk]),
    ]:
        # Django's own admin pages: checked for the CSP, not with axe (their styling is Django's).
        response = page.goto(url)
        assert response.ok, url
        page.wait_for_load_state("load")
        assert_no_csp_violations(page)
