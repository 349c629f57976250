"""Login throttling, password reset by mail, the language switch, client address."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from kvo.access import client_ip
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def inloggen(client, email, password, ip="192.0.2.10"):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_login_with_email_lands_on_dashboard(client):
    UserFactory(email="coordinator@example.org")
    response = inloggen(client, "Coordinator@Example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("trajects:dashboard")


def test_wrong_password_gives_dutch_message(client):
    UserFactory(email="coordinator@example.org")
    response = inloggen(client, "coordinator@example.org", "fout")
    assert response.status_code == 200
    assert "Voer een juist e-mailadres en wachtwoord in." in response.content.decode()


def test_repeated_failures_throttle_account_and_address_then_cool_off(client, settings):
    UserFactory(email="coordinator@example.org")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            inloggen(client, "coordinator@example.org", "fout")
        # Now even the right password is refused for this account from this address.
        response = inloggen(client, "coordinator@example.org", PASSWORD)
        assert response.status_code == 429
        assert "Te veel mislukte inlogpogingen" in response.content.decode()
        assert "_auth_user_id" not in client.session
        # The same account from another address, and another account here, still work.
        other = type(client)()
        assert inloggen(other, "coordinator@example.org", PASSWORD, ip="198.51.100.7")\
            .status_code == 302
        UserFactory(email="gemeente@example.org")
        assert inloggen(type(client)(), "gemeente@example.org", PASSWORD).status_code == 302

    bijna = start + settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    with time_machine.travel(bijna, tick=False):
        assert inloggen(client, "coordinator@example.org", PASSWORD).status_code == 429

    # The cool-off counts from the last attempt, so someone who keeps trying stays throttled.
    with time_machine.travel(bijna + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1),
                             tick=False):
        response = inloggen(client, "coordinator@example.org", PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == reverse("trajects:dashboard")


def test_fewer_failures_than_the_limit_do_not_throttle(client, settings):
    UserFactory(email="coordinator@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        inloggen(client, "coordinator@example.org", "fout")
    assert inloggen(client, "coordinator@example.org", PASSWORD).status_code == 302


def test_password_reset_mail_sets_a_new_password(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="gemeente@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "gemeente@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["gemeente@example.org"]
    assert bericht.subject == "Nieuw wachtwoord voor KVO-trajectbeheer"
    assert "<p>" not in bericht.body  # plain-text part
    assert bericht.alternatives[0][1] == "text/html"
    pad = re.search(r"https?://[^/\s]+(/wachtwoord/herstel/\S+/)", bericht.body).group(1)
    response = client.get(pad, follow=True)
    assert response.status_code == 200
    response = client.post(response.redirect_chain[-1][0], {
        "new_password1": "Nieuw-wachtwoord-2026", "new_password2": "Nieuw-wachtwoord-2026",
    })
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nieuw-wachtwoord-2026")


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "onbekend@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_language_switch_to_english_works_for_anonymous_and_members(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"})
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/"
    response = client.get(reverse("login"))
    assert '<html lang="en">' in response.content.decode()
    # Django's own strings follow the language.
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert "This field is required." in response.content.decode()

    client.force_login(UserFactory())
    response = client.get(reverse("trajects:dashboard"))
    assert '<html lang="en">' in response.content.decode()
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert '<html lang="nl">' in client.get(reverse("trajects:dashboard")).content.decode()


def test_client_address_ignores_forwarded_header_without_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert client_ip(request) == "10.0.0.1"


def test_client_address_behind_one_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert client_ip(request) == "203.0.113.9"  # the client's own "6.6.6.6" is not trusted
