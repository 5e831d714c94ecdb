"""What the browser tests share: Debian's Chromium driven by Playwright (which cannot download
a browser of its own here), the phone and desktop sizes pages are checked at, and axe-core's
serious or critical findings."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@contextmanager
def chromium() -> Iterator:
    """A launched Chromium; skips without one, except in CI, where that is a failure."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI needs Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # Django keeps its connections in context variables, and inside Playwright the test
            # runs in another context: a query the test makes there opens a second connection,
            # which only this context can close. Left open, the test database cannot be dropped.
            # Only an open one (closing is refused in Playwright's event loop unless the test
            # allowed it with DJANGO_ALLOW_ASYNC_UNSAFE, which it needed to open one at all), and
            # not SQLite's: the test database is in memory there, and Django never closes it.
            for connection in connections.all(initialized_only=True):
                if connection.connection is not None and connection.vendor != "sqlite":
                    connection.close()


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    page.evaluate(AXE.read_text())  # evaluated, as the site's policy allows no injected script
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
