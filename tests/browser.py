"""Shared helpers for browser tests: Debian's Chromium through Playwright, scanned with axe-core.

Use in a test module:

    import pytest
    from tests.browser import assert_accessible, login, visit

    pytestmark = pytest.mark.browser

    def test_coordinator_sees_dashboard(browser_page, world):
        login(browser_page, "coordinator@example.org")   # the real login form, axe-checked
        visit(browser_page, reverse("trajects:partners", args=[world.traject.pk]))
        browser_page.get_by_role("link", name="Werkgroep").click()
        assert_accessible(browser_page)                   # after every navigation

Helpers: `visit(page, path)` (goto + status + axe), `assert_accessible(page)`, `login(page,
email, password=tests.factories.PASSWORD)`, `field_label("Naam")` (label text matcher that
ignores crispy's required asterisk), `new_page(chromium, live_server, viewport=PHONE)`.
Browser tests need a transactional database (the live server runs in another thread): the
fixtures request it, so data made in the test is visible to the server.

Fixtures (registered for every test through `pytest_plugins` in tests/conftest.py):
- `chromium`: a launched headless Chromium browser (one per test);
- `browser_page`: a desktop-size page in a fresh context, with `live_server` as base URL;
- `phone_page`: the same at phone size (390x844, touch).
Open more pages or contexts with `new_page(chromium, live_server, viewport=PHONE)`.

Without /usr/bin/chromium (or the path in KVO_CHROMIUM) the tests skip with a reason; with
KVO_REQUIRE_BROWSER set (CI's production-like leg) they fail instead. Every page a test visits
must pass `assert_accessible(page)`: serious and critical axe-core violations fail the test, and
so does any Content-Security-Policy violation the browser reported on the page (an inline script,
style attribute or event handler, a script from elsewhere). Pages made by `new_page` and the
fixtures record those from the console; the fixtures check once more when the test ends, so a
violation after the last check fails too.
"""

import os
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connections
from django.urls import reverse

from tests.factories import PASSWORD

# Debian's Chromium. KVO_CHROMIUM points elsewhere only to try the skip path on a machine
# that has it (CI's embedded leg).
CHROMIUM = Path(os.environ.get("KVO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
LAPTOP = {"width": 1366, "height": 768}  # the common laptop screen
PHONE = {"width": 390, "height": 844}
FAILING_IMPACTS = {"serious", "critical"}
TIMEOUT_MS = 15_000


def browser_required():
    return bool(os.environ.get("KVO_REQUIRE_BROWSER"))


def skip_or_fail(reason):
    """A missing browser is a failure in CI (KVO_REQUIRE_BROWSER set) and a skip elsewhere."""
    if browser_required():
        pytest.fail(f"{reason} (KVO_REQUIRE_BROWSER is set, so this is a failure)")
    pytest.skip(f"{reason}; install it with `apt-get install chromium` to run browser tests")


@contextmanager
def _async_unsafe_allowed():
    """Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
    thread with a running loop unless told otherwise. Only for the duration of a browser test."""
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


@pytest.fixture
def chromium(transactional_db, live_server):
    # Requesting the database before live_server makes the server stop before the test
    # database is dropped at the end of the session.
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed")
    # Inside Playwright's event loop this thread sees other database connections than outside
    # it; close them on both sides so none is left open when the test database is dropped.
    connections.close_all()
    try:
        with _async_unsafe_allowed(), sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
            try:
                yield browser
            finally:
                browser.close()
                connections.close_all()
    finally:
        connections.close_all()


def new_page(chromium, live_server, *, viewport=DESKTOP, locale="nl-NL"):
    """A page in a fresh context (own cookies), with relative URLs resolved on `live_server`."""
    is_phone = viewport["width"] < 576
    context = chromium.new_context(
        base_url=live_server.url, viewport=viewport, locale=locale,
        is_mobile=is_phone, has_touch=is_phone,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch_csp(page)
    return page


def watch_csp(page):
    """Record the Content-Security-Policy violations Chromium reports on `page`'s console."""
    violations = []
    page.on("console", lambda message: _record_csp(violations, page, message))
    _CSP_VIOLATIONS[id(page)] = violations


def _record_csp(violations, page, message):
    if "Content Security Policy" in message.text:
        violations.append(f"{page.url}: {message.text}")


_CSP_VIOLATIONS = {}


def csp_violations(page):
    """The CSP violations recorded on `page` so far (it must come from `new_page`)."""
    assert id(page) in _CSP_VIOLATIONS, "make browser pages with new_page() or the fixtures"
    return list(_CSP_VIOLATIONS[id(page)])


def assert_no_csp_violations(page):
    violations = csp_violations(page)
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def _close(page):
    try:
        assert_no_csp_violations(page)
    finally:
        _CSP_VIOLATIONS.pop(id(page), None)
        page.context.close()


@pytest.fixture
def browser_page(chromium, live_server):
    page = new_page(chromium, live_server)
    yield page
    _close(page)


@pytest.fixture
def phone_page(chromium, live_server):
    page = new_page(chromium, live_server, viewport=PHONE)
    yield page
    _close(page)


def axe_violations(page, *, impacts=FAILING_IMPACTS):
    """The axe-core violations on the current page whose impact is in `impacts`."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"][:10]:
            target = ", ".join(str(t) for t in node["target"])
            lines.append(f"    {target}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


def assert_accessible(page):
    """Fail on serious or critical axe-core (WCAG) violations on the current page, and on any
    Content-Security-Policy violation reported so far."""
    page.wait_for_load_state("load")
    assert_no_csp_violations(page)
    violations = axe_violations(page)
    assert not violations, (
        f"Accessibility violations on {page.url}:\n{format_violations(violations)}"
    )


def field_label(text):
    """Match a form field's label exactly, with or without crispy's required-field asterisk."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def visit(page, path):
    """Go to `path` (relative to the live server), check it answered and is accessible."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    assert_accessible(page)
    return response


def login(page, email, password=PASSWORD):
    """Log in through the real login form; checks the login page and the page after it."""
    visit(page, reverse("login"))
    page.get_by_label(field_label("E-mailadres")).fill(email)
    page.get_by_label(field_label("Wachtwoord")).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    assert urlparse(page.url).path != reverse("login"), f"login as {email} failed"
    assert_accessible(page)
