"""Every response carries the Content-Security-Policy and Permissions-Policy headers: pages the
strict policy, files (photos, PDFs, exports, JSON) the sandbox policy. Tried on every URL of the
permission table, the admin, the login pages and the error pages."""

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse

from kvo.security import is_html
from tests.factories import UserFactory
from tests.test_url_permissions import CASES

pytestmark = pytest.mark.django_db


def directives(response):
    header = response["Content-Security-Policy"]
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def assert_secure_headers(response, where):
    assert "Content-Security-Policy" in response, f"{where}: no CSP"
    policy = directives(response)
    if is_html(response):
        for name in ("default-src", "script-src", "style-src"):
            assert policy[name] == ["'self'"], f"{where}: {name} {policy.get(name)}"
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        # Only one exact style attribute value, by hash (django-simple-history's admin page).
        assert policy["style-src-attr"] == [
            "'unsafe-hashes'", "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
    elif response.get("Content-Type", "").startswith("text/javascript"):
        # The capture pages' service worker (schouwen:werker): a script, not a file to open;
        # its policy governs its own fetches, so our origin only, nothing inline or eval'd.
        assert policy["default-src"] == ["'self'"], where
        assert policy["script-src"] == ["'self'"], where
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    else:
        assert "sandbox" in policy, f"{where}: file without sandbox"
        assert policy["default-src"] == ["'none'"], where
    permissions = response["Permissions-Policy"]
    assert "camera=(self)" in permissions, where
    assert "geolocation=(self)" in permissions, where
    assert "microphone=()" in permissions, where


@pytest.mark.parametrize("persona", ["coordinator", "anonymous"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_every_url_carries_security_headers(world, name, persona):
    case = CASES[name]
    url = reverse(name, args=case.args(world) if case.args else [])
    client = world.client_for(persona)
    if case.method == "post":
        data = case.data(world) if callable(case.data) else (case.data or {})
        response = client.post(url, data)
    else:
        response = client.get(url)
    assert_secure_headers(response, f"{persona} {name} ({response.status_code})")


@pytest.mark.parametrize("url", [
    "/inloggen/", "/wachtwoord/vergeten/", "/wachtwoord/vergeten/verstuurd/",
    "/gezondheid/", "/beheer/login/", "/bestaat-niet/",
])
def test_public_pages_and_404_carry_security_headers(client, url):
    response = client.get(url)
    assert_secure_headers(response, url)


def test_admin_pages_carry_security_headers(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in ["/beheer/", "/beheer/kvo/user/", "/beheer/kvo/user/add/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secure_headers(response, url)


def _boom(request):
    raise RuntimeError("kapot")


urlpatterns = [path("kapot/", _boom)]


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_page_carries_security_headers(db):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    response = client.get("/kapot/")
    assert response.status_code == 500
    assert_secure_headers(response, "500")


def test_map_tile_origin_is_allowed_for_images(client, settings):
    response = client.get("/inloggen/")
    assert "https://tile.openstreetmap.org" in directives(response)["img-src"]


def test_tile_origin_from_template():
    from kvo.settings import tile_origin

    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == \
        "https://*.tile.example.org"
    assert tile_origin("https://tiles.example.org:8443/a/{z}/{x}/{y}.png") == \
        "https://tiles.example.org:8443"
    assert tile_origin("/static/tegels/{z}/{x}/{y}.png") is None
