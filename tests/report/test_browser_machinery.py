"""The browser tests' own rules: under CI a missing chromium fails the run; elsewhere it skips."""

from __future__ import annotations

import pytest
import report_helpers


@pytest.fixture()
def no_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_helpers, "CHROMIUM", "/nonexistent/chromium")


@pytest.mark.usefixtures("no_chromium")
def test_missing_chromium_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="must run under CI.*apt-get install"):
        report_helpers.require_browser()


@pytest.mark.usefixtures("no_chromium")
def test_missing_chromium_skips_with_the_reason_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="/nonexistent/chromium not found"):
        report_helpers.require_browser()


def test_the_driver_never_downloads_a_browser() -> None:
    # An explicit binary and driver path: selenium-manager is never consulted.
    assert report_helpers.CHROMIUM.startswith("/") and report_helpers.CHROMEDRIVER.startswith("/")
    for flag in ("--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update"):
        assert flag in report_helpers.FLAGS
