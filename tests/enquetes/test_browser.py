"""Answering the survey on a 360 px phone, and reading the results, each page scanned with axe."""

import pytest
from django.urls import reverse

from enquetes import services
from enquetes.models import Concept, Inzending
from tests.browser import assert_accessible, login, new_page, visit
from tests.enquetes.helpers import standaard_antwoorden, vul_in

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 740}
MIN_TARGET = 44


def _assert_fits_and_large_targets(page):
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= SMALL_PHONE["width"], f"page scrolls sideways: {breedte}px"
    for doel in page.locator(".keuze label, .knoppen button").all():
        box = doel.bounding_box()
        assert box["height"] >= MIN_TARGET and box["width"] >= MIN_TARGET, (
            doel.inner_text(), box)


def test_entrepreneur_answers_on_a_phone_saves_halfway_and_finishes(chromium, live_server,
                                                                     meting, ontvanger):
    page = new_page(chromium, live_server, viewport=SMALL_PHONE)
    link = reverse("enquetes:invullen", args=[services.ontvanger_token(ontvanger)])
    visit(page, link)
    _assert_fits_and_large_targets(page)

    # Part of the answers, then save and come back later.
    page.get_by_role("group", name="Wat voor bedrijf hebt u?").get_by_label("Horeca").check()
    page.get_by_role("group", name="Hoe veilig voelt u zich?").get_by_label("4").check()
    page.get_by_role("button", name="Tussentijds opslaan").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Uw antwoorden zijn opgeslagen.").is_visible()
    assert_accessible(page)
    assert Concept.objects.filter(ontvanger=ontvanger).exists()

    later = new_page(chromium, live_server, viewport=SMALL_PHONE)
    visit(later, link)
    assert later.get_by_role("group", name="Wat voor bedrijf hebt u?") \
        .get_by_label("Horeca").is_checked()

    # Sending with an invalid answer: an error summary that links to the question.
    later.get_by_label("Hoeveel medewerkers?").fill("-2")
    later.get_by_role("button", name="Antwoorden versturen").click()
    later.wait_for_load_state("load")
    assert later.get_by_role("alert").get_by_role("link").first.is_visible()
    assert_accessible(later)
    assert not Inzending.objects.exists()

    later.get_by_label("Hoeveel medewerkers?").fill("3")
    later.get_by_role("group", name="Waarvan was u slachtoffer?").get_by_label("Inbraak").check()
    later.get_by_role("group", name="Deed u aangifte?").get_by_label("Ja").check()
    later.get_by_label("Wat kan beter?").fill("Meer licht in de steeg.")
    later.get_by_role("button", name="Antwoorden versturen").click()
    later.wait_for_load_state("load")
    assert later.get_by_role("heading", name="Hartelijk dank voor het invullen!").is_visible()
    assert_accessible(later)
    assert Inzending.objects.count() == 1 and not Concept.objects.exists()

    # The link is used up.
    response = later.goto(link)
    assert response.status == 410
    assert_accessible(later)


def test_coordinator_reads_results_and_incident_trend(browser_page, world, meting):
    from tests.enquetes.factories import IncidentcijferFactory

    vul_in(meting, [standaard_antwoorden(i) for i in range(7)])
    for jaar, aantal in [(2022, 12), (2023, 9)]:
        IncidentcijferFactory(traject=world.traject, jaar=jaar, soort="Inbraak", aantal=aantal)
    login(browser_page, "coordinator@example.org")
    visit(browser_page, reverse("enquetes:overzicht", args=[world.traject.pk]))
    visit(browser_page, meting.get_absolute_url())
    visit(browser_page, reverse("enquetes:resultaten", args=[world.traject.pk, meting.pk]))
    assert browser_page.get_by_role("img", name="Deed u aangifte?").is_visible()
    visit(browser_page, reverse("enquetes:ontvangers", args=[world.traject.pk, meting.pk]))
    visit(browser_page, reverse("enquetes:vragen", args=[world.traject.pk, meting.pk]))
    visit(browser_page, reverse("enquetes:incidenten", args=[world.traject.pk]))
    assert browser_page.get_by_role("img", name="Geregistreerde incidenten per jaar").is_visible()
