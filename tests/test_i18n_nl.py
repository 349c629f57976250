"""In the Dutch interface every word is Dutch, also the strings of the packages we use
(django-simple-history, django-axes, django-otp) and the Django admin strings Django's own
Dutch catalogue lacks: locale/nl/LC_MESSAGES/django.po and the Dutch names of those apps
(kvo/apps.py). The English interface keeps its English."""

import gettext
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from actiepunten.models import Status
from tests.actiepunten.factories import ActiepuntFactory
from tests.factories import UserFactory
from tests.test_i18n import parse_po

pytestmark = pytest.mark.django_db
LOCALE_NL = settings.BASE_DIR / "locale" / "nl" / "LC_MESSAGES"


def tekst(response):
    """The visible text of a page (no scripts or tags)."""
    assert response.status_code == 200
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", response.content.decode(),
                  flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def beheerder():
    client = Client()
    client.force_login(UserFactory(email="super@example.org", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def actiepunt(world):
    actiepunt = ActiepuntFactory(traject=world.traject, titel="Verlichting Marktplein")
    actiepunt.naar_status(Status.IN_UITVOERING, door=world.users["coordinator"],
                          coordinator=True)
    return actiepunt


def test_history_on_the_action_item_page_is_dutch(world, actiepunt):
    pagina = tekst(world.client_for("coordinator").get(actiepunt.get_absolute_url()))
    assert "Aangemaakt" in pagina and "Gewijzigd" in pagina
    assert not {"Created", "Changed"} & set(pagina.split())


def test_the_same_history_stays_english_in_english(world, actiepunt):
    client = world.client_for("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pagina = tekst(client.get(actiepunt.get_absolute_url()))
    assert "Created" in pagina and "Changed" in pagina


def test_admin_index_names_every_section_and_table_header_in_dutch(beheerder):
    pagina = tekst(beheerder.get(reverse("admin:index")))
    for woord in ["Inlogpogingen", "Mislukte inlogpogingen", "Inlogregistraties",
                  "Inloggen in twee stappen: authenticator-apps",
                  "Inloggen in twee stappen: herstelcodes", "Modelnaam",
                  "Link om toe te voegen", "Link om de lijst te wijzigen of te bekijken",
                  "Authenticator-apps", "Sets herstelcodes"]:
        assert woord in pagina, woord
    for engels in ["Axes", "Access attempts", "Access logs", "Otp_Totp", "Otp_Static",
                   "TOTP devices", "Static devices",
                   "Model name", "Add link", "Change or view list link"]:
        assert engels not in pagina, engels


def test_failed_sign_ins_in_admin_are_dutch(beheerder):
    AccessAttempt.objects.create(
        username="x@example.org", ip_address="127.0.0.1", user_agent="ua",
        failures_since_start=2, get_data="", post_data="", http_accept="", path_info="/inloggen/",
    )
    pagina = tekst(beheerder.get(reverse("admin:axes_accessattempt_changelist")))
    for woord in ["Tijdstip", "IP-adres", "Gebruikersnaam", "Mislukte pogingen",
                  "Verlopen pogingen opruimen", "Geblokkeerd"]:
        assert woord in pagina, woord
    for engels in ["Attempt Time", "IP Address", "Username", "Failed Logins", "Locked Out"]:
        assert engels not in pagina, engels


def test_admin_history_of_an_action_item_is_dutch(beheerder, actiepunt):
    pagina = tekst(beheerder.get(
        reverse("admin:actiepunten_actiepunt_history", args=[actiepunt.pk])))
    for woord in ["Geschiedenis", "Datum/tijd", "Gewijzigd door", "Reden van de wijziging",
                  "Aangemaakt", "Gewijzigd", "vermeldingen"]:
        assert woord in pagina, woord
    for engels in ["Changed by", "Change reason", "Date/time", "Created", "None", "entries"]:
        assert engels not in pagina.split() and engels not in pagina, engels


def test_dutch_catalogue_is_compiled_and_keeps_every_placeholder():
    with (LOCALE_NL / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = parse_po(LOCALE_NL / "django.po")
    assert len(entries) > 60
    for e in entries:
        if "msgid_plural" in e:
            assert [compiled.ngettext(e["msgid"], e["msgid_plural"], n) for n in (1, 2)] == [
                e["msgstr"][0], e["msgstr"][1]], e["msgid"]
        else:
            assert compiled.gettext(e["msgid"]) == e["msgstr"][0], e["msgid"]
        for index, vertaling in e["msgstr"].items():
            bron = e.get("msgid_plural") if index else e["msgid"]
            assert sorted(re.findall(r"%\(\w+\)[sd]|%s", vertaling)) == sorted(
                re.findall(r"%\(\w+\)[sd]|%s", bron)), e["msgid"]
