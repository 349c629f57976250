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
