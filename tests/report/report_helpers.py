"""Helpers for the report tests. Headless Debian chromium driven by selenium, pointed at the system binaries only.

The Service gets an explicit chromedriver path and the options an explicit browser binary, so
selenium-manager never runs and nothing is downloaded. Under CI (CI=true) a missing browser is
a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("SUMMARIZER_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("SUMMARIZER_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install selenium (the `test` extra)"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (Path(path).is_file() and os.access(path, os.X_OK)):
            return f"{path} not found: apt-get install -y chromium chromium-driver ({package})"
    return None


def require_browser() -> None:
    """Skip with the reason outside CI; fail under CI."""
    reason = unavailable_reason()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"browser tests must run under CI: {reason}")
    pytest.skip(f"browser tests need chromium: {reason}")


@contextmanager
def chromium() -> Iterator[Any]:
    """A fresh headless chromium with an empty profile and its console log captured."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="summarizer-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingOptions", {"browser": "ALL"})
    # Were selenium ever to fall back to selenium-manager (which downloads browsers), this
    # path makes it fail loudly instead.
    saved = os.environ.get("SE_MANAGER_PATH")
    os.environ["SE_MANAGER_PATH"] = "/nonexistent/selenium-manager-is-not-used"
    try:
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    finally:
        if saved is None:
            os.environ.pop("SE_MANAGER_PATH", None)
        else:
            os.environ["SE_MANAGER_PATH"] = saved
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


FIXTURES = Path(__file__).parent / "fixtures"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SEED_ID = "mali-jnim-ambush-2023-01-10"
HOSTILE_ID = "hostile-kidal-2024-03-03"


def make_run(dataset: Any, predictions: str, run_id: str) -> Any:
    """A run record the way `eval score` makes one: validated, grounded, scored, failures kept."""
    import datetime as dt

    from summarizer.evals.evaluate import evaluate, missing_outputs
    from summarizer.evals.predictions import load_predictions
    from summarizer.evals.runs import RunRecord
    from summarizer.result import Usage

    outputs = load_predictions(FIXTURES / predictions, dataset)
    outputs += missing_outputs(dataset, outputs)
    _, report = evaluate(dataset, outputs, samples=200)
    return RunRecord(
        id=run_id, created=dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC), kind="score", dataset=dataset.name,
        dataset_path=str(dataset.path), task=dataset.task, predictions_file=predictions, cases=outputs,
        scorecard=report, usage=sum((o.usage for o in outputs), Usage()),
    )  # fmt: skip


def console_problems(driver: Any) -> list[dict[str, Any]]:
    """Errors and warnings the page logged since the last call (reading drains the log)."""
    return [e for e in driver.get_log("browser") if e.get("level") in {"SEVERE", "WARNING"}]


def open_page(driver: Any, html: str, path: Path) -> list[dict[str, Any]]:
    """Write the page, open it from file://, and return its console errors and warnings."""
    path.write_text(html, encoding="utf-8")
    driver.get_log("browser")  # drop anything left from a previous page
    driver.get(path.resolve().as_uri())
    return console_problems(driver)
