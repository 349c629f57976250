"""Two-factor sign-in with real TOTP codes computed from the device key (django-otp's totp)."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kvo import tweestap
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def app_code(device):
    """The 6-digit code the authenticator app shows now, computed from the device's key."""
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits)
    generator.time = timezone.now().timestamp()
    return f"{generator.token():0{device.digits}d}"


def inloggen(client, email, next_url=None):
    data = {"username": email, "password": PASSWORD}
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, data, REMOTE_ADDR="192.0.2.20")


def inschrijven(client, user):
    """Set up the authenticator through the pages; returns (device, recovery codes)."""
    page = client.get(reverse("tweestap-instellen"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("tweestap-instellen"), {"code": app_code(device)})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in \
        response["Cache-Control"]
    codes = re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", response.content.decode())
    assert len(codes) == tweestap.HERSTELCODES
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


@pytest.fixture
def gebruiker():
    return UserFactory(email="gemeente@example.org")


def test_optional_user_enrols_then_needs_a_code_at_next_login(gebruiker):
    with time_machine.travel(START, tick=False):
        client = Client()
        assert inloggen(client, gebruiker.email).status_code == 302
        assert client.get(reverse("trajects:dashboard")).status_code == 200  # not required
        device, codes = inschrijven(client, gebruiker)
        # Right after enrolling the session counts as verified.
        assert client.get(reverse("trajects:dashboard")).status_code == 200

    with time_machine.travel(START + datetime.timedelta(minutes=5), tick=False):
        client = Client()
        response = inloggen(client, gebruiker.email)
        assert response.status_code == 302
        # Every page now leads to the code step, the admin too.
        for url in [reverse("trajects:dashboard"), "/beheer/", reverse("beveiliging")]:
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("tweestap-code"))
        response = client.post(reverse("tweestap-code"), {"code": "000000"})
        assert "klopt niet" in response.content.decode()
        assert client.get(reverse("trajects:dashboard")).status_code == 302

    with time_machine.travel(START + datetime.timedelta(minutes=6), tick=False):
        response = client.post(reverse("tweestap-code") + "?next=/beveiliging/",
                               {"code": app_code(device), "next": "/beveiliging/"})
        assert response.status_code == 302
        assert response["Location"] == "/beveiliging/"
        assert client.get(reverse("trajects:dashboard")).status_code == 200


def test_a_code_cannot_be_used_twice(gebruiker):
    with time_machine.travel(START, tick=False):
        client = Client()
        inloggen(client, gebruiker.email)
        device, _codes = inschrijven(client, gebruiker)
    with time_machine.travel(START + datetime.timedelta(minutes=2), tick=False):
        eerste = app_code(device)
        client = Client()
        inloggen(client, gebruiker.email)
        assert client.post(reverse("tweestap-code"), {"code": eerste}).status_code == 302
        ander = Client()
        inloggen(ander, gebruiker.email)
        response = ander.post(reverse("tweestap-code"), {"code": eerste})
        assert response.status_code == 200  # replayed in the same time step: refused
        assert ander.get(reverse("trajects:dashboard")).status_code == 302


def test_recovery_code_works_once(gebruiker):
    with time_machine.travel(START, tick=False):
        client = Client()
        inloggen(client, gebruiker.email)
        _device, codes = inschrijven(client, gebruiker)
    with time_machine.travel(START + datetime.timedelta(minutes=3), tick=False):
        client = Client()
        inloggen(client, gebruiker.email)
        response = client.post(reverse("tweestap-code"), {"code": codes[0].upper()}, follow=True)
        assert "herstelcode gebruikt" in response.content.decode()
        assert client.get(reverse("trajects:dashboard")).status_code == 200
        assert StaticToken.objects.filter(device__user=gebruiker).count() == len(codes) - 1
        ander = Client()
        inloggen(ander, gebruiker.email)
        assert ander.post(reverse("tweestap-code"), {"code": codes[0]}).status_code == 200
        assert ander.get(reverse("trajects:dashboard")).status_code == 302


def test_wrong_codes_are_throttled(gebruiker):
    with time_machine.travel(START, tick=False):
        client = Client()
        inloggen(client, gebruiker.email)
        device, _codes = inschrijven(client, gebruiker)
    with time_machine.travel(START + datetime.timedelta(minutes=2), tick=False):
        client = Client()
        inloggen(client, gebruiker.email)
        response = client.post(reverse("tweestap-code"), {"code": "123456"})
        assert "klopt niet" in response.content.decode()
        # Even the right code waits out the throttle (1, 2, 4 s ... after each failure).
        response = client.post(reverse("tweestap-code"), {"code": app_code(device)})
        assert "Wacht even" in response.content.decode()
        assert client.get(reverse("trajects:dashboard")).status_code == 302
    with time_machine.travel(START + datetime.timedelta(minutes=3), tick=False):
        assert client.post(reverse("tweestap-code"), {"code": app_code(device)})\
            .status_code == 302


def test_required_role_must_enrol_before_anything_else(settings, world):
    settings.MFA_REQUIRED_ROLES = ["staff", "coordinator"]
    coordinator = world.users["coordinator"]
    with time_machine.travel(START, tick=False):
        client = Client()
        inloggen(client, coordinator.email)
        response = client.get(reverse("trajects:detail", args=[world.traject.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("tweestap-instellen"))
        # A partner is not required to.
        partner = Client()
        inloggen(partner, world.users["gemeente"].email)
        assert partner.get(reverse("trajects:detail", args=[world.traject.pk])).status_code \
            == 200
        inschrijven(client, coordinator)
        assert client.get(reverse("trajects:detail", args=[world.traject.pk])).status_code \
            == 200
        # Required: cannot be switched off, even with a right code.
        client.post(reverse("beveiliging-uitschakelen"), {"code": "whatever"})
        assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


def test_staff_admin_login_requires_the_code_when_set(settings):
    settings.MFA_REQUIRED_ROLES = ["staff"]
    beheerder = UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True)
    with time_machine.travel(START, tick=False):
        client = Client()
        response = client.post(reverse("admin:login") + "?next=/beheer/",
                               {"username": beheerder.email, "password": PASSWORD,
                                "next": "/beheer/"}, REMOTE_ADDR="192.0.2.30")
        assert response.status_code == 302
        response = client.get("/beheer/")
        assert response["Location"].startswith(reverse("tweestap-instellen"))
        device, _codes = inschrijven(client, beheerder)
        assert client.get("/beheer/").status_code == 200
    with time_machine.travel(START + datetime.timedelta(minutes=2), tick=False):
        client = Client()
        client.post(reverse("admin:login"), {"username": beheerder.email,
                                             "password": PASSWORD}, REMOTE_ADDR="192.0.2.30")
        assert client.get("/beheer/")["Location"].startswith(reverse("tweestap-code"))
        client.post(reverse("tweestap-code"), {"code": app_code(device)})
        assert client.get("/beheer/").status_code == 200


def test_optional_user_disables_with_a_code(gebruiker):
    with time_machine.travel(START, tick=False):
        client = Client()
        inloggen(client, gebruiker.email)
        device, _codes = inschrijven(client, gebruiker)
    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        client.post(reverse("beveiliging-uitschakelen"), {"code": "111111"})
        assert TOTPDevice.objects.filter(user=gebruiker).exists()  # wrong code: still on
    with time_machine.travel(START + datetime.timedelta(minutes=2), tick=False):
        response = client.post(reverse("beveiliging-uitschakelen"), {"code": app_code(device)})
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=gebruiker).exists()
        assert not StaticToken.objects.filter(device__user=gebruiker).exists()
    client = Client()
    inloggen(client, gebruiker.email)
    assert client.get(reverse("trajects:dashboard")).status_code == 200


def test_new_recovery_codes_replace_the_old(gebruiker):
    with time_machine.travel(START, tick=False):
        client = Client()
        inloggen(client, gebruiker.email)
        _device, oude = inschrijven(client, gebruiker)
        response = client.post(reverse("beveiliging-herstelcodes"))
        nieuwe = re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", response.content.decode())
        assert len(nieuwe) == tweestap.HERSTELCODES and not set(nieuwe) & set(oude)
        assert StaticToken.objects.filter(device__user=gebruiker).count() == len(nieuwe)


def test_unverified_user_cannot_replace_the_authenticator(gebruiker):
    with time_machine.travel(START, tick=False):
        client = Client()
        inloggen(client, gebruiker.email)
        inschrijven(client, gebruiker)
        client = Client()
        inloggen(client, gebruiker.email)
        response = client.get(reverse("tweestap-instellen"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("tweestap-code"))
        assert client.post(reverse("tweestap-instellen"), {"code": "123456"}).status_code == 302
        assert TOTPDevice.objects.filter(user=gebruiker).count() == 1


def test_code_page_does_not_follow_an_outside_next(gebruiker):
    with time_machine.travel(START, tick=False):
        client = Client()
        inloggen(client, gebruiker.email)
        device, _codes = inschrijven(client, gebruiker)
    with time_machine.travel(START + datetime.timedelta(minutes=2), tick=False):
        client = Client()
        inloggen(client, gebruiker.email)
        response = client.post(reverse("tweestap-code"),
                               {"code": app_code(device), "next": "https://evil.example/"})
        assert response["Location"] == reverse("trajects:dashboard")
