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


def test_every_trajects_page_passes_axe_on_desktop_and_phone(chromium, live_server, world):
    from tests.factories import DocumentVersieFactory, OverlegFactory
    from trajects.models import Aanwezigheid, Werkgroeprol

    traject = world.traject
    traject.lidmaatschappen.update(werkgroeprol=Werkgroeprol.LID)
    # Names as long as real ones, so tables overflow on a phone as they do in the demo.
    for persona, user in world.users.items():
        user.naam = f"Beleidsadviseur veiligheid en openbare orde {persona.capitalize()}"
        user.save(update_fields=["naam"])
    versie = DocumentVersieFactory(
        document__traject=traject, document__organisatie=world.organisaties["gemeente"],
        document__titel="Intentieverklaring Keurmerk Veilig Ondernemen centrum 2026",
        geupload_door=world.users["gemeente"],
        bestandsnaam="intentieverklaring-kvo-centrum-sgravenzande-ondertekend.pdf",
    )
    overleg = OverlegFactory(traject=traject, notulen="Schouw besproken.")
    Aanwezigheid.objects.bulk_create(
        Aanwezigheid(overleg=overleg, lidmaatschap=lid, aanwezig=True)
        for lid in traject.lidmaatschappen.all()
    )
    traject.naar_fase(Traject.Fase.ANALYSE, door=world.users["coordinator"], toelichting="Start")
    pk = traject.pk
    paths = [
        reverse("trajects:dashboard"),
        reverse("trajects:nieuw"),
        reverse("trajects:detail", args=[pk]),
        reverse("trajects:bewerken", args=[pk]),
        reverse("trajects:fase", args=[pk]),
        reverse("trajects:gereedheid", args=[pk]),
        reverse("trajects:partners", args=[pk]),
        reverse("trajects:leden", args=[pk]),
        reverse("trajects:uitnodigen", args=[pk]),
        reverse("trajects:documenten", args=[pk]),
        reverse("trajects:document-nieuw", args=[pk]),
        reverse("trajects:document-detail", args=[pk, versie.document_id]),
        reverse("trajects:overleggen", args=[pk]),
        reverse("trajects:overleg-nieuw", args=[pk]),
        reverse("trajects:overleg-detail", args=[pk, overleg.pk]),
        reverse("trajects:organisaties"),
        reverse("trajects:organisatie-detail", args=[world.organisaties["gemeente"].pk]),
        reverse("trajects:organisatie-nieuw"),
        reverse("trajects:gebied-nieuw"),
        reverse("password_change"),
    ]
    for viewport in [PHONE, None]:
        page = new_page(chromium, live_server, **({"viewport": viewport} if viewport else {}))
        try:
            login(page, "coordinator@example.org")
            for path in paths:
                visit(page, path)
        finally:
            page.context.close()
    anonymous = new_page(chromium, live_server, viewport=PHONE)
    try:
        for path in [reverse("login"), reverse("password_reset")]:
            visit(anonymous, path)
    finally:
        anonymous.context.close()
