"""The current section of a trajectory is in sight on every trajectory page, on a laptop
(1366 px: tabs) and on a phone (390 px: the menu), and every one of those pages passes axe."""

import pytest
from django.urls import resolve, reverse

from tests.browser import LAPTOP, PHONE, assert_accessible, login, new_page, visit
from tests.test_url_permissions import CASES
from trajects import navigation

pytestmark = pytest.mark.browser


def _trajectpaginas(world):
    """(url, section label, tab label) of every trajectory page the coordinator may open."""
    paginas = []
    for name, case in sorted(CASES.items()):
        if case.method != "get" or case.expected["coordinator"] != 200:
            continue
        url = reverse(name, args=case.args(world) if case.args else [])
        if "trajecten/<int:pk>/" not in resolve(url).route or name.endswith(
                ("-download", "export-csv", "export-xlsx", ":export", ":foto", "kaart-data",
                 "adres-zoeken", "adres-dichtstbij")):
            continue
        nav = navigation.navigatie(world.traject, name)
        paginas.append((url, str(nav.sectie.label), str(nav.tab.label)))
    return paginas


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366px", "390px"])
def test_the_current_section_is_in_sight_on_every_trajectory_page(
    chromium, live_server, world, viewport
):
    paginas = _trajectpaginas(world)
    assert len(paginas) > 40
    page = new_page(chromium, live_server, viewport=viewport)
    try:
        login(page, "coordinator@example.org")
        for url, sectie, tab in paginas:
            visit(page, url)
            if viewport is LAPTOP:
                actief = page.locator(".traject-secties .nav-link.active")
                assert actief.is_visible() and actief.inner_text() == sectie, url
                assert page.locator(".traject-menu").is_hidden(), url
                subtab = page.locator(".traject-tabs .nav-link.active")
                assert subtab.count() == 0 or subtab.inner_text() == tab, url
            else:
                huidig = page.locator(".traject-menu-huidig strong")
                assert huidig.is_visible() and huidig.inner_text() == sectie, url
                assert page.locator(".traject-secties").is_hidden(), url
                assert huidig.bounding_box()["y"] < viewport["height"], url
    finally:
        page.context.close()


def test_on_a_phone_the_menu_leads_to_another_section(phone_page, world):
    page = phone_page
    login(page, "politie@example.org")
    visit(page, reverse("trajects:leden", args=[world.traject.pk]))
    assert page.locator(".traject-menu-huidig").inner_text().endswith("Werkgroep › Leden")
    page.get_by_text("Menu", exact=True).click()
    with page.expect_navigation():
        page.locator(".traject-menu").get_by_role("link", name="Kaart").click()
    assert page.url.endswith(reverse("schouwen:kaart", args=[world.traject.pk]))
    assert_accessible(page)
    assert page.locator(".traject-menu-huidig strong").inner_text() == "Analyse"
    # One step back is the crumb a phone shows.
    terug = page.locator(".kruimelpad .kruimel-terug a")
    assert terug.is_visible() and terug.inner_text() == world.traject.naam
    assert page.locator(".kruimelpad .breadcrumb-item").first.is_hidden()


def test_on_a_phone_the_members_are_cards(phone_page, world):
    page = phone_page
    login(page, "coordinator@example.org")
    visit(page, reverse("trajects:leden", args=[world.traject.pk]))
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= PHONE["width"], f"the page scrolls sideways: {breedte}px"
    kaart = page.locator("table.kaarttabel tbody tr").first
    assert kaart.evaluate("tr => getComputedStyle(tr).display") == "block"
    assert kaart.get_by_text("Rol in de app").is_visible() is False  # a ::before label
    assert kaart.get_by_role("link", name="Bewerken").is_visible()
