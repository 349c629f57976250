"""The browser helper skips without Chromium, except in CI where a missing browser fails."""

import pytest

from tests import browser


def test_missing_browser_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("KVO_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        browser.skip_or_fail("/usr/bin/chromium is missing")


def test_missing_browser_fails_when_required(monkeypatch):
    monkeypatch.setenv("KVO_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="KVO_REQUIRE_BROWSER"):
        browser.skip_or_fail("/usr/bin/chromium is missing")


def test_field_label_matches_label_with_required_asterisk():
    pattern = browser.field_label("E-mailadres")
    assert pattern.match("\n   E-mailadres* ")
    assert pattern.match("E-mailadres")
    assert not pattern.match("E-mailadres van de organisatie")


@pytest.mark.browser
def test_csp_violation_on_a_page_is_caught(chromium, live_server):
    from django.urls import reverse

    page = browser.new_page(chromium, live_server)
    try:
        browser.visit(page, reverse("login"))
        assert browser.csp_violations(page) == []
        # What an inline style attribute or handler in a template would do.
        page.evaluate("document.body.setAttribute('style', 'color: red')")
        page.evaluate("document.body.setAttribute('onclick', 'alert(1)'); document.body.click()")
        page.wait_for_timeout(200)
        violations = browser.csp_violations(page)
        assert any("style-src" in v for v in violations), violations
        with pytest.raises(AssertionError, match="Content-Security-Policy violations"):
            browser.assert_accessible(page)
    finally:
        page.context.close()
