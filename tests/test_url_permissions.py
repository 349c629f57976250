"""Every URL pattern is tried by every persona. A page without a case fails the build."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.conftest import PERSONAS

# Framework pages that are not about trajectory data.
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_NAMES = {
    "set_language", "login", "logout", "password_change", "password_change_done",
    "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "health",
}


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


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_persona_gets_expected_status(world, name, persona):
    case = CASES[name]
    args = case.args(world) if case.args else []
    url = reverse(name, args=args)
    client = world.client_for(persona)
    if case.method == "post":
        data = case.data(world) if callable(case.data) else (case.data or {})
        response = client.post(url, data)
    else:
        response = client.get(url)
    expected = case.expected[persona]
    assert response.status_code == expected, (
        f"{persona} on {name} ({url}): {response.status_code}, expected {expected}"
    )
    if persona == "anonymous" and expected == 302:
        assert response["Location"].startswith(reverse("login"))
