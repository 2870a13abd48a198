"""Headless Chromium (Debian's /usr/bin/chromium, driven by Playwright's sync API) against pytest-django's
live server. Run with `bin/test --browser`; `playwright install` is never needed or used."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"Chromium ontbreekt op {CHROMIUM} (Debian: apt-get install chromium)")
    # Playwright's sync API runs an event loop in the test thread; Django would then refuse ORM calls from
    # the test body (factories). The tests are plain synchronous code, so the check does not apply here.
    # Set only while browser tests run, so the rest of the suite keeps Django's check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh page (own cookies) on the live server. Fails the test on any failed request for a page,
    stylesheet or script, unless the test declared it expected (`page.expected_errors`)."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    failures = []
    page.expected_errors = set()
    page.on(
        "response",
        lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None,
    )
    page.on("pageerror", lambda exc: failures.append(f"JavaScript-fout: {exc}"))
    yield page
    context.close()
    unexpected = [f for f in failures if not any(e in f for e in page.expected_errors)]
    assert not unexpected, f"Mislukte verzoeken of scriptfouten: {unexpected}"
