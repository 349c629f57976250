"""Without signal, beyond one page: the installed app started cold with no network, and a
queued capture that arrives after its schouw was closed. Every page is scanned with axe-core."""

import pytest
from django.urls import reverse

from schouwen import services
from schouwen.models import Bevinding, NaSluiting
from tests.browser import assert_accessible, login, new_page, visit, watch_csp
from tests.schouwen.factories import SchouwFactory
from tests.schouwen.test_browser import PHONE_360, phone_photo

pytestmark = pytest.mark.browser

START = reverse("schouwen:vastleggen")
CACHE = "kvo-vastleggen-1"


def _klaar_voor_offline(page, world, schouw):
    """Signed in, the capture page opened once with signal, and the worker has kept it, its
    files and the start page."""
    page.context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    login(page, "gemeente@example.org")
    pad = reverse("schouwen:bevinding-nieuw", args=[world.traject.pk, schouw.pk])
    visit(page, pad)
    page.wait_for_selector("#kaart.leaflet-container")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function(
        f"""() => caches.open("{CACHE}").then(c => Promise.all([
              c.match("{START}"), c.match("{pad}"),
              c.keys().then(k => k.some(r => r.url.includes("schouwen-start.js")))]))
            .then(([start, pagina, js]) => !!(start && pagina && js))""")
    return pad


def test_a_cold_start_without_network_opens_the_start_page_and_the_capture_page(
    phone_page, world, tmp_path
):
    schouw = SchouwFactory(traject=world.traject, titel="Avondschouw Langestraat")
    pad = _klaar_voor_offline(phone_page, world, schouw)
    context = phone_page.context
    context.set_offline(True)
    # The phone closed the tab; the app is started again from the home screen, no network.
    phone_page.close()
    page = context.new_page()
    watch_csp(page)
    antwoorden = []
    page.on("response", lambda r: antwoorden.append(r))
    page.goto(START)
    page.get_by_role("heading", name="Bevindingen vastleggen").wait_for()
    page.get_by_text("Geen verbinding.").wait_for()
    bewaard = page.locator("#bewaarde-paginas")
    bewaard.get_by_role("link", name="Avondschouw Langestraat").wait_for()
    assert bewaard.get_by_text(world.traject.naam).is_visible()
    assert not page.locator("#open-schouwen").is_visible()
    assert_accessible(page)

    # On to the capture page it lists: the page and every file it uses come from the worker.
    antwoorden.clear()
    with page.expect_navigation():
        bewaard.get_by_role("link", name="Avondschouw Langestraat").click()
    page.wait_for_selector("#kaart.leaflet-container")
    assert page.url.endswith(pad)
    eigen = [r for r in antwoorden if r.url.startswith(page.url.split(pad)[0])]
    statisch = [r for r in eigen if "/static/" in r.url]
    assert any("schouwen-vastleggen.js" in r.url for r in statisch)
    assert any(r.url.endswith(".css") for r in statisch)
    assert all(r.from_service_worker for r in eigen), [
        r.url for r in eigen if not r.from_service_worker]

    # A capture made here waits on the phone; the start page counts it.
    page.locator("input[type=file][name=fotos]").set_input_files(str(phone_photo(tmp_path)))
    page.locator("#foto-voorbeelden img").wait_for()
    page.get_by_text("Verlichting", exact=True).click()
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.locator("#wachtrij-status").get_by_text("1 bevinding wacht").wait_for()
    page.reload()
    page.locator("#wachtrij-status").get_by_text("1 bevinding wacht").wait_for()
    page.goto(START)
    page.locator("#bewaarde-paginas").get_by_text("1 bevinding wacht op verbinding").wait_for()

    # Any other page of the app that the phone does not keep: the start page, not an error.
    page.goto(reverse("schouwen:detail", args=[world.traject.pk, schouw.pk]))
    page.get_by_role("heading", name="Bevindingen vastleggen").wait_for()
    page.locator("#bewaarde-paginas").get_by_role(
        "link", name="Avondschouw Langestraat").wait_for()
    assert not Bevinding.alle.exists()

    # Back online: the worker hands every page to the network, a redirect too.
    context.set_offline(False)
    visit(page, START)
    page.locator("#open-schouwen").get_by_role(
        "link", name="Avondschouw Langestraat", exact=True).wait_for()
    assert not page.locator("#offline-melding").is_visible()
    services.schouw_afronden(schouw=schouw)
    page.goto(pad)  # the capture page of a closed schouw sends the partner to the schouw
    page.get_by_text("Deze schouw is afgerond").wait_for()
    assert page.url.endswith(schouw.get_absolute_url())
    assert_accessible(page)


def test_a_queued_capture_after_closing_goes_to_the_coordinator_who_accepts_it(
    chromium, live_server, world, tmp_path
):
    schouw = SchouwFactory(traject=world.traject, titel="Avondschouw Langestraat")
    telefoon = new_page(chromium, live_server, viewport=PHONE_360)
    coordinator = new_page(chromium, live_server)
    try:
        _klaar_voor_offline(telefoon, world, schouw)
        telefoon.context.set_offline(True)
        telefoon.locator("input[type=file][name=fotos]").set_input_files(
            str(phone_photo(tmp_path)))
        telefoon.locator("#foto-voorbeelden img").wait_for()
        telefoon.get_by_text("Bestrating", exact=True).click()
        telefoon.get_by_label("Omschrijving").fill("Tegel los bij de fietsenstalling")
        telefoon.get_by_role("button", name="Opslaan", exact=True).click()
        telefoon.locator("#wachtrij-status").get_by_text("1 bevinding wacht").wait_for()

        # Meanwhile the coordinator completes the schouw.
        services.schouw_afronden(schouw=schouw)

        telefoon.context.set_offline(False)
        telefoon.evaluate("window.dispatchEvent(new Event('online'))")
        telefoon.locator("#wachtrij-doorgegeven").get_by_text(
            "doorgegeven aan de coördinator").wait_for(timeout=60_000)
        telefoon.locator("#wachtrij-status").get_by_text(
            "Alle wachtende bevindingen zijn verstuurd.").wait_for()
        assert telefoon.locator("#wachtrij-problemen li").count() == 0
        assert telefoon.evaluate(
            "() => new Promise(k => { const v = indexedDB.open('kvo-vastleggen', 1);"
            " v.onsuccess = () => { const r = v.result.transaction('wachtrij')"
            ".objectStore('wachtrij').count(); r.onsuccess = () => k(r.result); }; })") == 0
        assert_accessible(telefoon)

        laat = Bevinding.alle.get()
        assert laat.na_sluiting == NaSluiting.WACHT
        assert laat.omschrijving == "Tegel los bij de fietsenstalling"
        assert laat.fotos.count() == 1
        assert not Bevinding.objects.exists()

        login(coordinator, "coordinator@example.org")
        visit(coordinator, schouw.get_absolute_url())
        sectie = coordinator.locator("#na-sluiting")
        sectie.get_by_text("1 wacht op uw besluit").wait_for()
        sectie.get_by_text("Tegel los bij de fietsenstalling", exact=True).wait_for()
        assert sectie.locator("img.foto-mini").count() == 1
        with coordinator.expect_navigation():
            sectie.get_by_role("button", name="Aanvaarden").click()
        coordinator.get_by_text("Bevinding aanvaard").wait_for()
        assert_accessible(coordinator)
        laat.refresh_from_db()
        assert laat.na_sluiting == NaSluiting.AANVAARD
        assert list(Bevinding.objects.all()) == [laat]
    finally:
        for pagina in (telefoon, coordinator):
            pagina.context.close()
