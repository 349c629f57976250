"""The action plan in a real browser, every page scanned with axe."""

import datetime

import pytest
from django.urls import reverse

from actiepunten.models import Bewijsfoto, Status
from actiepunten.services import link_token
from tests import fotos
from tests.actiepunten.factories import ActiepuntFactory, DoelFactory
from tests.browser import assert_accessible, login, visit
from tests.schouwen.factories import BevindingFactory, FotoFactory

pytestmark = pytest.mark.browser


def _plan(world):
    doel = DoelFactory(knelpunt__traject=world.traject, knelpunt__titel="Brandgevaar",
                       omschrijving="Containers afgesloten")
    een = ActiepuntFactory(traject=world.traject, doel=doel, titel="Containers afsluiten",
                           organisatie=world.organisaties["ondernemer"],
                           deadline=datetime.date(2020, 1, 1))
    twee = ActiepuntFactory(traject=world.traject, titel="Straatwerk herstellen",
                            organisatie=world.organisaties["gemeente"],
                            verantwoordelijke=world.users["gemeente"])
    return een, twee


def test_coordinator_changes_status_of_several_items_in_the_matrix(browser_page, world):
    een, twee = _plan(world)
    page = browser_page
    login(page, "coordinator@example.org")
    visit(page, reverse("actiepunten:matrix", args=[world.traject.pk]))
    assert page.get_by_text("Knelpunt: Brandgevaar").is_visible()
    page.get_by_label("Selecteer Containers afsluiten").check()
    page.get_by_label("Selecteer Straatwerk herstellen").check()
    page.get_by_label("Nieuwe status").select_option("in_uitvoering")
    page.get_by_role("button", name="Wijzigen").click()
    page.wait_for_load_state()
    assert "2 actiepunt(en) naar In uitvoering gezet." in page.content()
    assert_accessible(page)
    een.refresh_from_db()
    twee.refresh_from_db()
    assert een.status == twee.status == Status.IN_UITVOERING
    page.get_by_role("link", name="Straatwerk herstellen").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.get_by_role("heading", name="Historie").is_visible()


def test_large_matrix_opens_a_knelpunt_on_demand_on_a_phone(phone_page, world, monkeypatch):
    """A matrix above OPEN_TOT items shows its knelpunten with counts; opening one loads its
    rows (htmx, no inline script), shown as cards with deadline and status in sight."""
    from actiepunten.views import matrix as matrix_views

    monkeypatch.setattr(matrix_views, "OPEN_TOT", 1)
    _plan(world)
    page = phone_page
    login(page, "coordinator@example.org")
    visit(page, reverse("actiepunten:matrix", args=[world.traject.pk]))
    groep = page.locator("section", has_text="Knelpunt: Brandgevaar")
    assert groep.locator("summary").inner_text().startswith("1 actiepunt: 1 open, 1 te laat")
    assert page.get_by_role("link", name="Containers afsluiten").count() == 0
    groep.locator("summary").click()
    rij = groep.locator("tr", has_text="Containers afsluiten")
    rij.wait_for()
    deadline = rij.locator('td[data-label="Deadline"]')
    status = rij.locator('td[data-label="Status"]')
    assert deadline.is_visible() and status.is_visible()
    assert "01-01-2020" in deadline.inner_text() and "te laat" in deadline.inner_text()
    assert "Open" in status.inner_text()
    kaart = rij.bounding_box()
    assert kaart is not None and kaart["x"] >= 0 and kaart["x"] + kaart["width"] <= 390
    assert_accessible(page)
    rij.get_by_label("Selecteer Containers afsluiten").check()
    page.get_by_label("Nieuwe status").select_option("in_uitvoering")
    page.get_by_role("button", name="Wijzigen").click()
    page.wait_for_load_state()
    assert "1 actiepunt(en) naar In uitvoering gezet." in page.content()


def test_partner_reports_done_on_the_item_page(browser_page, world):
    _een, twee = _plan(world)
    page = browser_page
    login(page, "gemeente@example.org")
    visit(page, twee.get_absolute_url())
    page.get_by_label("Nieuwe status").select_option("gereed")
    page.get_by_label("Toelichting").fill("Straatwerk is hersteld.")
    page.get_by_role("button", name="Status opslaan").click()
    page.wait_for_load_state()
    assert_accessible(page)
    twee.refresh_from_db()
    assert twee.status == Status.GEREED


def test_entrepreneur_uses_the_link_on_a_phone(phone_page, world):
    actiepunt = ActiepuntFactory(traject=world.traject, titel="Container afsluiten",
                                 extern_email="winkel@example.org")
    page = phone_page
    visit(page, reverse("actiepunten:extern", args=[actiepunt.pk, link_token(actiepunt)]))
    page.get_by_label("Wat is er gedaan?").fill("Slot erop gezet.")
    page.get_by_role("button", name="Gereed melden").click()
    page.wait_for_load_state()
    assert "Bedankt!" in page.content()
    assert_accessible(page)
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.GEREED


def test_entrepreneur_sees_the_finding_and_uploads_a_downscaled_photo(phone_page, world, settings):
    """The evidence photo is scaled down in the browser: the server here refuses anything over
    5 megapixels, and the 12-megapixel original still arrives, at 2000 px on its long side."""
    settings.PHOTO_MAX_MEGAPIXELS = 5
    bevinding = BevindingFactory(schouw__traject=world.traject, straat="Marktplein",
                                 huisnummer="7")
    FotoFactory(bevinding=bevinding)
    actiepunt = ActiepuntFactory(traject=world.traject, titel="Container afsluiten",
                                 extern_email="winkel@example.org")
    actiepunt.bevindingen.add(bevinding)
    page = phone_page
    visit(page, reverse("actiepunten:extern", args=[actiepunt.pk, link_token(actiepunt)]))
    assert page.get_by_text("Marktplein 7").is_visible()
    foto = page.get_by_role("img", name="Foto 1 van de plek: Verlichting")
    foto.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=foto.element_handle())
    origineel = fotos.jpeg_bytes((4000, 3000))
    page.locator("#id_fotos").set_input_files(
        {"name": "groot.jpeg", "mimeType": "image/jpeg", "buffer": origineel}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Foto's uploaden").click()
    assert "Uw foto's zijn toegevoegd." in page.content()
    assert_accessible(page)
    bewijs = Bewijsfoto.objects.get(actiepunt=actiepunt)
    assert (bewijs.breedte, bewijs.hoogte) == (2000, 1500)
    assert bewijs.bestandsnaam == "groot.jpg"  # renamed by the browser's re-encode
