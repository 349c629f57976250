"""Every URL pattern is tried by every persona, by GET and by POST. A URL without a case, a form
that posts to a URL without a POST case, or a refused POST that changes anything fails the build.
See tests/permissions.py for the table and docs/rechten.md for the rules it checks."""

import importlib
import pkgutil
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

import tests
from tests import rechtentabel
from tests.checksum import database_checksum, media_files
from tests.formulieren import post_formulieren
from tests.permissions import LOGIN, PERSONAS, VanPagina

# Framework pages that are not about trajectory data.
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_NAMES = {
    "set_language", "login", "logout", "password_change", "password_change_done",
    "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "health",
}
REFUSED = {403, 404, 405, 410}


def all_cases():
    cases = {}
    for module in pkgutil.iter_modules(tests.__path__):
        if not module.ispkg:
            continue
        try:
            url_cases = importlib.import_module(f"tests.{module.name}.url_cases")
        except ModuleNotFoundError:
            continue
        cases.update(url_cases.CASES)
    return cases


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns in EXEMPT_NAMESPACES:
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            yield from url_names(pattern, prefix)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            if name and name not in EXEMPT_NAMES:
                yield name
            elif not name and not pattern.pattern.describe().startswith("'^static"):
                yield f"<unnamed: {pattern.pattern.describe()}>"


CASES = all_cases()


def test_every_url_pattern_has_a_permission_case():
    missing = sorted(set(url_names()) - set(CASES))
    assert missing == [], f"URL patterns without a permission case: {missing}"


def test_no_case_for_a_url_that_does_not_exist():
    stale = sorted(set(CASES) - set(url_names()))
    assert stale == []


def test_docs_rechten_shows_these_cases():
    tekst = rechtentabel.DOC.read_text(encoding="utf-8")
    assert rechtentabel.huidige_sectie(tekst) == rechtentabel.sectie(CASES, PERSONAS), (
        "docs/rechten.md no longer matches the permission cases: run "
        "`DJANGO_SETTINGS_MODULE=kvo.settings .venv/bin/python -m tests.rechtentabel`"
    )


def test_every_case_names_every_persona():
    for name, case in CASES.items():
        for table in (case.expected, case.post_expected()):
            if table is not None:
                assert set(table) == set(PERSONAS), f"{name}: {set(PERSONAS) ^ set(table)}"


class _Terug(Exception):
    pass


@contextmanager
def teruggedraaid():
    """Whatever happens inside is undone afterwards (a savepoint rolled back)."""
    try:
        with transaction.atomic():
            yield
            raise _Terug
    except _Terug:
        pass


def toestand():
    """Everything a request could change: rows, files, mail, tasks queued after commit."""
    return (database_checksum(), tuple(media_files()), len(mail.outbox),
            len(connection.run_on_commit))


def _client(world, persona):
    """A client logged in as `persona` by its session alone: what force_login() does without
    the login signals (last_login, django-axes), which would cost more than the requests."""
    client = Client()
    if persona != "anonymous":
        user = world.users[persona]
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def _waarde(w, world):
    return w(world) if callable(w) else w


def _pagina_formulier(world, url, van_pagina):
    """The form on the page at `url` that posts to `url`, as `van_pagina.persona` sees it."""
    response = world.client_for(van_pagina.persona).get(url)
    assert response.status_code == 200, f"{url}: the page for the POST data answers " \
        f"{response.status_code} to {van_pagina.persona}"
    for formulier in post_formulieren(response.content.decode()):
        if (urlsplit(formulier.action).path or url) == url:
            return formulier.data()
    raise AssertionError(f"{url}: no POST form to this URL on the page")


def _doelen(html, url):
    """URL names that the page's POST forms post to (framework pages left out)."""
    namen = set()
    for formulier in post_formulieren(html):
        pad = urlsplit(formulier.action).path or url
        try:
            match = resolve(pad)
        except Resolver404:
            namen.add(f"<onbekend: {pad}>")
            continue
        if match.view_name not in EXEMPT_NAMES and match.namespace not in EXEMPT_NAMESPACES:
            namen.add(match.view_name)
    return namen


def _is_refused(persona, response):
    if response.status_code in REFUSED:
        return True
    return (persona == "anonymous" and response.status_code == LOGIN
            and response["Location"].startswith(reverse("login")))


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_persona_by_get_and_post(world, name):
    """One URL for every persona (each in its own rolled-back savepoint): the GET status, the
    POST forms on the page, and what a POST does."""
    case = CASES[name]
    args = case.args(world) if case.args else []
    url = reverse(name, args=args)
    fouten = []
    zonder_post_case = {}  # form target -> personas who see the form
    post_expected = case.post_expected()
    pagina_data = None
    if isinstance(case.data, VanPagina):
        with teruggedraaid():
            pagina_data = _pagina_formulier(world, url, case.data)

    for persona in PERSONAS:
        client = _client(world, persona)
        if case.method == "get":
            with teruggedraaid():
                response = client.get(url)
            verwacht = case.expected[persona]
            if response.status_code != verwacht:
                fouten.append(f"GET {persona}: {response.status_code}, expected {verwacht}")
            elif (persona == "anonymous" and verwacht == LOGIN
                  and not response["Location"].startswith(reverse("login"))):
                fouten.append(f"GET anonymous: redirected to {response['Location']}")
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                for doel in sorted(_doelen(response.content.decode(), url)):
                    if doel not in CASES or CASES[doel].post_expected() is None:
                        zonder_post_case.setdefault(doel, []).append(persona)

        with teruggedraaid():
            if isinstance(case.data, VanPagina):
                data = {**pagina_data,
                        **{k: _waarde(v, world) for k, v in case.data.wijzig.items()}}
            else:
                data = {k: _waarde(v, world)
                        for k, v in (_waarde(case.data, world) or {}).items()}
            mail.outbox = []
            voor = toestand()
            response = client.post(url, data)
            na = toestand()
        status = response.status_code
        if status >= 500:
            fouten.append(f"POST {persona}: {status}")
            continue
        if post_expected is None:
            if na != voor and not case.own_account:
                fouten.append(f"POST {persona}: this page takes no POST, yet something changed")
            continue
        verwacht = post_expected[persona]
        if status != verwacht:
            fouten.append(f"POST {persona}: {status}, expected {verwacht}")
        elif _is_refused(persona, response) or persona in case.unchanged:
            if na != voor:
                fouten.append(f"POST {persona}: refused ({status}) but something changed")
        elif na == voor and not case.own_account:
            fouten.append(f"POST {persona}: allowed ({status}) but nothing changed: give the "
                          f"case data a valid change, or name {persona} in unchanged=")
    for doel, personas in zonder_post_case.items():
        fouten.append(f"the page has a POST form to {doel} (seen by {', '.join(personas)}), "
                      f"but {doel} has no POST case: give its Case post= and data=")
    assert not fouten, f"{name} ({url}):\n  " + "\n  ".join(fouten)
